//! FIELD_WIRE_JSON_COMPATIBLE_TYPE: Fields have wire and JSON compatible types in a given message.

use crate::breaking::Pair;
use crate::breaking::rules::field_type::{TypeCompatibility, compare_types};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
        purpose: "Fields have wire and JSON compatible types in a given message.",
        categories: &["CSR", "WIRE_JSON"],
        v1_categories: Some(&["WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_WIRE_JSON_COMPATIBLE_TYPE.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    compare_types(pair, TypeCompatibility::WireJson, out);
}
