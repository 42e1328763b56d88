//! The fast way to compile: sources are parsed in parallel, and while they are, files are
//! linked into one descriptor pool in the order protox would add them (each file after its
//! imports, targets in the order given). Their options are interpreted once every file is
//! linked, on every thread: linking is the one step that runs on a single thread.
//!
//! This path reports nothing itself. On any problem (a syntax error, a missing or circular
//! import, a file that does not link) it gives up, and the caller compiles file by file with
//! protox, whose errors carry file:line:col. A pool built here is the pool protox builds: the
//! same files in the same order, linked by the same prost-reflect code.

use std::cmp::Reverse;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};

use foldhash::{HashMap, HashMapExt, HashSetExt};
use rayon::prelude::*;

use prost_reflect::{DescriptorPool, OptionsToApply, PendingOptions, PreparedFile};
use prost_types::FileDescriptorProto;
use protox::file::FileResolver;
use protox_parse::SourceLocations;

use super::Parsing;

/// How many ordered files the linker collects before linking them.
const LINK_BATCH: usize = 32;

/// The name table and definition lists are sized once this share (one in so many bytes) of
/// the in-memory source is linked.
const SIZING_SAMPLE_SHARE: usize = 50;

/// Links `targets` and everything they import into one pool. `sources` holds the text of
/// every file in memory (targets and importable files) by import path; imports found in
/// none are opened with `others` (include roots, well-known types, bundled files).
/// In-memory files are parsed as `parsing` says; with `Parsing::LocationsApart`, their
/// source locations come back by file name, apart from the pool.
/// None means the set does not compile cleanly: compile it with protox for the errors.
pub(super) fn link(
    targets: &[&str],
    sources: &HashMap<&str, &str>,
    others: &dyn FileResolver,
    parsing: Parsing,
) -> Option<(DescriptorPool, HashMap<String, SourceLocations>)> {
    // Parse targets in the order the linker asks for them, then files only imported.
    let mut in_memory: Vec<(&str, &str)> = targets
        .iter()
        .filter_map(|&name| sources.get_key_value(name).map(|(&n, &s)| (n, s)))
        .collect();
    let target_set: foldhash::HashSet<&str> = targets.iter().copied().collect();
    let mut imports_only: Vec<(&str, &str)> = sources
        .iter()
        .filter(|(name, _)| !target_set.contains(*name))
        .map(|(&n, &s)| (n, s))
        .collect();
    imports_only.sort_unstable();
    in_memory.extend(imports_only);
    let parses = Parses::new(in_memory, parsing);
    let helpers = super::threads::worker_count().saturating_sub(1).max(1);
    let Linked {
        mut pool,
        locations,
        mut pending_options,
    } = rayon::in_place_scope(|scope| {
        for _ in 0..helpers {
            scope.spawn(|_| parses.help());
        }
        let linked = Linker {
            parses: &parses,
            others,
            added: foldhash::HashSet::new(),
            pending: Vec::new(),
            pending_bytes: 0,
            pool: DescriptorPool::new(),
            locations: HashMap::new(),
            pending_options: Vec::new(),
            definitions_reserved: false,
            linked_bytes: 0,
        }
        .link_all(targets);
        // On failure the helpers stop at their next file.
        parses.stop.store(true, Ordering::Relaxed);
        linked
    })?;
    // Options are interpreted once every file is linked, reading the pool only, so every
    // thread can take part; the linker alone did this while the others parsed. Each batch
    // is then stored in its own files, again on every thread. The largest batches go
    // first, each a task of its own: a batch with one of googleapis's two compute.proto
    // files (11,000 options each) takes tens of milliseconds, and taken up last it left one
    // thread working alone at the end.
    pending_options.sort_unstable_by_key(|&(_, source_bytes)| Reverse(source_bytes));
    let interpreted: Vec<_> = pending_options
        .par_iter()
        .with_max_len(1)
        .map(|&(batch, _)| pool.interpret_options(batch).ok())
        .collect::<Option<_>>()?;
    let mut to_apply = pool.options_to_apply(interpreted);
    to_apply.sort_unstable_by_key(|batch| Reverse(batch.option_count()));
    to_apply
        .into_par_iter()
        .with_max_len(1)
        .for_each(OptionsToApply::apply);
    Some((pool, locations))
}

/// The in-memory files, each parsed once: by a helper thread, or by the linker when it
/// needs a file no helper has started.
struct Parses<'a> {
    files: Vec<(&'a str, &'a str)>,
    /// The bytes of source of all the files.
    bytes: usize,
    parsing: Parsing<'a>,
    index: foldhash::HashMap<&'a str, usize>,
    claimed: Vec<AtomicBool>,
    /// A parsed file, None for a syntax error. Taken by the linker (hence the Mutex).
    results: Vec<OnceLock<Mutex<Option<Parsed>>>>,
    /// Where helpers look for the next file to claim.
    next: AtomicUsize,
    stop: AtomicBool,
    finished: Mutex<()>,
    finished_changed: Condvar,
}

