//! PROTOVALIDATE's messages are worded as buf's: on the rule's fixture, every finding's
//! text equals the one buf 1.75 wrote (testdata/lint/PROTOVALIDATE/buf-messages.txt, made by
//! `scripts/fixture-expectations.sh lint PROTOVALIDATE`), except at the locations listed
//! below, where the difference is known and explained.

mod common;

use std::collections::BTreeSet;

use common::{assert_no_panic, findings, protogate, repo_root, stdout};

/// Locations whose text differs from buf's on purpose or by the libraries used.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "acme/users/v1/examples.proto:77:93",
        "buf prints a duration example as a Go pointer; protogate prints `90s`",
    ),
    (
        "acme/users/v1/examples.proto:78:102",
        "buf prints a timestamp example as a Go pointer; protogate prints RFC 3339",
    ),
    (
        "acme/users/v1/users.proto:75:20",
        "CEL syntax errors: buf's ANTLR parser words them (twice), cel-core once",
    ),
    (
        "acme/users/v1/users.proto:97:23",
        "regex syntax errors come from Go's regexp in buf and the regex crate here",
    ),
    (
        "acme/users/v1/users.proto:98:23",
        "buf prints the prefix's length where the max_len belongs",
    ),
];

fn is_known_difference(line: &str) -> bool {
    KNOWN_DIFFERENCES
        .iter()
        .any(|(location, _)| line.starts_with(&format!("{location} ")))
}

#[test]
fn protovalidate_messages_match_bufs() {
    let dir = repo_root().join("testdata/lint/PROTOVALIDATE");
    let expected: BTreeSet<String> = std::fs::read_to_string(dir.join("buf-messages.txt"))
        .unwrap()
        .lines()
        .filter(|line| !is_known_difference(line))
        .map(str::to_string)
        .collect();
    let output = protogate(&dir, &["lint", "--error-format", "json"]);
    assert_no_panic(&output);
    let actual: BTreeSet<String> = findings(&stdout(&output))
        .into_iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}",
                f.path, f.line, f.column, f.rule, f.message
            )
        })
        .filter(|line| !is_known_difference(line))
        .collect();
    assert!(
        expected.len() > 80,
        "only {} of buf's messages",
        expected.len()
    );
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "buf's, not protogate's:\n{missing:#?}\nprotogate's, not buf's:\n{extra:#?}"
    );
}

#[test]
fn known_differences_are_still_findings() {
    let dir = repo_root().join("testdata/lint/PROTOVALIDATE");
    let output = protogate(&dir, &["lint", "--error-format", "json"]);
    let locations: BTreeSet<String> = findings(&stdout(&output))
        .into_iter()
        .map(|f| format!("{}:{}:{}", f.path, f.line, f.column))
        .collect();
    for (location, why) in KNOWN_DIFFERENCES {
        assert!(
            locations.contains(*location),
            "{location} ({why}) has no finding"
        );
    }
}
