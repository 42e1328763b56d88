//! `// protogate:allow-breaking RULE_ID reason`: a reviewed break passes, and stays visible
//! with its reason in every output format.

mod common;

use std::process::Output;

use common::{assert_no_panic, findings, protogate, stderr, stdout, write_tree};

const PREVIOUS: &str = r#"syntax = "proto3";

package acme.users.v1;

message User {
  int32 id = 1;
  string name = 2;
  message Address {
    string street = 1;
    string city = 2;
  }
  Address address = 3;
}

enum Role {
  ROLE_UNSPECIFIED = 0;
  ROLE_ADMIN = 1;
}
"#;

/// Field 1 changes type, fields 2 and Address.2 are deleted, ROLE_ADMIN is deleted. Each
/// break is approved: on the field itself, on the message (for a deletion, and for the
/// nested message's deletion too), and on the enum.
const APPROVED: &str = r#"syntax = "proto3";

package acme.users.v1;

// Users of the directory.
// protogate:allow-breaking FIELD_NO_DELETE name moved to the Profile service in v1.4
message User {
  // protogate:allow-breaking FIELD_SAME_TYPE ids were always decimal strings on the wire
  string id = 1;
  message Address {
    string street = 1;
  }
  Address address = 3;
}

// protogate:allow-breaking ENUM_VALUE_NO_DELETE admins are a separate service now
enum Role {
  ROLE_UNSPECIFIED = 0;
}
"#;

fn run(current: &str, format: &str) -> Output {
    run_against(PREVIOUS, current, format)
}

/// `breaking` on `current` against `previous`, each the one file of its module.
fn run_against(previous: &str, current: &str, format: &str) -> Output {
    run_configured(previous, current, None, format)
}

/// `run_against`, with `config` as the current module's buf.yaml when given.
fn run_configured(previous: &str, current: &str, config: Option<&str>, format: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![
        ("previous/acme/users/v1/user.proto", previous),
        ("current/acme/users/v1/user.proto", current),
    ];
    files.extend(config.map(|config| ("current/buf.yaml", config)));
    write_tree(dir.path(), &files);
    let output = protogate(
        &dir.path().join("current"),
        &[
            "breaking",
            "--against",
            "../previous",
            "--error-format",
            format,
        ],
    );
    assert_no_panic(&output);
    output
}

/// The run failed with exit code 2 and one error, at `line` of the current file, that
/// says `problem`.
fn assert_directive_error(output: &Output, line: u32, problem: &str) -> String {
    assert_eq!(output.status.code(), Some(2), "{}", stdout(output));
    let err = stderr(output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("protogate: acme/users/v1/user.proto:{line}:")),
        "{err}"
    );
    assert!(err.contains(problem), "{err}");
    err
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

