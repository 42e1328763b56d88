//! Every `--error-format` on the same findings: the shape each CI system reads, the exit
//! code, the paths as typed, and the order.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{assert_no_panic, finding_keys, findings, protogate, stderr, stdout, write_tree};
use serde_json::Value;

const FORMATS: [&str; 7] = [
    "text",
    "json",
    "sarif",
    "github-actions",
    "junit",
    "gitlab-code-quality",
    "msvs",
];

/// A module at `sub/proto` with two files and four findings under the default rules.
fn bad_tree(dir: &Path) {
    write_tree(
        dir,
        &[
            ("sub/proto/buf.yaml", "version: v2\n"),
            (
                "sub/proto/acme/v1/b.proto",
                "syntax = \"proto3\";\npackage acme.v1;\nmessage bad_name {\n  string BadField = 1;\n}\n",
            ),
            (
                "sub/proto/acme/v1/a.proto",
                "syntax = \"proto3\";\npackage acme.v1;\nenum color {\n  COLOR_UNSPECIFIED = 0;\n}\nmessage Ok {\n  string Name = 1;\n}\n",
            ),
        ],
    );
}

/// The findings of `bad_tree`, as buf 1.75 reports them.
fn expected_keys() -> Vec<String> {
    let mut keys = vec![
        "sub/proto/acme/v1/a.proto:3:6 ENUM_PASCAL_CASE".to_string(),
        "sub/proto/acme/v1/a.proto:7:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        "sub/proto/acme/v1/b.proto:3:9 MESSAGE_PASCAL_CASE".to_string(),
        "sub/proto/acme/v1/b.proto:4:10 FIELD_LOWER_SNAKE_CASE".to_string(),
    ];
    keys.sort();
    keys
}

fn run_format(dir: &Path, format: &str) -> std::process::Output {
    let output = protogate(dir, &["lint", "sub/proto", "--error-format", format]);
    assert_no_panic(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{format}: findings exit 1; stderr: {}",
        stderr(&output)
    );
    assert!(stderr(&output).is_empty(), "{format}: {}", stderr(&output));
    output
}

/// `path:line:col RULE` from `path`, `line`, `col` and `rule` as printed.
fn key(path: &str, line: &str, col: &str, rule: &str) -> String {
    let line: u32 = line.parse().unwrap_or_else(|_| panic!("line {line:?}"));
    let col: u32 = col.parse().unwrap_or_else(|_| panic!("column {col:?}"));
    assert!(line >= 1 && col >= 1, "positions are 1-based");
    assert!(
        !rule.is_empty() && rule.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
        "rule id {rule:?}"
    );
    format!("{path}:{line}:{col} {rule}")
}

fn sorted(mut keys: Vec<String>) -> Vec<String> {
    keys.sort();
    keys
}

#[test]
fn json_lines_have_bufs_keys() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    let out = stdout(&run_format(dir.path(), "json"));
    for line in out.lines() {
        let value: Value = serde_json::from_str(line).expect("each line is one JSON object");
        let object = value.as_object().expect("an object");
        let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "path",
                "start_line",
                "start_column",
                "end_line",
                "end_column",
                "type",
                "message"
            ]),
            "{line}"
        );
        for number in ["start_line", "start_column", "end_line", "end_column"] {
            assert!(object[number].as_u64().is_some_and(|n| n >= 1), "{line}");
        }
        assert!(!object["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(finding_keys(&out), expected_keys());
}

#[test]
fn text_lines_are_path_line_col_rule_message() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    let out = stdout(&run_format(dir.path(), "text"));
    let mut keys = Vec::new();
    for line in out.lines() {
        let (location, rest) = line.split_once(": ").expect("`location: RULE message`");
        let mut parts = location.rsplitn(3, ':');
        let (col, line_no, path) = (
            parts.next().unwrap(),
            parts.next().expect("a line"),
            parts.next().expect("a path"),
        );
        let (rule, message) = rest.split_once(' ').expect("`RULE message`");
        assert!(!message.trim().is_empty(), "{line}");
        keys.push(key(path, line_no, col, rule));
    }
    assert_eq!(sorted(keys), expected_keys());
}

