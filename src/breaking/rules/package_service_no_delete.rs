//! PACKAGE_SERVICE_NO_DELETE: Services are not deleted from a given package.

use crate::breaking::Side;
use crate::breaking::rules::deletion::{Element, deleted_from_package};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "PACKAGE_SERVICE_NO_DELETE",
        purpose: "Services are not deleted from a given package.",
        categories: &["PACKAGE"],
        v1_categories: Some(&["PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_SERVICE_NO_DELETE.md"),
    },
    check: Check::Sides(check),
};

fn check(previous: &Side, current: &Side, out: &mut Findings) {
    deleted_from_package(previous, current, Element::Service, out);
}
