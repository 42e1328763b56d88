//! FIELD_SAME_CARDINALITY: Fields have the same cardinalities in a given message.

use crate::breaking::Pair;
use crate::breaking::rules::cardinality::{CardinalityCompatibility, compare_cardinality};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_CARDINALITY",
        purpose: "Fields have the same cardinalities in a given message.",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_CARDINALITY.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    compare_cardinality(pair, CardinalityCompatibility::Same, out);
}
