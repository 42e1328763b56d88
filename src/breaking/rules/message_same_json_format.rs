//! MESSAGE_SAME_JSON_FORMAT: Messages have the same JSON format support.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::FULL_JSON_SUPPORT;
use crate::model::Message;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "MESSAGE_SAME_JSON_FORMAT",
        purpose: "Messages have the same JSON format support.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/MESSAGE_SAME_JSON_FORMAT.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    let (before, after) = (
        pair.previous_file.json_format(),
        pair.current_file.json_format(),
    );
    // Gaining JSON support is fine; losing it breaks JSON clients.
    if before == FULL_JSON_SUPPORT && after != FULL_JSON_SUPPORT {
        out.report_in(
            pair.current_file,
            &pair.current.location,
            format!(
                "Message \"{}\" lost full JSON support: its JSON format changed from \"{before}\" to \"{after}\".",
                pair.current.name
            ),
        );
    }
}
