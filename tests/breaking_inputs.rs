//! `breaking --against` in its directory and image forms, bad against inputs, and the
//! config keys that shape a breaking run.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{assert_no_panic, finding_keys, protogate, stderr, stdout, write_bytes, write_tree};

const DEP_V1: &str = r#"syntax = "proto3";

package acme.common.v1;

message Money {
  string currency = 1;
  int64 units = 2;
}
"#;

const ORDER_V1: &str = r#"syntax = "proto3";

package acme.orders.v1;

import "acme/common/v1/money.proto";
import "google/protobuf/timestamp.proto";

// An order.
message Order {
  int32 id = 1;
  string note = 2;
  acme.common.v1.Money total = 3;
  google.protobuf.Timestamp placed_at = 4;
  enum State {
    STATE_UNSPECIFIED = 0;
    STATE_OPEN = 1;
    STATE_CLOSED = 2;
  }
  State state = 5;
}

service OrderService {
  rpc GetOrder(Order) returns (Order);
}
"#;

/// Field 1 changes type, `note` is deleted, `placed_at` changes number, STATE_OPEN is
/// deleted, and money.proto loses a field.
const ORDER_V2: &str = r#"syntax = "proto3";

package acme.orders.v1;

import "acme/common/v1/money.proto";
import "google/protobuf/timestamp.proto";

// An order.
message Order {
  string id = 1;
  acme.common.v1.Money total = 3;
  google.protobuf.Timestamp placed_at = 6;
  enum State {
    STATE_UNSPECIFIED = 0;
    STATE_CLOSED = 2;
  }
  State state = 5;
}

service OrderService {
  rpc GetOrder(Order) returns (Order);
}
"#;

const DEP_V2: &str = r#"syntax = "proto3";

package acme.common.v1;

message Money {
  string currency = 1;
}
"#;

const MONEY: &str = "acme/common/v1/money.proto";
const ORDER: &str = "acme/orders/v1/order.proto";

/// `previous/` and `current/` module roots.
fn two_versions(dir: &Path) {
    write_tree(
        dir,
        &[
            ("previous/acme/common/v1/money.proto", DEP_V1),
            ("previous/acme/orders/v1/order.proto", ORDER_V1),
            ("current/acme/common/v1/money.proto", DEP_V2),
            ("current/acme/orders/v1/order.proto", ORDER_V2),
        ],
    );
}

fn breaking(dir: &Path, against: &str) -> Output {
    let output = protogate(
        dir,
        &[
            "breaking",
            "current",
            "--against",
            against,
            "--error-format",
            "json",
        ],
    );
    assert_no_panic(&output);
    output
}

/// Keys of a run that must find breaks.
fn keys_of(dir: &Path, against: &str) -> Vec<String> {
    let output = breaking(dir, against);
    assert_eq!(
        output.status.code(),
        Some(1),
        "--against {against}: {}",
        stderr(&output)
    );
    finding_keys(&stdout(&output))
}

/// A one-line error, exit 2, that names `names`.
fn assert_one_line_error(output: &Output, names: &[&str]) {
    assert_no_panic(output);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(output));
    assert_eq!(stdout(output), "");
    let err = stderr(output);
    assert_eq!(err.lines().count(), 1, "{err}");
    for name in names {
        assert!(err.contains(name), "{name} not in: {err}");
    }
}

/// protoc, or None where it is missing and this is not CI (where it must be installed).
fn protoc() -> Option<String> {
    let found = ["/usr/bin/protoc", "protoc"].into_iter().find(|candidate| {
        Command::new(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    match found {
        Some(protoc) => Some(protoc.to_string()),
        None if std::env::var_os("CI").is_some() => panic!("protoc is not installed on CI"),
        None => {
            eprintln!("note: protoc not found; skipping the protoc image forms");
            None
        }
    }
}

fn run_protoc(protoc: &str, dir: &Path, extra: &[&str], out: &str) {
    let status = Command::new(protoc)
        .current_dir(dir.join("previous"))
        .args(extra)
        .arg(format!("-o{}", dir.join(out).display()))
        .args([MONEY, ORDER])
        .status()
        .expect("protoc runs");
    assert!(status.success(), "protoc {extra:?} failed");
}

#[test]
fn directory_and_image_forms_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path());
    let expected = keys_of(dir.path(), "previous");
    let order = format!("current/{ORDER}");
    assert_eq!(
        expected,
        vec![
            format!("current/{MONEY}:5:1 FIELD_NO_DELETE"),
            format!("{order}:10:3 FIELD_SAME_TYPE"),
            format!("{order}:13:3 ENUM_VALUE_NO_DELETE"),
            format!("{order}:9:1 FIELD_NO_DELETE"),
        ]
    );

    let build = protogate(dir.path(), &["build", "previous", "-o", "old.binpb"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert_eq!(
        keys_of(dir.path(), "old.binpb"),
        expected,
        "protogate build"
    );

    let Some(protoc) = protoc() else {
        return;
    };
    for (extra, out) in [
        (&[][..], "old.pb"),
        (&["--include_imports"][..], "imports.pb"),
        (
            &["--include_imports", "--include_source_info"][..],
            "imports_source.pb",
        ),
    ] {
        run_protoc(&protoc, dir.path(), extra, out);
        assert_eq!(keys_of(dir.path(), out), expected, "protoc {extra:?}");
    }
}

#[test]
fn an_image_lacking_an_import_says_how_to_write_it() {
    let Some(protoc) = protoc() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path());
    let status = Command::new(&protoc)
        .current_dir(dir.path().join("previous"))
        .arg(format!("-o{}", dir.path().join("partial.pb").display()))
        .arg(ORDER)
        .status()
        .expect("protoc runs");
    assert!(status.success());
    assert_one_line_error(
        &breaking(dir.path(), "partial.pb"),
        &["partial.pb", MONEY, "--include_imports"],
    );
}

#[test]
fn a_truncated_random_or_empty_image_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path());
    let build = protogate(dir.path(), &["build", "previous", "-o", "old.binpb"]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let image = std::fs::read(dir.path().join("old.binpb")).unwrap();
    // Cut inside the first file of the set (well before its end).
    write_bytes(dir.path(), "truncated.binpb", &image[..image.len() / 3]);
    // Deterministic noise: a linear congruential generator.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as u8
        })
        .collect();
    write_bytes(dir.path(), "random.pb", &noise);
    write_bytes(dir.path(), "empty.binpb", b"");
    for file in ["truncated.binpb", "random.pb", "empty.binpb"] {
        assert_one_line_error(&breaking(dir.path(), file), &[file]);
    }
}

