//! ENUM_VALUE_NO_DELETE: Enum values are not deleted from a given enum.

use crate::breaking::Pair;
use crate::breaking::rules::field_deletion::{Unless, deleted_enum_values};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Enum;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "ENUM_VALUE_NO_DELETE",
        purpose: "Enum values are not deleted from a given enum.",
        categories: &["CSR", "FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_VALUE_NO_DELETE.md"),
    },
    check: Check::Enum(check),
};

fn check(pair: &Pair<Enum>, out: &mut Findings) {
    deleted_enum_values(pair, Unless::Always, out);
}