#[test]
fn every_finding_approved_exits_0_and_json_carries_the_reasons() {
    let output = run(APPROVED, "json");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines = json_lines(&output);
    let mut approved: Vec<(String, String)> = lines
        .iter()
        .map(|line| {
            assert_eq!(line["allowed"], serde_json::json!(true), "{line}");
            (
                line["type"].as_str().unwrap().to_string(),
                line["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    approved.sort();
    assert_eq!(
        approved,
        [
            ("ENUM_VALUE_NO_DELETE", "admins are a separate service now"),
            (
                "FIELD_NO_DELETE",
                "name moved to the Profile service in v1.4"
            ),
            (
                "FIELD_NO_DELETE",
                "name moved to the Profile service in v1.4"
            ),
            (
                "FIELD_SAME_TYPE",
                "ids were always decimal strings on the wire"
            ),
        ]
        .map(|(rule, reason)| (rule.to_string(), reason.to_string()))
    );
    // The nested deletion is reported on Address, approved by the enclosing User.
    let keys: Vec<String> = findings(&stdout(&output))
        .iter()
        .map(|f| format!("{}:{} {}", f.line, f.column, f.rule))
        .collect();
    assert!(
        keys.contains(&"10:3 FIELD_NO_DELETE".to_string()),
        "{keys:?}"
    );
}

#[test]
fn one_finding_not_approved_exits_1() {
    let current = APPROVED.replace(
        "  // protogate:allow-breaking FIELD_SAME_TYPE ids were always decimal strings on the wire\n",
        "",
    );
    let output = run(&current, "json");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines = json_lines(&output);
    let not_approved: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|line| line.get("allowed").is_none())
        .collect();
    assert_eq!(not_approved.len(), 1, "{lines:?}");
    assert_eq!(not_approved[0]["type"], "FIELD_SAME_TYPE");
    assert!(not_approved[0].get("reason").is_none());
    assert_eq!(lines.len(), 4, "{lines:?}");
}

#[test]
fn an_approval_for_another_rule_does_not_approve() {
    let current = APPROVED.replace(
        "allow-breaking FIELD_SAME_TYPE ids",
        "allow-breaking FIELD_SAME_JSON_NAME ids",
    );
    let output = run(&current, "json");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines = json_lines(&output);
    let same_type = lines
        .iter()
        .find(|line| line["type"] == "FIELD_SAME_TYPE")
        .expect("FIELD_SAME_TYPE reported");
    assert!(same_type.get("allowed").is_none(), "{same_type}");
}

#[test]
fn sarif_marks_approved_results_as_suppressed_in_source() {
    let output = run(APPROVED, "sarif");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let log: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 4);
    let same_type = results
        .iter()
        .find(|r| r["ruleId"] == "FIELD_SAME_TYPE")
        .expect("FIELD_SAME_TYPE result");
    assert_eq!(
        same_type["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "justification": "ids were always decimal strings on the wire"
        }])
    );
    for result in results {
        assert_eq!(result["suppressions"][0]["kind"], "inSource", "{result}");
    }
}

#[test]
fn text_ends_with_the_reason_and_github_actions_uses_notices() {
    let text = run(APPROVED, "text");
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let lines: Vec<String> = stdout(&text).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines.contains(&"acme/users/v1/user.proto:9:3: FIELD_SAME_TYPE Field \"1\" on message \"User\" changed type from \"int32\" to \"string\". (allowed: ids were always decimal strings on the wire)".to_string()),
        "{lines:?}"
    );
    for line in &lines {
        assert!(
            line.ends_with(')') && line.contains(" (allowed: "),
            "{line}"
        );
    }
    let github = run(APPROVED, "github-actions");
    assert_eq!(github.status.code(), Some(0), "{}", stderr(&github));
    let lines: Vec<String> = stdout(&github).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    for line in &lines {
        assert!(
            line.starts_with("::notice file=acme/users/v1/user.proto,"),
            "{line}"
        );
        assert!(line.contains("(allowed: "), "{line}");
    }
    // Without the approvals the same findings are errors.
    let unapproved = run(
        &APPROVED
            .lines()
            .filter(|line| !line.contains("protogate:allow-breaking"))
            .map(|line| format!("{line}\n"))
            .collect::<String>(),
        "github-actions",
    );
    assert_eq!(unapproved.status.code(), Some(1));
    assert!(
        stdout(&unapproved)
            .lines()
            .all(|line| line.starts_with("::error ")),
        "{}",
        stdout(&unapproved)
    );
}

#[test]
fn a_directive_without_a_reason_is_an_error_naming_its_line() {
    let current = APPROVED.replace(
        "allow-breaking ENUM_VALUE_NO_DELETE admins are a separate service now",
        "allow-breaking ENUM_VALUE_NO_DELETE",
    );
    let output = run(&current, "json");
    assert_eq!(stdout(&output), "");
    // The directive is on line 16, just above `enum Role`.
    let err = assert_directive_error(&output, 16, "gives no reason");
    assert!(err.contains("ENUM_VALUE_NO_DELETE"), "{err}");
}

/// On a message, a malformed directive fails the elements inside it too: with field rules
/// alone selected, the message itself is never compared, and the directive is found as the
/// enclosing scope of its changed field.
#[test]
fn a_directive_without_a_reason_on_an_enclosing_message_is_an_error() {
    let current = APPROVED.replace(
        "allow-breaking FIELD_NO_DELETE name moved to the Profile service in v1.4",
        "allow-breaking FIELD_NO_DELETE",
    );
    let config = "version: v2\nbreaking:\n  use: [FIELD_SAME_TYPE]\n";
    let output = run_configured(PREVIOUS, &current, Some(config), "text");
    // The directive is on line 6, just above `message User`.
    assert_directive_error(&output, 6, "gives no reason");
}

