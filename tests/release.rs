//! `protogate release` on real repositories with tags.

mod common;

use std::path::Path;
use std::process::Command;

use common::git::{commit_all, tag};
use common::{protogate, stderr, stdout, write_tree};
use git2::Repository;

const FILE: &str = "acme/users/v1/user.proto";

fn user_proto(package: &str, body: &str) -> String {
    format!("syntax = \"proto3\";\n\npackage {package};\n\n// A user.\nmessage User {{\n{body}}}\n")
}

/// A repository with `first` tagged `v`, then `second` committed on top.
fn repo_with(
    dir: &Path,
    version: &str,
    first: &[(&str, &str)],
    second: &[(&str, &str)],
) -> Repository {
    let repo = Repository::init(dir).unwrap();
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Release Bot").unwrap();
    config.set_str("user.email", "release@example.com").unwrap();
    write_tree(dir, first);
    commit_all(&repo, "first");
    tag(&repo, version);
    for (path, _) in first {
        let _ = std::fs::remove_file(dir.join(path));
    }
    write_tree(dir, second);
    commit_all(&repo, "second");
    repo
}

fn release_plan(dir: &Path, extra: &[&str]) -> (serde_json::Value, std::process::Output) {
    let mut args = vec!["release", "--format", "json"];
    args.extend_from_slice(extra);
    let output = protogate(dir, &args);
    let value = serde_json::from_str(&stdout(&output)).unwrap_or(serde_json::Value::Null);
    (value, output)
}

