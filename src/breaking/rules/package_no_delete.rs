//! PACKAGE_NO_DELETE: Packages are not deleted.

use crate::breaking::Side;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "PACKAGE_NO_DELETE",
        purpose: "Packages are not deleted.",
        categories: &["PACKAGE"],
        v1_categories: Some(&["PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_NO_DELETE.md"),
    },
    check: Check::Sides(check),
};

fn check(previous: &Side, current: &Side, out: &mut Findings) {
    for package in previous.packages.keys() {
        if !current.packages.contains_key(package) {
            out.report_unplaced(format!("Package \"{package}\" was deleted."));
        }
    }
}
