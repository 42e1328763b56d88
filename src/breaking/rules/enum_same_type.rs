//! ENUM_SAME_TYPE: Enums have the same type (open vs closed).

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Enum;
use crate::model::Syntax;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "ENUM_SAME_TYPE",
        purpose: "Enums have the same type (open vs closed).",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_SAME_TYPE.md"),
    },
    check: Check::Enum(check),
};

fn check(pair: &Pair<Enum>, out: &mut Findings) {
    // proto3 enums are open (unknown values kept); proto2 enums are closed.
    let kind = |syntax: Syntax| {
        if syntax == Syntax::Proto3 {
            "open"
        } else {
            "closed"
        }
    };
    let (before, after) = (
        kind(pair.previous_file.syntax),
        kind(pair.current_file.syntax),
    );
    if before != after {
        out.report_in(
            pair.current_file,
            &pair.current.location,
            format!(
                "Enum \"{}\" changed from {before} to {after}.",
                pair.current.name
            ),
        );
    }
}
