//! Finds the .proto files of each PATH the user gave, with their module roots and configs.

mod memory;

pub use memory::load_memory_tree;

use std::path::{Component, Path, PathBuf};

use crate::catalog::ConfigVersion;
use crate::config::{Config, ModuleConfig, load_config};
use crate::error::ToolError;
use crate::report::{COMPILE_RULE_ID, Diagnostic};

/// Directory names never walked into: build output and vendored packages.
const SKIPPED_DIRS: [&str; 2] = ["node_modules", "target"];

/// A .proto file read from disk (or a git tree), ready to compile.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Import path relative to its module root.
    pub name: String,
    /// Path shown to the user.
    pub display_path: String,
    pub source: String,
}

/// A directory of .proto files checked with one set of rules.
#[derive(Debug, Clone)]
pub struct Module {
    /// The module root on disk, None for a tree read from git; import paths are relative
    /// to it.
    pub root: Option<PathBuf>,
    /// The module root relative to the config's directory (`.` for the directory itself).
    pub path: String,
    pub config: ModuleConfig,
    pub version: ConfigVersion,
    /// The config's directory as shown to the user (`""` for the current directory).
    pub config_dir_display: String,
    /// The files to check.
    pub targets: Vec<SourceFile>,
}

/// Everything one PATH argument stands for.
#[derive(Debug, Clone)]
pub struct Input {
    pub modules: Vec<Module>,
    /// Files that could not be read as text, reported as findings.
    pub unreadable: Vec<Diagnostic>,
}

impl Input {
    /// Roots searched for imports that are not among the targets.
    pub fn include_roots(&self) -> Vec<PathBuf> {
        self.modules.iter().filter_map(|m| m.root.clone()).collect()
    }
}

/// Options that shape the walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// A config file to use instead of the one found in the PATH.
    pub config: Option<PathBuf>,
    /// Paths (relative to the current directory) to leave out.
    pub exclude_paths: Vec<PathBuf>,
}

/// Loads one PATH: a directory (a workspace or module root) or a single .proto file.
pub fn load_input(path: &Path, options: &WalkOptions) -> Result<Input, ToolError> {
    let path = normalize(path);
    let metadata = std::fs::metadata(&path)
        .map_err(|e| ToolError::new(format!("{}: cannot read input: {e}", display_of(&path))))?;
    if metadata.is_dir() {
        load_directory(&path, options)
    } else {
        load_single_file(&path, options)
    }
}

fn load_config_for(dir: &Path, options: &WalkOptions) -> Result<Config, ToolError> {
    match options
        .config
        .as_deref()
        .map(Path::to_path_buf)
        .or_else(|| Config::find_in(dir))
    {
        Some(file) => load_config(&file),
        None => Ok(Config::default_for_directory()),
    }
}

fn load_directory(dir: &Path, options: &WalkOptions) -> Result<Input, ToolError> {
    let config = load_config_for(dir, options)?;
    let mut input = Input {
        modules: Vec::new(),
        unreadable: Vec::new(),
    };
    for module_config in &config.modules {
        let root = normalize(&dir.join(&module_config.path));
        if !root.is_dir() {
            return Err(ToolError::new(format!(
                "{}: module path \"{}\" is not a directory",
                config_display(&config, dir),
                module_config.path
            )));
        }
        let mut excludes: Vec<PathBuf> = module_config
            .excludes
            .iter()
            .map(|p| normalize(&dir.join(p)))
            .collect();
        excludes.extend(options.exclude_paths.iter().map(|p| normalize(p)));
        let mut targets = Vec::new();
        for file in find_proto_files(&root, &excludes)? {
            match read_source(&root, &file) {
                Ok(source) => targets.push(source),
                Err(problem) => input.unreadable.push(problem),
            }
        }
        input.modules.push(Module {
            root: Some(root),
            path: module_config.path.clone(),
            config: module_config.clone(),
            version: config.version,
            config_dir_display: display_of(dir),
            targets,
        });
    }
    Ok(input)
}