impl<'a> Parses<'a> {
    fn new(files: Vec<(&'a str, &'a str)>, parsing: Parsing<'a>) -> Self {
        let index = files
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (*name, i))
            .collect();
        Parses {
            claimed: files.iter().map(|_| AtomicBool::new(false)).collect(),
            results: files.iter().map(|_| OnceLock::new()).collect(),
            bytes: files.iter().map(|(_, source)| source.len()).sum(),
            files,
            parsing,
            index,
            next: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            finished: Mutex::new(()),
            finished_changed: Condvar::new(),
        }
    }

    /// A helper's loop: claims and parses files in order until none is left.
    fn help(&self) {
        while !self.stop.load(Ordering::Relaxed) {
            if !self.parse_next() {
                return;
            }
        }
    }

    /// Claims the next file nobody has claimed and parses it; false when none is left.
    fn parse_next(&self) -> bool {
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            if i >= self.files.len() {
                return false;
            }
            if !self.claimed[i].swap(true, Ordering::AcqRel) {
                self.parse(i);
                return true;
            }
        }
    }

    fn parse(&self, i: usize) {
        let (name, source) = self.files[i];
        let parsed = Parsed::parse(self.parsing, name, source);
        let _ = self.results[i].set(Mutex::new(parsed));
        let _guard = self.finished.lock().unwrap_or_else(|e| e.into_inner());
        self.finished_changed.notify_all();
    }

    /// Takes the parsed file `name` (parsing it here if no helper has claimed it). None when
    /// the file is not in memory; Some(None) when it does not parse. While a helper is still
    /// parsing it, the caller parses files nobody has claimed instead of waiting idle.
    fn take(&self, name: &str) -> Option<Option<Parsed>> {
        let &i = self.index.get(name)?;
        if !self.claimed[i].swap(true, Ordering::AcqRel) {
            self.parse(i);
        }
        let result = loop {
            if let Some(result) = self.results[i].get() {
                break result;
            }
            if self.parse_next() {
                continue;
            }
            let guard = self.finished.lock().unwrap_or_else(|e| e.into_inner());
            if self.results[i].get().is_none() {
                drop(
                    self.finished_changed
                        .wait(guard)
                        .unwrap_or_else(|e| e.into_inner()),
                );
            }
        };
        Some(result.lock().unwrap_or_else(|e| e.into_inner()).take())
    }

    /// The bytes of source of an in-memory file; 0 for any other.
    fn source_len(&self, name: &str) -> usize {
        self.index.get(name).map_or(0, |&i| self.files[i].1.len())
    }

    /// Whether the file's parse is still running on a helper.
    fn is_running(&self, name: &str) -> bool {
        self.index.get(name).is_some_and(|&i| {
            self.claimed[i].load(Ordering::Acquire) && self.results[i].get().is_none()
        })
    }
}

/// A parsed file, prepared for the pool where it was parsed (see `PreparedFile`), with the
/// imports the linker follows.
struct Parsed {
    dependencies: Vec<String>,
    file: PreparedFile,
    /// The source locations, when they are kept apart from the file.
    locations: Option<SourceLocations>,
}

impl Parsed {
    /// Parses one file as `parsing` says; None when it does not parse.
    fn parse(parsing: Parsing, name: &str, source: &str) -> Option<Self> {
        match parsing {
            Parsing::WithSourceInfo => protox_parse::parse(name, source).ok().map(Parsed::new),
            Parsing::LocationsApart(shared) => {
                let (file, locations) = match shared.take(name, source) {
                    Some(kept) => kept,
                    None => protox_parse::parse_with_locations(name, source).ok()?,
                };
                Some(Parsed {
                    locations: Some(locations),
                    ..Parsed::new(file)
                })
            }
            Parsing::ForComparison(shared) => {
                let mut file = if shared.is_current(name, source) {
                    let (file, locations) =
                        protox_parse::parse_with_locations(name, source).ok()?;
                    shared.keep(name, file.clone(), locations);
                    file
                } else {
                    protox_parse::parse_without_source_info(name, source).ok()?
                };
                super::custom_options::drop_custom_options(&mut file);
                Some(Parsed::new(file))
            }
            Parsing::Cached(cache) => cache.parse(name, source).map(Parsed::new),
        }
    }

    fn new(file: FileDescriptorProto) -> Self {
        Parsed {
            dependencies: file.dependency.clone(),
            file: PreparedFile::new(file),
            locations: None,
        }
    }
}

