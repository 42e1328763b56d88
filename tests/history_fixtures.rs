//! Runs every history fixture testdata/history/ID/: each version directory (named like a
//! tag, `v1.0.0`) becomes a commit and an annotated tag of a fresh repository, in semver
//! order, and `protogate history` must report exactly the lines of expected.txt.

mod common;

use std::path::{Path, PathBuf};

use common::fixtures::{expects_rule, read_expectations};
use common::git::{commit_all, replace_work_tree, tag};
use common::{finding_keys, protogate, repo_root, stderr, stdout};
use protogate::history::RULES;
use protogate::history::versions::parse_semver;

fn version_dirs(fixture: &Path) -> Vec<(semver::Version, PathBuf)> {
    let mut versions: Vec<_> = std::fs::read_dir(fixture)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (
                parse_semver(&name).expect("version dirs are named like v1.2.3"),
                p,
            )
        })
        .collect();
    versions.sort();
    versions
}

/// A repository with one tagged commit per version directory.
fn repository_from(fixture: &Path, dir: &Path) {
    let repo = git2::Repository::init(dir).expect("init");
    for (_, version) in version_dirs(fixture) {
        replace_work_tree(dir, &version);
        let name = version.file_name().unwrap().to_string_lossy().into_owned();
        commit_all(&repo, &name);
        tag(&repo, &name);
    }
}

#[test]
fn every_history_fixture_matches_its_expectations() {
    let mut failures = Vec::new();
    for rule in RULES {
        let fixture = repo_root().join("testdata/history").join(rule.info.id);
        let dir = tempfile::tempdir().unwrap();
        repository_from(&fixture, dir.path());
        let output = protogate(dir.path(), &["history", "--error-format", "json"]);
        let actual = finding_keys(&stdout(&output));
        let expected = read_expectations(&fixture);
        let expected_code = if expected.is_empty() { 0 } else { 1 };
        if actual != expected || output.status.code() != Some(expected_code) {
            failures.push(format!(
                "{}: exit {:?}\n  expected: {expected:#?}\n  actual: {actual:#?}\n  stderr: {}",
                rule.info.id,
                output.status.code(),
                stderr(&output)
            ));
        }
        assert!(
            expects_rule(&fixture, rule.info.id),
            "{}: no violation expected",
            rule.info.id
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
