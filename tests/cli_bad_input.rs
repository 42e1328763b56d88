//! Bad input gets a clear error and nothing is lost (DESIGN.md §4): proto problems are
//! `COMPILE` findings with exit 1, tool failures a one-line message with exit 2, and nothing
//! ever panics.

mod common;

use std::path::Path;
use std::process::Output;

use common::{
    Finding, assert_no_panic, finding_keys, findings, protogate, stderr, stdout, write_bytes,
    write_tree,
};

const HEADER: &str = "syntax = \"proto3\";\npackage acme.v1;\n";

/// Lints `dir` with JSON output and checks what every run owes: no panic, exit 1, and
/// findings on stdout only.
fn lint_findings(dir: &Path, args: &[&str]) -> Vec<Finding> {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--error-format", "json"]);
    let output = protogate(dir, &all);
    assert_no_panic(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    findings(&stdout(&output))
}

/// The COMPILE findings, checking there is at least one.
fn compile_errors(dir: &Path, args: &[&str]) -> Vec<Finding> {
    let all = lint_findings(dir, args);
    let compile: Vec<Finding> = all.into_iter().filter(|f| f.rule == "COMPILE").collect();
    assert!(!compile.is_empty(), "expected a COMPILE finding");
    compile
}

/// One COMPILE finding in `path` at `line` (and `column` when given), whose message says
/// `words`. The text output says the same on one line.
fn assert_one_compile_error(
    dir: &Path,
    path: &str,
    line: u64,
    column: Option<u64>,
    words: &str,
) -> Finding {
    let errors = compile_errors(dir, &[]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors.into_iter().next().unwrap();
    assert_eq!(error.path, path, "{error:?}");
    assert_eq!(error.line, line, "{error:?}");
    if let Some(column) = column {
        assert_eq!(error.column, column, "{error:?}");
    }
    assert!(
        error.message.contains(words),
        "{:?} should say {words:?}",
        error.message
    );
    assert!(
        !error.message.contains('\n'),
        "one line: {:?}",
        error.message
    );
    let text = stdout(&protogate(dir, &["lint"]));
    let prefix = format!("{path}:{line}:{}: COMPILE ", error.column);
    assert!(
        text.lines().any(|l| l.starts_with(&prefix)),
        "{prefix} in\n{text}"
    );
    error
}

/// A tool failure: exit 2, nothing on stdout, one `protogate: ...` line on stderr that
/// contains each of `words`.
fn assert_tool_error(output: &Output, words: &[&str]) {
    assert_no_panic(output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "stdout: {}\nstderr: {}",
        stdout(output),
        stderr(output)
    );
    assert!(stdout(output).is_empty(), "{}", stdout(output));
    let err = stderr(output);
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("protogate: "), "{err}");
    for word in words {
        assert!(err.contains(word), "{word:?} in {err}");
    }
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), files);
    dir
}

#[test]
fn a_syntax_error_at_the_start_of_a_file() {
    let dir = tree(&[("a.proto", "synax = \"proto3\";\npackage acme.v1;\n")]);
    assert_one_compile_error(dir.path(), "a.proto", 1, Some(1), "synax");
}

#[test]
fn a_syntax_error_in_the_middle_of_a_file() {
    let dir = tree(&[(
        "acme/v1/a.proto",
        &format!("{HEADER}message M {{\n  int32 x = 1\n  int32 y = 2;\n}}\n"),
    )]);
    assert_one_compile_error(dir.path(), "acme/v1/a.proto", 5, Some(3), "expected ';'");
}

#[test]
fn a_syntax_error_at_the_end_of_a_file_points_at_the_end() {
    let dir = tree(&[(
        "acme/v1/a.proto",
        &format!("{HEADER}\nmessage M {{\n  int32 x = 1;\n\n"),
    )]);
    // The file ends inside the message: the error is at the end, not at 1:1.
    let error = assert_one_compile_error(dir.path(), "acme/v1/a.proto", 5, None, "end of file");
    assert!(error.column > 1, "{error:?}");
}

#[test]
fn a_missing_import_names_the_import() {
    let dir = tree(&[(
        "acme/v1/a.proto",
        &format!("{HEADER}\nimport \"acme/v1/missing.proto\";\n"),
    )]);
    assert_one_compile_error(
        dir.path(),
        "acme/v1/a.proto",
        4,
        Some(1),
        "acme/v1/missing.proto",
    );
}

