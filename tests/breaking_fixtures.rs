//! Runs every breaking fixture testdata/breaking/ID/{previous,current}/ and compares the
//! findings with the fixture's expected.txt (`path:line:col RULE_ID` lines, produced by
//! buf 1.75 with scripts/breaking-fixture-expectations.sh).

mod common;

use std::collections::BTreeSet;

use common::{finding_keys, protogate, repo_root, stderr, stdout};
use protogate::breaking::RULES;

#[test]
fn every_breaking_fixture_matches_its_expectations() {
    let fixtures = repo_root().join("testdata/breaking");
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).expect("testdata/breaking exists") {
        let dir = entry.expect("a directory entry").path();
        let expected_file = dir.join("expected.txt");
        let expected: Vec<String> = std::fs::read_to_string(&expected_file)
            .unwrap_or_else(|_| panic!("{} is missing", expected_file.display()))
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(str::to_string)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let output = protogate(
            &dir.join("current"),
            &[
                "breaking",
                "--against",
                "../previous",
                "--error-format",
                "json",
            ],
        );
        let actual = finding_keys(&stdout(&output));
        let expected_code = if expected.is_empty() { 0 } else { 1 };
        if actual != expected || output.status.code() != Some(expected_code) {
            failures.push(format!(
                "{}: exit {:?} (expected {expected_code})\n  expected: {expected:#?}\n  actual:   {actual:#?}\n  stderr: {}",
                dir.display(),
                output.status.code(),
                stderr(&output)
            ));
        }
        checked += 1;
    }
    assert!(checked >= RULES.len(), "only {checked} fixture dirs found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_breaks_its_rule() {
    for rule in RULES.iter().filter(|rule| !rule.info.deprecated) {
        let dir = repo_root().join("testdata/breaking").join(rule.info.id);
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        assert!(
            expected
                .lines()
                .any(|line| line.ends_with(&format!(" {}", rule.info.id))),
            "{}: the fixture has no violation of its rule",
            rule.info.id
        );
    }
}
