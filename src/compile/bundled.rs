//! Protos protogate ships besides the well-known types: `google/api/annotations.proto` and
//! `google/api/http.proto`, so that HTTP bindings compile without vendoring googleapis, and
//! protovalidate's `buf/validate/validate.proto` (see `bundled/buf/validate/README.md`).

use protox::file::{File, FileResolver};

const BUNDLED: [(&str, &str); 3] = [
    (
        "buf/validate/validate.proto",
        include_str!("bundled/buf/validate/validate.proto"),
    ),
    (
        "google/api/annotations.proto",
        include_str!("bundled/google/api/annotations.proto"),
    ),
    (
        "google/api/http.proto",
        include_str!("bundled/google/api/http.proto"),
    ),
];

/// The bundled source of an import path, if protogate ships it.
pub fn bundled_source(name: &str) -> Option<&'static str> {
    BUNDLED
        .iter()
        .find(|(path, _)| *path == name)
        .map(|(_, source)| *source)
}

/// Serves the bundled files; chained after the module's own files, so theirs win.
pub struct BundledResolver;

impl FileResolver for BundledResolver {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match bundled_source(name) {
            Some(source) => File::from_source(name, source),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}
