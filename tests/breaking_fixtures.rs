//! Runs every breaking fixture testdata/breaking/ID/{previous,current}/ and compares the
//! findings with the fixture's expected.txt (`path:line:col RULE_ID` lines, produced by
//! buf 1.75 with `scripts/fixture-expectations.sh breaking`). Findings without a file, such
//! as a deleted file, have an empty path.

mod common;

use common::fixtures::{check_fixture_dirs, expects_rule};
use common::repo_root;
use protogate::breaking::RULES;

#[test]
fn every_breaking_fixture_matches_its_expectations() {
    let (checked, failures) = check_fixture_dirs(
        &repo_root().join("testdata/breaking"),
        |dir| dir.join("current"),
        &[
            "breaking",
            "--against",
            "../previous",
            "--error-format",
            "json",
        ],
    );
    assert!(checked >= RULES.len(), "only {checked} fixture dirs found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_breaks_its_rule() {
    for rule in RULES.iter().filter(|rule| !rule.info.deprecated) {
        let dir = repo_root().join("testdata/breaking").join(rule.info.id);
        assert!(
            expects_rule(&dir, rule.info.id),
            "{}: the fixture has no violation of its rule",
            rule.info.id
        );
    }
}
