//! FIELD_NO_DELETE: Fields are not deleted from a given message.

use crate::breaking::Pair;
use crate::breaking::rules::field_deletion::{Unless, deleted_fields};
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Message;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_NO_DELETE",
        purpose: "Fields are not deleted from a given message.",
        categories: &["CSR", "FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_NO_DELETE.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    deleted_fields(pair, Unless::Always, out);
}
