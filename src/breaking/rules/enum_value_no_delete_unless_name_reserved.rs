//! ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED: Enum values are not deleted from a given enum unless the name is reserved.

use crate::breaking::Pair;
use crate::breaking::rules::field_deletion::{Unless, deleted_enum_values};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Enum;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
        purpose: "Enum values are not deleted from a given enum unless the name is reserved.",
        categories: &["CSR", "WIRE_JSON"],
        v1_categories: Some(&["WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED.md"),
    },
    check: Check::Enum(check),
};

fn check(pair: &Pair<Enum>, out: &mut Findings) {
    deleted_enum_values(pair, Unless::UnlessNameReserved, out);
}
