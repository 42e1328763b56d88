//! Every case of `testdata/bad/` through every command that takes it (DESIGN.md §4, issue 7).
//!
//! Each case directory holds the files of a module and an `expect.txt`:
//!
//! ```text
//! # What the case is.
//! setup NAME                 (optional) a step run on each copy before the commands
//! [root] [user]              (optional prefix) a line that applies only when file modes do
//!                            (user) or do not (root) stop reads; tests may run as root
//! [slow]                     (optional prefix) a line run only with BAD_CORPUS_SLOW=1
//! COMMAND EXIT WHERE [WORD...] [:: ARG...]
//! ```
//!
//! COMMAND is one of `lint`, `build`, `breaking` (the case is the current tree, compared with
//! a valid tree, with `--fix`), `against` (a valid tree compared with the case), `history`
//! (`--update-ledger`), `release` (`--changelog`, in a git repository made of the case),
//! `generate` and `fmt` (`-w`); `:: ARG...` replaces the standard arguments. EXIT is the exit
//! code. WHERE (`-` for none) and each WORD must appear on one line: a finding on stdout for
//! exit 1, the single `protogate: ` error line on stderr for exit 2. Every run must also end
//! in time, never print a panic or a backtrace, and, when it fails (exit 2, or compile
//! errors), leave the case's files exactly as they were: no output file, no temp file, no
//! half-written file.
//!
//! Each command runs in a fresh copy of the case, several at a time. `BAD_CORPUS_PRINT=1`
//! prints what each run did instead of checking it, to write an `expect.txt`;
//! `BAD_CORPUS_ONLY=TEXT` runs the cases whose name contains TEXT.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::git::{commit_all, copy_tree, tag};
use common::repo_root;

/// A run that takes longer than this has hung.
const TIMEOUT: Duration = Duration::from_secs(120);
/// No run may need more memory than this (peak resident set size).
const MEMORY_LIMIT_KIB: u64 = 2 * 1024 * 1024;
/// The size of the generated huge file.
const HUGE_BYTES: usize = 50 * 1024 * 1024;
/// The nesting of the deep file.
const DEEP_NESTING: usize = 10_000;
/// The nesting of the deep aggregate option value.
/// Beyond prost's decoding limit of 100, where prost-reflect's `options()` used to panic.
/// (10,000 works too, but the compiler takes about 100 s on it in a debug build: quadratic.)
const DEEP_OPTION_NESTING: usize = 200;

const COMMANDS: [&str; 8] = [
    "lint", "build", "breaking", "against", "history", "release", "generate", "fmt",
];

