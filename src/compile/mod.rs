//! Compiles in-memory sources with protox. The well-known types come bundled, so nothing
//! needs protoc or files outside the module.
//!
//! Sources are parsed in parallel and linked into one pool (`link`); only when that fails
//! does protox compile file by file, for its errors with file:line:col.

mod bundled;
mod checks;
mod custom_options;
mod link;
mod parse_cache;
mod shared_parses;
mod threads;

pub use parse_cache::ParseCache;
pub use shared_parses::SharedParses;
pub use threads::{in_worker_pool, start_on_every_started_worker, worker_count};

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use foldhash::{HashMap, HashMapExt};
use miette::Diagnostic as _;
use prost_reflect::DescriptorPool;
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};
use protox_parse::SourceLocations;
use rayon::prelude::*;

use crate::model::{ProtoFile, SourceInfo, SourceInfos, build_files};
use crate::report::{COMPILE_RULE_ID, Diagnostic, Span};
use crate::workspace::{Input, Module, SourceFile};

/// The outcome of compiling a set of files.
pub struct Compiled {
    pub pool: DescriptorPool,
    /// The files that were asked for (not their imports), in the order given.
    pub names: Vec<String>,
    /// The source info of the files parsed with `Parsing::LocationsApart`, which the pool
    /// does not hold.
    pub source_infos: SourceInfos,
}

/// How the fast path parses the files in memory.
#[derive(Clone, Copy)]
enum Parsing<'c> {
    /// Each file afresh, with source info.
    WithSourceInfo,
    /// Each file afresh, with source info kept apart from the pool in its compact form
    /// (`protox_parse::SourceLocations`), for callers that read it only through the model:
    /// the form a location takes in a pool costs two allocations and about 170 bytes.
    /// A file an earlier `ForComparison` parsed for this compilation is taken from there.
    LocationsApart(&'c SharedParses<'c>),
    /// Each file afresh, as far as a breaking-change check compares it: without source info
    /// (no locations and no comments) and without custom options (see `custom_options`).
    /// A file the version compiled next has unchanged is parsed for both (see
    /// `SharedParses`).
    ForComparison(&'c SharedParses<'c>),
    /// Through a cache kept from one compilation to the next, with source info.
    Cached(&'c ParseCache),
}

/// Serves the module's sources from memory, then files under the include roots (for imports
/// of files outside the walked set), then the bundled well-known types.
struct MemoryResolver {
    sources: HashMap<String, String>,
}

