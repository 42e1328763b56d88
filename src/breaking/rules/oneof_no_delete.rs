//! ONEOF_NO_DELETE: Oneofs are not deleted from a given message.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Message;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "ONEOF_NO_DELETE",
        purpose: "Oneofs are not deleted from a given message.",
        categories: &["CSR", "FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/ONEOF_NO_DELETE.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    for oneof in pair.previous.oneofs.iter().filter(|o| !o.synthetic) {
        if !pair.current.oneofs.iter().any(|o| o.name == oneof.name) {
            out.report_in(
                pair.current_file,
                &pair.current.location,
                format!(
                    "Oneof \"{}\" was deleted from message \"{}\".",
                    oneof.name, pair.current.name
                ),
            );
        }
    }
}
