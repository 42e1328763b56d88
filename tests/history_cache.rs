//! `history` over many tags reads each blob once and parses each distinct file once, and
//! finds exactly what compiling every version from scratch finds.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::git::{commit_all, tag};
use common::write_tree;
use git2::Repository;
use protogate::compile::{ParseCache, compile_input};
use protogate::git::{GitInput, Revision};
use protogate::history::versions::Repo;
use protogate::history::{Ledger, RULES, Version, check_and_record};
use protogate::report::Diagnostic;
use protogate::workspace::load_memory_tree;

const ACCOUNT: &str = "proto/acme/shop/v1/account.proto";
const ORDER: &str = "proto/acme/shop/v1/order.proto";
const STATUS: &str = "proto/acme/shop/v1/status.proto";

fn account(fields: &str) -> String {
    format!("syntax = \"proto3\";\n\npackage acme.shop.v1;\n\nmessage Account {{\n{fields}}}\n")
}

fn order(fields: &str) -> String {
    format!(
        "syntax = \"proto3\";\n\npackage acme.shop.v1;\n\nimport \"acme/shop/v1/account.proto\";\n\nmessage Order {{\n  Account owner = 1;\n{fields}}}\n"
    )
}

fn status(values: &str) -> String {
    format!(
        "syntax = \"proto3\";\n\npackage acme.shop.v1;\n\nenum Status {{\n  STATUS_UNSPECIFIED = 0;\n{values}}}\n"
    )
}

/// One tag: its files (path, text) and the text of a README outside the module.
struct Tag {
    label: &'static str,
    files: [(&'static str, String); 3],
    readme: &'static str,
}

/// The module at each tag, oldest first. Each tag changes one file, except v1.3.0 (only the
/// README, outside the module) and v1.7.0 (order.proto back to its v1.0.0 text); v1.4.0
/// does not compile; v1.5.0 and v1.6.0 reuse numbers deleted earlier.
fn tags() -> Vec<Tag> {
    let account_1 = account("  string id = 1;\n  string email = 3;\n");
    let account_2 = account("  string id = 1;\n");
    let account_3 = account("  string id = 1;\n  int64 age = 3;\n");
    let order_1 = order("");
    let order_2 = order("  string note = 2;\n");
    let status_1 = status("  STATUS_OPEN = 1;\n");
    let status_2 = status("  STATUS_CLOSED = 1;\n");
    let broken = status("  STATUS_OPEN = ;\n");
    let at = |label, [account, order, status]: [&String; 3], readme| Tag {
        label,
        files: [
            (ACCOUNT, account.clone()),
            (ORDER, order.clone()),
            (STATUS, status.clone()),
        ],
        readme,
    };
    vec![
        at("v1.0.0", [&account_1, &order_1, &status_1], "first"),
        at("v1.1.0", [&account_2, &order_1, &status_1], "first"),
        at("v1.2.0", [&account_2, &order_2, &status_1], "first"),
        at("v1.3.0", [&account_2, &order_2, &status_1], "second"),
        at("v1.4.0", [&account_2, &order_2, &broken], "second"),
        at("v1.5.0", [&account_2, &order_2, &status_2], "second"),
        at("v1.6.0", [&account_3, &order_2, &status_2], "second"),
        at("v1.7.0", [&account_3, &order_1, &status_2], "second"),
    ]
}

fn tagged_repo(dir: &Path) {
    let repo = Repository::init(dir).unwrap();
    for version in tags() {
        let files: Vec<(&str, &str)> = version
            .files
            .iter()
            .map(|(p, c)| (*p, c.as_str()))
            .collect();
        write_tree(dir, &files);
        write_tree(dir, &[("README.md", version.readme)]);
        commit_all(&repo, version.label);
        tag(&repo, version.label);
    }
}

/// Checks the versions in order against one ledger, as `history` does.
fn walk(versions: &[Version]) -> (Vec<Diagnostic>, Ledger) {
    let rules: Vec<_> = RULES.iter().collect();
    let mut ledger = Ledger::new();
    let mut diagnostics = Vec::new();
    for version in versions {
        diagnostics.extend(check_and_record(&mut ledger, version, &rules));
    }
    (diagnostics, ledger)
}

/// A version compiled from scratch: its tree read with `breaking --against`'s git reader.
fn compiled_from_scratch(dir: &Path, label: &str) -> Option<Version> {
    let input = GitInput {
        repository: dir.join(".git"),
        revision: Revision::Tag(label.to_string()),
        subdir: Some("proto".to_string()),
    };
    let files = input.read_tree(label).unwrap();
    let input = load_memory_tree(&files, label, "proto").unwrap();
    let (_, modules) = compile_input(&input).ok()?;
    Some(Version {
        label: label.to_string(),
        files: modules.into_iter().flat_map(|m| m.files).collect(),
    })
}

#[test]
fn each_blob_is_read_and_each_file_parsed_once_with_the_findings_of_a_fresh_compile() {
    let dir = tempfile::tempdir().unwrap();
    tagged_repo(dir.path());

    let mut repo = Repo::discover(&dir.path().join("proto")).unwrap();
    let (revisions, _) = repo.semver_tags("v*").unwrap();
    assert_eq!(revisions.len(), tags().len());
    let parses = ParseCache::default();
    let mut cached = Vec::new();
    for revision in &revisions {
        if let Ok(version) = repo.version_at(revision, "proto", &parses).unwrap() {
            cached.push(version);
        }
    }
    let fresh: Vec<Version> = revisions
        .iter()
        .filter_map(|revision| compiled_from_scratch(dir.path(), &revision.label))
        .collect();

    let labels = |versions: &[Version]| -> Vec<String> {
        versions.iter().map(|v| v.label.clone()).collect()
    };
    assert_eq!(labels(&cached), labels(&fresh));
    assert!(!labels(&cached).contains(&"v1.4.0".to_string()));
    for (cached, fresh) in cached.iter().zip(&fresh) {
        assert_eq!(
            format!("{:?}", cached.files),
            format!("{:?}", fresh.files),
            "{}: the model differs from a fresh compile",
            cached.label
        );
    }
    let (cached_findings, cached_ledger) = walk(&cached);
    let (fresh_findings, fresh_ledger) = walk(&fresh);
    let rules: BTreeSet<&str> = cached_findings.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(
        rules,
        BTreeSet::from(["ENUM_VALUE_NUMBER_NO_REUSE", "FIELD_NUMBER_NO_REUSE"]),
        "{cached_findings:?}"
    );
    assert_eq!(cached_findings, fresh_findings);
    assert_eq!(cached_ledger, fresh_ledger);

    let all_files: Vec<(&str, String)> = tags().into_iter().flat_map(|t| t.files).collect();
    let distinct_files: BTreeSet<&(&str, String)> = all_files.iter().collect();
    let distinct_contents: BTreeSet<&String> = all_files.iter().map(|(_, c)| c).collect();
    assert_eq!(parses.parsed(), distinct_files.len());
    assert_eq!(repo.blobs_read(), distinct_contents.len());
}