impl FileResolver for MemoryResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match self.sources.get(name) {
            Some(source) => File::from_source(name, source),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Compiles `targets`; `imports_only` are files that may be imported but are not targets.
/// `include_roots` are searched on disk for imports found in neither.
pub fn compile(
    targets: &[SourceFile],
    imports_only: &[SourceFile],
    include_roots: &[PathBuf],
) -> Result<Compiled, Vec<Diagnostic>> {
    let targets: Vec<&SourceFile> = targets.iter().collect();
    let imports_only: Vec<&SourceFile> = imports_only.iter().collect();
    compile_files(
        &targets,
        &imports_only,
        include_roots,
        Parsing::WithSourceInfo,
    )
}

/// The resolvers for imports that are not in memory: files under the include roots, then
/// the well-known types, then the files protogate bundles.
fn resolver_beyond_memory(include_roots: &[PathBuf]) -> ChainFileResolver {
    let mut resolver = ChainFileResolver::new();
    for root in include_roots {
        resolver.add(protox::file::IncludeFileResolver::new(root.clone()));
    }
    resolver.add(GoogleFileResolver::new());
    resolver.add(bundled::BundledResolver);
    resolver
}

/// `parsing` says how the fast path parses the in-memory files; the fallback to protox
/// parses as it always does, with source info.
fn compile_files(
    targets: &[&SourceFile],
    imports_only: &[&SourceFile],
    include_roots: &[PathBuf],
    parsing: Parsing,
) -> Result<Compiled, Vec<Diagnostic>> {
    let names: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
    // Parse everything in parallel and link once; when that fails, protox compiles file by
    // file and says where and why.
    let has_editions = threads::in_worker_pool(|| {
        imports_only
            .par_iter()
            .chain(targets)
            .any(|file| find_edition(&file.source).is_some())
    });
    let linked = if has_editions {
        None
    } else {
        let sources: HashMap<&str, &str> = imports_only
            .iter()
            .chain(targets)
            .map(|f| (f.name.as_str(), f.source.as_str()))
            .collect();
        let target_names: Vec<&str> = names.iter().map(String::as_str).collect();
        threads::in_worker_pool(|| {
            link::link(
                &target_names,
                &sources,
                &resolver_beyond_memory(include_roots),
                parsing,
            )
        })
    };
    let (pool, names, source_infos) = match linked {
        Some((pool, locations)) => {
            let source_infos = locations
                .into_iter()
                .map(|(name, locations)| (name, locations.into()))
                .collect();
            (pool, names, source_infos)
        }
        None => {
            let (pool, names) = compile_with_protox(targets, imports_only, include_roots)?;
            (pool, names, SourceInfos::new())
        }
    };
    let display_paths: HashMap<&str, &str> = imports_only
        .iter()
        .chain(targets)
        .map(|f| (f.name.as_str(), f.display_path.as_str()))
        .collect();
    let problems = threads::in_worker_pool(|| {
        checks::check_files(&pool, &names, &source_infos, &|name| {
            display_paths
                .get(name)
                .map_or_else(|| name.to_string(), |d| d.to_string())
        })
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Compiled {
        pool,
        names,
        source_infos,
    })
}

/// Compiles the targets one at a time with protox, collecting the errors of each with
/// file:line:col. Returns the pool and the targets that compiled, or every error.
fn compile_with_protox(
    targets: &[&SourceFile],
    imports_only: &[&SourceFile],
    include_roots: &[PathBuf],
) -> Result<(DescriptorPool, Vec<String>), Vec<Diagnostic>> {
    let mut display_paths: HashMap<String, String> = HashMap::new();
    let mut sources = HashMap::new();
    for file in imports_only.iter().chain(targets) {
        display_paths.insert(file.name.clone(), file.display_path.clone());
        sources.insert(file.name.clone(), file.source.clone());
    }
    let mut resolver = ChainFileResolver::new();
    resolver.add(MemoryResolver { sources });
    resolver.add(resolver_beyond_memory(include_roots));
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_source_info(true).include_imports(true);

    // protox cannot read editions: say so plainly, once per file, rather than let the parser
    // trip over the `edition` keyword in each file that imports it.
    let mut errors = Vec::new();
    let mut edition_files = HashSet::new();
    for file in imports_only.iter().chain(targets) {
        if let Some(edition) = find_edition(&file.source) {
            edition_files.insert(file.display_path.clone());
            errors.push(Diagnostic::new(
                file.display_path.clone(),
                Some(Span::point(edition.line, edition.column)),
                COMPILE_RULE_ID,
                format!(
                    "editions (edition = {}) are not supported yet; use syntax = \"proto3\" or \"proto2\"",
                    edition.value
                ),
            ));
        }
    }
    let contents: HashMap<&str, &str> = imports_only
        .iter()
        .chain(targets)
        .map(|f| (f.name.as_str(), f.source.as_str()))
        .collect();
    let mut names = Vec::new();
    for file in targets {
        if edition_files.contains(&file.display_path) {
            continue;
        }
        match compiler.open_file(&file.name) {
            Ok(_) => names.push(file.name.clone()),
            Err(error) => errors.extend(
                diagnostics_from_error(&error, &display_paths, &contents)
                    .into_iter()
                    .filter(|d| !edition_files.contains(&d.path)),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((compiler.descriptor_pool(), names))
}

/// Turns a protox error (and the errors related to it) into COMPILE diagnostics. `contents`
/// (import path → source) places the errors protox reports without a span.
fn diagnostics_from_error(
    error: &protox::Error,
    display_paths: &HashMap<String, String>,
    contents: &HashMap<&str, &str>,
) -> Vec<Diagnostic> {
    let display = |file: &str| {
        display_paths
            .get(file)
            .cloned()
            .unwrap_or_else(|| file.to_string())
    };
    let file = error.file().unwrap_or_default();
    let message = error.to_string();
    if let Some(cycle) = message.strip_prefix("import cycle detected: ") {
        return vec![import_cycle(file, cycle, &display, contents)];
    }
    let path = display(file);
    let mut out = Vec::new();
    let mut pending: Vec<&dyn miette::Diagnostic> = vec![error];
    while let Some(diagnostic) = pending.pop() {
        let mut message = diagnostic.to_string();
        let span = diagnostic
            .labels()
            .and_then(|mut labels| labels.next())
            .and_then(|label| {
                let source = diagnostic.source_code().or_else(|| error.source_code())?;
                let contents = source.read_span(label.inner(), 0, 0).ok()?;
                let line = u32::try_from(contents.line()).ok()? + 1;
                let column = u32::try_from(contents.column()).ok()? + 1;
                Some(Span::point(line, column))
            })
            .or_else(|| {
                // An unexpected end of file has no span: point at the end of the file.
                message
                    .ends_with("reached end of file")
                    .then(|| contents.get(file).map(|source| end_of(source)))
                    .flatten()
            });
        // The help says why (a reserved field number, the valid syntax values).
        if let Some(help) = diagnostic.help() {
            let help = help.to_string();
            if !help.is_empty() {
                message = format!("{message} ({help})");
            }
        }
        out.push(Diagnostic::new(
            path.clone(),
            span,
            COMPILE_RULE_ID,
            message.replace('\n', " "),
        ));
        if let Some(related) = diagnostic.related() {
            pending.extend(related);
        }
    }
    out
}

/// An import cycle, reported on the import statement that closes it: in
/// `a.proto -> b.proto -> a.proto`, the import of a.proto in b.proto.
fn import_cycle(
    file: &str,
    cycle: &str,
    display: &dyn Fn(&str) -> String,
    contents: &HashMap<&str, &str>,
) -> Diagnostic {
    let message = format!("import cycle detected: {cycle}");
    let chain: Vec<&str> = cycle.split(" -> ").collect();
    if let [.., importer, imported] = chain.as_slice()
        && let Some(source) = contents.get(importer)
    {
        let span = import_statement(source, imported);
        return Diagnostic::new(display(importer), span, COMPILE_RULE_ID, message);
    }
    Diagnostic::new(display(file), None, COMPILE_RULE_ID, message)
}

/// Where `source` imports `name`: the start of the line's `import` keyword.
fn import_statement(source: &str, name: &str) -> Option<Span> {
    let quoted = [format!("\"{name}\""), format!("'{name}'")];
    source.lines().enumerate().find_map(|(index, line)| {
        let trimmed = line.trim_start();
        let is_import =
            trimmed.starts_with("import") && quoted.iter().any(|q| trimmed.contains(q.as_str()));
        is_import.then(|| {
            let column = line[..line.len() - trimmed.len()].chars().count() + 1;
            Span::point(
                u32::try_from(index + 1).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
            )
        })
    })
}

/// The position just after the last non-blank character of `source`.
fn end_of(source: &str) -> Span {
    Span::after(source.trim_end())
}

/// An `edition = "...";` statement: where it starts and the literal it names.
struct Edition {
    line: u32,
    column: u32,
    value: String,
}

/// Finds a leading `edition` statement, skipping whitespace and comments. Files that start
/// with anything else are left to the compiler.
fn find_edition(source: &str) -> Option<Edition> {
    let mut rest = source;
    loop {
        let trimmed = rest.trim_start();
        if let Some(comment) = trimmed.strip_prefix("//") {
            rest = comment.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(comment) = trimmed.strip_prefix("/*") {
            rest = comment.split_once("*/").map_or("", |(_, after)| after);
        } else {
            rest = trimmed;
            break;
        }
    }
    let after_keyword = rest.strip_prefix("edition")?;
    if after_keyword.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let value = after_keyword.trim_start().strip_prefix('=')?.trim_start();
    let value = value
        .split_once(';')
        .map_or(value, |(literal, _)| literal)
        .trim()
        .to_string();
    let start = Span::after(&source[..source.len() - rest.len()]);
    Some(Edition {
        line: start.start_line,
        column: start.start_column,
        value,
    })
}

/// A module with its files compiled and modelled.
pub struct CompiledModule<'a> {
    pub module: &'a Module,
    pub files: Vec<ProtoFile>,
}

/// The pool the last `compile_input` returned, held so that freeing it never runs on the
/// caller's thread. A googleapis pool is millions of small allocations, about half a second
/// to free, and most callers drop it at once (lint and breaking only need the model). The
/// next `compile_input` frees it on a background thread while it parses; a process that
/// ends first never pays for it.
static LAST_POOL: std::sync::Mutex<Option<DescriptorPool>> = std::sync::Mutex::new(None);

fn release_last_pool() {
    let last = LAST_POOL.lock().map(|mut slot| slot.take()).unwrap_or(None);
    if let Some(pool) = last {
        free_in_background(pool);
    }
}

/// How many values `free_in_background` is freeing right now.
static BACKGROUND_FREES: AtomicUsize = AtomicUsize::new(0);

/// Frees `value` on a thread of its own, for large models a command is done with: the
/// caller goes on at once, and a process that ends first never pays for the freeing.
pub fn free_in_background<T: Send + 'static>(value: T) {
    BACKGROUND_FREES.fetch_add(1, Ordering::SeqCst);
    let spawned = std::thread::Builder::new().spawn(move || {
        drop(value);
        BACKGROUND_FREES.fetch_sub(1, Ordering::SeqCst);
    });
    // If no thread can be started, the value has been freed here, with the closure.
    if spawned.is_err() {
        BACKGROUND_FREES.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether a value handed to `free_in_background` is still being freed. Once the command
/// is done, nothing starts a new one.
pub fn freeing_in_background() -> bool {
    BACKGROUND_FREES.load(Ordering::SeqCst) > 0
}

/// Whether the process ends once its command has written its output, as the protogate
/// binary does. Library callers (the tests among them) go on running, so for them it stays
/// false and nothing is left unfreed.
static PROCESS_ENDS_WITH_COMMAND: AtomicBool = AtomicBool::new(false);

/// Called by the protogate binary before it runs its one command.
pub fn process_ends_with_command() {
    PROCESS_ENDS_WITH_COMMAND.store(true, Ordering::Relaxed);
}

/// Lets go of a large value a command has no more use for: its last model, the findings it
/// has written, or the pool of the previous version a breaking check has modelled. When the
/// process ends with the command, the value is not freed at all: the operating system takes
/// the memory back at exit. (A pool also held by `LAST_POOL` is then never freed either:
/// this handle keeps it alive.) Freeing googleapis's model keeps a thread busy for about a
/// tenth of a second, which on two cores the command's last steps (sorting and writing its
/// findings) had to share: `protogate lint` on googleapis took 2-3% less wall and CPU time
/// without it (medians of 10 interleaved runs, in two trials). Otherwise it is freed in the
/// background.
pub fn release_when_done<T: Send + 'static>(value: T) {
    if PROCESS_ENDS_WITH_COMMAND.load(Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        free_in_background(value);
    }
}

fn hold_pool(pool: &DescriptorPool) {
    let replaced = LAST_POOL
        .lock()
        .ok()
        .and_then(|mut slot| slot.replace(pool.clone()));
    // A compile that ran at the same time on another thread (as tests do) may have left its
    // pool here, held nowhere else.
    if let Some(replaced) = replaced {
        free_in_background(replaced);
    }
}

/// Compiles every module of an input together (modules may import each other) into one
/// pool, with source info, for callers that read the pool itself (images, code generation).
pub fn compile_pool(input: &Input) -> Result<DescriptorPool, Vec<Diagnostic>> {
    let pool = compile_pool_parsing(input, Parsing::WithSourceInfo)?.pool;
    hold_pool(&pool);
    Ok(pool)
}

fn compile_pool_parsing(input: &Input, parsing: Parsing) -> Result<Compiled, Vec<Diagnostic>> {
    release_last_pool();
    let targets: Vec<&SourceFile> = input
        .modules
        .iter()
        .flat_map(|m| m.targets.iter())
        .collect();
    compile_files(&targets, &[], &input.include_roots(), parsing)
}

/// Compiles every module of an input together (modules may import each other) and builds
/// the model of each module's files. The model holds every location and comment it needs,
/// so the pool comes back without source info.
pub fn compile_input(
    input: &Input,
) -> Result<(DescriptorPool, Vec<CompiledModule<'_>>), Vec<Diagnostic>> {
    compile_input_sharing(input, &SharedParses::default())
}

/// `compile_input` for the current side of a breaking-change check: files the previous
/// side's `compile_input_for_comparison` parsed for it through `shared` are not parsed
/// again.
pub fn compile_input_sharing<'i>(
    input: &'i Input,
    shared: &SharedParses,
) -> Result<(DescriptorPool, Vec<CompiledModule<'i>>), Vec<Diagnostic>> {
    compile_modules(input, Parsing::LocationsApart(shared))
}

/// `compile_input` for a version that is only compared, and whose elements nothing reports
/// at (the previous side of a breaking-change check): without source info, so the model has
/// no spans and no comments, and without custom options, which no breaking rule reads, so
/// they are neither interpreted nor checked. The files `shared` says the current side has
/// unchanged are parsed for it as well. When the input does not compile, it is compiled
/// again with source info, so that its errors carry their file:line:col. The model is left
/// to `Compiled::model`, so that it can be built while the current side compiles.
pub fn compile_input_for_comparison(
    input: &Input,
    shared: &SharedParses,
) -> Result<Compiled, Vec<Diagnostic>> {
    compile_pool_parsing(input, Parsing::ForComparison(shared))
        .or_else(|_| compile_pool_parsing(input, Parsing::LocationsApart(&SharedParses::default())))
}

/// `compile_input` for one of many versions of a module (`history`): files whose import
/// path and source an earlier compilation through `cache` has seen are not parsed again.
/// Linking, checks and the model are built afresh, so the result is `compile_input`'s.
pub fn compile_input_cached<'i>(
    input: &'i Input,
    cache: &ParseCache,
) -> Result<(DescriptorPool, Vec<CompiledModule<'i>>), Vec<Diagnostic>> {
    compile_modules(input, Parsing::Cached(cache))
}

fn compile_modules<'i>(
    input: &'i Input,
    parsing: Parsing,
) -> Result<(DescriptorPool, Vec<CompiledModule<'i>>), Vec<Diagnostic>> {
    Ok(compile_pool_parsing(input, parsing)?.model(input))
}

impl Compiled {
    /// Builds the model of each module of `input`, the input this was compiled from. The
    /// model holds every location and comment it needs, so the pool comes back without
    /// source info.
    pub fn model(self, input: &Input) -> (DescriptorPool, Vec<CompiledModule<'_>>) {
        let Compiled {
            mut pool,
            source_infos: mut taken,
            ..
        } = self;
        // Each file's source info is freed as soon as its model is built, so the model reuses
        // that memory rather than adding to it: on googleapis (2 cores) the peak RSS of
        // `protogate lint` fell by 14% and its system time (zeroing new pages) by more than half.
        // Source info left in the pool (protox's fallback, a parse cache) is put in the form
        // the model reads, on every thread.
        let in_pool = pool.take_source_code_info().unwrap_or_default();
        let converted: Vec<(String, SourceInfo)> = threads::in_worker_pool(|| {
            in_pool
                .into_par_iter()
                .map(|(name, info)| (name, SourceLocations::from(info).into()))
                .collect()
        });
        taken.extend(converted);
        for (name, moves) in pool.take_option_location_moves().unwrap_or_default() {
            if let Some(info) = taken.get_mut(&name) {
                info.option_moves = Some(moves);
            }
        }
        let modules = input
            .modules
            .iter()
            .map(|module| {
                let names: Vec<String> = module.targets.iter().map(|t| t.name.clone()).collect();
                let display: HashMap<&str, &str> = module
                    .targets
                    .iter()
                    .map(|t| (t.name.as_str(), t.display_path.as_str()))
                    .collect();
                let sources: HashMap<&str, &str> = module
                    .targets
                    .iter()
                    .map(|t| (t.name.as_str(), t.source.as_str()))
                    .collect();
                let files = build_files(
                    &pool,
                    &names,
                    &|name| {
                        display
                            .get(name)
                            .map_or_else(|| name.to_string(), |d| d.to_string())
                    },
                    &sources,
                    &mut taken,
                );
                CompiledModule { module, files }
            })
            .collect();
        hold_pool(&pool);
        (pool, modules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{WalkOptions, load_input};

    fn link_sources(files: &[(&str, &str)]) -> Option<DescriptorPool> {
        let sources: HashMap<&str, &str> = files.iter().copied().collect();
        let targets: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
        link::link(
            &targets,
            &sources,
            &resolver_beyond_memory(&[]),
            Parsing::WithSourceInfo,
        )
        .map(|(pool, _)| pool)
    }

    /// `targets` compiled by protox, and linked in the order protox added them; None when
    /// protox does not compile them.
    fn compiled_by_protox_and_linked(
        targets: &[&SourceFile],
        roots: &[PathBuf],
    ) -> Option<(DescriptorPool, Option<DescriptorPool>)> {
        let (expected, names) = compile_with_protox(targets, &[], roots).ok()?;
        let sources: HashMap<&str, &str> = targets
            .iter()
            .map(|f| (f.name.as_str(), f.source.as_str()))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let linked = in_worker_pool(|| {
            link::link(
                &names,
                &sources,
                &resolver_beyond_memory(roots),
                Parsing::WithSourceInfo,
            )
        });
        Some((expected, linked.map(|(pool, _)| pool)))
    }

    /// Options are interpreted and stored batch by batch, each batch in its own files and on
    /// any thread: a tree of several batches, every file with custom and standard options
    /// at every level, links to the pool protox builds.
    #[test]
    fn options_of_many_batches_land_in_their_own_files() {
        let opts = "syntax = \"proto3\";\npackage opts;\n\
                    import \"google/protobuf/descriptor.proto\";\n\
                    extend google.protobuf.FileOptions { string tag = 50001; }\n\
                    extend google.protobuf.MessageOptions { int32 level = 50002; }\n\
                    extend google.protobuf.FieldOptions { bool secret = 50003; }\n";
        let mut files = vec![("opts.proto".to_string(), opts.to_string())];
        for i in 0..100 {
            let source = format!(
                "syntax = \"proto3\";\npackage p{i};\nimport \"opts.proto\";\n\
                 option (opts.tag) = \"file {i}\";\noption java_package = \"com.p{i}\";\n\
                 // Message {i}.\nmessage M{i} {{\n  option (opts.level) = {i};\n\
                 string name = 1 [(opts.secret) = true, deprecated = true];\n}}\n"
            );
            files.push((format!("f{i:03}.proto"), source));
        }
        let targets: Vec<SourceFile> = files
            .iter()
            .map(|(name, source)| source_file(name, source))
            .collect();
        let target_refs: Vec<&SourceFile> = targets.iter().collect();
        let (expected, linked) = compiled_by_protox_and_linked(&target_refs, &[]).unwrap();
        let linked = linked.unwrap();
        assert!(linked.files().count() > 3 * 32);
        assert!(linked.encode_to_vec() == expected.encode_to_vec());
        let last = linked.get_file_by_name("f099.proto").unwrap();
        let tag = linked.get_extension_by_name("opts.tag").unwrap();
        assert_eq!(last.options().get_extension(&tag).as_str(), Some("file 99"));
    }

    /// An option name resolves from where it is written. Two messages each declare an
    /// extension `tag` (numbered apart) and their fields set `(tag)`: each resolves to its
    /// own message's, as protox resolves them, also where both write the option in the same
    /// words (field `c`), which an interpretation made for one must not be reused for. And a
    /// file option set in two files of one package links only in the file that imports its
    /// declaration, also where both write it in the same words.
    #[test]
    fn option_names_resolve_in_their_own_scope_and_file() {
        let nested_tag = |message: &str, number: u32| {
            format!(
                "message {message} {{\n  extend google.protobuf.FieldOptions {{ string tag = {number}; }}\n\
                 string a = 1 [(tag) = \"{message} a\"];\n  string b = 2 [(tag) = \"{message} b\"];\n\
                 string c = 3 [(tag) = \"c\"];\n}}\n"
            )
        };
        let tags = format!(
            "syntax = \"proto3\";\npackage p;\nimport \"google/protobuf/descriptor.proto\";\n{}{}",
            nested_tag("First", 50001),
            nested_tag("Second", 50002)
        );
        let targets = [source_file("tags.proto", &tags)];
        let target_refs: Vec<&SourceFile> = targets.iter().collect();
        let (expected, linked) = compiled_by_protox_and_linked(&target_refs, &[]).unwrap();
        let linked = linked.unwrap();
        assert!(linked.encode_to_vec() == expected.encode_to_vec());
        let second = linked.get_message_by_name("p.Second").unwrap();
        let field = second.get_field_by_name("b").unwrap();
        let tag = linked.get_extension_by_name("p.Second.tag").unwrap();
        assert_eq!(tag.number(), 50002);
        assert_eq!(
            field.options().get_extension(&tag).as_str(),
            Some("Second b")
        );
        let same_words = second.get_field_by_name("c").unwrap().options();
        assert_eq!(same_words.get_extension(&tag).as_str(), Some("c"));
        let first_tag = linked.get_extension_by_name("p.First.tag").unwrap();
        assert!(!same_words.has_extension(&first_tag));

        // Files of one package set the same file option `(ftag)`; the last does not import
        // the file that declares it. Added to one pool together, their options are
        // interpreted in one pass (the linker may split them into batches).
        let header =
            "syntax = \"proto3\";\npackage p;\nimport \"google/protobuf/descriptor.proto\";\n";
        let defs =
            format!("{header}extend google.protobuf.FileOptions {{ string ftag = 50003; }}\n");
        let user = format!("{header}import \"defs.proto\";\noption (ftag) = \"a\";\n");
        let stranger = format!("{header}option (ftag) = \"b\";\n");
        let stranger_in_same_words = format!("{header}option (ftag) = \"a\";\n");
        let descriptor = DescriptorPool::global()
            .get_file_by_name("google/protobuf/descriptor.proto")
            .unwrap()
            .file_descriptor_proto()
            .clone();
        let parsed = |name: &str, source: &str| protox_parse::parse(name, source).unwrap();
        let in_one_pool = |files: &[(&str, &str)]| {
            let mut protos = vec![descriptor.clone()];
            protos.extend(files.iter().map(|(name, source)| parsed(name, source)));
            DescriptorPool::new().add_file_descriptor_protos(protos)
        };
        let with_user = [("defs.proto", defs.as_str()), ("a.proto", user.as_str())];
        assert!(in_one_pool(&with_user).is_ok());
        let all = [with_user[0], with_user[1], ("b.proto", stranger.as_str())];
        assert!(in_one_pool(&all).is_err());
        assert!(link_sources(&with_user).is_some());
        assert!(link_sources(&all).is_none());
        let same_words = [
            with_user[0],
            with_user[1],
            ("b.proto", stranger_in_same_words.as_str()),
        ];
        // Added together, the files' options are interpreted in one batch, in order, so
        // the last file is offered the interpretation made for the one before it.
        assert!(in_one_pool(&same_words).is_err());
        assert!(link_sources(&same_words).is_none());
    }

    /// Every fixture tree that compiles is compiled both ways, and the two pools must encode
    /// to the same bytes: same files, same order, same options and source info.
    #[test]
    fn linking_at_once_builds_the_pool_protox_builds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("examples/proto"), root.join("examples/bad")];
        for group in ["testdata/lint", "testdata/bad"] {
            let mut entries: Vec<_> = std::fs::read_dir(root.join(group))
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .collect();
            entries.sort();
            dirs.extend(entries);
        }
        let mut compared = 0;
        for dir in dirs {
            let Ok(input) = load_input(&dir, &WalkOptions::default()) else {
                continue;
            };
            let targets: Vec<&SourceFile> = input
                .modules
                .iter()
                .flat_map(|m| m.targets.iter())
                .collect();
            let Some((expected, linked)) =
                compiled_by_protox_and_linked(&targets, &input.include_roots())
            else {
                continue;
            };
            let linked = linked
                .unwrap_or_else(|| panic!("{}: protox compiles it, linking failed", dir.display()));
            assert!(
                linked.encode_to_vec() == expected.encode_to_vec(),
                "{}: the linked pool differs from protox's",
                dir.display()
            );
            compared += 1;
        }
        assert!(compared >= 50, "only {compared} trees compared");
    }

    /// A compilation through a parse cache builds the pool a fresh one builds, and parses a
    /// file again only when its source changed.
    #[test]
    fn a_parse_cache_reparses_only_changed_files_and_links_the_same_pool() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/proto");
        let mut input = load_input(&root, &WalkOptions::default()).unwrap();
        let files: usize = input.modules.iter().map(|m| m.targets.len()).sum();
        assert!(files > 1);
        let cache = ParseCache::default();
        let encoded = |input: &Input, parsing: Parsing| {
            compile_pool_parsing(input, parsing)
                .unwrap()
                .pool
                .encode_to_vec()
        };
        let fresh = encoded(&input, Parsing::WithSourceInfo);
        assert!(encoded(&input, Parsing::Cached(&cache)) == fresh);
        assert!(encoded(&input, Parsing::Cached(&cache)) == fresh);
        assert_eq!(cache.parsed(), files);
        input.modules[0].targets[0]
            .source
            .push_str("\nmessage AddedLater {}\n");
        assert!(
            encoded(&input, Parsing::Cached(&cache)) == encoded(&input, Parsing::WithSourceInfo)
        );
        assert_eq!(cache.parsed(), files + 1);
    }

    /// The model takes each file's source info out of the pool (where protox's fallback and
    /// a parse cache leave it), so that its memory is freed once the file is modelled, and
    /// keeps every location and comment: the pool comes back without source info, the model
    /// with its spans and comments. Locations kept apart from the pool give the same.
    #[test]
    fn the_model_takes_the_source_info_out_of_the_pool() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/proto");
        let input = load_input(&root, &WalkOptions::default()).unwrap();
        let targets: Vec<&str> = input.modules[0]
            .targets
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        let with_source_info = compile_pool_parsing(&input, Parsing::WithSourceInfo).unwrap();
        for name in &targets {
            let file = with_source_info.pool.get_file_by_name(name).unwrap();
            assert!(file.raw_proto().source_code_info.is_some(), "{name}");
        }
        for parsing in [
            Parsing::WithSourceInfo,
            Parsing::LocationsApart(&SharedParses::default()),
        ] {
            let (pool, modules) = compile_modules(&input, parsing).unwrap();
            for name in &targets {
                let file = pool.get_file_by_name(name).unwrap();
                assert!(file.raw_proto().source_code_info.is_none(), "{name}");
            }
            let messages: Vec<_> = modules[0].files.iter().flat_map(|f| &f.messages).collect();
            assert!(!messages.is_empty());
            assert!(messages.iter().all(|m| m.location.span.is_some()));
            assert!(
                messages
                    .iter()
                    .any(|m| !m.location.leading_comments.is_empty())
            );
        }
    }

