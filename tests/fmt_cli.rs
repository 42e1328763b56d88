//! `protogate fmt` run as a user runs it: formatted text on stdout, `--check`, `--diff`,
//! `-w`, and bad input.

mod common;

use std::path::Path;

use common::{assert_no_panic, protogate, repo_root, stderr, stdout, write_tree};

const UNFORMATTED: &str = "syntax='proto3';\npackage acme.v1;\n\
    option java_package=\"com.acme\";\noption go_package = \"acme/v1\";\n\
    message User{string id=1;// the id\n  string name = 2 [(x) = 1, deprecated=true];}\n";
const FORMATTED: &str = "syntax = 'proto3';\npackage acme.v1;\n\n\
    option go_package = \"acme/v1\";\noption java_package = \"com.acme\";\n\
    message User {\n  string id = 1; // the id\n  string name = 2 [\n    (x) = 1,\n    deprecated = true\n  ];\n}\n";
const CLEAN: &str = "syntax = \"proto3\";\n\npackage acme.v1;\n\nmessage Team {}\n";

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).expect("the file is readable")
}

fn temp_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".protogate-") {
            found.push(name);
        }
    }
    found
}

#[test]
fn prints_the_formatted_text_without_flags() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("acme/v1/user.proto", UNFORMATTED)]);
    let output = protogate(dir.path(), &["fmt", "acme/v1/user.proto"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), FORMATTED);
    assert_eq!(
        read(dir.path(), "acme/v1/user.proto"),
        UNFORMATTED,
        "nothing written"
    );
}

#[test]
fn check_lists_the_files_that_would_change_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("acme/v1/user.proto", UNFORMATTED),
            ("acme/v1/team.proto", CLEAN),
        ],
    );
    let output = protogate(dir.path(), &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(stdout(&output), "acme/v1/user.proto\n");
    let output = protogate(dir.path(), &["fmt", "--check", "acme/v1/team.proto"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn diff_prints_a_unified_diff_of_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("acme/v1/user.proto", UNFORMATTED),
            ("acme/v1/team.proto", CLEAN),
        ],
    );
    let output = protogate(dir.path(), &["fmt", "--diff"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(diff.starts_with("--- a/acme/v1/user.proto\n+++ b/acme/v1/user.proto\n@@ "));
    assert!(
        diff.contains("\n-syntax='proto3';\n+syntax = 'proto3';\n"),
        "{diff}"
    );
    assert!(
        !diff.contains("team.proto"),
        "unchanged files are not shown"
    );
    let output = protogate(dir.path(), &["fmt", "--diff", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), diff);
}

#[test]
fn write_rewrites_in_place_keeping_permissions_and_then_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("acme/v1/user.proto", UNFORMATTED),
            ("acme/v1/team.proto", CLEAN),
        ],
    );
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join("acme/v1/user.proto");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        0o640
    };
    let output = protogate(dir.path(), &["fmt", "-w"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(read(dir.path(), "acme/v1/user.proto"), FORMATTED);
    assert_eq!(read(dir.path(), "acme/v1/team.proto"), CLEAN);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = std::fs::metadata(dir.path().join("acme/v1/user.proto")).unwrap();
        assert_eq!(metadata.permissions().mode() & 0o777, mode);
    }
    assert!(temp_files(&dir.path().join("acme/v1")).is_empty());
    let output = protogate(dir.path(), &["fmt", "--check"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a file fmt wrote is formatted"
    );
}

#[test]
fn a_syntax_error_is_a_compile_error_and_no_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "syntax = \"proto3\";\nmessage {\n";
    write_tree(
        dir.path(),
        &[
            ("acme/v1/user.proto", UNFORMATTED),
            ("acme/v1/broken.proto", broken),
        ],
    );
    for flags in [&["-w"][..], &[], &["--check"], &["--diff"]] {
        let mut args = vec!["fmt"];
        args.extend_from_slice(flags);
        let output = protogate(dir.path(), &args);
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(1), "{flags:?}");
        assert_eq!(
            stderr(&output),
            "acme/v1/broken.proto:2:9: COMPILE expected an identifier, but found '{'\n"
        );
        assert_eq!(stdout(&output), "", "{flags:?}");
        assert_eq!(read(dir.path(), "acme/v1/user.proto"), UNFORMATTED);
        assert_eq!(read(dir.path(), "acme/v1/broken.proto"), broken);
    }
}

#[test]
fn every_comment_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let source = "// c01 license\n\n// c02 detached\n\nsyntax = \"proto3\"; // c03\n\
        /* c04 */ package acme.v1;\n// c05\nimport \"google/protobuf/empty.proto\"; // c06\n\
        message M { // c07\n  // c08\n  int32 a = 1 /* c09 */ [deprecated = true /* c10 */]; // c11\n\
        \n  // c12 detached\n\n  reserved 2, /* c13 */ 3;\n  option (x) = { // c14\n    a: 1 // c15\n\
        // c16\n    b { c: 2 }, // c17\n  };\n  // c18\n}\n// c19\n";
    write_tree(dir.path(), &[("acme/v1/m.proto", source)]);
    let output = protogate(dir.path(), &["fmt"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let formatted = stdout(&output);
    for number in 1..=19 {
        let tag = format!("c{number:02}");
        assert_eq!(formatted.matches(&tag).count(), 1, "{tag} in:\n{formatted}");
    }
    write_tree(dir.path(), &[("acme/v1/m.proto", &formatted)]);
    let output = protogate(dir.path(), &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(0), "idempotent:\n{formatted}");
}

#[test]
fn the_examples_are_formatted() {
    let output = protogate(&repo_root(), &["fmt", "--check", "examples"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
}

#[test]
fn bad_input_ends_with_a_message_never_a_panic() {
    let bad = repo_root().join("testdata/bad");
    let mut cases: Vec<_> = std::fs::read_dir(&bad)
        .expect("testdata/bad exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let output = protogate(&case, &["fmt", "--check"]);
        assert_no_panic(&output);
        let code = output.status.code();
        assert!(matches!(code, Some(0..=2)), "{}: {code:?}", case.display());
        if code != Some(0) && code != Some(1) || !stderr(&output).is_empty() {
            assert!(!stderr(&output).trim().is_empty(), "{}", case.display());
        }
    }
}
