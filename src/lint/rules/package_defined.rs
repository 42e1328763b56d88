//! PACKAGE_DEFINED: Files have a package defined.

use crate::catalog::RuleInfo;
use crate::lint::rules::MINIMAL;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::ProtoFile;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "PACKAGE_DEFINED",
        purpose: "Files have a package defined.",
        categories: MINIMAL,
        v1_categories: Some(MINIMAL),
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_DEFINED.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    if file.package.is_none() {
        out.report_file(
            file,
            "File has no package; declare one with `package`.".to_string(),
        );
    }
}