#[test]
fn sarif_is_2_1_0_with_every_fired_rule_described() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    let out = stdout(&run_format(dir.path(), "sarif"));
    let document: Value = serde_json::from_str(&out).expect("SARIF is one JSON document");
    assert_eq!(document["version"], "2.1.0");
    assert!(
        document["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif")),
        "$schema: {}",
        document["$schema"]
    );
    let run = &document["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "protogate");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let results = run["results"].as_array().expect("results");
    let mut keys = Vec::new();
    for result in results {
        let rule_id = result["ruleId"].as_str().expect("ruleId");
        assert!(rule_ids.contains(&rule_id), "{rule_id} not in {rule_ids:?}");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rule_ids[index], rule_id, "ruleIndex points at its rule");
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        let region = &location["region"];
        keys.push(key(
            uri,
            &region["startLine"].to_string(),
            &region["startColumn"].to_string(),
            rule_id,
        ));
    }
    let fired: BTreeSet<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(
        fired,
        rule_ids.iter().copied().collect(),
        "rules lists exactly the rules that fired"
    );
    assert_eq!(sorted(keys), expected_keys());
}

#[test]
fn github_actions_lines_are_error_commands() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    let out = stdout(&run_format(dir.path(), "github-actions"));
    let mut keys = Vec::new();
    for line in out.lines() {
        let rest = line.strip_prefix("::error file=").expect(line);
        let (properties, message) = rest.split_once("::").expect("`properties::message`");
        assert!(!message.is_empty(), "{line}");
        let mut fields = std::collections::HashMap::new();
        let (path, others) = properties.split_once(',').expect("file,then more");
        for pair in others.split(',') {
            let (name, value) = pair.split_once('=').expect("name=value");
            fields.insert(name, value);
        }
        keys.push(key(path, fields["line"], fields["col"], fields["title"]));
        assert!(fields.contains_key("endLine") && fields.contains_key("endColumn"));
    }
    assert_eq!(sorted(keys), expected_keys());
}

#[test]
fn junit_has_one_suite_per_file_and_one_failure_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    let out = stdout(&run_format(dir.path(), "junit"));
    assert!(out.starts_with("<?xml"), "{out}");
    assert!(out.contains("<testsuites>") && out.trim_end().ends_with("</testsuites>"));
    for file in ["sub/proto/acme/v1/a.proto", "sub/proto/acme/v1/b.proto"] {
        assert!(
            out.contains(&format!("<testsuite name=\"{file}\"")),
            "no suite for {file}:\n{out}"
        );
    }
    assert_eq!(out.matches("<failure ").count(), expected_keys().len());
    assert_eq!(
        out.matches("<testsuite ").count(),
        out.matches("</testsuite>").count()
    );
    assert_eq!(
        out.matches("<testcase ").count(),
        out.matches("</testcase>").count()
    );
    // Attribute values carry no raw quotes: the messages quote names, so they must be escaped.
    assert!(out.contains("&quot;"), "{out}");
    for rule in ["ENUM_PASCAL_CASE", "MESSAGE_PASCAL_CASE"] {
        assert!(out.contains(&format!("type=\"{rule}\"")), "{out}");
    }
}

#[test]
fn gitlab_code_quality_is_a_json_array_of_issues() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    let out = stdout(&run_format(dir.path(), "gitlab-code-quality"));
    let issues: Vec<Value> = serde_json::from_str(&out).expect("one JSON array");
    let mut fingerprints = BTreeSet::new();
    let mut keys = Vec::new();
    for issue in &issues {
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()));
        let fingerprint = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(!fingerprint.is_empty());
        fingerprints.insert(fingerprint.to_string());
        keys.push(format!(
            "{}:{} {}",
            issue["location"]["path"].as_str().expect("location.path"),
            issue["location"]["lines"]["begin"]
                .as_u64()
                .expect("location.lines.begin"),
            issue["check_name"].as_str().expect("check_name")
        ));
    }
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    let expected: Vec<String> = expected_keys()
        .iter()
        .map(|k| {
            let (location, rule) = k.split_once(' ').unwrap();
            let (path_line, _col) = location.rsplit_once(':').unwrap();
            format!("{path_line} {rule}")
        })
        .collect();
    assert_eq!(sorted(keys), sorted(expected));
}

#[test]
fn msvs_lines_are_path_paren_line_col_error_rule() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    let out = stdout(&run_format(dir.path(), "msvs"));
    let mut keys = Vec::new();
    for line in out.lines() {
        let (path, rest) = line.split_once('(').expect(line);
        let (position, rest) = rest.split_once(") : error ").expect(line);
        let (line_no, col) = position.split_once(',').expect("line,col");
        let (rule, message) = rest.split_once(" : ").expect("RULE : message");
        assert!(!message.is_empty());
        keys.push(key(path, line_no, col, rule));
    }
    assert_eq!(sorted(keys), expected_keys());
}

