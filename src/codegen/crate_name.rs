//! The generated crate's name: `--crate-name`, else the name of the `--out` directory.

use std::path::Path;

use crate::error::ToolError;

/// Names that would shadow a crate the generated code uses, or that Rust reserves.
const RESERVED: &[&str] = &[
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    "self",
    "super",
    "crate",
    "prost",
    "prost_types",
    "tonic",
    "tonic_prost",
    "tonic_health",
    "tonic_reflection",
    "tokio",
    "tokio_stream",
    "tower",
    "http",
    "http_body",
    "bytes",
    "reference_server",
];

/// Rust keywords, which cannot name a library.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield",
];

/// The crate name to use: the one given, else the `--out` directory's name.
pub fn resolve_crate_name(given: Option<&str>, out: &Path) -> Result<String, ToolError> {
    if let Some(name) = given {
        check_crate_name(name).map_err(|why| ToolError::new(format!("--crate-name {why}")))?;
        return Ok(name.to_string());
    }
    let absolute =
        std::path::absolute(out).map_err(|e| ToolError::new(format!("{}: {e}", out.display())))?;
    let name = absolute
        .components()
        .next_back()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    check_crate_name(&name).map_err(|why| {
        ToolError::new(format!(
            "the crate name comes from the --out directory, and {why}; pass --crate-name NAME"
        ))
    })?;
    Ok(name)
}

/// The name as a Rust identifier (`my-api` → `my_api`), for `use` paths.
pub fn crate_ident(name: &str) -> String {
    name.replace('-', "_")
}

fn check_crate_name(name: &str) -> Result<(), String> {
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if name.is_empty() || !valid_chars || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!(
            "`{name}` is not a valid crate name (ASCII letters, digits, `-` and `_`, starting with a letter)"
        ));
    }
    let ident = crate_ident(name);
    if RESERVED.contains(&ident.as_str()) || KEYWORDS.contains(&ident.as_str()) {
        return Err(format!(
            "`{name}` is reserved: it would clash with Rust or a crate the generated code uses"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_out_directory_name_by_default() {
        let name = resolve_crate_name(None, Path::new("gen/catalog-api")).unwrap();
        assert_eq!(name, "catalog-api");
        assert_eq!(crate_ident(&name), "catalog_api");
    }

    #[test]
    fn a_given_name_wins() {
        let name = resolve_crate_name(Some("acme_api"), Path::new("x")).unwrap();
        assert_eq!(name, "acme_api");
    }

    #[test]
    fn refuses_names_cargo_or_rust_would_reject() {
        for bad in ["", "1api", "my api", "tonic", "type", "my.api", "std"] {
            assert!(
                resolve_crate_name(Some(bad), Path::new("x")).is_err(),
                "{bad:?} was accepted"
            );
        }
        let error = resolve_crate_name(None, Path::new("out/2024")).unwrap_err();
        assert!(error.to_string().contains("--crate-name"), "{error}");
    }
}
