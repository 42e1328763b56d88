//! IMPORT_USED: Imports are used.

use crate::catalog::RuleInfo;
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::ProtoFile;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "IMPORT_USED",
        purpose: "Imports are used.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/IMPORT_USED.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    for import in &file.imports {
        if !import.used && !import.public && !import.weak {
            out.report(
                &import.location,
                format!("Import \"{}\" is not used.", import.name),
            );
        }
    }
}
