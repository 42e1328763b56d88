//! `protogate history` as a user runs it: tags, commits, ledgers, shallow clones.

mod common;

use std::path::Path;
use std::process::Command;

use common::git::{commit_all, tag};
use common::{finding_keys, protogate, stderr, stdout, write_tree};
use git2::Repository;

const FILE: &str = "proto/acme/users/v1/user.proto";

fn user(body: &str) -> String {
    format!("syntax = \"proto3\";\n\npackage acme.users.v1;\n\nmessage User {{\n{body}}}\n")
}

/// v1.0.0 has `email = 3`, v1.1.0 deletes it, v1.2.0 reuses 3 for `age` with another type.
fn reuse_repo(dir: &Path) -> Repository {
    let repo = Repository::init(dir).unwrap();
    for (version, body) in [
        ("v1.0.0", "  string id = 1;\n  string email = 3;\n"),
        ("v1.1.0", "  string id = 1;\n"),
        ("v1.2.0", "  string id = 1;\n  int64 age = 3;\n"),
    ] {
        write_tree(dir, &[(FILE, &user(body))]);
        commit_all(&repo, version);
        tag(&repo, version);
    }
    repo
}

#[test]
fn reuse_across_three_versions_is_caught_where_a_pairwise_check_sees_nothing() {
    let dir = tempfile::tempdir().unwrap();
    reuse_repo(dir.path());
    let history = protogate(&dir.path().join("proto"), &["history"]);
    assert_eq!(history.status.code(), Some(1), "{}", stderr(&history));
    let text = stdout(&history);
    assert!(
        text.starts_with("acme/users/v1/user.proto:7:3: FIELD_NUMBER_NO_REUSE"),
        "{text}"
    );
    assert!(
        text.contains("v1.2.0") && text.contains("v1.0.0"),
        "names both versions: {text}"
    );
    assert!(
        text.contains("int64 age") && text.contains("string email"),
        "names both definitions: {text}"
    );
    // Against the previous tag alone, field 3 looks new: nothing is reported.
    let pairwise = protogate(
        dir.path(),
        &[
            "breaking",
            "proto",
            "--against",
            ".git#tag=v1.1.0,subdir=proto",
        ],
    );
    assert_eq!(pairwise.status.code(), Some(0), "{}", stdout(&pairwise));
}

#[test]
fn a_committed_ledger_catches_the_reuse_in_a_shallow_clone() {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    let repo = Repository::init(&origin).unwrap();
    write_tree(
        &origin,
        &[(FILE, &user("  string id = 1;\n  string email = 3;\n"))],
    );
    commit_all(&repo, "v1.0.0");
    tag(&repo, "v1.0.0");
    let ledger = origin.join("proto/ledger.json");
    let updated = protogate(
        &origin.join("proto"),
        &["history", "--update-ledger", "ledger.json"],
    );
    assert_eq!(updated.status.code(), Some(0), "{}", stderr(&updated));
    assert!(
        std::fs::read_to_string(&ledger)
            .unwrap()
            .contains("\"email\"")
    );
    write_tree(
        &origin,
        &[(FILE, &user("  string id = 1;\n  int64 age = 3;\n"))],
    );
    commit_all(&repo, "reuse");
    let clone = dir.path().join("clone");
    let cloned = Command::new("git")
        .args(["clone", "--quiet", "--depth", "1"])
        .arg(format!("file://{}", origin.display()))
        .arg(&clone)
        .status()
        .expect("git runs");
    assert!(cloned.success());
    let output = protogate(
        &clone.join("proto"),
        &[
            "history",
            "--against-ledger",
            "ledger.json",
            "--error-format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        finding_keys(&stdout(&output)),
        vec!["acme/users/v1/user.proto:7:3 FIELD_NUMBER_NO_REUSE".to_string()]
    );
}

#[test]
fn update_ledger_adds_and_never_drops() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "acme/users/v1/user.proto",
            &user("  string id = 1;\n  string email = 3;\n"),
        )],
    );
    let first = protogate(dir.path(), &["history", "--update-ledger", "ledger.json"]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "outside git the working tree alone is recorded: {}",
        stderr(&first)
    );
    write_tree(
        dir.path(),
        &[(
            "acme/users/v1/user.proto",
            &user("  string id = 1;\n  reserved 3;\n  string nick = 4;\n"),
        )],
    );
    let second = protogate(dir.path(), &["history", "--update-ledger", "ledger.json"]);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    let ledger: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("ledger.json")).unwrap())
            .unwrap();
    let fields = &ledger["messages"]["acme.users.v1.User"];
    assert_eq!(
        fields["3"][0]["name"], "email",
        "the deleted field stays: {fields}"
    );
    assert_eq!(fields["4"][0]["name"], "nick");
}

