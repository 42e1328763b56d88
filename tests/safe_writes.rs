//! Every file protogate writes is replaced atomically (src/workspace/write.rs): a failure, a
//! crash or a signal between writing the temp file and renaming it leaves the old content
//! and, except for a crash, no temp file. The writer's test-only fault switches hold or
//! break each write at that point.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::git::{commit_all, tag};
use common::{assert_no_panic, protogate_env, stderr, write_tree};

const OLD: &str = "old content, which must survive\n";
/// An empty ledger: --update-ledger reads the file it replaces.
const OLD_LEDGER: &str = "{\n  \"format\": 1,\n  \"messages\": {},\n  \"enums\": {}\n}\n";
const FAULT: &str = "PROTOGATE_FAULT_AFTER_TEMP_WRITE";
const PAUSE: &str = "PROTOGATE_FAULT_PAUSE_AFTER_TEMP_WRITE";

const PREVIOUS: &str = "syntax = \"proto3\";\n\npackage acme.v1;\n\n// A user.\nmessage User {\n  string id = 1;\n  string name = 2;\n}\n";
const CURRENT: &str =
    "syntax = \"proto3\";\n\npackage acme.v1;\n\n// A user.\nmessage User {\n  string id = 1;\n}\n";

/// One command that writes a file, set up in a fresh directory: the arguments, and the file
/// it replaces (relative to the directory).
struct Writer {
    name: &'static str,
    args: &'static [&'static str],
    target: &'static str,
}

const WRITERS: [Writer; 4] = [
    Writer {
        name: "build -o",
        args: &["build", "current", "-o", "out.binpb"],
        target: "out.binpb",
    },
    Writer {
        name: "breaking --fix",
        args: &["breaking", "current", "--against", "previous", "--fix"],
        target: "current/acme/v1/user.proto",
    },
    Writer {
        name: "history --update-ledger",
        args: &["history", "current", "--update-ledger", "ledger.json"],
        target: "ledger.json",
    },
    Writer {
        name: "release --changelog",
        args: &["release", "current", "--changelog", "CHANGELOG.md"],
        target: "CHANGELOG.md",
    },
];

/// A git repository with `previous/` and `current/` module roots, committed and tagged, and
/// the writer's target holding OLD (the proto, for --fix, keeps its own text).
fn set_up(dir: &Path, writer: &Writer) {
    write_tree(
        dir,
        &[
            ("previous/acme/v1/user.proto", PREVIOUS),
            ("current/acme/v1/user.proto", CURRENT),
        ],
    );
    let repo = git2::Repository::init(dir).unwrap();
    commit_all(&repo, "v1");
    tag(&repo, "v1.0.0");
    if !writer.target.ends_with(".proto") {
        std::fs::write(dir.join(writer.target), old_content(writer)).unwrap();
    }
}

fn old_content(writer: &Writer) -> &'static str {
    match writer.target {
        target if target.ends_with(".proto") => CURRENT,
        "ledger.json" => OLD_LEDGER,
        _ => OLD,
    }
}

/// Temp files of the writer anywhere under `dir` (but .git).
fn temp_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == ".git" {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else if name.starts_with(".protogate-") {
                found.push(entry.path().display().to_string());
            }
        }
    }
    found
}

#[test]
fn without_a_fault_every_writer_replaces_its_file() {
    for writer in &WRITERS {
        let dir = tempfile::tempdir().unwrap();
        set_up(dir.path(), writer);
        let output = protogate_env(dir.path(), writer.args, &[]);
        assert_no_panic(&output);
        assert!(
            output.status.code() == Some(0) || output.status.code() == Some(1),
            "{}: {}",
            writer.name,
            stderr(&output)
        );
        let now = std::fs::read(dir.path().join(writer.target)).unwrap();
        assert_ne!(now, old_content(writer).as_bytes(), "{}", writer.name);
        assert!(temp_files(dir.path()).is_empty(), "{}", writer.name);
    }
}

#[test]
fn a_failure_after_the_temp_file_keeps_the_old_content_and_no_temp_file() {
    for writer in &WRITERS {
        let dir = tempfile::tempdir().unwrap();
        set_up(dir.path(), writer);
        let output = protogate_env(dir.path(), writer.args, &[(FAULT, "error")]);
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(2), "{}", writer.name);
        let err = stderr(&output);
        assert!(
            err.lines()
                .any(|l| l.starts_with("protogate: ") && l.contains("injected fault")),
            "{}: {err}",
            writer.name
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(writer.target)).unwrap(),
            old_content(writer),
            "{}",
            writer.name
        );
        assert_eq!(
            temp_files(dir.path()),
            Vec::<String>::new(),
            "{}",
            writer.name
        );
    }
}

#[test]
fn a_crash_after_the_temp_file_keeps_the_old_content() {
    for writer in &WRITERS {
        let dir = tempfile::tempdir().unwrap();
        set_up(dir.path(), writer);
        let output = protogate_env(dir.path(), writer.args, &[(FAULT, "abort")]);
        // Killed by SIGABRT: no exit code, no destructor ran.
        assert_eq!(output.status.code(), None, "{}", writer.name);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(writer.target)).unwrap(),
            old_content(writer),
            "{}",
            writer.name
        );
        // What a crash can leave is at most the one temp file, never a half-written target.
        assert!(temp_files(dir.path()).len() <= 1, "{}", writer.name);
    }
}

/// Starts a writer held just before its rename, waits for its temp file, sends `signal`
/// and returns what the process did.
fn signal_mid_write(dir: &Path, writer: &Writer, signal: &str) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_protogate"))
        .args(writer.args)
        .current_dir(dir)
        .env(PAUSE, "20000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while temp_files(dir).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{}: no temp file appeared",
            writer.name
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "{}: the signal did not end the run",
        writer.name
    );
    output
}

#[test]
fn ctrl_c_mid_write_leaves_the_old_content_and_no_temp_file() {
    for (writer, signal) in WRITERS.iter().zip(["INT", "TERM", "INT", "HUP"]) {
        let dir = tempfile::tempdir().unwrap();
        set_up(dir.path(), writer);
        let output = signal_mid_write(dir.path(), writer, signal);
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(130), "{} {signal}", writer.name);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(writer.target)).unwrap(),
            old_content(writer),
            "{} {signal}",
            writer.name
        );
        assert_eq!(
            temp_files(dir.path()),
            Vec::<String>::new(),
            "{} {signal}",
            writer.name
        );
    }
}