/// Every file linked, with options still to interpret.
struct Linked {
    pool: DescriptorPool,
    locations: HashMap<String, SourceLocations>,
    /// Each batch of files with options to interpret, and the bytes of source it holds.
    pending_options: Vec<(PendingOptions, usize)>,
}

/// Puts files in protox's order, depth first from each target, imports in the order they
/// are written and each file after its imports, and links them as they come.
struct Linker<'p, 'a> {
    parses: &'p Parses<'a>,
    others: &'p dyn FileResolver,
    added: foldhash::HashSet<String>,
    /// Ordered files not linked yet; linked whenever the linker would otherwise wait.
    pending: Vec<PreparedFile>,
    /// The bytes of in-memory source of the files in `pending`.
    pending_bytes: usize,
    pool: DescriptorPool,
    /// The source locations kept apart from the files, by file name.
    locations: HashMap<String, SourceLocations>,
    /// The batches of linked files whose options are still to be interpreted, with the
    /// bytes of source each holds.
    pending_options: Vec<(PendingOptions, usize)>,
    /// Whether the name table and definition lists have been sized for all the files to come.
    definitions_reserved: bool,
    /// The bytes of in-memory source linked so far.
    linked_bytes: usize,
}

impl Linker<'_, '_> {
    fn link_all(mut self, targets: &[&str]) -> Option<Linked> {
        for target in targets {
            self.add(target, &mut Vec::new())?;
        }
        self.flush()?;
        Some(Linked {
            pool: self.pool,
            locations: self.locations,
            pending_options: self.pending_options,
        })
    }

    fn flush(&mut self) -> Option<()> {
        if !self.pending.is_empty() {
            let pending = self
                .pool
                .add_prepared_files_options_later(std::mem::take(&mut self.pending))
                .ok()?;
            let source_bytes = std::mem::take(&mut self.pending_bytes);
            self.pending_options
                .extend(pending.map(|batch| (batch, source_bytes)));
            self.reserve_definitions();
        }
        Some(())
    }

    /// Once a sample of the in-memory source is linked, sizes the pool's name table and its
    /// lists of messages and enums for all of it, in proportion to the bytes of source
    /// linked so far. Grown by doubling instead, the table hashes every name again at each
    /// step, and the lists copy every definition, on this thread, which every other thread
    /// ends up waiting for. Names per byte vary little across a tree once a fiftieth of it
    /// is linked (on googleapis the estimate stays within 5% of the final count from there
    /// on), whereas names per file vary a lot: the first files linked are small imports.
    /// The margin of a quarter keeps a slight underestimate from costing a late doubling.
    fn reserve_definitions(&mut self) {
        let sampled = self.linked_bytes.saturating_mul(SIZING_SAMPLE_SHARE) >= self.parses.bytes;
        if self.definitions_reserved || self.added.len() < LINK_BATCH || !sampled {
            return;
        }
        self.definitions_reserved = true;
        let to_come = self.parses.bytes as f64 / self.linked_bytes.max(1) as f64;
        self.pool.reserve_in_proportion(to_come * 1.25);
    }

    /// Adds `name` after its imports; None on a cycle, a missing or unreadable import, a
    /// syntax error, or a file that imports the same file twice.
    fn add(&mut self, name: &str, stack: &mut Vec<String>) -> Option<()> {
        if stack.iter().any(|open| open == name) {
            return None;
        }
        if self.added.contains(name) {
            return Some(());
        }
        if self.parses.is_running(name) {
            self.flush()?;
        }
        let mut source_bytes = 0;
        let parsed = match self.parses.take(name) {
            Some(parsed) => {
                source_bytes = self.parses.source_len(name);
                self.linked_bytes += source_bytes;
                parsed?
            }
            // protox's resolvers here parse sources or copy the bundled well-known
            // descriptors; none hands back pre-encoded bytes, which protox would decode
            // differently.
            None => Parsed::new(
                self.others
                    .open_file(name)
                    .ok()?
                    .file_descriptor_proto()
                    .clone(),
            ),
        };
        stack.push(name.to_string());
        let mut imported = foldhash::HashSet::new();
        for import in &parsed.dependencies {
            if !imported.insert(import.as_str()) {
                return None;
            }
            self.add(import, stack)?;
        }
        stack.pop();
        self.added.insert(name.to_string());
        if let Some(locations) = parsed.locations {
            self.locations.insert(name.to_string(), locations);
        }
        self.pending.push(parsed.file);
        self.pending_bytes += source_bytes;
        // Linking in small batches keeps the linker busy while helpers parse.
        if self.pending.len() >= LINK_BATCH {
            self.flush()?;
        }
        Some(())
    }
}
