//! The bookkeeping every rule owes: a unique id, a doc in rules/, a fixture dir in testdata/.

mod common;

use std::collections::BTreeSet;

use common::repo_root;
use protogate::catalog::{RuleKind, all_rules};

fn names_in(dir: &str, strip_suffix: &str) -> BTreeSet<String> {
    std::fs::read_dir(repo_root().join(dir))
        .map(|entries| {
            entries
                .map(|e| {
                    e.expect("a directory entry")
                        .file_name()
                        .to_string_lossy()
                        .into_owned()
                })
                .filter_map(|name| name.strip_suffix(strip_suffix).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn rule_ids_are_unique() {
    let rules = all_rules();
    let ids: BTreeSet<&str> = rules.iter().map(|(_, info)| info.id).collect();
    assert_eq!(ids.len(), rules.len());
}

#[test]
fn every_rule_has_a_doc_and_a_fixture_dir() {
    let docs = names_in("rules", ".md");
    for (kind, info) in all_rules() {
        assert!(
            docs.contains(info.id),
            "{} has no rules/{}.md",
            info.id,
            info.id
        );
        assert!(
            info.doc.starts_with(&format!("# {}", info.id)),
            "rules/{}.md must start with its id",
            info.id
        );
        let fixture = repo_root().join("testdata").join(kind.name()).join(info.id);
        assert!(
            fixture.is_dir(),
            "{} has no fixture dir {}",
            info.id,
            fixture.display()
        );
    }
}

#[test]
fn every_doc_and_fixture_dir_belongs_to_a_rule() {
    let registered: BTreeSet<(RuleKind, &str)> = all_rules()
        .iter()
        .map(|(kind, info)| (*kind, info.id))
        .collect();
    let ids: BTreeSet<&str> = registered.iter().map(|(_, id)| *id).collect();
    for doc in names_in("rules", ".md") {
        assert!(
            ids.contains(doc.as_str()),
            "rules/{doc}.md names no registered rule"
        );
    }
    for kind in [
        RuleKind::Lint,
        RuleKind::Breaking,
        RuleKind::History,
        RuleKind::Release,
    ] {
        for dir in names_in(&format!("testdata/{}", kind.name()), "") {
            assert!(
                registered.contains(&(kind, dir.as_str())),
                "testdata/{}/{dir} belongs to no registered {} rule",
                kind.name(),
                kind.name()
            );
        }
    }
}