#[test]
fn an_against_directory_that_does_not_compile() {
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path());
    write_tree(
        dir.path(),
        &[(
            "previous/acme/orders/v1/order.proto",
            &ORDER_V1.replace("int32 id = 1;", "int32 id = ;"),
        )],
    );
    let output = breaking(dir.path(), "previous");
    assert_one_line_error(
        &output,
        &[
            "against input previous",
            "previous/acme/orders/v1/order.proto:10:14",
        ],
    );
}

#[test]
fn an_against_path_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    two_versions(dir.path());
    for missing in ["no-such-dir", "no-such-image.binpb"] {
        assert_one_line_error(&breaking(dir.path(), missing), &[missing]);
    }
}

/// Per-side files for the config tests: an unstable package, proto2 label and ctype
/// changes, and a legacy package.
fn config_tree(dir: &Path, config_path: &str, config: &str) {
    let sides = [
        (
            "previous",
            "message A { int32 x = 1; int32 y = 2; }",
            "message B { optional int32 x = 1; optional string s = 2 [ctype = CORD]; }",
            "message C { int32 x = 1; int32 y = 2; }",
        ),
        (
            "current",
            "message A { int32 x = 1; }",
            "message B { repeated int32 x = 1; optional string s = 2; }",
            "message C { string x = 1; }",
        ),
    ];
    for (side, a, b, c) in sides {
        write_tree(
            &dir.join(side),
            &[
                (
                    "proto/acme/v1alpha1/a.proto",
                    &format!("syntax = \"proto3\";\npackage acme.v1alpha1;\n{a}\n"),
                ),
                (
                    "proto/acme/v1/b.proto",
                    &format!("syntax = \"proto2\";\npackage acme.v1;\n{b}\n"),
                ),
                (
                    "proto/legacy/c.proto",
                    &format!("syntax = \"proto3\";\npackage legacy;\n{c}\n"),
                ),
                (config_path, config),
            ],
        );
    }
}

/// Runs in `current/` against `../previous/PATH`; findings as `path:line:col RULE`.
fn config_keys(dir: &Path, path: &str) -> Vec<String> {
    let output = protogate(
        &dir.join("current"),
        &[
            "breaking",
            path,
            "--against",
            &format!("../previous/{path}"),
            "--error-format",
            "json",
        ],
    );
    assert_no_panic(&output);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    finding_keys(&stdout(&output))
}

