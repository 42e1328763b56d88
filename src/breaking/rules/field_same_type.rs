//! FIELD_SAME_TYPE: Fields have the same types in a given message.

use crate::breaking::Pair;
use crate::breaking::rules::field_type::{TypeCompatibility, compare_types};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_TYPE",
        purpose: "Fields have the same types in a given message.",
        categories: &["CSR", "FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_TYPE.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    compare_types(pair, TypeCompatibility::Same, out);
}
