//! Runs every lint fixture under testdata/lint/ID/ and compares the findings with the
//! fixture's expected.txt (`path:line:col RULE_ID` lines, produced by buf 1.75 with
//! `scripts/fixture-expectations.sh lint`).

mod common;

use common::fixtures::{check_fixture_dirs, expects_rule};
use common::repo_root;
use protogate::lint::RULES;

#[test]
fn every_lint_fixture_matches_its_expectations() {
    let (checked, failures) = check_fixture_dirs(
        &repo_root().join("testdata/lint"),
        |dir| dir.to_path_buf(),
        &["lint", "--error-format", "json"],
    );
    assert!(checked >= RULES.len(), "only {checked} fixture dirs found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_violates_its_rule() {
    for rule in RULES.iter().filter(|rule| !rule.info.deprecated) {
        let dir = repo_root().join("testdata/lint").join(rule.info.id);
        assert!(
            expects_rule(&dir, rule.info.id),
            "{}: the fixture has no violation of its rule",
            rule.info.id
        );
    }
}
