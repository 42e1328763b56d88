//! FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY: Fields have wire and JSON compatible cardinalities in a given message.

use crate::breaking::Pair;
use crate::breaking::rules::cardinality::{CardinalityCompatibility, compare_cardinality};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
        purpose: "Fields have wire and JSON compatible cardinalities in a given message.",
        categories: &["CSR", "WIRE_JSON"],
        v1_categories: Some(&["WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    compare_cardinality(pair, CardinalityCompatibility::WireJson, out);
}
