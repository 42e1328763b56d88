//! COMMENT_MESSAGE: Messages have non-empty comments.

use crate::catalog::RuleInfo;
use crate::lint::rules::COMMENTS;
use crate::lint::rules::comments::is_blank;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Message;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "COMMENT_MESSAGE",
        purpose: "Messages have non-empty comments.",
        categories: COMMENTS,
        v1_categories: Some(COMMENTS),
        deprecated: false,
        doc: include_str!("../../../rules/COMMENT_MESSAGE.md"),
    },
    check: Check::Message(check),
};

fn check(_context: &Context, message: &Message, out: &mut Findings) {
    if is_blank(&message.location.leading_comments) {
        out.report(
            &message.location,
            format!("Message \"{}\" has no comment; document it.", message.name),
        );
    }
}
