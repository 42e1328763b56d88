//! PACKAGE_EXTENSION_NO_DELETE: Extensions are not deleted from a given package.

use crate::breaking::Side;
use crate::breaking::rules::deletion::{Element, deleted_from_package};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "PACKAGE_EXTENSION_NO_DELETE",
        purpose: "Extensions are not deleted from a given package.",
        categories: &["PACKAGE"],
        v1_categories: None,
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_EXTENSION_NO_DELETE.md"),
    },
    check: Check::Sides(check),
};

fn check(previous: &Side, current: &Side, out: &mut Findings) {
    deleted_from_package(previous, current, Element::Extension, out);
}
