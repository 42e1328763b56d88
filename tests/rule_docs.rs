//! docs/rules/ holds one page per rule, generated from rules/*.md and the rule catalogue
//! (`protogate rules --format json`), plus an index. This test regenerates them in memory
//! and fails when a page is stale, missing or left over; `scripts/update-rule-docs.sh`
//! (PROTOGATE_UPDATE_DOCS=1) rewrites them.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{protogate, repo_root, stdout};
use serde_json::Value;

const HEADER: &str =
    "<!-- Generated from the rule catalogue by scripts/update-rule-docs.sh: do not edit. -->";

/// Every generated file under docs/rules/, by file name.
fn generate() -> BTreeMap<String, String> {
    let output = protogate(&repo_root(), &["rules", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let rules: Vec<Value> = serde_json::from_str(&stdout(&output)).expect("rules as JSON");
    let mut pages = BTreeMap::new();
    let mut index = format!(
        "{HEADER}\n\n# Rules\n\n\
         Every rule protogate runs, by kind. Each page is the rule's doc from `rules/ID.md`, also\n\
         printed by `protogate explain ID`. `protogate rules` lists them in the terminal.\n"
    );
    for kind in ["lint", "breaking", "history", "release"] {
        let of_kind: Vec<&Value> = rules.iter().filter(|r| r["kind"] == kind).collect();
        index.push_str(&format!(
            "\n## {} rules ({})\n\n| Rule | Categories | Default | What it checks |\n|---|---|---|---|\n",
            capitalised(kind),
            of_kind.len()
        ));
        for rule in of_kind {
            let id = rule["id"].as_str().unwrap();
            let categories = strings(&rule["categories"]).join(", ");
            let default = if rule["deprecated"].as_bool().unwrap() {
                "deprecated"
            } else if rule["default"].as_bool().unwrap() {
                "yes"
            } else {
                ""
            };
            index.push_str(&format!(
                "| [{id}]({id}.md) | {categories} | {default} | {} |\n",
                rule["purpose"].as_str().unwrap().replace('|', "\\|")
            ));
            let doc = std::fs::read_to_string(repo_root().join("rules").join(format!("{id}.md")))
                .unwrap_or_else(|_| panic!("rules/{id}.md exists"));
            pages.insert(
                format!("{id}.md"),
                format!(
                    "<!-- Generated from rules/{id}.md by scripts/update-rule-docs.sh: edit that file. -->\n\n{}\n\n---\n\nKind: {kind} · `protogate explain {id}` prints this page · [All rules](README.md)\n",
                    doc.trim_end()
                ),
            );
        }
    }
    pages.insert("README.md".to_string(), index);
    pages
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[test]
fn rule_pages_are_up_to_date() {
    let dir = repo_root().join("docs/rules");
    let expected = generate();
    if std::env::var_os("PROTOGATE_UPDATE_DOCS").is_some() {
        rewrite(&dir, &expected);
    }
    let mut problems = Vec::new();
    for (name, content) in &expected {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(actual) if actual == *content => {}
            Ok(_) => problems.push(format!("docs/rules/{name} is stale")),
            Err(_) => problems.push(format!("docs/rules/{name} is missing")),
        }
    }
    for name in existing(&dir) {
        if !expected.contains_key(&name) {
            problems.push(format!("docs/rules/{name} belongs to no rule"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nRun scripts/update-rule-docs.sh to regenerate docs/rules/.",
        problems.join("\n")
    );
}

fn existing(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn rewrite(dir: &Path, pages: &BTreeMap<String, String>) {
    std::fs::create_dir_all(dir).unwrap();
    for name in existing(dir) {
        if !pages.contains_key(&name) {
            std::fs::remove_file(dir.join(&name)).unwrap();
        }
    }
    for (name, content) in pages {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(content) {
            std::fs::write(&path, content).unwrap();
        }
    }
}
