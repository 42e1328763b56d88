//! FIELD_WIRE_COMPATIBLE_CARDINALITY: Fields have wire-compatible cardinalities in a given message.

use crate::breaking::Pair;
use crate::breaking::rules::cardinality::{CardinalityCompatibility, compare_cardinality};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_WIRE_COMPATIBLE_CARDINALITY",
        purpose: "Fields have wire-compatible cardinalities in a given message.",
        categories: &["WIRE"],
        v1_categories: Some(&["WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_WIRE_COMPATIBLE_CARDINALITY.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    compare_cardinality(pair, CardinalityCompatibility::Wire, out);
}
