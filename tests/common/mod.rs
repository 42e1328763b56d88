//! Helpers shared by the integration tests: run the built binary as a user would.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where Cargo.toml lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `protogate ARGS` in `dir`.
pub fn protogate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protogate"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the protogate binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Turns JSON-lines output into sorted `path:line:col RULE` lines.
pub fn finding_keys(json_lines: &str) -> Vec<String> {
    let mut keys: Vec<String> = json_lines
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).expect("one JSON object per line");
            format!(
                "{}:{}:{} {}",
                value["path"].as_str().expect("path"),
                value["start_line"],
                value["start_column"],
                value["type"].as_str().expect("type")
            )
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Writes files (path → content) under `dir`, creating directories.
pub fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("create dirs");
        std::fs::write(full, content).expect("write file");
    }
}
