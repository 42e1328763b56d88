//! COMMENT_ONEOF: Oneofs have non-empty comments.

use crate::catalog::RuleInfo;
use crate::lint::rules::COMMENTS;
use crate::lint::rules::comments::is_blank;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Message, Oneof};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "COMMENT_ONEOF",
        purpose: "Oneofs have non-empty comments.",
        categories: COMMENTS,
        v1_categories: Some(COMMENTS),
        deprecated: false,
        doc: include_str!("../../../rules/COMMENT_ONEOF.md"),
    },
    check: Check::Oneof(check),
};

fn check(_context: &Context, _message: &Message, oneof: &Oneof, out: &mut Findings) {
    if oneof.synthetic {
        return;
    }
    if is_blank(&oneof.location.leading_comments) {
        out.report(
            &oneof.location,
            format!("Oneof \"{}\" has no comment; document it.", oneof.name),
        );
    }
}
