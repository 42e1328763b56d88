//! Finds the .proto files of each PATH the user gave, with their module roots and configs.

mod locate;
mod memory;
pub mod write;

pub use memory::load_memory_tree;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use ignore::WalkState;

use locate::{absolute, enclosing_config_dir};

use crate::catalog::ConfigVersion;
use crate::config::{Config, ModuleConfig, load_config};
use crate::error::ToolError;
use crate::report::{COMPILE_RULE_ID, Diagnostic, Span};

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

impl Module {
    /// For each target, its display path and its path relative to the config's directory.
    pub fn paths_from_config(&self) -> HashMap<&str, String> {
        self.targets
            .iter()
            .map(|target| {
                (
                    target.display_path.as_str(),
                    self.path_from_config(&target.name),
                )
            })
            .collect()
    }

    /// The path relative to the config's directory of the module-relative file `name`.
    pub fn path_from_config(&self, name: &str) -> String {
        match self.path.as_str() {
            "." => name.to_string(),
            module_path => format!("{module_path}/{name}"),
        }
    }
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

/// The config that governs `dir`, and the directory its paths are relative to: `--config`
/// (relative to `dir`), else the config in `dir`, else the nearest one above it (as buf
/// does), else the defaults at `dir`.
fn governing_config(
    cwd: &Path,
    dir: &Path,
    options: &WalkOptions,
) -> Result<(Config, PathBuf), ToolError> {
    if let Some(file) = &options.config {
        return Ok((load_config(file)?, dir.to_path_buf()));
    }
    if let Some(file) = Config::find_in(dir) {
        return Ok((load_config(&file)?, dir.to_path_buf()));
    }
    if let Some(config_dir) = enclosing_config_dir(cwd, dir)
        && let Some(file) = Config::find_in(&config_dir)
    {
        return Ok((load_config(&file)?, normalize(&config_dir)));
    }
    Ok((Config::default_for_directory(), dir.to_path_buf()))
}

fn load_directory(dir: &Path, options: &WalkOptions) -> Result<Input, ToolError> {
    let cwd = locate::current_dir()?;
    let (mut config, mut config_dir) = governing_config(&cwd, dir, options)?;
    let dir_abs = absolute(&cwd, dir);
    // The modules this directory covers: those inside it, or the one it lies in.
    let covered = |config: &Config, config_dir: &Path| {
        config
            .modules
            .iter()
            .any(|m| covers(&absolute(&cwd, &config_dir.join(&m.path)), &dir_abs))
    };
    if config_dir != dir && !covered(&config, &config_dir) {
        // The config above is for other directories: this one stands alone.
        config = Config::default_for_directory();
        config_dir = dir.to_path_buf();
    }
    let mut input = Input {
        modules: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut extra_excludes: Vec<PathBuf> = options
        .exclude_paths
        .iter()
        .map(|p| absolute(&cwd, p))
        .collect();
    extra_excludes.dedup();
    for module_config in &config.modules {
        let root = normalize(&config_dir.join(&module_config.path));
        if !root.is_dir() {
            return Err(ToolError::new(format!(
                "{}: module path \"{}\" is not a directory",
                config_display(&config, &config_dir),
                module_config.path
            )));
        }
        let root_abs = absolute(&cwd, &root);
        // Walk the part of the module under `dir`, with paths as the user typed `dir`.
        let walk_from = if dir_abs.starts_with(&root_abs) {
            dir.to_path_buf()
        } else if let Ok(inside) = root_abs.strip_prefix(&dir_abs) {
            normalize(&dir.join(inside))
        } else {
            continue;
        };
        let mut excludes: Vec<PathBuf> = module_config
            .excludes
            .iter()
            .map(|p| absolute(&cwd, &config_dir.join(p)))
            .collect();
        excludes.extend(extra_excludes.iter().cloned());
        let read = walk_proto_files(&cwd, &walk_from, &excludes, |file| {
            read_source(&cwd, &root, file)
        })?;
        let mut targets = Vec::new();
        for result in read {
            match result {
                Ok(source) => targets.push(source),
                Err(problem) => input.unreadable.push(*problem),
            }
        }
        input.modules.push(Module {
            root: Some(root),
            path: module_config.path.clone(),
            config: module_config.clone(),
            version: config.version,
            config_dir_display: display_of(&config_dir),
            targets,
        });
    }
    Ok(input)
}

/// Whether `outer` (absolute) contains `inner` or `inner` contains `outer`.
fn covers(outer: &Path, inner: &Path) -> bool {
    inner.starts_with(outer) || outer.starts_with(inner)
}

fn load_single_file(file: &Path, options: &WalkOptions) -> Result<Input, ToolError> {
    if file.extension().is_none_or(|ext| ext != "proto") {
        return Err(ToolError::new(format!(
            "{}: not a .proto file or a directory",
            display_of(file)
        )));
    }
    let cwd = locate::current_dir()?;
    let parent = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The module is the nearest enclosing directory with a config, else the file's directory.
    let config_dir = if Config::find_in(&parent).is_some() {
        parent.clone()
    } else {
        enclosing_config_dir(&cwd, &parent).map_or_else(|| parent.clone(), |d| normalize(&d))
    };
    let config = match &options.config {
        Some(config) => load_config(config)?,
        None => match Config::find_in(&config_dir) {
            Some(found) => load_config(&found)?,
            None => Config::default_for_directory(),
        },
    };
    let file_abs = absolute(&cwd, file);
    let parent_abs = absolute(&cwd, &parent);
    let config_dir_abs = absolute(&cwd, &config_dir);
    let module_config = config
        .modules
        .iter()
        .filter(|m| file_abs.starts_with(absolute(&cwd, &config_dir.join(&m.path))))
        .max_by_key(|m| m.path.len())
        .cloned();
    let (module_config, root) = match module_config {
        Some(module) => {
            let root = normalize(&config_dir.join(&module.path));
            (module, root)
        }
        // Outside every module: the file's directory is its root, with the config's rules.
        None => {
            let path = parent_abs
                .strip_prefix(&config_dir_abs)
                .map(display_of)
                .unwrap_or_default();
            let module = ModuleConfig {
                path: if path.is_empty() {
                    ".".to_string()
                } else {
                    path
                },
                ..config.modules[0].clone()
            };
            (module, parent.clone())
        }
    };
    let mut input = Input {
        modules: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut targets = Vec::new();
    match read_source(&cwd, &root, file) {
        Ok(source) => targets.push(source),
        Err(problem) => input.unreadable.push(*problem),
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
/// build output, vendored packages and `excludes` (absolute), and gives what `visit` makes
/// of each file, in the order of their paths. Symlinks to files are followed; symlinked
/// directories are not, so a link loop cannot trap the walk. The walk runs on as many
/// threads as there are workers, and `visit` runs on them as the files are found, so that
/// reading the files overlaps the walk (on googleapis the walk alone kept one of two cores
/// idle for about 20 ms).
fn walk_proto_files<T: Send>(
    cwd: &Path,
    root: &Path,
    excludes: &[PathBuf],
    visit: impl Fn(&Path) -> T + Sync,
) -> Result<Vec<T>, ToolError> {
    let excludes = excludes.to_vec();
    let cwd = cwd.to_path_buf();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            if !excludes.is_empty() {
                let path = absolute(&cwd, entry.path());
                if excludes.iter().any(|exclude| path.starts_with(exclude)) {
                    return false;
                }
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            let name = entry.file_name().to_string_lossy();
            !(is_dir && entry.depth() > 0 && is_skipped_dir(&name))
        })
        .threads(crate::compile::worker_count())
        .build_parallel();
    let files = Mutex::new(Vec::new());
    let problems = Mutex::new(Vec::new());
    walker.run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) if is_proto_file(&entry) => {
                    let path = normalize(entry.path());
                    let visited = visit(&path);
                    lock(&files).push((path, visited));
                }
                Ok(_) => {}
                Err(e) => lock(&problems).push(e.to_string()),
            }
            WalkState::Continue
        })
    });
    // Threads meet problems in no fixed order; the first by name is reported.
    if let Some(problem) = lock(&problems).iter().min() {
        return Err(ToolError::new(format!(
            "cannot walk {}: {problem}",
            display_of(root)
        )));
    }
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    Ok(files.into_iter().map(|(_, visited)| visited).collect())
}