    /// A module of `files` (name, source) in a new directory, loaded as the CLI loads it; the
    /// directory lasts as long as the first value.
    fn input_of(files: &[(&str, &str)]) -> (tempfile::TempDir, Input) {
        let dir = tempfile::tempdir().unwrap();
        for (name, source) in files {
            std::fs::write(dir.path().join(name), source).unwrap();
        }
        let input = load_input(dir.path(), &WalkOptions::default()).unwrap();
        (dir, input)
    }

    /// Locations kept apart from the pool give the model that locations in the pool give:
    /// the same spans and comments, and each option's location at the path of the field it
    /// sets, which the pool works out while linking and the model applies to the locations
    /// kept apart.
    #[test]
    fn locations_kept_apart_give_the_model_the_pool_gives() {
        let (_dir, input) = input_of(&[
            (
                "options.proto",
                "syntax = \"proto3\";\npackage acme.options.v1;\nimport \"google/protobuf/descriptor.proto\";\n\
             message Rule { string name = 1; repeated int32 codes = 2; }\n\
             extend google.protobuf.FileOptions { Rule file_rule = 50001; }\n\
             extend google.protobuf.MessageOptions { Rule message_rule = 50002; }\n\
             extend google.protobuf.FieldOptions { string field_note = 50003; }\n",
            ),
            (
                "pets.proto",
                "syntax = \"proto3\";\npackage acme.pets.v1;\nimport \"options.proto\";\n\
             option (acme.options.v1.file_rule) = { name: \"file\" codes: [1, 2] };\n\
             option java_package = \"com.acme.pets.v1\";\n\
             // A pet.\nmessage Pet {\n  option (acme.options.v1.message_rule) = { name: \"pet\" };\n\
               option deprecated = true;\n\
               // Its name.\n  string name = 1 [(acme.options.v1.field_note) = \"n\", json_name = \"n\"];\n}\n",
            ),
        ]);
        let model = |parsing: Parsing| {
            let (_, modules) = compile_modules(&input, parsing).unwrap();
            format!("{:?}", modules[0].files)
        };
        let apart = model(Parsing::LocationsApart(&SharedParses::default()));
        assert_eq!(apart, model(Parsing::WithSourceInfo));
        let (_, modules) =
            compile_modules(&input, Parsing::LocationsApart(&SharedParses::default())).unwrap();
        let pets = modules[0]
            .files
            .iter()
            .find(|f| f.name == "pets.proto")
            .unwrap();
        let numbers: Vec<i32> = pets.option_locations.iter().map(|(n, _)| *n).collect();
        assert!(
            numbers.contains(&50001) && numbers.contains(&1),
            "{numbers:?}"
        );
        assert!(pets.option_locations.iter().all(|(_, l)| l.span.is_some()));
        let pet = &pets.messages[0];
        assert!(pet.option_locations.iter().any(|(n, _)| *n == 50002));
        assert_eq!(pet.location.leading_comments, " A pet.\n");
        assert!(
            pet.fields[0]
                .option_locations
                .iter()
                .any(|(n, _)| *n == 50003)
        );
    }

