//! DIRECTORY_SAME_PACKAGE: Files in a given directory are in the same package.

use crate::catalog::RuleInfo;
use crate::lint::rules::MINIMAL;
use crate::lint::rules::display_directory;
use crate::lint::{Check, Findings, LintRule, ModuleContext};
use crate::model::ProtoFile;
use std::collections::{BTreeMap, BTreeSet};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "DIRECTORY_SAME_PACKAGE",
        purpose: "Files in a given directory are in the same package.",
        categories: MINIMAL,
        v1_categories: Some(MINIMAL),
        deprecated: false,
        doc: include_str!("../../../rules/DIRECTORY_SAME_PACKAGE.md"),
    },
    check: Check::Module(check),
};

fn check(module: &ModuleContext, out: &mut Findings) {
    let mut by_directory: BTreeMap<&str, Vec<&ProtoFile>> = BTreeMap::new();
    for file in module.files {
        by_directory.entry(file.directory()).or_default().push(file);
    }
    for (directory, files) in by_directory {
        let packages: BTreeSet<&str> = files.iter().map(|f| f.package_name()).collect();
        if packages.len() < 2 {
            continue;
        }
        let listed: Vec<String> = packages.iter().map(|p| format!("\"{p}\"")).collect();
        for file in files {
            out.report_in(
                file,
                &file.package_location,
                format!(
                    "Directory \"{}\" holds files of several packages ({}); keep one package per directory.",
                    display_directory(directory),
                    listed.join(", ")
                ),
            );
        }
    }
}