/// One line of an `expect.txt`.
#[derive(Debug, Clone)]
struct Expectation {
    command: String,
    exit: i32,
    /// Text the one clear line must contain; None for `-`.
    location: Option<String>,
    words: Vec<String>,
    /// Arguments replacing the standard ones.
    args: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
struct Case {
    name: String,
    dir: PathBuf,
    setup: Option<String>,
    /// Environment variables for every run of the case (`env KEY=VALUE`).
    env: Vec<(String, String)>,
    expectations: Vec<Expectation>,
}

fn read_cases(reads_blocked: bool, slow: bool) -> Vec<Case> {
    let root = repo_root().join("testdata/bad");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&root).expect("testdata/bad exists") {
        let dir = entry.expect("an entry").path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(dir.join("expect.txt"))
            .unwrap_or_else(|_| panic!("{name}/expect.txt is missing"));
        let mut case = Case {
            name: name.clone(),
            dir: dir.clone(),
            setup: None,
            env: Vec::new(),
            expectations: Vec::new(),
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(setup) = line.strip_prefix("setup ") {
                case.setup = Some(setup.trim().to_string());
                continue;
            }
            if let Some(variable) = line.strip_prefix("env ") {
                let (key, value) = variable.trim().split_once('=').expect("env KEY=VALUE");
                case.env.push((key.to_string(), value.to_string()));
                continue;
            }
            let line = match line.strip_prefix("[slow] ") {
                Some(_) if !slow => continue,
                Some(rest) => rest,
                None => line,
            };
            let line = match (line.strip_prefix("[root] "), line.strip_prefix("[user] ")) {
                (Some(_), _) if reads_blocked => continue,
                (_, Some(_)) if !reads_blocked => continue,
                (Some(rest), _) | (_, Some(rest)) => rest,
                _ => line,
            };
            let (head, args) = match line.split_once(" :: ") {
                Some((head, args)) => (
                    head,
                    Some(args.split_whitespace().map(str::to_string).collect()),
                ),
                None => (line, None),
            };
            let mut tokens = head.split_whitespace();
            let command = tokens.next().expect("a command").to_string();
            assert!(
                COMMANDS.contains(&command.as_str()),
                "{name}: unknown command {command}"
            );
            let exit = tokens
                .next()
                .and_then(|t| t.parse().ok())
                .unwrap_or_else(|| panic!("{name}: {command} needs an exit code"));
            let location = tokens.next().filter(|t| *t != "-").map(str::to_string);
            case.expectations.push(Expectation {
                command,
                exit,
                location,
                words: tokens.map(str::to_string).collect(),
                args,
            });
        }
        assert!(!case.expectations.is_empty(), "{name}: no expectations");
        cases.push(case);
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// A valid module: the other side of `breaking` and `against`, and the base of generated
/// cases.
const GOOD_PROTO: &str = "syntax = \"proto3\";\n\npackage bad.v1;\n\n// An account.\nmessage Account {\n  string id = 1;\n}\n";

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The 50 MB file: a valid module of 50 MB, most of it comments (a 20 KB block before each
/// of about 2,500 messages), so that it measures size rather than the number of declarations:
/// a file as dense as a generated one compiles at about 1 MB/s in a debug build (see
/// `every_bad_input...` below and the issue notes).
fn huge_source() -> String {
    let mut text = String::with_capacity(HUGE_BYTES + 4096);
    text.push_str("syntax = \"proto3\";\n\npackage bad.v1;\n");
    let comment = format!(
        "// {}\n",
        "Generated documentation that makes the file large. ".repeat(2)
    );
    let block = comment.repeat(200);
    let mut index = 0;
    while text.len() < HUGE_BYTES {
        text.push('\n');
        text.push_str(&block);
        text.push_str(&format!(
            "\nmessage Huge{index} {{\n  string id = 1;\n  int64 count = 2;\n}}\n"
        ));
        index += 1;
    }
    text
}

fn deep_nesting_source() -> String {
    let mut text = String::from("syntax = \"proto3\";\n\npackage bad.v1;\n\n");
    for depth in 0..DEEP_NESTING {
        text.push_str(&format!("message M{depth} {{\n"));
    }
    text.push_str(&"}\n".repeat(DEEP_NESTING));
    text
}

fn deep_option_source() -> String {
    format!(
        "syntax = \"proto3\";\n\npackage bad.v1;\n\nimport \"google/protobuf/descriptor.proto\";\n\n// A recursive option value.\nmessage Node {{\n  Node next = 1;\n  int32 value = 2;\n}}\n\nextend google.protobuf.FileOptions {{\n  Node tree = 50000;\n}}\n\noption (tree) = {}{{ value: 1 }}{};\n",
        "{ next: ".repeat(DEEP_OPTION_NESTING),
        " }".repeat(DEEP_OPTION_NESTING)
    )
}

/// The loose object file of `path` at HEAD.
fn loose_object(work: &Path, repo: &git2::Repository, path: &str) -> PathBuf {
    let blob = repo
        .head()
        .unwrap()
        .peel_to_tree()
        .unwrap()
        .get_path(Path::new(path))
        .unwrap()
        .id()
        .to_string();
    work.join(".git/objects").join(&blob[..2]).join(&blob[2..])
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A repository of the work tree in `dir`, committed and tagged v1.0.0.
fn commit_work_tree(dir: &Path) -> git2::Repository {
    let repo = git2::Repository::init(dir).expect("init");
    commit_all(&repo, "v1");
    tag(&repo, "v1.0.0");
    repo
}

/// Prepares a copy of a case for a run. `work` is the case copy (the current directory of
/// the run), `scratch` a directory beside it.
fn set_up(setup: Option<&str>, command: &str, work: &Path, scratch: &Path) {
    match setup {
        None | Some("no-repo") => {}
        Some("huge") => write(&work.join("bad/v1/huge.proto"), huge_source()),
        Some("deep-nesting") => write(&work.join("bad/v1/deep.proto"), deep_nesting_source()),
        Some("deep-option") => write(&work.join("bad/v1/deep.proto"), deep_option_source()),
        Some("symlink-loop") => {
            let dir = work.join("bad/v1");
            std::os::unix::fs::symlink("loop-b.proto", dir.join("loop-a.proto")).unwrap();
            std::os::unix::fs::symlink("loop-a.proto", dir.join("loop-b.proto")).unwrap();
        }
        Some("unreadable") => {
            use std::os::unix::fs::PermissionsExt;
            let file = work.join("bad/v1/secret.proto");
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
        }
        Some("image-truncated") => {
            let image = scratch.join("image.binpb");
            let output = common::protogate(work, &["build", ".", "-o", image.to_str().unwrap()]);
            assert!(output.status.success(), "{}", common::stderr(&output));
            let bytes = std::fs::read(&image).unwrap();
            write(&work.join("truncated.binpb"), &bytes[..bytes.len() / 2]);
        }
        Some("image-deep") => {
            // An image whose messages nest 150 deep: past prost's decoding limit of 100, so
            // it must fail as an invalid image rather than overflow a recursive walk.
            use prost::Message as _;
            let mut message = prost_types::DescriptorProto {
                name: Some("M149".to_string()),
                ..Default::default()
            };
            for depth in (0..149).rev() {
                message = prost_types::DescriptorProto {
                    name: Some(format!("M{depth}")),
                    nested_type: vec![message],
                    ..Default::default()
                };
            }
            let set = prost_types::FileDescriptorSet {
                file: vec![prost_types::FileDescriptorProto {
                    name: Some("bad/v1/deep.proto".to_string()),
                    package: Some("bad.v1".to_string()),
                    syntax: Some("proto3".to_string()),
                    message_type: vec![message],
                    ..Default::default()
                }],
            };
            write(&work.join("deep.binpb"), set.encode_to_vec());
        }
        Some("symlink-out") => {
            // out-crate/src leads to a directory outside the case: nothing may land there.
            let outside = scratch.join("outside");
            std::fs::create_dir_all(&outside).unwrap();
            std::fs::create_dir_all(work.join("out-crate")).unwrap();
            std::os::unix::fs::symlink(&outside, work.join("out-crate/src")).unwrap();
        }
        Some("git-repo") => {
            commit_work_tree(work);
        }
        Some("git-shallow") => {
            // Two commits in an origin, and a depth-1 clone of it as the case.
            let origin = scratch.join("origin");
            copy_tree(work, &{
                std::fs::create_dir_all(&origin).unwrap();
                origin.clone()
            });
            let repo = commit_work_tree(&origin);
            write(
                &origin.join("bad/v1/b.proto"),
                "syntax = \"proto3\";\n\npackage bad.v1;\n\n// B.\nmessage B {\n  string id = 1;\n}\n",
            );
            commit_all(&repo, "v2");
            std::fs::remove_dir_all(work).unwrap();
            git(
                scratch,
                &[
                    "clone",
                    "--quiet",
                    "--depth",
                    "1",
                    "--no-tags",
                    &format!("file://{}", origin.display()),
                    work.to_str().unwrap(),
                ],
            );
        }
        Some("git-garbage-object") => {
            use std::os::unix::fs::PermissionsExt;
            let repo = commit_work_tree(work);
            let object = loose_object(work, &repo, "bad/v1/a.proto");
            std::fs::set_permissions(&object, std::fs::Permissions::from_mode(0o644)).unwrap();
            std::fs::write(&object, b"this is not a zlib stream").unwrap();
        }
        Some("git-corrupt-object") => {
            use std::os::unix::fs::PermissionsExt;
            let repo = commit_work_tree(work);
            // Truncate the loose object of bad/v1/a.proto: the file is there, its zlib stream
            // ends early (libgit2 loops forever on it; protogate's watchdog stops that).
            let object = loose_object(work, &repo, "bad/v1/a.proto");
            let bytes = std::fs::read(&object).unwrap();
            // Loose objects are read-only.
            std::fs::set_permissions(&object, std::fs::Permissions::from_mode(0o644)).unwrap();
            std::fs::write(&object, &bytes[..bytes.len() / 2]).unwrap();
        }
        Some(other) => panic!("unknown setup {other}"),
    }
    // `release` reads git: give it a repository unless the case is about not having one.
    let has_repo = work.join(".git").exists();
    if command == "release" && !has_repo && setup != Some("no-repo") {
        commit_work_tree(work);
    }
}

fn standard_args(command: &str) -> Vec<String> {
    let args: &[&str] = match command {
        "lint" => &["lint", "."],
        "build" => &["build", ".", "-o", "out.binpb"],
        "breaking" => &["breaking", ".", "--against", "../good", "--fix"],
        "against" => &["breaking", "../good", "--against", "."],
        "history" => &["history", ".", "--update-ledger", "ledger.json"],
        "release" => &["release", ".", "--changelog", "CHANGELOG.md"],
        "generate" => &["generate", ".", "--out", "out-crate"],
        "fmt" => &["fmt", "-w", "."],
        other => panic!("unknown command {other}"),
    };
    args.iter().map(|a| a.to_string()).collect()
}

/// Every file under `dir` (but `.git`) with its bytes, or its link target for a symlink.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            let metadata = std::fs::symlink_metadata(&path).unwrap();
            if metadata.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.insert(relative, target.to_string_lossy().as_bytes().to_vec());
            } else if metadata.is_dir() {
                if relative != Path::new(".git") {
                    files.insert(relative, b"<dir>".to_vec());
                    stack.push(path);
                }
            } else {
                // An unreadable file keeps its place by its size.
                let bytes = std::fs::read(&path)
                    .unwrap_or_else(|_| format!("<{} bytes>", metadata.len()).into_bytes());
                files.insert(relative, bytes);
            }
        }
    }
    files
}

