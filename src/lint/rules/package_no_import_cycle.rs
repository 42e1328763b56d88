//! PACKAGE_NO_IMPORT_CYCLE: Packages do not have import cycles.

use crate::catalog::RuleInfo;
use crate::lint::rules::MINIMAL;
use crate::lint::rules::graph::path_between;
use crate::lint::{Check, Findings, LintRule, ModuleContext};
use std::collections::{BTreeMap, BTreeSet};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "PACKAGE_NO_IMPORT_CYCLE",
        purpose: "Packages do not have import cycles.",
        categories: MINIMAL,
        v1_categories: None,
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_NO_IMPORT_CYCLE.md"),
    },
    check: Check::Module(check),
};

fn check(module: &ModuleContext, out: &mut Findings) {
    // Package-level import graph of the module.
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for file in module.files {
        for import in &file.imports {
            if let Some(imported) = import.package.as_deref()
                && imported != file.package_name()
            {
                edges
                    .entry(file.package_name())
                    .or_default()
                    .insert(imported);
            }
        }
    }
    for file in module.files {
        for import in &file.imports {
            let Some(imported) = import.package.as_deref() else {
                continue;
            };
            if imported == file.package_name() {
                continue;
            }
            if let Some(path) = path_between(&edges, imported, file.package_name()) {
                let mut cycle = vec![file.package_name()];
                cycle.extend(path);
                out.report_in(
                    file,
                    &import.location,
                    format!(
                        "Packages import each other in a cycle: {}.",
                        cycle.join(" -> ")
                    ),
                );
            }
        }
    }
}