#[test]
fn an_import_cycle_points_at_the_imports() {
    let dir = tree(&[
        (
            "acme/v1/a.proto",
            &format!("{HEADER}import \"acme/v1/b.proto\";\n"),
        ),
        (
            "acme/v1/b.proto",
            &format!("{HEADER}\nimport \"acme/v1/a.proto\";\n"),
        ),
    ]);
    let errors = compile_errors(dir.path(), &[]);
    for error in &errors {
        assert!(error.message.contains("import cycle"), "{error:?}");
    }
    // Each finding sits on the import statement that closes the cycle.
    let keys: Vec<String> = errors
        .iter()
        .map(|e| format!("{}:{}:{}", e.path, e.line, e.column))
        .collect();
    assert!(
        keys.contains(&"acme/v1/b.proto:4:1".to_string()),
        "{errors:#?}"
    );
    assert!(
        keys.iter()
            .all(|k| k != "acme/v1/a.proto:1:1" && k != "acme/v1/b.proto:1:1")
    );
}

#[test]
fn a_duplicate_symbol_names_both_files() {
    let dir = tree(&[
        ("acme/v1/a.proto", &format!("{HEADER}message M {{}}\n")),
        ("acme/v1/b.proto", &format!("{HEADER}\nmessage M {{}}\n")),
    ]);
    let error = assert_one_compile_error(dir.path(), "acme/v1/b.proto", 4, Some(9), "acme.v1.M");
    assert!(error.message.contains("acme/v1/a.proto"), "{error:?}");
}

#[test]
fn an_empty_file_compiles_and_is_linted() {
    let dir = tree(&[("empty.proto", "")]);
    let found = lint_findings(dir.path(), &[]);
    let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["PACKAGE_DEFINED", "SYNTAX_SPECIFIED"], "{found:#?}");
    assert!(found.iter().all(|f| f.path == "empty.proto" && f.line == 1));
    // It also builds.
    let out = dir.path().join("out.binpb");
    let build = protogate(dir.path(), &["build", ".", "-o", out.to_str().unwrap()]);
    assert_no_panic(&build);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(out.is_file());
}

#[test]
fn a_file_with_only_a_byte_order_mark_is_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    write_bytes(dir.path(), "bom.proto", b"\xEF\xBB\xBF");
    let found = lint_findings(dir.path(), &[]);
    let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["PACKAGE_DEFINED", "SYNTAX_SPECIFIED"], "{found:#?}");
}

#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("\u{feff}{HEADER}message M {{\n  string BadName = 1;\n}}\n");
    write_bytes(dir.path(), "acme/v1/a.proto", source.as_bytes());
    let found = lint_findings(dir.path(), &[]);
    assert_eq!(
        finding_keys(&stdout(&protogate(
            dir.path(),
            &["lint", "--error-format", "json"]
        ))),
        vec!["acme/v1/a.proto:4:10 FIELD_LOWER_SNAKE_CASE"],
        "{found:#?}"
    );
}

#[test]
fn a_binary_file_is_reported_and_the_other_files_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    write_bytes(
        dir.path(),
        "acme/v1/blob.proto",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
    );
    write_tree(
        dir.path(),
        &[(
            "acme/v1/ok.proto",
            &format!("{HEADER}message M {{\n  string BadName = 1;\n}}\n"),
        )],
    );
    let found = lint_findings(dir.path(), &[]);
    let blob: Vec<&Finding> = found
        .iter()
        .filter(|f| f.path == "acme/v1/blob.proto")
        .collect();
    assert_eq!(blob.len(), 1, "{found:#?}");
    assert_eq!(blob[0].rule, "COMPILE");
    assert!(blob[0].message.contains("UTF-8"), "{:?}", blob[0]);
    assert!(
        found
            .iter()
            .any(|f| f.path == "acme/v1/ok.proto" && f.rule == "FIELD_LOWER_SNAKE_CASE"),
        "{found:#?}"
    );
}

#[test]
fn a_non_utf8_string_literal_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut source = format!("{HEADER}message M {{\n  string s = 1 [json_name = \"").into_bytes();
    source.extend_from_slice(b"caf\xe9\"];\n}\n");
    write_bytes(dir.path(), "acme/v1/latin1.proto", &source);
    let errors = compile_errors(dir.path(), &[]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, "acme/v1/latin1.proto");
    assert!(errors[0].message.contains("UTF-8"), "{:?}", errors[0]);
    assert_eq!(
        errors[0].line, 4,
        "the line of the invalid byte: {:?}",
        errors[0]
    );
}