    /// Each declaration's leading comment reaches its element (the model moves it there),
    /// and the comment of an option statement, which the model looks up twice (for the
    /// option's location and for the HTTP binding it sets), reaches both.
    #[test]
    fn comments_reach_every_declaration_and_every_lookup_of_an_option() {
        let (_dir, input) = input_of(&[(
            "pets.proto",
            "syntax = \"proto3\";\npackage acme.pets.v1;\nimport \"google/api/annotations.proto\";\n\
             // The pets.\nservice PetService {\n  // Gets a pet.\n  rpc GetPet(GetPetRequest) returns (Pet) {\n\
               // Read-only.\n    option (google.api.http) = { get: \"/v1/{name=pets/*}\" };\n  }\n}\n\
             // A pet.\nmessage Pet {\n  // Its kind.\n  oneof kind {\n    // A dog.\n    string dog = 1;\n  }\n\
               // Its colour.\n  Colour colour = 2;\n}\n\
             // A colour.\nenum Colour {\n  // Unknown.\n  COLOUR_UNSPECIFIED = 0;\n}\n\
             message GetPetRequest { string name = 1; }\n",
        )]);
        let (_, modules) = compile_input(&input).unwrap();
        let file = &modules[0].files[0];
        let comment = |location: &crate::model::Location| location.leading_comments.clone();
        let service = &file.services[0];
        let method = &service.methods[0];
        let message = &file.messages[0];
        let enumeration = &file.enums[0];
        assert_eq!(comment(&service.location), " The pets.\n");
        assert_eq!(comment(&method.location), " Gets a pet.\n");
        assert_eq!(comment(&message.location), " A pet.\n");
        assert_eq!(comment(&message.oneofs[0].location), " Its kind.\n");
        assert_eq!(comment(&message.fields[0].location), " A dog.\n");
        assert_eq!(comment(&message.fields[1].location), " Its colour.\n");
        assert_eq!(comment(&enumeration.location), " A colour.\n");
        assert_eq!(comment(&enumeration.values[0].location), " Unknown.\n");
        let http = method.http.as_ref().unwrap();
        assert_eq!(comment(&http.location), " Read-only.\n");
        let (_, option) = method
            .option_locations
            .iter()
            .find(|(number, _)| *number == crate::model::HTTP_OPTION_NUMBER)
            .unwrap();
        assert_eq!(comment(option), " Read-only.\n");
    }