/// Whether the walk keeps `entry`: a .proto file, or a .proto that cannot even be looked at
/// (a symlink loop, a dangling link), kept so that reading it reports why. Directories, pipes
/// and devices are not files to read. Only a link needs a look beyond the walk's own entry.
fn is_proto_file(entry: &ignore::DirEntry) -> bool {
    let path = entry.path();
    if path.extension().is_none_or(|ext| ext != "proto") {
        return false;
    }
    match entry.file_type() {
        Some(kind) if !kind.is_symlink() => kind.is_file(),
        _ => std::fs::metadata(path).map_or(true, |m| m.is_file()),
    }
}

/// The value behind `mutex`, also when a thread panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn is_skipped_dir(name: &str) -> bool {
    SKIPPED_DIRS.contains(&name) || name.starts_with("bazel-")
}

/// Reads one file as UTF-8 text. A file that is not text is a finding, not a tool failure;
/// a file that cannot be read at all is a finding too, so one bad file does not hide others.
fn read_source(cwd: &Path, root: &Path, file: &Path) -> Result<SourceFile, Box<Diagnostic>> {
    let display_path = display_of(file);
    let bytes = std::fs::read(file).map_err(|e| {
        Box::new(Diagnostic::new(
            display_path.clone(),
            None,
            COMPILE_RULE_ID,
            format!("cannot read file: {e}"),
        ))
    })?;
    source_from_bytes(import_name(cwd, root, file), display_path, bytes)
}