#[test]
fn a_breaking_change_needs_a_major_version() {
    let dir = tempfile::tempdir().unwrap();
    let package = "acme.users.v1beta1";
    repo_with(
        dir.path(),
        "v1.4.0",
        &[(
            FILE,
            &user_proto(package, "  string id = 1;\n  string email = 2;\n"),
        )],
        &[(FILE, &user_proto(package, "  string id = 1;\n"))],
    );
    let (plan, output) = release_plan(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(plan["from"], "v1.4.0");
    assert_eq!(plan["to"], "HEAD");
    assert_eq!(plan["bump"], "major");
    assert_eq!(plan["next_version"], "2.0.0");
    let changes = plan["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["kind"] == "breaking" && c["rule"] == "FIELD_NO_DELETE" && c["line"] == 6)
    );
    // The CI gate on tag pushes.
    let under = protogate(dir.path(), &["release", "--check", "v1.5.0"]);
    assert_eq!(under.status.code(), Some(1));
    assert!(
        stderr(&under).contains("RELEASE_VERSION_MATCHES_CHANGES"),
        "{}",
        stderr(&under)
    );
    assert!(
        stderr(&under).contains("at least 2.0.0"),
        "{}",
        stderr(&under)
    );
    let right = protogate(dir.path(), &["release", "--check", "v2.0.0"]);
    assert_eq!(right.status.code(), Some(0), "{}", stderr(&right));
}

#[test]
fn while_0x_a_breaking_change_needs_a_minor_version() {
    let dir = tempfile::tempdir().unwrap();
    let package = "acme.users.v1alpha1";
    repo_with(
        dir.path(),
        "v0.3.2",
        &[(
            FILE,
            &user_proto(package, "  string id = 1;\n  string email = 2;\n"),
        )],
        &[(FILE, &user_proto(package, "  string id = 1;\n"))],
    );
    let (plan, _) = release_plan(dir.path(), &[]);
    assert_eq!(plan["bump"], "minor");
    assert_eq!(plan["next_version"], "0.4.0");
}

#[test]
fn additions_need_a_minor_version_and_comments_a_patch() {
    let dir = tempfile::tempdir().unwrap();
    let package = "acme.users.v1";
    repo_with(
        dir.path(),
        "v1.0.0",
        &[(FILE, &user_proto(package, "  string id = 1;\n"))],
        &[(
            FILE,
            &user_proto(package, "  string id = 1;\n  string email = 2;\n"),
        )],
    );
    let (plan, _) = release_plan(dir.path(), &[]);
    assert_eq!(plan["bump"], "minor");
    assert_eq!(plan["next_version"], "1.1.0");
    assert!(
        plan["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "added" && c["rule"] == "FIELD_ADDED")
    );

    let dir = tempfile::tempdir().unwrap();
    repo_with(
        dir.path(),
        "v1.0.0",
        &[(FILE, &user_proto(package, "  string id = 1;\n"))],
        &[(
            FILE,
            &user_proto(package, "  // The id, now documented.\n  string id = 1;\n"),
        )],
    );
    let (plan, _) = release_plan(dir.path(), &[]);
    assert_eq!(plan["bump"], "patch");
    assert_eq!(plan["next_version"], "1.0.1");
    assert_eq!(plan["changes"][0]["kind"], "changed");
    let over = protogate(dir.path(), &["release", "--check", "v1.1.0"]);
    assert_eq!(
        over.status.code(),
        Some(0),
        "a bigger bump than needed is fine"
    );
}

#[test]
fn a_break_in_a_stable_package_fails_but_a_new_package_version_passes() {
    let dir = tempfile::tempdir().unwrap();
    repo_with(
        dir.path(),
        "v1.0.0",
        &[(
            FILE,
            &user_proto("acme.users.v1", "  string id = 1;\n  string email = 2;\n"),
        )],
        &[(FILE, &user_proto("acme.users.v1", "  string id = 1;\n"))],
    );
    let output = protogate(dir.path(), &["release"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("STABLE_PACKAGE_NO_BREAKING"),
        "{}",
        stderr(&output)
    );

    let dir = tempfile::tempdir().unwrap();
    let v1 = user_proto("acme.users.v1", "  string id = 1;\n  string email = 2;\n");
    repo_with(
        dir.path(),
        "v1.0.0",
        &[(FILE, &v1)],
        &[
            (FILE, &v1),
            (
                "acme/users/v2/user.proto",
                &user_proto("acme.users.v2", "  string id = 1;\n"),
            ),
        ],
    );
    let (plan, output) = release_plan(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(plan["bump"], "minor");
    assert!(plan["violations"].as_array().unwrap().is_empty());
}

#[test]
fn a_first_release_has_no_previous_tag() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    write_tree(
        dir.path(),
        &[(FILE, &user_proto("acme.users.v1", "  string id = 1;\n"))],
    );
    commit_all(&repo, "first");
    let (plan, output) = release_plan(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(plan["from"], serde_json::Value::Null);
    assert_eq!(plan["next_version"], "0.1.0");
    assert_eq!(plan["changes"][0]["rule"], "FILE_ADDED");
}

#[test]
fn tag_creates_an_annotated_tag_with_the_changelog() {
    let dir = tempfile::tempdir().unwrap();
    let package = "acme.users.v1";
    repo_with(
        dir.path(),
        "v1.0.0",
        &[(FILE, &user_proto(package, "  string id = 1;\n"))],
        &[(
            FILE,
            &user_proto(package, "  string id = 1;\n  string email = 2;\n"),
        )],
    );
    let output = protogate(dir.path(), &["release", "--tag"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let shown = Command::new("git")
        .args(["tag", "-n99", "v1.1.0"])
        .current_dir(dir.path())
        .output()
        .expect("git runs");
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("1.1.0 (since v1.0.0)") && shown.contains("FIELD_ADDED"),
        "{shown}"
    );
    // The tag exists now.
    let again = protogate(dir.path(), &["release", "--from", "v1.0.0", "--tag"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn tag_refuses_a_dirty_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    let package = "acme.users.v1";
    repo_with(
        dir.path(),
        "v1.0.0",
        &[(FILE, &user_proto(package, "  string id = 1;\n"))],
        &[(
            FILE,
            &user_proto(package, "  string id = 1;\n  string email = 2;\n"),
        )],
    );
    write_tree(dir.path(), &[("notes.txt", "uncommitted\n")]);
    let output = protogate(dir.path(), &["release", "--tag"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("uncommitted"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_changelog_is_grouped_by_package_and_kind() {
    let dir = tempfile::tempdir().unwrap();
    let package = "acme.users.v1beta1";
    repo_with(
        dir.path(),
        "v1.0.0",
        &[(
            FILE,
            &user_proto(package, "  string id = 1;\n  string email = 2;\n"),
        )],
        &[(
            FILE,
            &user_proto(package, "  string id = 1;\n  int64 age = 3;\n"),
        )],
    );
    let notes = dir.path().join("CHANGELOG.md");
    let output = protogate(
        dir.path(),
        &["release", "--changelog", notes.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(notes).unwrap();
    let package_at = text.find("### acme.users.v1beta1").expect(&text);
    let breaking_at = text.find("#### Breaking").expect(&text);
    let added_at = text.find("#### Added").expect(&text);
    assert!(package_at < breaking_at && breaking_at < added_at, "{text}");
    assert!(
        stdout(&output).starts_with("Next version: 2.0.0 (major bump)"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn tag_sign_creates_a_tag_git_can_verify() {
    let gpg_home = tempfile::tempdir().unwrap();
    let has_gpg = Command::new("gpg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_gpg {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have gpg to test signed tags"
        );
        eprintln!("note: gpg is not installed; signed tags are not tested here");
        return;
    }
    let generated = Command::new("gpg")
        .args([
            "--batch",
            "--passphrase",
            "",
            "--quick-gen-key",
            "Release Bot <release@example.com>",
            "default",
            "default",
            "never",
        ])
        .env("GNUPGHOME", gpg_home.path())
        .output()
        .expect("gpg runs");
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let package = "acme.users.v1";
    repo_with(
        dir.path(),
        "v1.0.0",
        &[(FILE, &user_proto(package, "  string id = 1;\n"))],
        &[(
            FILE,
            &user_proto(package, "  string id = 1;\n  string email = 2;\n"),
        )],
    );
    let output = Command::new(env!("CARGO_BIN_EXE_protogate"))
        .args(["release", "--tag", "--sign"])
        .current_dir(dir.path())
        .env("GNUPGHOME", gpg_home.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let verified = Command::new("git")
        .args(["tag", "-v", "v1.1.0"])
        .current_dir(dir.path())
        .env("GNUPGHOME", gpg_home.path())
        .output()
        .expect("git runs");
    let said = String::from_utf8_lossy(&verified.stderr);
    assert!(
        verified.status.success() && said.contains("Good signature"),
        "{said}"
    );
}
