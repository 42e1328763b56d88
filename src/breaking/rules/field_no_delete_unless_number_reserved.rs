//! FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED: Fields are not deleted from a given message unless the number is reserved.

use crate::breaking::Pair;
use crate::breaking::rules::field_deletion::{Unless, deleted_fields};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Message;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
        purpose: "Fields are not deleted from a given message unless the number is reserved.",
        categories: &["CSR", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    deleted_fields(pair, Unless::UnlessNumberReserved, out);
}
