//! SERVICE_NO_DELETE: Services are not deleted from a given file.

use crate::breaking::Side;
use crate::breaking::rules::deletion::{Element, deleted_from_file};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "SERVICE_NO_DELETE",
        purpose: "Services are not deleted from a given file.",
        categories: &["FILE"],
        v1_categories: Some(&["FILE"]),
        deprecated: false,
        doc: include_str!("../../../rules/SERVICE_NO_DELETE.md"),
    },
    check: Check::Sides(check),
};

fn check(previous: &Side, current: &Side, out: &mut Findings) {
    deleted_from_file(previous, current, Element::Service, out);
}
