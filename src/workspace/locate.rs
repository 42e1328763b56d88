//! Lexical path arithmetic for the walk: which config governs a PATH, and whether one path
//! lies inside another however the user typed them (`proto`, `./proto/`, `../ws/proto`).

use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::error::ToolError;

/// The current directory, the base every typed path is relative to.
pub fn current_dir() -> Result<PathBuf, ToolError> {
    std::env::current_dir()
        .map_err(|e| ToolError::new(format!("cannot read the current directory: {e}")))
}

/// `path` as an absolute path with `.` and `..` resolved lexically (symlinks are kept).
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `target` (absolute) as the user would type it from `cwd`: absolute when `as_absolute`,
/// else relative, with `..` where it lies outside `cwd`.
pub fn relative_to(cwd: &Path, target: &Path, as_absolute: bool) -> PathBuf {
    if as_absolute {
        return target.to_path_buf();
    }
    let cwd: Vec<Component> = cwd.components().collect();
    let target: Vec<Component> = target.components().collect();
    let common = cwd.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..cwd.len() {
        out.push("..");
    }
    for component in &target[common..] {
        out.push(component);
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// The nearest directory above `dir` (not `dir` itself) that holds a config, as the user
/// would type it. Like buf, the search goes up past the current directory.
pub fn enclosing_config_dir(cwd: &Path, dir: &Path) -> Option<PathBuf> {
    absolute(cwd, dir)
        .ancestors()
        .skip(1)
        .find(|ancestor| Config::find_in(ancestor).is_some())
        .map(|ancestor| relative_to(cwd, ancestor, dir.is_absolute()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dots_lexically() {
        let cwd = Path::new("/w/ws/proto");
        assert_eq!(absolute(cwd, Path::new("../x/./y")), Path::new("/w/ws/x/y"));
        assert_eq!(absolute(cwd, Path::new(".")), Path::new("/w/ws/proto"));
        assert_eq!(absolute(cwd, Path::new("/a/../b")), Path::new("/b"));
    }

    #[test]
    fn makes_paths_relative_to_the_current_directory() {
        let cwd = Path::new("/w/ws/proto");
        assert_eq!(relative_to(cwd, Path::new("/w/ws"), false), Path::new(".."));
        assert_eq!(
            relative_to(cwd, Path::new("/w/ws/proto/a"), false),
            Path::new("a")
        );
        assert_eq!(
            relative_to(cwd, Path::new("/w/ws/proto"), false),
            Path::new(".")
        );
        assert_eq!(
            relative_to(cwd, Path::new("/w/other/x"), false),
            Path::new("../../other/x")
        );
        assert_eq!(relative_to(cwd, Path::new("/w"), true), Path::new("/w"));
    }
}
