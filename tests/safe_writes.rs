//! Every file protogate writes is replaced atomically (src/workspace/write.rs), and
//! `generate` stages its crate in a directory inside --out: a failure, a crash or a signal
//! between writing the temp file (or staging directory) and renaming it leaves the old content
//! and, except for a crash, no temp file. A signal ends the run with 128 + its number. The
//! writer's test-only fault switches hold or break each write at that point.

mod common;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Output, Stdio};

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
/// Valid, and not formatted: `fmt -w` rewrites it.
const UNFORMATTED: &str = "syntax=\"proto3\";\npackage acme.v1;\nmessage User{string id=1;}\n";

/// One command that writes a file, set up in a fresh directory: the arguments, and the file
/// it replaces (relative to the directory).
struct Writer {
    name: &'static str,
    args: &'static [&'static str],
    target: &'static str,
}

const WRITERS: [Writer; 5] = [
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
    Writer {
        name: "fmt -w",
        args: &["fmt", "-w", "unformatted"],
        target: "unformatted/acme/v1/user.proto",
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
            ("unformatted/acme/v1/user.proto", UNFORMATTED),
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
        target if target.starts_with("unformatted/") => UNFORMATTED,
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

/// The exit code of a run that `signal` ended: 128 + the signal's number, as shells report.
fn signal_exit_code(signal: &str) -> i32 {
    match signal {
        "HUP" => 129,
        "INT" => 130,
        "TERM" => 143,
        other => panic!("no exit code for SIG{other}"),
    }
}

/// Runs `protogate ARGS` in `dir` held just before its first rename (the pause switch), sends
/// `signal` once the run says it is paused, and returns what the process did. The exit code
/// tells whether the signal ended the run: the pause alone would end it with 0 or 1.
fn signal_mid_write(dir: &Path, args: &[&str], signal: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_protogate"))
        .args(args)
        .current_dir(dir)
        .env(PAUSE, "60000")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut before_pause = String::new();
    loop {
        let mut line = String::new();
        let read = stderr.read_line(&mut line).unwrap();
        assert!(read > 0, "{args:?}: the run never paused:\n{before_pause}");
        if line.contains(PAUSE) {
            break;
        }
        before_pause.push_str(&line);
    }
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let mut after_pause = Vec::new();
    stderr.read_to_end(&mut after_pause).unwrap();
    let mut output = child.wait_with_output().unwrap();
    output.stderr = [before_pause.into_bytes(), after_pause].concat();
    output
}

#[test]
fn a_signal_mid_write_leaves_the_old_content_and_no_temp_file() {
    let runs = WRITERS
        .iter()
        .flat_map(|writer| [(writer, "INT"), (writer, "TERM")])
        .chain([(&WRITERS[0], "HUP")]);
    for (writer, signal) in runs {
        let dir = tempfile::tempdir().unwrap();
        set_up(dir.path(), writer);
        let output = signal_mid_write(dir.path(), writer.args, signal);
        assert_no_panic(&output);
        assert_eq!(
            output.status.code(),
            Some(signal_exit_code(signal)),
            "{} {signal}",
            writer.name
        );
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

const SERVICE_V1: &str = "syntax = \"proto3\";\n\npackage acme.v1;\n\n// A user.\nmessage User {\n  string id = 1;\n}\n\n// Users.\nservice Users {\n  // Gets a user.\n  rpc GetUser(User) returns (User);\n}\n";
const SERVICE_V2: &str = "syntax = \"proto3\";\n\npackage acme.v1;\n\n// A user.\nmessage User {\n  string id = 1;\n  string name = 2;\n}\n\n// Users.\nservice Users {\n  // Gets a user.\n  rpc GetUser(User) returns (User);\n}\n";
const GENERATE: [&str; 4] = ["generate", "proto", "--out", "api"];

/// Every directory and file under `dir`, each file with its size and a hash of its bytes:
/// what a run must leave as it was, staging directories included.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(dir).unwrap().display().to_string();
            if path.is_dir() {
                stack.push(path);
                entries.insert(relative, "directory".to_string());
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let mut hasher = DefaultHasher::new();
                bytes.hash(&mut hasher);
                let fingerprint = format!("{} bytes, hash {:x}", bytes.len(), hasher.finish());
                entries.insert(relative, fingerprint);
            }
        }
    }
    entries
}

/// A directory with `proto/` at version 2 and, unless `fresh`, `api/` generated from
/// version 1 (plus a file of the user's): the next `generate` would change `api/`.
fn set_up_generate(dir: &Path, fresh: bool) {
    write_tree(dir, &[("proto/acme/v1/user.proto", SERVICE_V1)]);
    if !fresh {
        let output = protogate_env(dir, &GENERATE, &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        write_tree(dir, &[("api/notes.txt", OLD)]);
    }
    write_tree(dir, &[("proto/acme/v1/user.proto", SERVICE_V2)]);
}

#[test]
fn a_signal_mid_generate_leaves_the_previous_crate_and_no_staging_directory() {
    for fresh in [false, true] {
        for signal in ["INT", "TERM"] {
            let case = format!(
                "SIG{signal}, {}",
                if fresh { "new --out" } else { "existing --out" }
            );
            let dir = tempfile::tempdir().unwrap();
            set_up_generate(dir.path(), fresh);
            let before = snapshot(dir.path());
            let output = signal_mid_write(dir.path(), &GENERATE, signal);
            assert_no_panic(&output);
            assert_eq!(
                output.status.code(),
                Some(signal_exit_code(signal)),
                "{case}"
            );
            // Not a file changed, none added (no staging directory, no new --out), none lost.
            assert_eq!(snapshot(dir.path()), before, "{case}");
        }
    }
    // Without the signal, the same run replaces the crate.
    let dir = tempfile::tempdir().unwrap();
    set_up_generate(dir.path(), false);
    let before = snapshot(dir.path());
    let output = protogate_env(dir.path(), &GENERATE, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = snapshot(dir.path());
    assert_ne!(
        after["api/src/proto/acme.v1.rs"],
        before["api/src/proto/acme.v1.rs"]
    );
    assert_eq!(after["api/notes.txt"], before["api/notes.txt"]);
    assert!(
        after.keys().all(|path| !path.contains(".protogate-")),
        "{after:#?}"
    );
}

#[test]
fn a_failure_or_a_crash_mid_generate_leaves_the_previous_crate() {
    let dir = tempfile::tempdir().unwrap();
    set_up_generate(dir.path(), false);
    let before = snapshot(dir.path());
    let output = protogate_env(dir.path(), &GENERATE, &[(FAULT, "error")]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("injected fault"),
        "{}",
        stderr(&output)
    );
    assert_eq!(snapshot(dir.path()), before);

    let output = protogate_env(dir.path(), &GENERATE, &[(FAULT, "abort")]);
    assert_eq!(output.status.code(), None, "{}", stderr(&output));
    // A crash (or a SIGKILL) leaves at most the one staging directory, never a changed file.
    let after = snapshot(dir.path());
    let staging: Vec<String> = after
        .keys()
        .filter(|path| {
            path.starts_with("api/.protogate-staging-") && path.matches('/').count() == 1
        })
        .cloned()
        .collect();
    assert_eq!(staging.len(), 1, "{after:#?}");
    let outside_staging: BTreeMap<String, String> = after
        .into_iter()
        .filter(|(path, _)| !path.starts_with(staging[0].as_str()))
        .collect();
    assert_eq!(outside_staging, before);
}