/// What one run did.
struct Run {
    exit: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    peak_kib: u64,
}

/// The peak resident set size of a running process, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// Runs protogate with a time limit, sampling its peak memory.
fn run_protogate(dir: &Path, args: &[String], env: &[(String, String)]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_protogate"))
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("protogate runs");
    let mut stdout_pipe = child.stdout.take().unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout_pipe.read_to_end(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut text);
        text
    });
    let mut peak_kib = 0;
    let exit = loop {
        if let Some(kib) = peak_rss_kib(child.id()) {
            peak_kib = peak_kib.max(kib);
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        exit,
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        elapsed: start.elapsed(),
        peak_kib,
    }
}

/// Whether reading a file with mode 000 fails here (not as root).
fn reads_are_blocked() -> bool {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("probe");
    std::fs::write(&file, "x").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(&file).is_err()
}

/// Runs one expectation of one case; returns the problems found.
fn check(case: &Case, expectation: &Expectation, print: bool) -> (Vec<String>, String) {
    let temp = tempfile::tempdir().unwrap();
    let work = temp.path().join("case");
    let scratch = temp.path().join("scratch");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::create_dir_all(&scratch).unwrap();
    write(&temp.path().join("good/bad/v1/a.proto"), GOOD_PROTO);
    for entry in std::fs::read_dir(&case.dir).unwrap() {
        let path = entry.unwrap().path();
        let target = work.join(path.file_name().unwrap());
        if path.file_name().is_some_and(|n| n == "expect.txt") {
            continue;
        }
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
    set_up(case.setup.as_deref(), &expectation.command, &work, &scratch);
    let before = snapshot(&work);
    let args = expectation
        .args
        .clone()
        .unwrap_or_else(|| standard_args(&expectation.command));
    let run = run_protogate(&work, &args, &case.env);
    let after = snapshot(&work);

    let label = format!("{} {} ({})", case.name, expectation.command, args.join(" "));
    let summary = format!(
        "{label}: exit {:?} in {:.2}s, peak {} MiB",
        run.exit,
        run.elapsed.as_secs_f64(),
        run.peak_kib / 1024
    );
    let stderr_lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("protogate: note:"))
        .collect();
    if print {
        let first_out = run
            .stdout
            .lines()
            .find(|l| l.contains("COMPILE"))
            .or(run.stdout.lines().next());
        println!(
            "{summary}\n    stdout: {:?}\n    stderr: {:?}",
            first_out.unwrap_or(""),
            stderr_lines
        );
        return (Vec::new(), summary);
    }

    let mut problems = Vec::new();
    let mut problem = |text: String| {
        problems.push(format!(
            "{label}: {text}\n  stdout: {}\n  stderr: {}",
            run.stdout
                .lines()
                .take(5)
                .collect::<Vec<_>>()
                .join("\n          "),
            run.stderr
                .lines()
                .take(5)
                .collect::<Vec<_>>()
                .join("\n          ")
        ))
    };
    for text in [&run.stdout, &run.stderr] {
        if text.contains("panicked")
            || text.contains("stack backtrace")
            || text.contains("RUST_BACKTRACE")
        {
            problem("panicked".to_string());
        }
    }
    match run.exit {
        None => problem(format!("no exit code: killed or hung ({:?})", run.elapsed)),
        Some(code) if code != expectation.exit => {
            problem(format!("exit {code}, expected {}", expectation.exit))
        }
        Some(_) => {}
    }
    if run.peak_kib > MEMORY_LIMIT_KIB {
        problem(format!("peak memory {} MiB", run.peak_kib / 1024));
    }
    let clear_line = |line: &str| {
        expectation
            .location
            .as_ref()
            .is_none_or(|l| line.contains(l.as_str()))
            && expectation.words.iter().all(|w| line.contains(w.as_str()))
    };
    match expectation.exit {
        // Findings go to stdout; fmt, whose stdout is the formatted text, puts them on stderr.
        1 if (expectation.location.is_some() || !expectation.words.is_empty())
            && !run.stdout.lines().chain(run.stderr.lines()).any(clear_line) =>
        {
            problem(format!(
                "no finding with {:?} {:?}",
                expectation.location, expectation.words
            ));
        }
        2 => {
            if !run.stdout.trim().is_empty() {
                problem("a tool failure printed to stdout".to_string());
            }
            let errors: Vec<&&str> = stderr_lines
                .iter()
                .filter(|l| l.starts_with("protogate: "))
                .collect();
            if errors.len() != 1 || stderr_lines.len() != 1 {
                problem(format!("{} error lines, expected one", stderr_lines.len()));
            } else if !clear_line(errors[0]) {
                problem(format!(
                    "the error line lacks {:?} {:?}",
                    expectation.location, expectation.words
                ));
            }
        }
        _ => {}
    }
    // A failed run leaves everything as it was. A run that succeeded (or found only
    // findings) may have written its outputs, but never a temp file.
    let compile_failed = run.stdout.contains(" COMPILE ") || run.stderr.contains(" COMPILE ");
    if ((run.exit != Some(0) && run.exit != Some(1)) || compile_failed) && before != after {
        let changed: Vec<&PathBuf> = after
            .keys()
            .chain(before.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        problem(format!("the failed run changed files: {changed:?}"));
    }
    // Nothing is written outside the case either (generate's escape cases).
    let outside = scratch.join("outside");
    if outside.exists() && std::fs::read_dir(&outside).unwrap().next().is_some() {
        problem("wrote through a symlink outside --out".to_string());
    }
    if Path::new("/tmp/protogate-escaped.rs").exists() {
        problem("wrote to an absolute template path".to_string());
    }
    let temps: Vec<&PathBuf> = after
        .keys()
        .filter(|k| {
            k.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(".protogate-"))
        })
        .collect();
    if !temps.is_empty() {
        problem(format!("temp files left behind: {temps:?}"));
    }
    (problems, summary)
}

