//! MESSAGE_PASCAL_CASE: Messages are PascalCase.

use crate::catalog::RuleInfo;
use crate::lint::naming::{is_pascal_case, to_pascal_case};
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Message;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "MESSAGE_PASCAL_CASE",
        purpose: "Messages are PascalCase.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/MESSAGE_PASCAL_CASE.md"),
    },
    check: Check::Message(check),
};

fn check(_context: &Context, message: &Message, out: &mut Findings) {
    if !is_pascal_case(&message.name) {
        out.report(
            &message.name_location,
            format!(
                "Message \"{}\" is not PascalCase; rename it to \"{}\".",
                message.name,
                to_pascal_case(&message.name)
            ),
        );
    }
}
