//! Shell integration: completion scripts, man pages, the pre-commit hooks, and progress bars
//! that show on a terminal and never in a pipe.

mod common;

use std::path::Path;
use std::process::Command;

use common::git::{commit_all, tag};
use common::{protogate, repo_root, stderr, stdout, write_tree};

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F _protogate"),
        ("zsh", "#compdef protogate"),
        ("fish", "complete -c protogate"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let output = protogate(dir.path(), &["completions", shell]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}: {script}");
        for subcommand in ["lint", "breaking", "init", "completions"] {
            assert!(
                script.contains(subcommand),
                "{shell} completes {subcommand}"
            );
        }
        if shell != "powershell" {
            assert!(
                script.contains("config-ignore-yaml"),
                "{shell} completes values"
            );
        }
    }
    let unknown = protogate(dir.path(), &["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_bash_completion_script_loads_and_completes() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("no bash to load the script into");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = stdout(&protogate(dir.path(), &["completions", "bash"]));
    std::fs::write(dir.path().join("protogate.bash"), script).unwrap();
    let probe = "source ./protogate.bash\n\
                 COMP_WORDS=(protogate bre); COMP_CWORD=1; COMP_LINE='protogate bre'; COMP_POINT=13\n\
                 _protogate protogate bre protogate\n\
                 printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", probe])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).trim(), "breaking");
}

#[test]
fn man_pages_for_protogate_and_its_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let main = protogate(dir.path(), &["man"]);
    assert_eq!(main.status.code(), Some(0), "{}", stderr(&main));
    let page = stdout(&main);
    assert!(page.contains(".TH protogate 1"), "{page}");
    assert!(
        page.contains(".SH NAME") && page.contains(".SH SUBCOMMANDS"),
        "{page}"
    );
    assert!(
        page.contains("\\-\\-color"),
        "the global flag is documented"
    );

    let lint = protogate(dir.path(), &["man", "lint"]);
    assert_eq!(lint.status.code(), Some(0));
    let page = stdout(&lint);
    assert!(page.contains(".TH protogate-lint 1"), "{page}");
    assert!(page.contains("error\\-format"), "{page}");

    let unknown = protogate(dir.path(), &["man", "lnit"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("lnit"));
}

fn hooks() -> Vec<serde_yaml_ng::Value> {
    let text = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    serde_yaml_ng::from_str(&text).expect("a YAML list of hooks")
}

/// A hook's command line as pre-commit runs it: entry, then args, then (when it passes
/// them) the file names.
fn hook_command(id: &str) -> (Vec<String>, bool) {
    let hook = hooks()
        .into_iter()
        .find(|h| h["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("hook {id}"));
    for key in ["name", "entry", "language"] {
        assert!(hook[key].as_str().is_some(), "{id} has {key}");
    }
    assert_eq!(hook["language"].as_str(), Some("rust"), "built by cargo");
    let mut words: Vec<String> = hook["entry"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    assert_eq!(words.remove(0), "protogate");
    if let Some(args) = hook["args"].as_sequence() {
        words.extend(args.iter().map(|a| a.as_str().unwrap().to_string()));
    }
    let pass_filenames = hook["pass_filenames"].as_bool().unwrap_or(true);
    (words, pass_filenames)
}

#[test]
fn the_pre_commit_hooks_run_against_a_repository() {
    let ids: Vec<String> = hooks()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        ["protogate-lint", "protogate-breaking", "protogate-fmt"]
    );

    let dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    let file = "acme/v1/user.proto";
    write_tree(
        dir.path(),
        &[(
            file,
            "syntax = \"proto3\";\n\npackage acme.v1;\n\nmessage User {\n  string id = 1;\n}\n",
        )],
    );
    commit_all(&repo, "base");
    // The hooks compare with main, whatever the default branch of this git is called.
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("main", &head, true).unwrap();

    let (lint, lint_files) = hook_command("protogate-lint");
    let args: Vec<&str> = lint.iter().map(String::as_str).collect();
    assert!(!lint_files);
    assert_eq!(protogate(dir.path(), &args).status.code(), Some(0));

    let (breaking, breaking_files) = hook_command("protogate-breaking");
    assert!(!breaking_files);
    assert!(breaking.contains(&".git#branch=main".to_string()));
    let args: Vec<&str> = breaking.iter().map(String::as_str).collect();
    assert_eq!(protogate(dir.path(), &args).status.code(), Some(0));
    write_tree(
        dir.path(),
        &[(
            file,
            "syntax = \"proto3\";\n\npackage acme.v1;\n\nmessage User {\n  int64 id = 1;\n}\n",
        )],
    );
    let broken = protogate(dir.path(), &args);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stdout(&broken).contains("FIELD_SAME_TYPE"),
        "{}",
        stdout(&broken)
    );

    let (fmt, fmt_files) = hook_command("protogate-fmt");
    assert_eq!(fmt, ["fmt", "-w"]);
    assert!(fmt_files, "the formatter gets the staged files");
    let messy = "syntax   =   \"proto3\";\npackage acme.v1;\nmessage   Note{string text=1;}\n";
    write_tree(dir.path(), &[("acme/v1/note.proto", messy)]);
    let mut args: Vec<&str> = fmt.iter().map(String::as_str).collect();
    args.push("acme/v1/note.proto");
    let formatted = protogate(dir.path(), &args);
    assert_eq!(formatted.status.code(), Some(0), "{}", stderr(&formatted));
    let after = std::fs::read_to_string(dir.path().join("acme/v1/note.proto")).unwrap();
    assert_ne!(after, messy, "the file is rewritten in place");
    assert!(after.contains("message Note {"), "{after}");
}

#[test]
fn history_shows_a_progress_bar_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    tagged_repo(dir.path(), 12);
    let piped = protogate(dir.path(), &["history", "proto"]);
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    let err = stderr(&piped);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\r') && !err.contains("12/12"),
        "nothing drawn in a pipe: {err:?}"
    );

    let probe = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("no `script` command to make a pty");
        return;
    }
    let command_line = format!("{} history proto", env!("CARGO_BIN_EXE_protogate"));
    let terminal = Command::new("script")
        .args(["-qec", &command_line, "/dev/null"])
        .current_dir(dir.path())
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&terminal.stdout);
    assert!(shown.contains("history"), "{shown:?}");
    assert!(
        shown.contains("/12 v1."),
        "the bar counts the tags: {shown:?}"
    );
}

fn tagged_repo(dir: &Path, tags: usize) {
    let repo = git2::Repository::init(dir).unwrap();
    for n in 1..=tags {
        let messages: String = (1..=n)
            .map(|i| format!("message M{i} {{\n  string a = 1;\n}}\n"))
            .collect();
        write_tree(
            dir,
            &[(
                "proto/acme/v1/m.proto",
                &format!("syntax = \"proto3\";\n\npackage acme.v1;\n\n{messages}"),
            )],
        );
        commit_all(&repo, &format!("v1.{n}.0"));
        tag(&repo, &format!("v1.{n}.0"));
    }
}
