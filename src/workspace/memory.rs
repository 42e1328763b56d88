//! Inputs read from memory rather than disk: the tree of a git commit.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Input, Module, join_display, source_from_bytes};
use crate::config::{CONFIG_FILE_NAMES, Config, parse_config};
use crate::error::ToolError;

/// Loads an input from files held in memory, keyed by `/`-separated paths relative to the
/// tree's root. `origin` names the tree in errors (`.git#tag=v1`); `display_root` is the
/// directory the files are shown under, so they read like the current side's paths.
pub fn load_memory_tree(
    files: &BTreeMap<String, Vec<u8>>,
    origin: &str,
    display_root: &str,
) -> Result<Input, ToolError> {
    let config = match CONFIG_FILE_NAMES
        .iter()
        .find_map(|name| files.get(*name).map(|bytes| (name, bytes)))
    {
        Some((name, bytes)) => {
            let text = String::from_utf8_lossy(bytes);
            parse_config(&text, Path::new(&format!("{origin}:{name}")))?
        }
        None => Config::default_for_directory(),
    };
    let mut input = Input {
        modules: Vec::new(),
        unreadable: Vec::new(),
    };
    for module_config in &config.modules {
        let root = prefix_of(&module_config.path);
        let excludes: Vec<String> = module_config
            .excludes
            .iter()
            .map(|e| prefix_of(e))
            .collect();
        let mut targets = Vec::new();
        for (path, bytes) in files {
            let Some(name) = path.strip_prefix(&root) else {
                continue;
            };
            if !path.ends_with(".proto") || excludes.iter().any(|e| path.starts_with(e.as_str())) {
                continue;
            }
            match source_from_bytes(
                name.to_string(),
                join_display(display_root, path),
                bytes.clone(),
            ) {
                Ok(source) => targets.push(source),
                Err(problem) => input.unreadable.push(*problem),
            }
        }
        input.modules.push(Module {
            root: None,
            path: module_config.path.clone(),
            config: module_config.clone(),
            version: config.version,
            config_dir_display: display_root.to_string(),
            targets,
        });
    }
    Ok(input)
}

/// `proto` → `proto/`; `.` → `` (the whole tree).
fn prefix_of(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        format!("{path}/")
    }
}