#[test]
fn ledger_prints_json_and_non_semver_tags_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let repo = reuse_repo(dir.path());
    let head = repo.head().unwrap().peel(git2::ObjectType::Commit).unwrap();
    let signature = git2::Signature::now("T", "t@example.com").unwrap();
    repo.tag("v-nightly", &head, &signature, "nightly", false)
        .unwrap();
    let output = protogate(&dir.path().join("proto"), &["history", "--ledger"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("skipping tag v-nightly: not a semantic version"),
        "{}",
        stderr(&output)
    );
    let ledger: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let three = ledger["messages"]["acme.users.v1.User"]["3"]
        .as_array()
        .unwrap();
    assert_eq!(three.len(), 2);
    assert_eq!(three[0]["first"], "v1.0.0");
    assert_eq!(three[1]["type"], "int64");
}

#[test]
fn all_commits_walks_every_change_and_sees_a_rename() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    write_tree(
        dir.path(),
        &[(FILE, &user("  string id = 1;\n  string mail = 2;\n"))],
    );
    commit_all(&repo, "one");
    write_tree(
        dir.path(),
        &[(FILE, &user("  string id = 1;\n  string email = 2;\n"))],
    );
    commit_all(&repo, "rename");
    let tags_only = protogate(&dir.path().join("proto"), &["history"]);
    assert_eq!(
        tags_only.status.code(),
        Some(0),
        "no tags: only the working tree: {}",
        stdout(&tags_only)
    );
    let every = protogate(&dir.path().join("proto"), &["history", "--all-commits"]);
    assert_eq!(every.status.code(), Some(1));
    assert!(
        stdout(&every).contains("\"optional string email\"")
            && stdout(&every).contains("\"optional string mail\""),
        "{}",
        stdout(&every)
    );
}

#[test]
fn a_move_to_v2_and_an_alpha_package_are_new_messages() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    write_tree(dir.path(), &[(FILE, &user("  string id = 1;\n"))]);
    commit_all(&repo, "v1");
    tag(&repo, "v1.0.0");
    let v2 =
        "syntax = \"proto3\";\n\npackage acme.users.v2;\n\nmessage User {\n  int64 id = 1;\n}\n";
    let alpha = "syntax = \"proto3\";\n\npackage acme.users.v3alpha1;\n\nmessage User {\n  bytes id = 1;\n}\n";
    write_tree(
        dir.path(),
        &[
            ("proto/acme/users/v2/user.proto", v2),
            ("proto/acme/users/v3alpha1/user.proto", alpha),
        ],
    );
    commit_all(&repo, "v2");
    tag(&repo, "v2.0.0");
    let output = protogate(&dir.path().join("proto"), &["history"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "each package has its own ledger: {}",
        stdout(&output)
    );
}

#[test]
fn breaking_checks_the_ledger_named_in_protogate_yaml() {
    let dir = tempfile::tempdir().unwrap();
    // The ledger remembers a release in which field 3 was `string email`.
    write_tree(
        dir.path(),
        &[(
            "released/acme/users/v1/user.proto",
            &user("  string id = 1;\n  string email = 3;\n"),
        )],
    );
    let recorded = protogate(
        &dir.path().join("released"),
        &["history", "--update-ledger", "../ledger.json"],
    );
    assert_eq!(recorded.status.code(), Some(0), "{}", stderr(&recorded));
    // Two versions on from the ledger: the --against tree has no field 3 at all.
    write_tree(
        dir.path(),
        &[
            (
                "previous/acme/users/v1/user.proto",
                &user("  string id = 1;\n"),
            ),
            (
                "current/acme/users/v1/user.proto",
                &user("  string id = 1;\n  int64 age = 3;\n"),
            ),
            (
                "current/protogate.yaml",
                "version: v2\nhistory:\n  ledger: ../ledger.json\n",
            ),
        ],
    );
    let output = protogate(
        &dir.path().join("current"),
        &[
            "breaking",
            "--against",
            "../previous",
            "--error-format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        finding_keys(&stdout(&output)),
        vec!["acme/users/v1/user.proto:7:3 FIELD_NUMBER_NO_REUSE".to_string()]
    );
    write_tree(
        dir.path(),
        &[(
            "current/buf.yaml",
            "version: v2\nhistory:\n  ledger: ../ledger.json\n",
        )],
    );
    std::fs::remove_file(dir.path().join("current/protogate.yaml")).unwrap();
    let misplaced = protogate(
        &dir.path().join("current"),
        &["breaking", "--against", "../previous"],
    );
    assert_eq!(misplaced.status.code(), Some(2));
    assert!(
        stderr(&misplaced).contains("protogate.yaml section"),
        "{}",
        stderr(&misplaced)
    );
}