    /// Options are interpreted once every file is linked. A relative option name whose first
    /// part is a package that only a file linked later declares then looks shadowed to the
    /// fast path, which gives up; protox compiles the files instead, and the option still
    /// resolves to the extension the file imports.
    #[test]
    fn an_option_resolves_although_a_later_file_declares_a_package_of_its_first_name() {
        let files = [
            (
                "a.proto",
                "syntax = \"proto3\";\npackage a.b;\nimport \"opts.proto\";\n\
                 option (foo.bar) = \"x\";\nmessage M {}\n",
            ),
            (
                "opts.proto",
                "syntax = \"proto3\";\npackage foo;\nimport \"google/protobuf/descriptor.proto\";\n\
                 extend google.protobuf.FileOptions { string bar = 50001; }\n",
            ),
            (
                "z.proto",
                "syntax = \"proto3\";\npackage a.b.foo;\nmessage N {}\n",
            ),
        ];
        assert!(link_sources(&files).is_none());
        let targets: Vec<SourceFile> = files
            .iter()
            .map(|(name, source)| source_file(name, source))
            .collect();
        let compiled = compile(&targets, &[], &[]).unwrap();
        let file = compiled.pool.get_file_by_name("a.proto").unwrap();
        let options = file.options();
        let bar = compiled.pool.get_extension_by_name("foo.bar").unwrap();
        assert_eq!(options.get_extension(&bar).as_str(), Some("x"));
    }

