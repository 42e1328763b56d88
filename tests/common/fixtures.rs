//! Runs fixture directories and compares their findings with `expected.txt`.

use std::collections::BTreeSet;
use std::path::Path;

use super::{finding_keys, protogate, stderr, stdout};

/// Runs every fixture dir under `root`: `run_in` gives the directory to run in, and `args`
/// the protogate arguments. Returns how many were checked and a report of each mismatch
/// (findings or exit code).
pub fn check_fixture_dirs(
    root: &Path,
    run_in: impl Fn(&Path) -> std::path::PathBuf,
    args: &[&str],
) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(root).expect("the fixture root exists") {
        let dir = entry.expect("a directory entry").path();
        let expected = read_expectations(&dir);
        let output = protogate(&run_in(&dir), args);
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
    (checked, failures)
}

/// The sorted, de-duplicated `path:line:col RULE_ID` lines of a fixture's expected.txt.
pub fn read_expectations(dir: &Path) -> Vec<String> {
    let file = dir.join("expected.txt");
    std::fs::read_to_string(&file)
        .unwrap_or_else(|_| panic!("{} is missing", file.display()))
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// True when the fixture of `rule_id` expects at least one finding of that rule.
pub fn expects_rule(dir: &Path, rule_id: &str) -> bool {
    read_expectations(dir)
        .iter()
        .any(|line| line.ends_with(&format!(" {rule_id}")))
}
