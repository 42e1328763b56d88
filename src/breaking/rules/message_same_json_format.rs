//! MESSAGE_SAME_JSON_FORMAT: Messages have the same JSON format support.

use crate::breaking::Pair;
use crate::breaking::rules::json_format::report_lost_json_support;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
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
    report_lost_json_support(
        pair.previous_file,
        pair.current_file,
        ("Message", &pair.current.name),
        &pair.current.location,
        out,
    );
}