/// Decodes a file's bytes as UTF-8 text, dropping a byte-order mark. A file that is not text
/// is a finding about that file.
pub(crate) fn source_from_bytes(
    name: String,
    display_path: String,
    bytes: Vec<u8>,
) -> Result<SourceFile, Box<Diagnostic>> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let mut problem = Diagnostic::new(
            display_path.clone(),
            None,
            COMPILE_RULE_ID,
            format!("file is not valid UTF-8 (invalid byte at offset {offset}); save it as UTF-8"),
        );
        problem.span = Some(position_of(e.as_bytes(), offset));
        Box::new(problem)
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

/// The 1-based line and column of byte `offset`, counting characters of the valid text
/// before it.
fn position_of(bytes: &[u8], offset: usize) -> Span {
    Span::after(&String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]))
}

/// The import path of `file` below `root`, with `/` separators, however both were typed
/// (relative paths from `cwd`).
fn import_name(cwd: &Path, root: &Path, file: &Path) -> String {
    let (root, file) = (absolute(cwd, root), absolute(cwd, file));
    let relative = file.strip_prefix(&root).unwrap_or(&file);
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
    fn positions_count_lines_and_characters() {
        assert_eq!(position_of(b"ab\nc\xc3\xa9d\xff", 7), Span::point(2, 4));
        assert_eq!(position_of(b"\xff", 0), Span::point(1, 1));
    }

    /// The walk lists regular .proto files and links to them, keeps a dangling .proto link
    /// (reading it says why it fails), and leaves out a directory named like a .proto file
    /// and files of other kinds.
    #[cfg(unix)]
    #[test]
    fn the_walk_lists_proto_files_and_links_to_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.proto"), "syntax = \"proto3\";\n").unwrap();
        std::fs::write(root.join("notes.txt"), "").unwrap();
        std::fs::create_dir(root.join("dir.proto")).unwrap();
        std::os::unix::fs::symlink("a.proto", root.join("link.proto")).unwrap();
        std::os::unix::fs::symlink("missing.proto", root.join("dangling.proto")).unwrap();
        std::os::unix::fs::symlink("dir.proto", root.join("dirlink.proto")).unwrap();
        let found = walk_proto_files(root, root, &[], Path::to_path_buf).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|path| path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.proto", "dangling.proto", "link.proto"]);
    }

    #[test]
    fn import_names_are_relative_to_the_root() {
        let cwd = Path::new("/work");
        let name = |root: &str, file: &str| import_name(cwd, Path::new(root), Path::new(file));
        assert_eq!(name("proto", "proto/acme/v1/a.proto"), "acme/v1/a.proto");
        assert_eq!(
            name("./proto", "/work/proto/acme/v1/a.proto"),
            "acme/v1/a.proto"
        );
        assert_eq!(name("/work/proto", "proto/b.proto"), "b.proto");
    }
}
