//! Compiles in-memory sources with protox. The well-known types come bundled, so nothing
//! needs protoc or files outside the module.

use std::collections::HashMap;
use std::path::PathBuf;

use miette::Diagnostic as _;
use prost_reflect::DescriptorPool;
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

use crate::model::{ProtoFile, build_files};
use crate::report::{COMPILE_RULE_ID, Diagnostic, Span};
use crate::workspace::{Input, Module, SourceFile};

/// The outcome of compiling a set of files.
pub struct Compiled {
    pub pool: DescriptorPool,
    /// The files that were asked for (not their imports), in the order given.
    pub names: Vec<String>,
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
    let mut display_paths: HashMap<String, String> = HashMap::new();
    let mut sources = HashMap::new();
    for file in imports_only.iter().chain(targets) {
        display_paths.insert(file.name.clone(), file.display_path.clone());
        sources.insert(file.name.clone(), file.source.clone());
    }
    let mut resolver = ChainFileResolver::new();
    resolver.add(MemoryResolver { sources });
    for root in include_roots {
        resolver.add(protox::file::IncludeFileResolver::new(root.clone()));
    }
    resolver.add(GoogleFileResolver::new());
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_source_info(true).include_imports(true);

    let mut errors = Vec::new();
    let mut names = Vec::new();
    for file in targets {
        match compiler.open_file(&file.name) {
            Ok(_) => names.push(file.name.clone()),
            Err(error) => errors.extend(diagnostics_from_error(&error, &display_paths)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Compiled {
        pool: compiler.descriptor_pool(),
        names,
    })
}

/// Turns a protox error (and the errors related to it) into COMPILE diagnostics.
fn diagnostics_from_error(
    error: &protox::Error,
    display_paths: &HashMap<String, String>,
) -> Vec<Diagnostic> {
    let file = error.file().unwrap_or_default();
    let path = display_paths
        .get(file)
        .cloned()
        .unwrap_or_else(|| file.to_string());
    let mut out = Vec::new();
    let mut pending: Vec<&dyn miette::Diagnostic> = vec![error];
    while let Some(diagnostic) = pending.pop() {
        let span = diagnostic
            .labels()
            .and_then(|mut labels| labels.next())
            .and_then(|label| {
                let source = diagnostic.source_code().or_else(|| error.source_code())?;
                let contents = source.read_span(label.inner(), 0, 0).ok()?;
                let line = u32::try_from(contents.line()).ok()? + 1;
                let column = u32::try_from(contents.column()).ok()? + 1;
                Some(Span::point(line, column))
            });
        out.push(Diagnostic::new(
            path.clone(),
            span,
            COMPILE_RULE_ID,
            diagnostic.to_string(),
        ));
        if let Some(related) = diagnostic.related() {
            pending.extend(related);
        }
    }
    out
}

/// A module with its files compiled and modelled.
pub struct CompiledModule<'a> {
    pub module: &'a Module,
    pub files: Vec<ProtoFile>,
}

/// Compiles every module of an input together (modules may import each other) and builds
/// the model of each module's files.
pub fn compile_input(
    input: &Input,
) -> Result<(DescriptorPool, Vec<CompiledModule<'_>>), Vec<Diagnostic>> {
    let targets: Vec<SourceFile> = input
        .modules
        .iter()
        .flat_map(|m| m.targets.iter().cloned())
        .collect();
    let compiled = compile(&targets, &[], &input.include_roots())?;
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
                &compiled.pool,
                &names,
                &|name| {
                    display
                        .get(name)
                        .map_or_else(|| name.to_string(), |d| d.to_string())
                },
                &sources,
            );
            CompiledModule { module, files }
        })
        .collect();
    Ok((compiled.pool, modules))
}
