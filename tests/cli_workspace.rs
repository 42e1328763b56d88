//! Which files a run sees and which rules apply to them: excludes, .gitignore, skipped
//! directories, single files, workspaces, ignores and comment ignores. Where unsure, the
//! behaviour is buf 1.75's.

mod common;

use std::path::Path;

use common::{
    assert_no_panic, finding_keys, findings, protogate, repo_root, stderr, stdout, write_tree,
};

/// A proto in package `package` with one FIELD_LOWER_SNAKE_CASE violation at 4:10.
fn bad_field(package: &str) -> String {
    format!("syntax = \"proto3\";\npackage {package};\nmessage M {{\n  string BadName = 1;\n}}\n")
}

/// Lints with JSON output from `dir` and returns the finding keys, checking the exit code
/// agrees with them.
fn lint_keys(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--error-format", "json"]);
    let output = protogate(dir, &all);
    assert_no_panic(&output);
    let keys = finding_keys(&stdout(&output));
    let expected_code = if keys.is_empty() { 0 } else { 1 };
    assert_eq!(
        output.status.code(),
        Some(expected_code),
        "{keys:#?}\nstderr: {}",
        stderr(&output)
    );
    keys
}

fn field_key(path: &str) -> String {
    format!("{path}:4:10 FIELD_LOWER_SNAKE_CASE")
}

#[test]
fn exclude_path_leaves_out_directories_and_files() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("proto/acme/v1/a.proto", &bad_field("acme.v1")),
            (
                "proto/acme/v1/skip.proto",
                &bad_field("acme.v1").replace(" M ", " N "),
            ),
            ("proto/vendor/v1/v.proto", &bad_field("vendor.v1")),
        ],
    );
    assert_eq!(
        lint_keys(dir.path(), &["proto"]).len(),
        3,
        "all three files are linted without excludes"
    );
    for (vendor, skip) in [
        ("proto/vendor", "proto/acme/v1/skip.proto"),
        ("./proto/vendor/", "proto/acme/v1/./skip.proto"),
    ] {
        assert_eq!(
            lint_keys(
                dir.path(),
                &["proto", "--exclude-path", vendor, "--exclude-path", skip]
            ),
            vec![field_key("proto/acme/v1/a.proto")],
            "{vendor} {skip}"
        );
    }
    // Exclude paths are relative to the current directory, like PATH.
    assert_eq!(
        lint_keys(
            &dir.path().join("proto"),
            &[
                "--exclude-path",
                "vendor",
                "--exclude-path",
                "acme/v1/skip.proto"
            ]
        ),
        vec![field_key("acme/v1/a.proto")]
    );
}

#[test]
fn v2_module_excludes_leave_out_files() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "buf.yaml",
                "version: v2\nmodules:\n  - path: proto\n    excludes: [proto/vendor]\n",
            ),
            ("proto/acme/v1/a.proto", &bad_field("acme.v1")),
            ("proto/vendor/v1/v.proto", &bad_field("vendor.v1")),
        ],
    );
    assert_eq!(
        lint_keys(dir.path(), &[]),
        vec![field_key("proto/acme/v1/a.proto")]
    );
}

#[test]
fn v1_build_excludes_leave_out_files() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("buf.yaml", "version: v1\nbuild:\n  excludes: [vendor]\n"),
            ("acme/v1/a.proto", &bad_field("acme.v1")),
            ("vendor/v1/v.proto", &bad_field("vendor.v1")),
        ],
    );
    assert_eq!(
        lint_keys(dir.path(), &[]),
        vec![field_key("acme/v1/a.proto")]
    );
    // The same from the parent directory: excludes are relative to the config.
    let parent = dir.path().parent().unwrap();
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    assert_eq!(
        lint_keys(parent, &[name]),
        vec![field_key(&format!("{name}/acme/v1/a.proto"))]
    );
}

#[test]
fn gitignored_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (".gitignore", "gen/\n*_pb.proto\n"),
            ("acme/v1/a.proto", &bad_field("acme.v1")),
            (
                "acme/v1/b_pb.proto",
                &bad_field("acme.v1").replace(" M ", " N "),
            ),
            ("gen/v1/g.proto", &bad_field("gen.v1")),
            ("other/.gitignore", "local.proto\n"),
            ("other/v1/x.proto", &bad_field("other.v1")),
            (
                "other/local.proto",
                &bad_field("other.v1").replace(" M ", " L "),
            ),
        ],
    );
    assert_eq!(
        lint_keys(dir.path(), &[]),
        vec![field_key("acme/v1/a.proto"), field_key("other/v1/x.proto")]
    );
}