    /// For comparison, the pool is the one built with source info, less each file's
    /// source_code_info, and the model has no spans and no comments. A tree that does not
    /// compile still gets its errors with their positions, those of protogate's own checks
    /// included.
    #[test]
    fn compiling_for_comparison_leaves_out_the_source_info() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/proto");
        let input = load_input(&root, &WalkOptions::default()).unwrap();
        let with = compile_pool(&input).unwrap();
        let (without, modules) = compile_input_for_comparison(&input, &SharedParses::default())
            .unwrap()
            .model(&input);
        let mut expected: Vec<_> = with.file_descriptor_protos().cloned().collect();
        assert!(expected.iter().any(|f| f.source_code_info.is_some()));
        for file in &mut expected {
            file.source_code_info = None;
        }
        let found: Vec<_> = without.file_descriptor_protos().cloned().collect();
        assert!(found == expected);
        let file = &modules[0].files[0];
        assert!(!file.messages.is_empty());
        assert!(file.messages.iter().all(|m| m.location.span.is_none()));

        // Overlapping reserved ranges: protogate's own check finds these after linking.
        let mut broken = input.clone();
        broken.modules[0].targets[0]
            .source
            .push_str("\nmessage Overlapping {\n  reserved 1 to 5;\n  reserved 3;\n}\n");
        let errors = compile_input_for_comparison(&broken, &SharedParses::default())
            .err()
            .unwrap();
        assert!(errors.iter().all(|e| e.span.is_some()), "{errors:?}");
    }

    /// For comparison, an element keeps descriptor.proto's options and loses its custom
    /// ones, which are then not checked either: a wrong value compiles.
    #[test]
    fn compiling_for_comparison_leaves_out_custom_options() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/proto");
        let mut input = load_input(&root, &WalkOptions::default()).unwrap();
        input.modules[0].targets[0].source.push_str(
            "\nimport \"google/protobuf/descriptor.proto\";\n\
             extend google.protobuf.MessageOptions { string note = 50001; }\n\
             message Noted {\n  option (note) = \"x\";\n  option deprecated = true;\n}\n",
        );
        let note_of = |pool: &DescriptorPool| {
            let file = pool
                .get_file_by_name(&input.modules[0].targets[0].name)
                .unwrap();
            let package = file.package_name();
            let noted = pool
                .get_message_by_name(&format!("{package}.Noted"))
                .unwrap();
            let note = pool
                .get_extension_by_name(&format!("{package}.note"))
                .unwrap();
            let options = noted.options();
            let deprecated = options.get_field_by_name("deprecated").unwrap();
            assert_eq!(deprecated.as_bool(), Some(true));
            options
                .has_extension(&note)
                .then(|| options.get_extension(&note).as_str().unwrap().to_string())
        };
        let (full, _) = compile_input(&input).unwrap();
        assert_eq!(note_of(&full).as_deref(), Some("x"));
        let (compared, modules) = compile_input_for_comparison(&input, &SharedParses::default())
            .unwrap()
            .model(&input);
        assert_eq!(note_of(&compared), None);
        let noted = modules[0].files[0]
            .messages
            .iter()
            .find(|m| m.name == "Noted")
            .unwrap();
        assert_eq!(noted.options.deprecated, Some(true));

        let mut wrong = input.clone();
        wrong.modules[0].targets[0].source = wrong.modules[0].targets[0]
            .source
            .replace("option (note) = \"x\";", "option (note) = 5;");
        assert!(compile_input(&wrong).is_err());
        assert!(compile_input_for_comparison(&wrong, &SharedParses::default()).is_ok());
    }

    /// A breaking-change check parses each file the two versions share once: the current
    /// version takes what the previous version's compilation parsed for it, and both models
    /// are the ones each version gives compiled alone. The shared file sets a custom option,
    /// which the previous version leaves out and the current version keeps.
    #[test]
    fn versions_compiled_with_shared_parses_give_the_models_compiled_alone() {
        let options = "syntax = \"proto3\";\npackage acme.options.v1;\n\
             import \"google/protobuf/descriptor.proto\";\n\
             extend google.protobuf.MessageOptions { string note = 50001; }\n";
        let shared_file = "syntax = \"proto3\";\npackage acme.pets.v1;\nimport \"options.proto\";\n\
             // A pet.\nmessage Pet {\n  option (acme.options.v1.note) = \"x\";\n  string name = 1;\n}\n";
        let (_previous_dir, previous) = input_of(&[
            ("options.proto", options),
            ("pets.proto", shared_file),
            (
                "store.proto",
                "syntax = \"proto3\";\npackage acme.store.v1;\nmessage Store { int32 id = 1; }\n",
            ),
        ]);
        let (_current_dir, current) = input_of(&[
            ("options.proto", options),
            ("pets.proto", shared_file),
            (
                "store.proto",
                "syntax = \"proto3\";\npackage acme.store.v1;\nmessage Store { int64 id = 1; }\n",
            ),
        ]);
        // The pool's bytes (custom options included) and the model.
        let modelled = |compiled: Compiled, input| {
            let (pool, modules) = compiled.model(input);
            (pool.encode_to_vec(), format!("{:?}", modules[0].files))
        };
        let shared = SharedParses::new(&current);
        let previous_shared = modelled(
            compile_input_for_comparison(&previous, &shared).unwrap(),
            &previous,
        );
        let (_, current_modules) = compile_input_sharing(&current, &shared).unwrap();
        assert_eq!(shared.taken(), 2);
        let previous_alone = modelled(
            compile_input_for_comparison(&previous, &SharedParses::default()).unwrap(),
            &previous,
        );
        assert_eq!(previous_shared, previous_alone);
        let (_, current_alone) = compile_input(&current).unwrap();
        assert_eq!(
            format!("{:?}", current_modules[0].files),
            format!("{:?}", current_alone[0].files)
        );
        let pets = current_modules[0]
            .files
            .iter()
            .find(|f| f.name == "pets.proto")
            .unwrap();
        let current_pet = &pets.messages[0];
        assert!(
            current_pet
                .option_locations
                .iter()
                .any(|(n, _)| *n == 50001)
        );
        assert_eq!(current_pet.location.leading_comments, " A pet.\n");
    }

    /// A file with Windows line ends gives its comments with plain `\n` line ends, `//` and
    /// `/* */` comments alike, as protoc does; a carriage return not followed by a line end
    /// stays.
    #[test]
    fn comments_of_a_crlf_file_keep_no_carriage_return() {
        let source = "syntax = \"proto3\";\r\npackage a;\r\n\r\n// First line.\r\n// Second line.\r\nmessage A {}\r\n\r\n/* Block\r\n * comment. */\r\nmessage B {}\r\n\r\n// Lone\rreturn.\r\nmessage C {\r\n  int32 x = 1; // Trailing.\r\n}\r\n";
        let pool = in_worker_pool(|| link_sources(&[("a.proto", source)])).unwrap();
        let file = pool.get_file_by_name("a.proto").unwrap();
        let info = file.raw_proto().source_code_info.clone().unwrap();
        let comment_at = |path: &[i32]| {
            info.location
                .iter()
                .find(|l| l.path == path)
                .and_then(|l| l.leading_comments.clone())
        };
        assert_eq!(
            comment_at(&[4, 0]).as_deref(),
            Some(" First line.\n Second line.\n")
        );
        assert_eq!(comment_at(&[4, 1]).as_deref(), Some(" Block\n comment. "));
        assert_eq!(comment_at(&[4, 2]).as_deref(), Some(" Lone\rreturn.\n"));
        let trailing = info.location.iter().find(|l| l.path == [4, 2, 2, 0]);
        assert_eq!(
            trailing.and_then(|l| l.trailing_comments.as_deref()),
            Some(" Trailing.\n")
        );
    }

    /// `#` starts a comment inside an aggregate option, which is text format, and is an
    /// error with its position anywhere else.
    #[test]
    fn hash_comments_are_read_only_in_aggregate_options() {
        let opts = "syntax = \"proto3\";\npackage opts;\nimport \"google/protobuf/descriptor.proto\";\n\
                    message Rule { string name = 1; int32 code = 2; }\n\
                    extend google.protobuf.MessageOptions { Rule rule = 50001; }\n";
        let pets = "syntax = \"proto3\";\npackage pets;\nimport \"opts.proto\";\n\
                    message Pet {\n  option (opts.rule) = {\n    # the name\n    name: \"pet\" # trailing\n    code: 7\n  };\n}\n";
        let targets = [
            source_file("opts.proto", opts),
            source_file("pets.proto", pets),
        ];
        let compiled = compile(&targets, &[], &[]).unwrap();
        let pet = compiled.pool.get_message_by_name("pets.Pet").unwrap();
        let rule = compiled.pool.get_extension_by_name("opts.rule").unwrap();
        let options = pet.options();
        let value = options.get_extension(&rule);
        let value = value.as_message().unwrap();
        assert_eq!(
            value.get_field_by_name("name").unwrap().as_str(),
            Some("pet")
        );
        assert_eq!(value.get_field_by_name("code").unwrap().as_i32(), Some(7));

        let outside = "syntax = \"proto3\";\npackage pets;\n# not here\nmessage Pet {}\n";
        let errors = compile(&[source_file("pets.proto", outside)], &[], &[])
            .err()
            .unwrap();
        assert!(
            errors.iter().any(|e| e.path == "proto/pets.proto"
                && e.span
                    .is_some_and(|s| (s.start_line, s.start_column) == (3, 1))
                && e.message.contains("'#' comments are not allowed here")),
            "{errors:?}"
        );
    }

    /// The pool's prost-types form of a file is made after linking: names resolved, json
    /// names filled in, options interpreted and source info kept. Checked on values protox
    /// does not write itself, so a form taken before linking finished would fail here.
    #[test]
    fn a_linked_file_reads_back_resolved() {
        let a = "syntax = \"proto3\";\npackage a;\noption java_package = \"x.y\";\nmessage B {}\n";
        let c = "syntax = \"proto3\";\npackage a;\nimport \"a.proto\";\nmessage C {\n  B foo_bar = 1;\n}\n";
        let pool = in_worker_pool(|| link_sources(&[("a.proto", a), ("c.proto", c)])).unwrap();
        let file = pool.get_file_by_name("c.proto").unwrap();
        let proto = file.file_descriptor_proto();
        let field = &proto.message_type[0].field[0];
        assert_eq!(field.type_name(), ".a.B");
        assert_eq!(field.json_name(), "fooBar");
        assert!(proto.source_code_info.is_some());
        let options = pool
            .get_file_by_name("a.proto")
            .unwrap()
            .file_descriptor_proto()
            .options
            .clone()
            .unwrap();
        assert_eq!(options.java_package(), "x.y");
        assert!(options.uninterpreted_option.is_empty());
        // The form the model reads, the pool's own: the same names and source info, and
        // options both decoded and encoded.
        let raw = file.raw_proto();
        let raw_field = &raw.message_type[0].field[0];
        assert_eq!(raw_field.type_name(), ".a.B");
        assert_eq!(raw_field.json_name(), "fooBar");
        assert_eq!(raw.source_code_info, proto.source_code_info);
        let a_file = pool.get_file_by_name("a.proto").unwrap();
        let raw_options = a_file.raw_proto().options.as_ref().unwrap();
        assert_eq!(raw_options.value(), &options);
        let decoded: prost_types::FileOptions =
            prost::Message::decode(raw_options.encoded()).unwrap();
        assert_eq!(decoded, options);
    }

    /// Options an image already holds interpreted (no `uninterpreted_option` left) survive
    /// being linked again, custom options included.
    #[test]
    fn interpreted_options_survive_relinking() {
        let source = r#"syntax = "proto3";
package p;
import "google/protobuf/descriptor.proto";
option java_package = "x.y";
extend google.protobuf.MessageOptions { string note = 50000; }
message M { option (note) = "kept"; option deprecated = true; }
"#;
        let pool = in_worker_pool(|| link_sources(&[("p.proto", source)])).unwrap();
        let relinked = DescriptorPool::decode(pool.encode_to_vec().as_slice()).unwrap();
        let file = relinked.get_file_by_name("p.proto").unwrap();
        let java_package = file.file_descriptor_proto().options.clone().unwrap();
        assert_eq!(java_package.java_package(), "x.y");
        let message = relinked.get_message_by_name("p.M").unwrap();
        assert!(
            message
                .descriptor_proto()
                .options
                .clone()
                .unwrap()
                .deprecated()
        );
        let note = relinked.get_extension_by_name("p.note").unwrap();
        let value = message.options().get_extension(&note).into_owned();
        assert_eq!(value.as_str(), Some("kept"));
    }

    /// An aggregate option's text is written back out by the parser and read again by the
    /// linker, so strings must survive the round trip: quotes, backslashes, control bytes,
    /// octal escapes and UTF-8 alike.
    #[test]
    fn aggregate_option_strings_keep_every_byte() {
        let source = r#"syntax = "proto3";
import "google/protobuf/descriptor.proto";
message Rule { string path = 1; }
extend google.protobuf.MethodOptions { Rule rule = 50000; }
message E {}
service S {
  rpc M(E) returns (E) { option (rule) = { path: "a\"b\\c\nd\001e\té ok'" }; }
}
"#;
        let pool = in_worker_pool(|| link_sources(&[("r.proto", source)])).unwrap();
        let rule = pool.get_extension_by_name("rule").unwrap();
        let method = pool
            .get_service_by_name("S")
            .unwrap()
            .methods()
            .next()
            .unwrap();
        let value = method.options().get_extension(&rule).into_owned();
        let path = value
            .as_message()
            .unwrap()
            .get_field_by_name("path")
            .unwrap();
        assert_eq!(path.as_str(), Some("a\"b\\c\nd\u{1}e\té ok'"));
    }

    #[test]
    fn linking_gives_up_on_what_protox_must_report() {
        let ok = "syntax = \"proto3\";\nmessage A {}\n";
        assert!(link_sources(&[("a.proto", ok)]).is_some());
        // A syntax error.
        assert!(link_sources(&[("a.proto", "syntax = \"proto3\";\nmessage {")]).is_none());
        // A missing import.
        let missing = "syntax = \"proto3\";\nimport \"nowhere.proto\";\n";
        assert!(link_sources(&[("a.proto", missing)]).is_none());
        // An import cycle.
        let a = "syntax = \"proto3\";\nimport \"b.proto\";\n";
        let b = "syntax = \"proto3\";\nimport \"a.proto\";\n";
        assert!(link_sources(&[("a.proto", a), ("b.proto", b)]).is_none());
        // The same import twice.
        let twice = "syntax = \"proto3\";\nimport \"b.proto\";\nimport \"b.proto\";\n";
        assert!(link_sources(&[("a.proto", twice), ("b.proto", ok)]).is_none());
        // A name defined twice, which only linking finds.
        let c = "syntax = \"proto3\";\nmessage A {}\n";
        assert!(link_sources(&[("a.proto", ok), ("c.proto", c)]).is_none());
    }

    /// A target under `proto/`.
    fn source_file(name: &str, source: &str) -> SourceFile {
        SourceFile {
            name: name.to_string(),
            display_path: format!("proto/{name}"),
            source: source.to_string(),
        }
    }

    #[test]
    fn compile_errors_keep_their_locations_when_linking_fails() {
        let targets = [
            source_file("a.proto", "syntax = \"proto3\";\nmessage A {}\n"),
            source_file(
                "b.proto",
                "syntax = \"proto3\";\n\nmessage B {\n  strin x = 1;\n}\n",
            ),
        ];
        let Err(errors) = compile(&targets, &[], &[]) else {
            panic!("b.proto does not compile");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "proto/b.proto");
        assert_eq!(errors[0].span.map(|s| s.start_line), Some(4));
    }

    /// Errors that linking finds read the file being linked: its name and its locations, and
    /// its reserved ranges, which decide whether there is an error at all.
    #[test]
    fn linking_errors_point_into_the_file_being_linked() {
        let cases = [
            (
                "message A {}\nmessage A {}\n",
                "name 'A' is defined twice",
                2,
            ),
            (
                "message R {\n  reserved 5 to 10;\n  int32 x = 7;\n}\n",
                "conflicts with reserved range",
                3,
            ),
            (
                "enum E {\n  reserved 3;\n  E_ZERO = 0;\n  E_THREE = 3;\n}\n",
                "conflicts with reserved range",
                3,
            ),
            (
                "message J {\n  int32 a = 1 [json_name = \"x\"];\n  int32 b = 2;\n  int32 c = 3 [json_name = \"x\"];\n}\n",
                "JSON name 'x' is already defined",
                3,
            ),
        ];
        for (body, message, line) in cases {
            let targets = [
                source_file("a.proto", "syntax = \"proto3\";\nmessage Ok {}\n"),
                source_file("b.proto", &format!("syntax = \"proto3\";\n{body}")),
            ];
            let Err(errors) = compile(&targets, &[], &[]) else {
                panic!("b.proto does not compile: {body}");
            };
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].path, "proto/b.proto", "{errors:?}");
            assert!(errors[0].message.contains(message), "{errors:?}");
            assert_eq!(
                errors[0].span.map(|s| s.start_line),
                Some(line),
                "{errors:?}"
            );
        }
    }

    /// Two fields whose JSON names collide are reported with that JSON name, also when the
    /// compiler derived both from the field names; a third field with the same JSON name is
    /// reported against the second, the last one to take it.
    #[test]
    fn colliding_json_names_are_named_and_reported_against_the_last_field_to_take_them() {
        let errors = |body: &str| {
            let targets = [source_file(
                "j.proto",
                &format!("syntax = \"proto2\";\nmessage J {{\n{body}}}\n"),
            )];
            let Err(errors) = compile(&targets, &[], &[]) else {
                panic!("j.proto compiles: {body}");
            };
            errors
                .iter()
                .map(|e| (e.span.map(|s| s.start_line), e.message.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            errors("  optional int32 foo_bar = 1;\n  optional int32 fooBar = 2;\n"),
            [(
                Some(3),
                "a field with JSON name 'fooBar' is already defined".to_string()
            )]
        );
        assert_eq!(
            errors(
                "  optional int32 a = 1 [json_name = \"x\"];\n  optional int32 b = 2 [json_name = \"x\"];\n  optional int32 c = 3 [json_name = \"x\"];\n"
            ),
            [
                (
                    Some(3),
                    "a field with JSON name 'x' is already defined".to_string()
                ),
                (
                    Some(4),
                    "a field with JSON name 'x' is already defined".to_string()
                )
            ]
        );
    }

    /// A linked pool finds a message's fields by name and by JSON name, and an enum's values
    /// by name; names it does not hold give nothing.
    #[test]
    fn a_linked_pool_finds_fields_and_values_by_name() {
        let pool = link_sources(&[(
            "a.proto",
            "syntax = \"proto3\";\npackage p;\n\
             message M {\n  string first_name = 1;\n  int32 b = 2 [json_name = \"bee\"];\n}\n\
             enum E {\n  E_ZERO = 0;\n  E_ONE = 1;\n}\n",
        )])
        .unwrap();
        let message = pool.get_message_by_name("p.M").unwrap();
        let number = |field: Option<prost_reflect::FieldDescriptor>| field.map(|f| f.number());
        assert_eq!(number(message.get_field_by_name("first_name")), Some(1));
        assert_eq!(number(message.get_field_by_name("b")), Some(2));
        assert_eq!(number(message.get_field_by_json_name("firstName")), Some(1));
        assert_eq!(number(message.get_field_by_json_name("bee")), Some(2));
        assert_eq!(number(message.get_field_by_name("firstName")), None);
        assert_eq!(number(message.get_field_by_json_name("b")), None);
        let enumeration = pool.get_enum_by_name("p.E").unwrap();
        let value = |name: &str| enumeration.get_value_by_name(name).map(|v| v.number());
        assert_eq!(
            (value("E_ZERO"), value("E_ONE"), value("E_TWO")),
            (Some(0), Some(1), None)
        );
    }

    #[test]
    fn finds_an_edition_after_comments() {
        let edition = find_edition("// c\n/* d\n */ edition = \"2023\";\n").unwrap();
        assert_eq!((edition.line, edition.column), (3, 5));
        assert_eq!(edition.value, "\"2023\"");
        assert!(find_edition("syntax = \"proto3\";\n").is_none());
        assert!(find_edition("editions = 1;").is_none());
    }

    #[test]
    fn places_the_end_of_a_file() {
        assert_eq!(end_of("a\nmessage M {\n\n"), Span::point(2, 12));
        assert_eq!(end_of(""), Span::point(1, 1));
    }

    #[test]
    fn finds_an_import_statement() {
        let source = "syntax = \"proto3\";\n  import \"a/b.proto\";\n";
        assert_eq!(
            import_statement(source, "a/b.proto"),
            Some(Span::point(2, 3))
        );
        assert_eq!(import_statement(source, "b.proto"), None);
    }
}