#[test]
fn out_of_range_field_numbers_are_compile_errors() {
    for (number, words) in [
        ("0", "between 1 and 536870911"),
        ("-1", "between 1 and 536870911"),
        ("536870912", "between 1 and 536870911"),
        ("19000", "19000"),
        ("19999", "19999"),
    ] {
        let dir = tree(&[(
            "acme/v1/a.proto",
            &format!("{HEADER}message M {{\n  int32 x = {number};\n}}\n"),
        )]);
        let error = assert_one_compile_error(dir.path(), "acme/v1/a.proto", 4, Some(13), words);
        if number.starts_with("19") {
            assert!(
                error.message.contains("reserved"),
                "say why {number} is refused: {error:?}"
            );
        }
    }
}

#[test]
fn an_edition_file_says_editions_are_not_supported() {
    let dir = tree(&[(
        "acme/v1/a.proto",
        "// Copyright\n/* block */\nedition = \"2023\";\npackage acme.v1;\nmessage M {\n  int32 x = 1;\n}\n",
    )]);
    let error = assert_one_compile_error(
        dir.path(),
        "acme/v1/a.proto",
        3,
        Some(1),
        "editions (edition = \"2023\") are not supported yet",
    );
    assert!(
        error.message.contains("syntax = \"proto3\""),
        "say what to do instead: {error:?}"
    );
}

#[test]
fn a_config_with_a_typo_key_names_the_closest_key() {
    for (config, typo, suggestion) in [
        (
            "version: v2\nlnit:\n  use: [STANDARD]\n",
            "lnit",
            "\"lint\"",
        ),
        (
            "version: v2\nlint:\n  excpet: [COMMENTS]\n",
            "excpet",
            "\"except\"",
        ),
        (
            "version: v1\nlint:\n  alow_comment_ignores: true\n",
            "alow_comment_ignores",
            "\"allow_comment_ignores\"",
        ),
    ] {
        let dir = tree(&[
            ("buf.yaml", config),
            ("acme/v1/a.proto", &format!("{HEADER}message M {{}}\n")),
        ]);
        let output = protogate(dir.path(), &["lint"]);
        assert_tool_error(
            &output,
            &["buf.yaml", typo, &format!("did you mean {suggestion}?")],
        );
        assert!(
            !stderr(&output).contains("./buf.yaml"),
            "the config path as the user would type it: {}",
            stderr(&output)
        );
    }
}

#[test]
fn an_unknown_rule_id_names_the_config_and_the_closest_rule() {
    for config in [
        "version: v2\nlint:\n  use: [FIELD_LOWER_SNAKE]\n",
        "version: v2\nlint:\n  except: [FIELD_LOWER_SNAKE]\n",
        "version: v2\nlint:\n  ignore_only:\n    FIELD_LOWER_SNAKE: [acme]\n",
    ] {
        let dir = tree(&[
            ("buf.yaml", config),
            ("acme/v1/a.proto", &format!("{HEADER}message M {{}}\n")),
        ]);
        assert_tool_error(
            &protogate(dir.path(), &["lint"]),
            &[
                "buf.yaml",
                "FIELD_LOWER_SNAKE",
                "did you mean \"FIELD_LOWER_SNAKE_CASE\"?",
            ],
        );
    }
}

#[test]
fn a_config_error_wins_over_compile_errors() {
    // The config is checked before any file is compiled: a broken config is exit 2 even
    // when the protos do not compile.
    let dir = tree(&[
        (
            "buf.yaml",
            "version: v2\nlint:\n  use: [FIELD_LOWER_SNAKE]\n",
        ),
        ("acme/v1/a.proto", "this is not proto\n"),
    ]);
    assert_tool_error(
        &protogate(dir.path(), &["lint"]),
        &["buf.yaml", "FIELD_LOWER_SNAKE"],
    );
}

#[test]
fn invalid_yaml_names_the_config_and_its_line() {
    let dir = tree(&[
        ("protogate.yaml", "version: v2\nlint:\n  use: [STANDARD\n"),
        ("acme/v1/a.proto", &format!("{HEADER}message M {{}}\n")),
    ]);
    assert_tool_error(
        &protogate(dir.path(), &["lint"]),
        &["protogate.yaml", "invalid YAML", "line"],
    );
}

