//! FILE_NO_DELETE: Files are not deleted.

use crate::breaking::Side;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FILE_NO_DELETE",
        purpose: "Files are not deleted.",
        categories: &["CSR", "FILE"],
        v1_categories: Some(&["FILE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FILE_NO_DELETE.md"),
    },
    check: Check::Sides(check),
};

fn check(previous: &Side, current: &Side, out: &mut Findings) {
    for name in previous.files_by_name.keys() {
        if !current.files_by_name.contains_key(name) {
            out.report_deleted_file(name, format!("File \"{name}\" was deleted."));
        }
    }
}