#[test]
fn build_output_vendored_and_hidden_directories_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("acme/v1/a.proto", &bad_field("acme.v1")),
            ("node_modules/x/v1/x.proto", &bad_field("x.v1")),
            ("target/x/v1/x.proto", &bad_field("x.v1")),
            ("bazel-out/x/v1/x.proto", &bad_field("x.v1")),
            ("bazel-bin/x/v1/x.proto", &bad_field("x.v1")),
            (".cache/x/v1/x.proto", &bad_field("x.v1")),
            ("acme/.hidden/x.proto", &bad_field("x.v1")),
        ],
    );
    assert_eq!(
        lint_keys(dir.path(), &[]),
        vec![field_key("acme/v1/a.proto")]
    );
}

fn module_with_siblings(dir: &Path) {
    write_tree(
        dir,
        &[
            ("m/buf.yaml", "version: v2\n"),
            (
                "m/acme/v1/a.proto",
                "syntax = \"proto3\";\npackage acme.v1;\nimport \"acme/v1/b.proto\";\nmessage A {\n  B b = 1;\n  string BadA = 2;\n}\n",
            ),
            (
                "m/acme/v1/b.proto",
                "syntax = \"proto3\";\npackage acme.v1;\nmessage B {\n  string BadB = 1;\n}\n",
            ),
        ],
    );
}

#[test]
fn a_single_file_path_lints_only_that_file_and_can_import_siblings() {
    let dir = tempfile::tempdir().unwrap();
    module_with_siblings(dir.path());
    let expected = "acme/v1/a.proto:6:10 FIELD_LOWER_SNAKE_CASE";
    // From above the module.
    assert_eq!(
        lint_keys(dir.path(), &["m/acme/v1/a.proto"]),
        vec![format!("m/{expected}")]
    );
    // From the module root.
    assert_eq!(
        lint_keys(&dir.path().join("m"), &["acme/v1/a.proto"]),
        vec![expected.to_string()]
    );
    assert_eq!(
        lint_keys(&dir.path().join("m"), &["./acme/v1/a.proto"]),
        vec![expected.to_string()]
    );
    // From the file's own directory, below the module root.
    assert_eq!(
        lint_keys(&dir.path().join("m/acme/v1"), &["a.proto"]),
        vec!["a.proto:6:10 FIELD_LOWER_SNAKE_CASE".to_string()]
    );
}

