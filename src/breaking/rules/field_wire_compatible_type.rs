//! FIELD_WIRE_COMPATIBLE_TYPE: Fields have wire-compatible types in a given message.

use crate::breaking::Pair;
use crate::breaking::rules::field_type::{TypeCompatibility, compare_types};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_WIRE_COMPATIBLE_TYPE",
        purpose: "Fields have wire-compatible types in a given message.",
        categories: &["WIRE"],
        v1_categories: Some(&["WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_WIRE_COMPATIBLE_TYPE.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    compare_types(pair, TypeCompatibility::Wire, out);
}
