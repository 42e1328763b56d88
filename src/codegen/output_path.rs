//! Output paths come from templates, so they are checked before anything is written: each
//! must stay inside `--out`.

use std::path::{Component, Path};

/// The prefix of protogate's staging directory inside `--out`.
pub const STAGING_PREFIX: &str = ".protogate-staging-";

/// Checks one output path (relative, `/`-separated) and says why it is refused.
pub fn check_output_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("the output path is empty".to_string());
    }
    if path.contains('\\') {
        return Err(format!("{path}: use `/` to separate directories"));
    }
    if path.ends_with('/') {
        return Err(format!("{path}: names a directory, not a file"));
    }
    let as_path = Path::new(path);
    if as_path.is_absolute() || path.starts_with('/') {
        return Err(format!(
            "{path}: absolute paths are refused; outputs go under --out"
        ));
    }
    for component in as_path.components() {
        match component {
            Component::Normal(name) => {
                let name = name.to_string_lossy();
                if name.starts_with(STAGING_PREFIX) || name == ".git" {
                    return Err(format!("{path}: `{name}` is reserved"));
                }
            }
            Component::CurDir => {
                return Err(format!("{path}: write the path without `.` segments"));
            }
            Component::ParentDir => {
                return Err(format!("{path}: `..` would leave --out"));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "{path}: absolute paths are refused; outputs go under --out"
                ));
            }
        }
    }
    if path.split('/').any(str::is_empty) {
        return Err(format!("{path}: has an empty segment"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_relative_paths_inside_out() {
        for path in [
            "Cargo.toml",
            "src/bin/reference-server/main.rs",
            ".gitignore",
        ] {
            assert_eq!(check_output_path(path), Ok(()), "{path}");
        }
    }

    #[test]
    fn refuses_paths_that_escape_or_are_odd() {
        for path in [
            "",
            "../evil.rs",
            "src/../../evil.rs",
            "/etc/passwd",
            "./src/lib.rs",
            "src//lib.rs",
            "src\\lib.rs",
            "src/",
            ".git/config",
            ".protogate-staging-x/a",
        ] {
            assert!(check_output_path(path).is_err(), "{path} was accepted");
        }
    }
}