#[test]
fn every_format_reports_compile_errors() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "sub/proto/acme/v1/a.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nmessage A {\n  string a = 1\n}\n",
        )],
    );
    for format in FORMATS {
        let output = protogate(dir.path(), &["lint", "sub/proto", "--error-format", format]);
        assert_no_panic(&output);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let out = stdout(&output);
        assert!(out.contains("COMPILE"), "{format}: {out}");
        assert!(out.contains("sub/proto/acme/v1/a.proto"), "{format}: {out}");
    }
    let sarif: Value = serde_json::from_str(&stdout(&protogate(
        dir.path(),
        &["lint", "sub/proto", "--error-format", "sarif"],
    )))
    .unwrap();
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "COMPILE"
    );
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
}

#[test]
fn a_clean_tree_exits_0_with_no_findings_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "acme/v1/a.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nmessage Ok {\n  string name = 1;\n}\n",
        )],
    );
    for format in FORMATS {
        let output = protogate(dir.path(), &["lint", "--error-format", format]);
        assert_no_panic(&output);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stdout(&output)
        );
        assert!(stderr(&output).is_empty(), "{format}: {}", stderr(&output));
        let out = stdout(&output);
        match format {
            "text" | "json" | "github-actions" | "msvs" => {
                assert!(out.is_empty(), "{format} prints nothing: {out}")
            }
            "sarif" => {
                let document: Value = serde_json::from_str(&out).unwrap();
                assert_eq!(document["runs"][0]["results"], Value::Array(Vec::new()));
            }
            "gitlab-code-quality" => {
                let issues: Vec<Value> = serde_json::from_str(&out).unwrap();
                assert!(issues.is_empty());
            }
            "junit" => {
                assert!(out.contains("<testsuites>") && !out.contains("<failure"));
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn paths_are_relative_to_the_current_directory_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    for typed in ["sub/proto", "./sub/proto", "sub/proto/"] {
        let output = protogate(dir.path(), &["lint", typed, "--error-format", "json"]);
        assert_eq!(finding_keys(&stdout(&output)), expected_keys(), "{typed}");
    }
    // From inside the module, paths start at the module.
    let inside = protogate(
        &dir.path().join("sub/proto"),
        &["lint", "--error-format", "json"],
    );
    let keys = finding_keys(&stdout(&inside));
    let stripped: Vec<String> = expected_keys()
        .iter()
        .map(|k| k.strip_prefix("sub/proto/").unwrap().to_string())
        .collect();
    assert_eq!(keys, stripped);
    // From a sibling directory, `..` stays as typed.
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    let sibling = protogate(
        &dir.path().join("elsewhere"),
        &["lint", "../sub/proto", "--error-format", "json"],
    );
    for finding in findings(&stdout(&sibling)) {
        assert!(
            finding.path.starts_with("../sub/proto/acme/v1/"),
            "{}",
            finding.path
        );
    }
    assert_eq!(findings(&stdout(&sibling)).len(), expected_keys().len());
}

#[test]
fn output_is_sorted_and_deduplicated() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    // The same PATH twice yields each finding once.
    let twice = protogate(
        dir.path(),
        &["lint", "sub/proto", "sub/proto", "--error-format", "json"],
    );
    assert_eq!(twice.status.code(), Some(1));
    let found = findings(&stdout(&twice));
    assert_eq!(found.len(), expected_keys().len(), "{}", stdout(&twice));
    let order: Vec<(String, u64, u64)> = found
        .iter()
        .map(|f| (f.path.clone(), f.line, f.column))
        .collect();
    let mut sorted_order = order.clone();
    sorted_order.sort();
    assert_eq!(order, sorted_order, "sorted by path, line, column");
    // Text output follows the same order.
    let text = stdout(&protogate(dir.path(), &["lint", "sub/proto", "sub/proto"]));
    let text_paths: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
    let json_paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(text_paths, json_paths);
    let unique: BTreeSet<&str> = text.lines().collect();
    assert_eq!(unique.len(), text.lines().count());
}

/// Several PATHs are each linted, the last as well as the ones before it, whatever their
/// order: `bad_tree`'s findings and those of a second module both come out.
#[test]
fn every_path_given_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    write_tree(
        dir.path(),
        &[
            (
                "other/buf.yaml",
                "version: v2
",
            ),
            (
                "other/acme/v1/c.proto",
                "syntax = \"proto3\";\npackage acme.v1;\nmessage lower {}\n",
            ),
        ],
    );
    let mut expected = expected_keys();
    expected.push("other/acme/v1/c.proto:3:9 MESSAGE_PASCAL_CASE".to_string());
    expected.sort();
    for paths in [["sub/proto", "other"], ["other", "sub/proto"]] {
        let output = protogate(
            dir.path(),
            &["lint", paths[0], paths[1], "--error-format", "json"],
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "{paths:?}: {}",
            stderr(&output)
        );
        assert_eq!(finding_keys(&stdout(&output)), expected, "{paths:?}");
    }
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    bad_tree(dir.path());
    let output = protogate(dir.path(), &["lint", "sub/proto", "--error-format", "xml"]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("xml"), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
}