#[test]
fn ignore_unstable_packages_skips_alpha_packages() {
    let dir = tempfile::tempdir().unwrap();
    let modules = "version: v2\nmodules:\n  - path: proto\nbreaking:\n  use: [FIELD_NO_DELETE]\n";
    config_tree(dir.path(), "buf.yaml", modules);
    assert_eq!(
        config_keys(dir.path(), "."),
        [
            "proto/acme/v1alpha1/a.proto:3:1 FIELD_NO_DELETE",
            "proto/legacy/c.proto:3:1 FIELD_NO_DELETE",
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    config_tree(
        dir.path(),
        "buf.yaml",
        &format!("{modules}  ignore_unstable_packages: true\n"),
    );
    assert_eq!(
        config_keys(dir.path(), "."),
        ["proto/legacy/c.proto:3:1 FIELD_NO_DELETE"]
    );
}

#[test]
fn v1_rule_ids_run_their_replacements() {
    let dir = tempfile::tempdir().unwrap();
    config_tree(
        dir.path(),
        "proto/buf.yaml",
        "version: v1\nbreaking:\n  use: [FIELD_SAME_LABEL, FIELD_SAME_CTYPE]\n",
    );
    assert_eq!(
        config_keys(dir.path(), "proto"),
        [
            "proto/acme/v1/b.proto:3:13 FIELD_SAME_CARDINALITY",
            "proto/acme/v1/b.proto:3:13 FIELD_WIRE_COMPATIBLE_CARDINALITY",
            "proto/acme/v1/b.proto:3:13 FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
            "proto/acme/v1/b.proto:3:35 FIELD_SAME_CPP_STRING_TYPE",
        ]
    );
}

#[test]
fn ignore_and_ignore_only_are_relative_to_the_config() {
    let rules = "  use: [FIELD_NO_DELETE, FIELD_SAME_TYPE]\n";
    // v1: the config sits in the module root, proto/; its paths start there.
    let dir = tempfile::tempdir().unwrap();
    config_tree(
        dir.path(),
        "proto/buf.yaml",
        &format!("version: v1\nbreaking:\n{rules}  ignore: [legacy]\n"),
    );
    assert_eq!(
        config_keys(dir.path(), "proto"),
        ["proto/acme/v1alpha1/a.proto:3:1 FIELD_NO_DELETE"]
    );
    let dir = tempfile::tempdir().unwrap();
    config_tree(
        dir.path(),
        "proto/buf.yaml",
        &format!(
            "version: v1\nbreaking:\n{rules}  ignore_only:\n    FIELD_NO_DELETE: [legacy/c.proto]\n"
        ),
    );
    assert_eq!(
        config_keys(dir.path(), "proto"),
        [
            "proto/acme/v1alpha1/a.proto:3:1 FIELD_NO_DELETE",
            "proto/legacy/c.proto:3:13 FIELD_SAME_TYPE",
        ]
    );
    // v2: the config sits above the module; its paths include the module's directory.
    let dir = tempfile::tempdir().unwrap();
    config_tree(
        dir.path(),
        "buf.yaml",
        &format!(
            "version: v2\nmodules:\n  - path: proto\nbreaking:\n{rules}  ignore_only:\n    FIELD_NO_DELETE: [proto/legacy]\n  ignore: [proto/acme/v1alpha1/a.proto]\n"
        ),
    );
    assert_eq!(
        config_keys(dir.path(), "."),
        ["proto/legacy/c.proto:3:13 FIELD_SAME_TYPE"]
    );
}

/// The config tree, with `proto/legacy/old.proto` in the previous side only.
fn tree_with_a_deleted_file(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    config_tree(dir.path(), "buf.yaml", config);
    write_tree(
        &dir.path().join("previous"),
        &[(
            "proto/legacy/old.proto",
            "syntax = \"proto3\";\npackage legacy;\n",
        )],
    );
    dir
}

#[test]
fn ignore_and_ignore_only_match_the_path_of_a_deleted_file() {
    let modules = "version: v2\nmodules:\n  - path: proto\nbreaking:\n  use: [FILE_NO_DELETE]\n";
    let with_deleted_file = |config: &str| {
        let dir = tree_with_a_deleted_file(config);
        config_keys(dir.path(), ".")
    };
    assert_eq!(with_deleted_file(modules), [":1:1 FILE_NO_DELETE"]);
    for ignore in [
        "  ignore_only:\n    FILE_NO_DELETE: [proto/legacy/old.proto]\n",
        "  ignore: [proto/legacy]\n",
    ] {
        assert!(with_deleted_file(&format!("{modules}{ignore}")).is_empty());
    }
    let other_rule = "  ignore_only:\n    FIELD_NO_DELETE: [proto/legacy]\n";
    assert_eq!(
        with_deleted_file(&format!("{modules}{other_rule}")),
        [":1:1 FILE_NO_DELETE"]
    );
}

#[test]
fn the_baseline_of_a_deleted_file_names_it_and_silences_it() {
    let config = "version: v2\nmodules:\n  - path: proto\nbreaking:\n  use: [FILE_NO_DELETE]\n";
    let dir = tree_with_a_deleted_file(config);
    let current = dir.path().join("current");
    let output = protogate(
        &current,
        &[
            "breaking",
            ".",
            "--against",
            "../previous",
            "--error-format",
            "config-ignore-yaml",
        ],
    );
    assert_no_panic(&output);
    let baseline = stdout(&output);
    assert!(
        baseline.contains("FILE_NO_DELETE") && baseline.contains("proto/legacy/old.proto"),
        "{baseline}"
    );
    let fragment = baseline
        .lines()
        .skip_while(|line| !line.starts_with("breaking:"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(
        current.join("buf.yaml"),
        format!("{config}{fragment}\n").replace(
            "breaking:\n  use: [FILE_NO_DELETE]\nbreaking:\n",
            "breaking:\n  use: [FILE_NO_DELETE]\n",
        ),
    )
    .unwrap();
    assert!(config_keys(dir.path(), ".").is_empty());
}
