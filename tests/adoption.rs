//! Adopting protogate on a legacy tree: `protogate init` (and `--from-buf`), and the
//! `config-ignore-yaml` baseline that lets only new violations fail.

mod common;

use std::path::Path;

use common::git::commit_all;
use common::{finding_keys, protogate, stderr, stdout, write_tree};

const LEGACY_A: &str = "syntax = \"proto3\";\n\npackage acme.v1;\n\nmessage Account {\n  string displayName = 1;\n  string ownerId = 2;\n}\n";
const LEGACY_B: &str = "syntax = \"proto3\";\n\npackage acme.v1;\n\nenum Color {\n  RED = 0;\n}\n";

/// Appends the baseline's sections to the config. Both are YAML mappings, so they merge by
/// replacing the `lint`/`breaking` keys; the legacy configs here have none.
fn adopt(config: &Path, baseline: &str) {
    let mut text = std::fs::read_to_string(config).unwrap();
    let base: serde_yaml_ng::Value = serde_yaml_ng::from_str(baseline).unwrap();
    for section in ["lint", "breaking"] {
        if let Some(value) = base.get(section) {
            let mut fragment = serde_yaml_ng::Mapping::new();
            fragment.insert(section.into(), value.clone());
            text.push_str(&serde_yaml_ng::to_string(&fragment).unwrap());
        }
    }
    std::fs::write(config, text).unwrap();
}

#[test]
fn the_lint_baseline_silences_todays_findings_and_not_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("proto/buf.yaml", "version: v2\n"),
            ("proto/acme/v1/a.proto", LEGACY_A),
            ("proto/acme/v1/b.proto", LEGACY_B),
        ],
    );
    // Run from the repository root: findings show `proto/...`, the baseline is relative to
    // the config in proto/.
    let output = protogate(
        dir.path(),
        &["lint", "proto", "--error-format", "config-ignore-yaml"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let baseline = stdout(&output);
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&baseline).expect("YAML");
    assert_eq!(value["version"].as_str(), Some("v2"));
    let ignore_only = &value["lint"]["ignore_only"];
    let paths = |rule: &str| -> Vec<String> {
        serde_yaml_ng::from_value(ignore_only[rule].clone()).unwrap_or_default()
    };
    assert_eq!(paths("FIELD_LOWER_SNAKE_CASE"), ["acme/v1/a.proto"]);
    assert_eq!(paths("ENUM_VALUE_PREFIX"), ["acme/v1/b.proto"]);
    assert_eq!(paths("ENUM_ZERO_VALUE_SUFFIX"), ["acme/v1/b.proto"]);
    assert!(value.get("breaking").is_none(), "{baseline}");

    adopt(&dir.path().join("proto/buf.yaml"), &baseline);
    let adopted = protogate(dir.path(), &["lint", "proto"]);
    assert_eq!(adopted.status.code(), Some(0), "{}", stdout(&adopted));

    // A new file with the same mistake is not covered by the baseline.
    write_tree(
        dir.path(),
        &[(
            "proto/acme/v1/c.proto",
            "syntax = \"proto3\";\n\npackage acme.v1;\n\nmessage Note {\n  string bodyText = 1;\n}\n",
        )],
    );
    let new = protogate(dir.path(), &["lint", "proto", "--error-format", "json"]);
    assert_eq!(new.status.code(), Some(1));
    assert_eq!(
        finding_keys(&stdout(&new)),
        ["proto/acme/v1/c.proto:6:10 FIELD_LOWER_SNAKE_CASE"]
    );
}