#[test]
fn a_directory_inside_a_module_is_linted_with_the_modules_config() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "ws/buf.yaml",
                "version: v2\nmodules:\n  - path: proto\nlint:\n  use: [STANDARD, COMMENTS]\n  except: [COMMENT_FIELD]\n",
            ),
            (
                "ws/proto/acme/v1/a.proto",
                "syntax = \"proto3\";\npackage acme.v1;\nimport \"acme/v2/b.proto\";\n// A.\nmessage A {\n  acme.v2.B b = 1;\n}\n",
            ),
            (
                "ws/proto/acme/v2/b.proto",
                "syntax = \"proto3\";\npackage acme.v2;\nmessage B {\n  string BadB = 1;\n}\n",
            ),
        ],
    );
    // The whole workspace, for reference.
    assert_eq!(
        lint_keys(&dir.path().join("ws"), &[]),
        vec![
            "proto/acme/v2/b.proto:3:1 COMMENT_MESSAGE".to_string(),
            "proto/acme/v2/b.proto:4:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        ]
    );
    // The module directory itself, from the workspace root and from inside it: the
    // workspace's config applies (COMMENTS on, COMMENT_FIELD off).
    assert_eq!(
        lint_keys(&dir.path().join("ws"), &["proto"]),
        lint_keys(&dir.path().join("ws"), &[])
    );
    assert_eq!(
        lint_keys(&dir.path().join("ws/proto"), &[]),
        vec![
            "acme/v2/b.proto:3:1 COMMENT_MESSAGE".to_string(),
            "acme/v2/b.proto:4:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        ]
    );
    // A directory below the module root: only its files, and imports still resolve.
    assert_eq!(
        lint_keys(&dir.path().join("ws"), &["proto/acme/v1"]),
        Vec::<String>::new()
    );
    assert_eq!(
        lint_keys(&dir.path().join("ws/proto/acme"), &["v2"]),
        vec![
            "v2/b.proto:3:1 COMMENT_MESSAGE".to_string(),
            "v2/b.proto:4:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        ]
    );
}

fn ignores_tree(dir: &Path, config: &str) {
    write_tree(
        dir,
        &[
            ("ws/buf.yaml", config),
            ("ws/proto/acme/v1/a.proto", &bad_field("acme.v1")),
            (
                "ws/proto/acme/v1/only.proto",
                &bad_field("acme.v1").replace(" M ", " O "),
            ),
            ("ws/proto/legacy/v1/l.proto", &bad_field("legacy.v1")),
        ],
    );
}

#[test]
fn ignore_and_ignore_only_are_relative_to_the_config() {
    let dir = tempfile::tempdir().unwrap();
    ignores_tree(
        dir.path(),
        "version: v2\nmodules:\n  - path: proto\nlint:\n  ignore: [proto/legacy]\n  ignore_only:\n    FIELD_LOWER_SNAKE_CASE: [proto/acme/v1/only.proto]\n",
    );
    let expected = field_key("proto/acme/v1/a.proto");
    assert_eq!(
        lint_keys(&dir.path().join("ws"), &[]),
        vec![expected.clone()]
    );
    assert_eq!(
        lint_keys(dir.path(), &["ws"]),
        vec![format!("ws/{expected}")],
        "the same from the parent directory"
    );
    assert_eq!(
        lint_keys(&dir.path().join("ws/proto"), &[]),
        vec![field_key("acme/v1/a.proto")],
        "the same from inside the module"
    );
    assert_eq!(
        lint_keys(&dir.path().join("ws"), &["proto/acme/v1/only.proto"]),
        Vec::<String>::new(),
        "and for a single file"
    );
}

#[test]
fn ignore_only_takes_categories_and_v1_paths() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "buf.yaml",
                "version: v1\nlint:\n  use: [STANDARD]\n  ignore: [legacy/v1/l.proto]\n  ignore_only:\n    BASIC: [acme/v1/only.proto]\n",
            ),
            ("acme/v1/a.proto", &bad_field("acme.v1")),
            (
                "acme/v1/only.proto",
                &bad_field("acme.v1").replace(" M ", " O "),
            ),
            ("legacy/v1/l.proto", &bad_field("legacy.v1")),
        ],
    );
    assert_eq!(
        lint_keys(dir.path(), &[]),
        vec![field_key("acme/v1/a.proto")]
    );
}

#[test]
fn a_v2_workspace_prints_paths_from_where_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "ws/buf.yaml",
                "version: v2\nmodules:\n  - path: proto\n  - path: other\n",
            ),
            ("ws/proto/acme/v1/a.proto", &bad_field("acme.v1")),
            (
                "ws/other/beta/v1/b.proto",
                "syntax = \"proto3\";\npackage beta.v1;\nimport \"acme/v1/a.proto\";\nmessage B {\n  acme.v1.M m = 1;\n}\n",
            ),
            ("ws/stray/v1/s.proto", &bad_field("stray.v1")),
        ],
    );
    // Modules import each other; files outside the modules are not linted.
    assert_eq!(
        lint_keys(&dir.path().join("ws"), &[]),
        vec![field_key("proto/acme/v1/a.proto")]
    );
    assert_eq!(
        lint_keys(dir.path(), &["ws"]),
        vec![field_key("ws/proto/acme/v1/a.proto")]
    );
}

#[test]
fn protogate_yaml_is_preferred_to_buf_yaml() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("buf.yaml", "version: v2\nlint:\n  use: [COMMENTS]\n"),
            (
                "protogate.yaml",
                "version: v2\nlint:\n  except: [FIELD_LOWER_SNAKE_CASE]\n",
            ),
            ("acme/v1/a.proto", &bad_field("acme.v1")),
        ],
    );
    assert_eq!(lint_keys(dir.path(), &[]), Vec::<String>::new());
}

const COMMENT_IGNORES: &str = "syntax = \"proto3\";\npackage acme.v1;\nmessage M {\n  // buf:lint:ignore FIELD_LOWER_SNAKE_CASE\n  string BadOne = 1;\n  // protogate:ignore FIELD_LOWER_SNAKE_CASE\n  string BadTwo = 2;\n  string BadThree = 3;\n}\n// buf:lint:ignore MESSAGE_PASCAL_CASE\nmessage bad_message {\n  string BadFour = 1;\n}\n";

fn comment_ignore_keys(config: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("buf.yaml", config), ("acme/v1/a.proto", COMMENT_IGNORES)],
    );
    lint_keys(dir.path(), &[])
        .into_iter()
        .map(|k| k.replace("acme/v1/a.proto:", ""))
        .collect()
}

