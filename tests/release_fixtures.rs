//! Runs every release fixture testdata/release/ID/: `previous/` is committed and tagged
//! v1.0.0, `current/` committed on top, and `protogate release --format json` plus the
//! arguments in args.txt must report exactly the violations in expected.txt
//! (`path:line RULE_ID`; an empty path for findings about the release as a whole).

mod common;

use common::fixtures::{expects_rule, read_expectations};
use common::git::{commit_all, replace_work_tree, tag};
use common::{protogate, repo_root, stderr, stdout};
use protogate::release::RULES;

#[test]
fn every_release_fixture_matches_its_expectations() {
    let mut failures = Vec::new();
    for rule in RULES {
        let fixture = repo_root().join("testdata/release").join(rule.info.id);
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        replace_work_tree(dir.path(), &fixture.join("previous"));
        commit_all(&repo, "previous");
        tag(&repo, "v1.0.0");
        replace_work_tree(dir.path(), &fixture.join("current"));
        commit_all(&repo, "current");
        let extra = std::fs::read_to_string(fixture.join("args.txt")).unwrap();
        let mut args = vec!["release", "--format", "json"];
        args.extend(extra.split_whitespace());
        let output = protogate(dir.path(), &args);
        let plan: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap_or_default();
        let mut actual: Vec<String> = plan["violations"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| {
                format!(
                    "{}:{} {}",
                    v["path"].as_str().unwrap_or_default(),
                    v["line"],
                    v["rule"].as_str().unwrap_or_default()
                )
            })
            .collect();
        actual.sort();
        let expected = read_expectations(&fixture);
        if actual != expected || output.status.code() != Some(1) {
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