/// Many findings, so that the output is larger than a pipe buffer.
fn big_tree(dir: &Path) {
    let mut source = String::from("syntax = \"proto3\";\npackage big.v1;\nmessage M {\n");
    for i in 1..=3000 {
        source.push_str(&format!("  string BadField{i} = {i};\n"));
    }
    source.push_str("}\n");
    write_tree(dir, &[("big/v1/m.proto", &source)]);
}

/// `protogate lint ... | head -1`: the reader goes away after one line.
fn read_one_line_then_close(dir: &Path, args: &[&str]) -> (String, std::process::Output) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_protogate"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn protogate");
    let mut first = String::new();
    {
        let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        reader.read_line(&mut first).expect("read a line");
    } // dropping the reader closes the pipe
    let output = child.wait_with_output().expect("wait for protogate");
    (first, output)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    big_tree(dir.path());
    let examples = common::repo_root();
    let cases: [(&Path, Vec<&str>); 3] = [
        (examples.as_path(), vec!["lint", "examples/bad"]),
        (dir.path(), vec!["lint"]),
        (dir.path(), vec!["lint", "--error-format", "sarif"]),
    ];
    for (cwd, args) in cases {
        let (first, output) = read_one_line_then_close(cwd, &args);
        assert!(!first.is_empty(), "{args:?}: a first line was printed");
        let err = stderr(&output);
        assert_no_panic(&output);
        assert!(
            !err.to_lowercase().contains("broken pipe") && err.is_empty(),
            "{args:?}: {err}"
        );
        assert!(
            matches!(output.status.code(), Some(0) | Some(1)),
            "{args:?}: {:?}",
            output.status
        );
    }
}

/// Undoes the percent-encoding of a URI reference.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("two hex digits"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn paths_with_spaces_and_separators_survive_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = "my protos,v2 (old)/acme/v1/a.proto";
    write_tree(
        dir.path(),
        &[(
            file,
            "syntax = \"proto3\";\npackage acme.v1;\nmessage Ok {\n  string BadName = 1;\n}\n",
        )],
    );
    let root = "my protos,v2 (old)";
    let json = stdout(&protogate(
        dir.path(),
        &["lint", root, "--error-format", "json"],
    ));
    assert_eq!(
        finding_keys(&json),
        vec![format!("{file}:4:10 FIELD_LOWER_SNAKE_CASE")]
    );

    let sarif: Value = serde_json::from_str(&stdout(&protogate(
        dir.path(),
        &["lint", root, "--error-format", "sarif"],
    )))
    .unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .expect("uri");
    assert!(
        !uri.contains(' ') && !uri.contains('"'),
        "a SARIF uri is a URI reference, percent-encoded: {uri}"
    );
    assert_eq!(percent_decode(uri), file);

    let github = stdout(&protogate(
        dir.path(),
        &["lint", root, "--error-format", "github-actions"],
    ));
    let property = github
        .strip_prefix("::error file=")
        .and_then(|rest| rest.split(',').next())
        .expect(&github);
    assert_eq!(percent_decode(property), file, "{github}");

    let msvs = stdout(&protogate(
        dir.path(),
        &["lint", root, "--error-format", "msvs"],
    ));
    assert!(
        msvs.starts_with(&format!("{file}(4,10) : error ")),
        "{msvs}"
    );
}

#[test]
fn a_pipe_closed_before_anything_is_written_is_not_an_error() {
    let repo = common::repo_root();
    let commands: [&[&str]; 5] = [
        &["lint", "examples/bad"],
        &["lint", "examples/bad", "--error-format", "sarif"],
        &["rules"],
        &["rules", "--kind", "lint", "--format", "json"],
        &["explain", "FIELD_LOWER_SNAKE_CASE"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_protogate"))
            .args(args)
            .current_dir(&repo)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("run protogate");
        assert_no_panic(&output);
        let err = stderr(&output);
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(
            matches!(output.status.code(), Some(0) | Some(1)),
            "{args:?}: {:?}",
            output.status
        );
    }
}
