//! FIELD_NO_DELETE_UNLESS_NAME_RESERVED: Fields are not deleted from a given message unless the name is reserved.

use crate::breaking::Pair;
use crate::breaking::rules::field_deletion::{Unless, deleted_fields};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Message;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
        purpose: "Fields are not deleted from a given message unless the name is reserved.",
        categories: &["CSR", "WIRE_JSON"],
        v1_categories: Some(&["WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_NO_DELETE_UNLESS_NAME_RESERVED.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    deleted_fields(pair, Unless::UnlessNameReserved, out);
}