#[test]
fn the_breaking_baseline_fills_the_breaking_section() {
    let dir = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    write_tree(
        dir.path(),
        &[
            ("protogate.yaml", "version: v2\n"),
            ("acme/v1/a.proto", LEGACY_A),
        ],
    );
    commit_all(&repo, "base");
    // ownerId is deleted without reserving its number or name.
    write_tree(
        dir.path(),
        &[(
            "acme/v1/a.proto",
            &LEGACY_A.replace("  string ownerId = 2;\n", ""),
        )],
    );
    let output = protogate(
        dir.path(),
        &[
            "breaking",
            "--against",
            ".git#ref=HEAD",
            "--error-format",
            "config-ignore-yaml",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let baseline = stdout(&output);
    let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&baseline).unwrap();
    let section = value["breaking"]["ignore_only"]
        .as_mapping()
        .unwrap_or_else(|| panic!("a breaking section: {baseline}"));
    assert!(section.contains_key("FIELD_NO_DELETE"), "{baseline}");
    for (_, paths) in section {
        let paths: Vec<String> = serde_yaml_ng::from_value(paths.clone()).unwrap();
        assert_eq!(paths, ["acme/v1/a.proto"]);
    }
    adopt(&dir.path().join("protogate.yaml"), &baseline);
    let adopted = protogate(dir.path(), &["breaking", "--against", ".git#ref=HEAD"]);
    assert_eq!(adopted.status.code(), Some(0), "{}", stdout(&adopted));
}

#[test]
fn init_writes_a_commented_config_once() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "acme/v1/a.proto",
            "syntax = \"proto3\";\npackage acme.v1;\nmessage Ok {\n  string name = 1;\n}\n",
        )],
    );
    let output = protogate(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("wrote protogate.yaml"));
    let written = std::fs::read_to_string(dir.path().join("protogate.yaml")).unwrap();
    assert!(written.starts_with("# protogate.yaml"));
    assert!(
        written
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 10
    );
    let lint = protogate(dir.path(), &["lint"]);
    assert_eq!(lint.status.code(), Some(0), "{}", stderr(&lint));

    std::fs::write(dir.path().join("protogate.yaml"), "version: v2\n# mine\n").unwrap();
    let again = protogate(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("protogate.yaml")).unwrap(),
        "version: v2\n# mine\n"
    );
}

#[test]
fn init_into_a_directory_and_next_to_a_buf_yaml() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("proto/buf.yaml", "version: v2\n")]);
    let refused = protogate(dir.path(), &["init", "proto"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("--from-buf"),
        "{}",
        stderr(&refused)
    );
    assert!(!dir.path().join("proto/protogate.yaml").exists());

    let missing = protogate(dir.path(), &["init", "--from-buf"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("buf.yaml"),
        "{}",
        stderr(&missing)
    );

    let nowhere = protogate(dir.path(), &["init", "no/such/dir"]);
    assert_eq!(nowhere.status.code(), Some(2));
}

/// The same findings before and after conversion: the settings are kept.
fn converts_keeping_findings(buf_yaml: &str, files: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), files);
    write_tree(dir.path(), &[("buf.yaml", buf_yaml)]);
    let before = protogate(dir.path(), &["lint", "--error-format", "json"]);
    let output = protogate(dir.path(), &["init", "--from-buf"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let converted = std::fs::read_to_string(dir.path().join("protogate.yaml")).unwrap();
    assert!(
        converted.contains(buf_yaml),
        "the original is kept:\n{converted}"
    );
    std::fs::remove_file(dir.path().join("buf.yaml")).unwrap();
    let after = protogate(dir.path(), &["lint", "--error-format", "json"]);
    assert_eq!(before.status.code(), after.status.code());
    assert_eq!(
        finding_keys(&stdout(&before)),
        finding_keys(&stdout(&after)),
        "{converted}"
    );
    assert!(
        !finding_keys(&stdout(&after)).is_empty(),
        "the fixture has findings"
    );
    stderr(&output)
}

#[test]
fn init_from_buf_converts_a_v1_config() {
    converts_keeping_findings(
        "version: v1\nbuild:\n  excludes: [vendor]\nlint:\n  use: [DEFAULT]\n  except: [ENUM_VALUE_PREFIX]\n  ignore_only:\n    FIELD_LOWER_SNAKE_CASE: [acme/v1/a.proto]\n  allow_comment_ignores: true\nbreaking:\n  use: [FILE]\n",
        &[
            ("acme/v1/a.proto", LEGACY_A),
            ("acme/v1/b.proto", LEGACY_B),
            (
                "vendor/x.proto",
                "syntax = \"proto3\";\npackage x;\nmessage bad_name {}\n",
            ),
        ],
    );
}

#[test]
fn init_from_buf_converts_a_v2_config_and_names_what_it_does_not_use() {
    let notes = converts_keeping_findings(
        "version: v2\nmodules:\n  - path: proto\ndeps:\n  - buf.build/googleapis/googleapis\nlint:\n  use: [STANDARD]\n  ignore: [proto/acme/v1/b.proto]\n",
        &[
            ("proto/acme/v1/a.proto", LEGACY_A),
            ("proto/acme/v1/b.proto", LEGACY_B),
        ],
    );
    assert!(notes.contains("`deps` is kept but not used"), "{notes}");
}

#[test]
fn init_from_buf_refuses_an_invalid_buf_yaml() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("buf.yaml", "version: v2\nlint:\n  excpet: [X]\n")],
    );
    let output = protogate(dir.path(), &["init", "--from-buf"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean \"except\""),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("protogate.yaml").exists());
}
