//! Parses shared by the two versions a breaking-change check compiles. Between a change and
//! the version it is checked against (a pull request and its base branch, the last commit
//! and the one before), most files are unchanged. Each unchanged file is parsed once, while
//! the previous version compiles, with what the current version needs (its source
//! locations): the previous version links a copy without them, and the current version
//! takes the parse instead of parsing the file again.
//!
//! A parse depends only on a file's import path and its text, so a shared parse is the parse
//! the current version would have made itself.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use foldhash::HashMap;
use prost_types::FileDescriptorProto;
use protox_parse::SourceLocations;

use crate::workspace::Input;

/// A file parsed for the current version.
type Kept = (FileDescriptorProto, SourceLocations);

/// The current version's sources, and the parses kept for it while the previous version
/// compiles. `SharedParses::default()` shares nothing.
#[derive(Default)]
pub struct SharedParses<'a> {
    /// The current version's text of each file, by import path.
    current: HashMap<&'a str, &'a str>,
    kept: Mutex<HashMap<String, Kept>>,
    taken: AtomicUsize,
}

impl<'a> SharedParses<'a> {
    /// Shares parses with `current`, the version compiled second.
    pub fn new(current: &'a Input) -> Self {
        SharedParses {
            current: current
                .modules
                .iter()
                .flat_map(|module| &module.targets)
                .map(|file| (file.name.as_str(), file.source.as_str()))
                .collect(),
            ..SharedParses::default()
        }
    }

    /// Whether the current version has `source` as the text of `name`.
    pub(super) fn is_current(&self, name: &str, source: &str) -> bool {
        self.current.get(name) == Some(&source)
    }

    /// Keeps the parse of `name` for `take`; its text is the current version's.
    pub(super) fn keep(&self, name: &str, file: FileDescriptorProto, locations: SourceLocations) {
        self.lock().insert(name.to_string(), (file, locations));
    }

    /// The parse kept for `name`, when `source` is the text it was parsed from. Each parse
    /// is taken once.
    pub(super) fn take(&self, name: &str, source: &str) -> Option<Kept> {
        if !self.is_current(name, source) {
            return None;
        }
        let kept = self.lock().remove(name)?;
        self.taken.fetch_add(1, Ordering::Relaxed);
        Some(kept)
    }

    /// How many files the current version took from the previous version's parses.
    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}