#[test]
fn a_config_given_with_config_is_read_and_checked() {
    let dir = tree(&[
        ("cfg/strict.yaml", "version: v2\nlint:\n  use: [COMMENTS]\n"),
        ("cfg/typo.yaml", "version: v2\nlint:\n  uses: [COMMENTS]\n"),
        ("acme/v1/a.proto", &format!("{HEADER}message M {{}}\n")),
    ]);
    let found = lint_findings(dir.path(), &["--config", "cfg/strict.yaml"]);
    assert_eq!(
        found.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(),
        ["COMMENT_MESSAGE"]
    );
    assert_tool_error(
        &protogate(dir.path(), &["lint", "--config", "cfg/typo.yaml"]),
        &["cfg/typo.yaml", "did you mean \"use\"?"],
    );
    assert_tool_error(
        &protogate(dir.path(), &["lint", "--config", "cfg/missing.yaml"]),
        &["cfg/missing.yaml"],
    );
}

#[test]
fn a_path_that_does_not_exist_is_a_tool_error() {
    let dir = tree(&[("acme/v1/a.proto", &format!("{HEADER}message M {{}}\n"))]);
    assert_tool_error(
        &protogate(dir.path(), &["lint", "no/such/dir"]),
        &["no/such/dir"],
    );
    assert_tool_error(
        &protogate(dir.path(), &["lint", "acme/v1/nope.proto"]),
        &["acme/v1/nope.proto"],
    );
}

#[test]
fn a_file_path_that_is_not_a_proto_is_a_tool_error() {
    let dir = tree(&[("notes.txt", "hello\n")]);
    assert_tool_error(
        &protogate(dir.path(), &["lint", "notes.txt"]),
        &["notes.txt", ".proto"],
    );
}

#[test]
fn a_module_path_that_is_missing_is_a_tool_error() {
    let dir = tree(&[("buf.yaml", "version: v2\nmodules:\n  - path: proto\n")]);
    assert_tool_error(&protogate(dir.path(), &["lint"]), &["buf.yaml", "proto"]);
}

#[test]
fn bad_flags_are_usage_errors() {
    let dir = tree(&[("acme/v1/a.proto", &format!("{HEADER}message M {{}}\n"))]);
    let output = protogate(dir.path(), &["lint", "--no-such-flag"]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--no-such-flag"));
    let output = protogate(dir.path(), &["build", "."]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(2), "build needs -o");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 10_000;
    let mut source = String::from(HEADER);
    for i in 0..depth {
        source.push_str(&format!("message M{i} {{\n"));
    }
    for _ in 0..depth {
        source.push_str("}\n");
    }
    let dir = tree(&[("acme/v1/deep.proto", &source)]);
    let output = protogate(dir.path(), &["lint", "--error-format", "json"]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let found = findings(&stdout(&output));
    assert!(
        found
            .iter()
            .any(|f| f.rule == "COMPILE" && f.path == "acme/v1/deep.proto" && f.line > 1),
        "{:#?}",
        &found[..found.len().min(5)]
    );
}

#[test]
fn overlapping_reserved_ranges_and_reserved_names_are_compile_errors() {
    // Positions and cases as protoc and buf report them.
    for (body, line, column, words) in [
        (
            "message M {\n  reserved 1 to 5;\n  reserved 3 to 8;\n}\n",
            5,
            12,
            "reserved range 3 to 8 overlaps reserved range 1 to 5",
        ),
        (
            "message M {\n  message N { reserved 1 to 3, 2 to max; }\n}\n",
            4,
            32,
            "overlaps",
        ),
        (
            "enum E {\n  E_UNSPECIFIED = 0;\n  reserved 1 to 5;\n  reserved 5;\n}\n",
            6,
            12,
            "reserved range 5 overlaps reserved range 1 to 5",
        ),
        (
            "message M {\n  reserved \"a\";\n  int32 a = 1;\n}\n",
            5,
            9,
            "field name \"a\" is reserved",
        ),
        (
            "enum E {\n  E_UNSPECIFIED = 0;\n  reserved \"E_A\";\n  E_A = 3;\n}\n",
            6,
            3,
            "enum value name \"E_A\" is reserved",
        ),
    ] {
        let dir = tree(&[("acme/v1/a.proto", &format!("{HEADER}{body}"))]);
        assert_one_compile_error(dir.path(), "acme/v1/a.proto", line, Some(column), words);
    }
}