#[test]
fn comment_ignores_apply_in_v2_unless_disallowed() {
    let honoured = vec![
        "12:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        "8:10 FIELD_LOWER_SNAKE_CASE".to_string(),
    ];
    assert_eq!(comment_ignore_keys("version: v2\n"), honoured);
    let all = vec![
        "11:9 MESSAGE_PASCAL_CASE".to_string(),
        "12:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        "5:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        "7:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        "8:10 FIELD_LOWER_SNAKE_CASE".to_string(),
    ];
    assert_eq!(
        comment_ignore_keys("version: v2\nlint:\n  disallow_comment_ignores: true\n"),
        all
    );
}

#[test]
fn comment_ignores_need_allow_comment_ignores_in_v1() {
    let all = comment_ignore_keys("version: v1\n");
    assert_eq!(all.len(), 5, "{all:#?}");
    assert_eq!(
        comment_ignore_keys("version: v1\nlint:\n  allow_comment_ignores: true\n"),
        vec![
            "12:10 FIELD_LOWER_SNAKE_CASE".to_string(),
            "8:10 FIELD_LOWER_SNAKE_CASE".to_string(),
        ]
    );
}

#[test]
fn rules_lists_the_lint_rules_as_json() {
    let output = protogate(
        &repo_root(),
        &["rules", "--kind", "lint", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0));
    let rules: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let from_buf = rules
        .iter()
        .filter(|r| r["categories"] != serde_json::json!(["API_DESIGN"]))
        .count();
    assert_eq!(
        from_buf, 46,
        "buf v2 has 46 lint rules, deprecated ones and PROTOVALIDATE included"
    );
    assert_eq!(rules.len(), 51, "plus protogate's 5 API_DESIGN rules");
    let mut ids = std::collections::BTreeSet::new();
    for rule in &rules {
        let id = rule["id"].as_str().expect("id");
        assert!(ids.insert(id.to_string()), "{id} listed twice");
        assert_eq!(rule["kind"], "lint");
        assert!(rule["categories"].is_array(), "{rule}");
        assert!(
            rule["purpose"].as_str().is_some_and(|p| !p.is_empty()),
            "{rule}"
        );
    }
    let field = rules
        .iter()
        .find(|r| r["id"] == "FIELD_LOWER_SNAKE_CASE")
        .unwrap();
    assert_eq!(
        field["categories"],
        serde_json::json!(["BASIC", "STANDARD"])
    );
    assert_eq!(field["default"], true);
    let comments = rules.iter().find(|r| r["id"] == "COMMENT_FIELD").unwrap();
    assert_eq!(comments["categories"], serde_json::json!(["COMMENTS"]));
    assert_eq!(comments["default"], false);
    // The text listing has one line per rule.
    let text = stdout(&protogate(&repo_root(), &["rules", "--kind", "lint"]));
    assert_eq!(text.lines().count(), rules.len());
}

#[test]
fn explain_prints_a_rules_doc() {
    let output = protogate(&repo_root(), &["explain", "FIELD_LOWER_SNAKE_CASE"]);
    assert_eq!(output.status.code(), Some(0));
    let doc = std::fs::read_to_string(repo_root().join("rules/FIELD_LOWER_SNAKE_CASE.md")).unwrap();
    assert_eq!(stdout(&output), doc);
    assert!(stdout(&output).contains("FIELD_LOWER_SNAKE_CASE"));
}

#[test]
fn explain_suggests_the_closest_rule() {
    let output = protogate(&repo_root(), &["explain", "FIELD_LOWER"]);
    assert_no_panic(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    let err = stderr(&output);
    assert!(
        err.contains("did you mean \"FIELD_LOWER_SNAKE_CASE\"?"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn the_example_api_is_clean_and_the_bad_example_is_not() {
    let clean = protogate(&repo_root(), &["lint", "examples/proto"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(stdout(&clean).is_empty() && stderr(&clean).is_empty());
    let bad = protogate(
        &repo_root(),
        &["lint", "examples/bad", "--error-format", "json"],
    );
    assert_eq!(bad.status.code(), Some(1));
    let found = findings(&stdout(&bad));
    assert!(found.len() > 10, "{found:#?}");
    assert!(
        found
            .iter()
            .all(|f| f.path == "examples/bad/shop/Orders.proto")
    );
    // examples/bad enables COMMENTS on top of STANDARD.
    assert!(found.iter().any(|f| f.rule == "COMMENT_MESSAGE"));
}