fn load_single_file(file: &Path, options: &WalkOptions) -> Result<Input, ToolError> {
    if file.extension().is_none_or(|ext| ext != "proto") {
        return Err(ToolError::new(format!(
            "{}: not a .proto file or a directory",
            display_of(file)
        )));
    }
    let parent = file.parent().map(Path::to_path_buf).unwrap_or_default();
    // The module is the nearest enclosing directory with a config, else the file's directory.
    let config_dir = parent
        .ancestors()
        .find(|dir| Config::find_in(&absolute_or_self(dir)).is_some())
        .map(Path::to_path_buf);
    let (config, config_dir) = match config_dir {
        Some(dir) => (load_config_for(&dir, options)?, dir),
        None => (load_config_for(&parent, options)?, parent.clone()),
    };
    let module_config = config
        .modules
        .iter()
        .find(|m| file.starts_with(normalize(&config_dir.join(&m.path))))
        .cloned()
        .unwrap_or_else(|| ModuleConfig {
            path: ".".to_string(),
            ..config.modules[0].clone()
        });
    let root = normalize(&config_dir.join(&module_config.path));
    let root = if file.starts_with(&root) {
        root
    } else {
        parent
    };
    let mut input = Input {
        modules: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut targets = Vec::new();
    match read_source(&root, file) {
        Ok(source) => targets.push(source),
        Err(problem) => input.unreadable.push(problem),
    }
    input.modules.push(Module {
        root: Some(root),
        path: module_config.path.clone(),
        config: module_config,
        version: config.version,
        config_dir_display: display_of(&config_dir),
        targets,
    });
    Ok(input)
}

fn config_display(config: &Config, dir: &Path) -> String {
    config
        .source
        .as_deref()
        .map(display_of)
        .unwrap_or_else(|| display_of(dir))
}

/// Walks `root` for .proto files, honouring .gitignore and skipping hidden directories,
/// build output, vendored packages and `excludes`. Symlinks to files are followed; symlinked
/// directories are not, so a link loop cannot trap the walk.
fn find_proto_files(root: &Path, excludes: &[PathBuf]) -> Result<Vec<PathBuf>, ToolError> {
    let excludes = excludes.to_vec();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let path = normalize(entry.path());
            if excludes.iter().any(|exclude| path.starts_with(exclude)) {
                return false;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let name = entry.file_name().to_string_lossy();
            !(is_dir && entry.depth() > 0 && is_skipped_dir(&name))
        })
        .build();
    let mut files = Vec::new();
    for entry in walker {
        let entry =
            entry.map_err(|e| ToolError::new(format!("cannot walk {}: {e}", display_of(root))))?;
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "proto") && path.is_file() {
            files.push(normalize(path));
        }
    }
    files.sort();
    Ok(files)
}

fn is_skipped_dir(name: &str) -> bool {
    SKIPPED_DIRS.contains(&name) || name.starts_with("bazel-")
}

/// Reads one file as UTF-8 text. A file that is not text is a finding, not a tool failure;
/// a file that cannot be read at all is a finding too, so one bad file does not hide others.
fn read_source(root: &Path, file: &Path) -> Result<SourceFile, Diagnostic> {
    let display_path = display_of(file);
    let bytes = std::fs::read(file).map_err(|e| {
        Diagnostic::new(
            display_path.clone(),
            None,
            COMPILE_RULE_ID,
            format!("cannot read file: {e}"),
        )
    })?;
    source_from_bytes(import_name(root, file), display_path, bytes)
}

/// Decodes a file's bytes as UTF-8 text, dropping a byte-order mark. A file that is not text
/// is a finding about that file.
pub(crate) fn source_from_bytes(
    name: String,
    display_path: String,
    bytes: Vec<u8>,
) -> Result<SourceFile, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::new(
            display_path.clone(),
            None,
            COMPILE_RULE_ID,
            format!(
                "file is not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let source = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(SourceFile {
        name,
        display_path,
        source,
    })
}

/// The import path of `file` below `root`, with `/` separators.
fn import_name(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Drops `.` components so that `./proto/x` and `proto/x` compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    let normalized: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if normalized.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        normalized
    }
}

fn absolute_or_self(dir: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir.to_path_buf()
    }
}

/// A path as shown to the user: relative as typed, `/`-separated, no leading `./`;
/// the current directory is `""`.
pub fn display_of(path: &Path) -> String {
    let normalized = normalize(path);
    if normalized == Path::new(".") {
        return String::new();
    }
    normalized.to_string_lossy().replace('\\', "/")
}

/// Joins a display directory and a relative path.
pub fn join_display(dir: &str, relative: &str) -> String {
    match (dir, relative) {
        ("", rel) => rel.to_string(),
        (dir, ".") => dir.to_string(),
        (dir, rel) => format!("{dir}/{rel}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_dot_segments() {
        assert_eq!(display_of(Path::new("./proto/a.proto")), "proto/a.proto");
        assert_eq!(display_of(Path::new(".")), "");
        assert_eq!(join_display("", "a/b.proto"), "a/b.proto");
        assert_eq!(join_display("proto", "."), "proto");
        assert_eq!(join_display("proto", "a.proto"), "proto/a.proto");
    }

    #[test]
    fn import_names_are_relative_to_the_root() {
        assert_eq!(
            import_name(Path::new("proto"), Path::new("proto/acme/v1/a.proto")),
            "acme/v1/a.proto"
        );
    }
}
