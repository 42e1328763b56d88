//! MESSAGE_SAME_REQUIRED_FIELDS: Messages have no added or deleted required fields.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Label;
use crate::model::Message;
use std::collections::BTreeSet;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "MESSAGE_SAME_REQUIRED_FIELDS",
        purpose: "Messages have no added or deleted required fields.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/MESSAGE_SAME_REQUIRED_FIELDS.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    let required = |message: &Message| -> BTreeSet<i32> {
        message
            .fields
            .iter()
            .filter(|f| f.label == Label::Required)
            .map(|f| f.number)
            .collect()
    };
    let (before, after) = (required(pair.previous), required(pair.current));
    for number in before.difference(&after) {
        out.report_in(
            pair.current_file,
            &pair.current.location,
            format!(
                "Message \"{}\" no longer has required field \"{number}\".",
                pair.current.name
            ),
        );
    }
    for number in after.difference(&before) {
        let field = pair.current.fields.iter().find(|f| f.number == *number);
        out.report_in(
            pair.current_file,
            field.map_or(&pair.current.location, |f| &f.location),
            format!(
                "Message \"{}\" gained required field \"{number}\".",
                pair.current.name
            ),
        );
    }
}
