//! PACKAGE_SAME_DIRECTORY: Files with a given package are in the same directory.

use crate::catalog::RuleInfo;
use crate::lint::rules::MINIMAL;
use crate::lint::rules::display_directory;
use crate::lint::{Check, Findings, LintRule, ModuleContext};
use crate::model::ProtoFile;
use std::collections::{BTreeMap, BTreeSet};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "PACKAGE_SAME_DIRECTORY",
        purpose: "Files with a given package are in the same directory.",
        categories: MINIMAL,
        v1_categories: Some(MINIMAL),
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_SAME_DIRECTORY.md"),
    },
    check: Check::Module(check),
};

fn check(module: &ModuleContext, out: &mut Findings) {
    let mut by_package: BTreeMap<&str, Vec<&ProtoFile>> = BTreeMap::new();
    for file in module.files {
        by_package
            .entry(file.package_name())
            .or_default()
            .push(file);
    }
    for (package, files) in by_package {
        let directories: BTreeSet<&str> = files.iter().map(|f| f.directory()).collect();
        if directories.len() < 2 {
            continue;
        }
        let listed: Vec<String> = directories
            .iter()
            .map(|d| format!("\"{}\"", display_directory(d)))
            .collect();
        for file in files {
            out.report_in(
                file,
                &file.package_location,
                format!(
                    "Package \"{package}\" is spread over several directories ({}); keep it in one.",
                    listed.join(", ")
                ),
            );
        }
    }
}
