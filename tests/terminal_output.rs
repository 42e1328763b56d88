//! Text output on a terminal: annotated source snippets, colour and a summary line; piped
//! output stays the plain `path:line:col: RULE_ID message` form, and NO_COLOR is honoured.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{protogate, protogate_env, stderr, stdout, write_tree};

const ESC: char = '\u{1b}';

/// Two files, three findings: two FIELD_LOWER_SNAKE_CASE, one IMPORT_USED.
fn tree(dir: &Path) {
    write_tree(
        dir,
        &[
            (
                "acme/v1/a.proto",
                "syntax = \"proto3\";\n\npackage acme.v1;\n\nimport \"google/protobuf/timestamp.proto\";\n\nmessage Account {\n  string displayName = 1;\n}\n",
            ),
            (
                "acme/v1/b.proto",
                "syntax = \"proto3\";\n\npackage acme.v1;\n\nmessage Budget {\n  int64 totalCents = 1;\n}\n",
            ),
        ],
    );
}

#[test]
fn piped_text_is_plain_without_colour_or_summary() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let output = protogate(dir.path(), &["lint"]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert_eq!(
        out,
        "acme/v1/a.proto:5:1: IMPORT_USED Import \"google/protobuf/timestamp.proto\" is not used.\n\
         acme/v1/a.proto:8:10: FIELD_LOWER_SNAKE_CASE Field \"displayName\" is not lower_snake_case; rename it to \"display_name\".\n\
         acme/v1/b.proto:6:9: FIELD_LOWER_SNAKE_CASE Field \"totalCents\" is not lower_snake_case; rename it to \"total_cents\".\n"
    );
    assert!(!out.contains(ESC));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn colour_always_draws_snippets_and_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let output = protogate(dir.path(), &["lint", "--color", "always"]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(out.contains(ESC), "coloured: {out}");
    let plain = strip_ansi(&out);
    // The source line, the span underlined, the rule id and a one-line help.
    assert!(
        plain.contains(
            "error[FIELD_LOWER_SNAKE_CASE]: Field \"displayName\" is not lower_snake_case"
        ),
        "{plain}"
    );
    assert!(plain.contains("--> acme/v1/a.proto:8:10"), "{plain}");
    assert!(plain.contains("8 |   string displayName = 1;"), "{plain}");
    assert!(plain.contains("  |          ^^^^^^^^^^^\n"), "{plain}");
    assert!(
        plain.contains(
            "= help: Field names are lower_snake_case. See `protogate explain FIELD_LOWER_SNAKE_CASE`."
        ),
        "{plain}"
    );
    assert!(
        plain.contains("5 | import \"google/protobuf/timestamp.proto\";"),
        "{plain}"
    );
    assert_eq!(
        strip_ansi(&stderr(&output)),
        "3 findings in 2 files (2 FIELD_LOWER_SNAKE_CASE, 1 IMPORT_USED)\n"
    );
}

#[test]
fn colour_always_wins_over_no_color_and_never_loses_to_it() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    // An explicit flag outranks the environment (no-color.org).
    let always = protogate_env(
        dir.path(),
        &["lint", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert!(stdout(&always).contains(ESC));
    let never = protogate(dir.path(), &["lint", "--color", "never"]);
    assert!(!stdout(&never).contains(ESC) && !stderr(&never).contains(ESC));
}

#[test]
fn machine_formats_never_carry_colour() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    for format in [
        "json",
        "sarif",
        "github-actions",
        "junit",
        "msvs",
        "config-ignore-yaml",
    ] {
        let output = protogate(
            dir.path(),
            &["lint", "--color", "always", "--error-format", format],
        );
        assert_eq!(output.status.code(), Some(1), "{format}");
        assert!(
            !stdout(&output).contains(ESC),
            "{format}: {}",
            stdout(&output)
        );
        assert!(stderr(&output).is_empty(), "{format}: {}", stderr(&output));
    }
}

#[test]
fn a_clean_tree_prints_no_summary() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "acme/v1/a.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nmessage Ok {\n  string name = 1;\n}\n",
        )],
    );
    let output = protogate(dir.path(), &["lint", "--color", "always"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).is_empty() && stderr(&output).is_empty());
}

#[test]
fn the_flag_is_global() {
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let before = protogate(dir.path(), &["--color", "never", "lint"]);
    assert_eq!(before.status.code(), Some(1));
    let wrong = protogate(dir.path(), &["lint", "--color", "sometimes"]);
    assert_eq!(wrong.status.code(), Some(2));
}

/// On a real terminal (a pty from `script`), the default shows snippets in colour and the
/// summary; NO_COLOR keeps the snippets and drops the colour.
#[test]
fn a_terminal_gets_snippets_and_no_color_turns_colour_off() {
    let Some(coloured) = in_pty(&["lint"], None) else {
        eprintln!("no `script` command to make a pty; covered by --color always above");
        return;
    };
    assert!(coloured.contains(ESC), "{coloured}");
    let plain = strip_ansi(&coloured);
    assert!(plain.contains("^^^^^^^^^^^"), "{plain}");
    assert!(plain.contains("3 findings in 2 files"), "{plain}");

    let no_color = in_pty(&["lint"], Some("1")).unwrap();
    assert!(!no_color.contains(ESC), "NO_COLOR: {no_color}");
    assert!(no_color.contains("^^^^^^^^^^^"), "{no_color}");
    assert!(no_color.contains("3 findings in 2 files"), "{no_color}");
}

/// Runs protogate under `script` (util-linux), which gives it a pty for stdout and stderr.
fn in_pty(args: &[&str], no_color: Option<&str>) -> Option<String> {
    let probe = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let command_line = std::iter::once(env!("CARGO_BIN_EXE_protogate"))
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let mut command = Command::new("script");
    command
        .args(["-qec", &command_line, "/dev/null"])
        .current_dir(dir.path())
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        command.env("NO_COLOR", value);
    }
    let output: Output = command.output().expect("script runs");
    Some(String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"))
}

/// Drops ANSI escape sequences (`ESC [ ... letter` and `ESC ] ... BEL/ST` hyperlinks).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ESC {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == ESC && chars.peek() == Some(&'\\') {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}