#[test]
fn a_directive_with_no_rule_is_an_error() {
    let current = APPROVED.replace(
        "// protogate:allow-breaking FIELD_SAME_TYPE ids were always decimal strings on the wire",
        "// protogate:allow-breaking",
    );
    let output = run(&current, "text");
    assert_directive_error(&output, 8, "names no rule");
}

/// A break reported at a file option is approved by a directive written above that option
/// statement, and a plain comment there approves nothing.
#[test]
fn an_approval_above_an_option_approves_the_break_reported_there() {
    let previous = "syntax = \"proto3\";\npackage acme.users.v1;\n\
                    option go_package = \"example.com/users/v1;usersv1\";\n";
    let current = |comment: &str| {
        format!(
            "syntax = \"proto3\";\npackage acme.users.v1;\n// {comment}\n\
             option go_package = \"example.com/accounts/v1;usersv1\";\n"
        )
    };
    let check = |comment: &str| run_against(previous, &current(comment), "json");
    let approved = check("protogate:allow-breaking FILE_SAME_GO_PACKAGE the module moved");
    assert_eq!(approved.status.code(), Some(0), "{}", stderr(&approved));
    let lines = json_lines(&approved);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["type"], "FILE_SAME_GO_PACKAGE");
    assert_eq!(lines[0]["start_line"], 4);
    assert_eq!(lines[0]["reason"], "the module moved");
    let documented = check("Where the Go code lives.");
    assert_eq!(documented.status.code(), Some(1), "{}", stderr(&documented));
    let lines = json_lines(&documented);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].get("allowed").is_none(), "{}", lines[0]);
}

/// A message of 2,500 fields, more than the engine checks in one block (1,024 field pairs),
/// whose fields all have `field_type`; `directives` puts a comment line above some fields.
/// Returns the file and the line of each field.
fn many_fields(field_type: &str, directives: &[(u32, &str)]) -> (String, Vec<u32>) {
    let mut text =
        String::from("syntax = \"proto3\";\n\npackage acme.users.v1;\n\nmessage User {\n");
    let mut lines = Vec::new();
    let mut line = 6;
    for number in 1..=2500u32 {
        if let Some((_, directive)) = directives.iter().find(|(at, _)| *at == number) {
            text.push_str(&format!("  // {directive}\n"));
            line += 1;
        }
        text.push_str(&format!("  {field_type} f{number} = {number};\n"));
        lines.push(line);
        line += 1;
    }
    text.push_str("}\n");
    (text, lines)
}

#[test]
fn approvals_apply_in_every_block_of_a_large_message() {
    let (previous, _) = many_fields("int32", &[]);
    let approve = "protogate:allow-breaking FIELD_SAME_TYPE ids became strings";
    let (current, lines) =
        many_fields("string", &[(10, approve), (1500, approve), (2300, approve)]);
    let output = run_against(&previous, &current, "json");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let same_type: Vec<serde_json::Value> = json_lines(&output)
        .into_iter()
        .filter(|line| line["type"] == "FIELD_SAME_TYPE")
        .collect();
    let reported: Vec<u64> = same_type
        .iter()
        .map(|line| line["start_line"].as_u64().unwrap())
        .collect();
    let expected: Vec<u64> = lines.iter().map(|&line| u64::from(line)).collect();
    // The output is sorted by position, so this checks that every field is reported once.
    assert_eq!(reported, expected, "one finding per field");
    let approved: Vec<u64> = same_type
        .iter()
        .filter(|line| line["allowed"] == serde_json::json!(true))
        .map(|line| line["start_line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        approved,
        [lines[9], lines[1499], lines[2299]].map(u64::from)
    );
}

#[test]
fn the_first_malformed_directive_of_a_large_message_is_the_error() {
    let (previous, _) = many_fields("int32", &[]);
    let malformed = "protogate:allow-breaking FIELD_SAME_TYPE";
    let (current, lines) = many_fields("string", &[(1100, malformed), (2400, malformed)]);
    let output = run_against(&previous, &current, "json");
    assert_eq!(stdout(&output), "");
    // The directive is on the line above field 1100, in the second block of fields.
    assert_directive_error(&output, lines[1099] - 1, "gives no reason");
}
