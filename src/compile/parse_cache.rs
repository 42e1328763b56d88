//! Parsed files kept from one compilation to the next. `history` compiles the module at
//! every tag, and between two tags most files are unchanged: each distinct (import path,
//! source) is parsed once, and later compilations link a copy of that parse.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use prost_types::FileDescriptorProto;

/// One file's parse; None when it does not parse (protox then compiles file by file and
/// says why).
type Parse = Option<Arc<FileDescriptorProto>>;

/// Parses by import path, then by source text: a file is reused only when both match, so a
/// cached compilation links exactly what a fresh one would.
#[derive(Default)]
pub struct ParseCache {
    files: Mutex<HashMap<String, HashMap<String, Parse>>>,
    parsed: AtomicUsize,
}

impl ParseCache {
    /// How many files this cache has parsed: one per distinct (import path, source) it
    /// was asked for.
    pub fn parsed(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
    }

    /// The parse of `source` as `name`, parsed the first time this pair is asked for. Called
    /// from the parser threads, so the copy is made outside the lock.
    pub(super) fn parse(&self, name: &str, source: &str) -> Option<FileDescriptorProto> {
        let cached = self
            .lock()
            .get(name)
            .and_then(|by_source| by_source.get(source))
            .cloned();
        let parse = match cached {
            Some(parse) => parse,
            None => {
                let parse = protox_parse::parse(name, source).ok().map(Arc::new);
                self.parsed.fetch_add(1, Ordering::Relaxed);
                self.lock()
                    .entry(name.to_string())
                    .or_default()
                    .insert(source.to_string(), parse.clone());
                parse
            }
        };
        parse.map(|file| FileDescriptorProto::clone(&file))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, HashMap<String, Parse>>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}