#[test]
fn every_bad_input_gets_a_clear_error_and_changes_nothing() {
    let print = std::env::var_os("BAD_CORPUS_PRINT").is_some();
    let only = std::env::var("BAD_CORPUS_ONLY").ok();
    let reads_blocked = reads_are_blocked();
    if !reads_blocked {
        eprintln!(
            "note: file modes do not stop reads here (root): the unreadable case checks that the file is read"
        );
    }
    let cases = read_cases(reads_blocked, std::env::var_os("BAD_CORPUS_SLOW").is_some());
    let jobs: Vec<(&Case, &Expectation)> = cases
        .iter()
        .filter(|c| only.as_deref().is_none_or(|o| c.name.contains(o)))
        .flat_map(|case| case.expectations.iter().map(move |e| (case, e)))
        .collect();
    let next = Mutex::new(0usize);
    let results = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut next = next.lock().unwrap();
                        *next += 1;
                        *next - 1
                    };
                    let Some((case, expectation)) = jobs.get(index) else {
                        break;
                    };
                    let outcome = check(case, expectation, print);
                    results.lock().unwrap().push(outcome);
                }
            });
        }
    });
    let results = results.into_inner().unwrap();
    let mut summaries: Vec<&String> = results.iter().map(|(_, s)| s).collect();
    summaries.sort();
    if !print {
        for summary in &summaries {
            eprintln!("{summary}");
        }
    }
    eprintln!(
        "{} runs of {} cases in {:.1}s",
        jobs.len(),
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    let problems: Vec<&String> = results.iter().flat_map(|(p, _)| p).collect();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
