//! Helpers shared by the integration tests: run the built binary as a user would.

#![allow(dead_code)]

pub mod fixtures;
pub mod git;

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
                value["path"].as_str().unwrap_or_default(),
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

/// Runs `protogate ARGS` in `dir` with extra environment variables.
pub fn protogate_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_protogate"));
    command.args(args).current_dir(dir).env_remove("NO_COLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the protogate binary runs")
}

/// Fails if the run panicked or suggested a backtrace: bad input must end with a message.
pub fn assert_no_panic(output: &Output) {
    for text in [stdout(output), stderr(output)] {
        assert!(
            !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
            "the run panicked:\n{text}"
        );
    }
    assert_ne!(output.status.code(), Some(101), "exit code 101 is a panic");
}

/// Writes raw bytes to `dir/path`, creating directories.
pub fn write_bytes(dir: &Path, path: &str, bytes: &[u8]) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().expect("a parent")).expect("create dirs");
    std::fs::write(full, bytes).expect("write file");
}

/// One finding from `--error-format json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub rule: String,
    pub message: String,
}

/// Parses `--error-format json` output, keeping the order of the lines.
pub fn findings(json_lines: &str) -> Vec<Finding> {
    json_lines
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).expect("one JSON object per line");
            Finding {
                path: value["path"].as_str().expect("path").to_string(),
                line: value["start_line"].as_u64().expect("start_line"),
                column: value["start_column"].as_u64().expect("start_column"),
                rule: value["type"].as_str().expect("type").to_string(),
                message: value["message"].as_str().expect("message").to_string(),
            }
        })
        .collect()
}
