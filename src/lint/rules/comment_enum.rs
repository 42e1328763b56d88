//! COMMENT_ENUM: Enums have non-empty comments.

use crate::catalog::RuleInfo;
use crate::lint::rules::COMMENTS;
use crate::lint::rules::comments::is_blank;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Enum;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "COMMENT_ENUM",
        purpose: "Enums have non-empty comments.",
        categories: COMMENTS,
        v1_categories: Some(COMMENTS),
        deprecated: false,
        doc: include_str!("../../../rules/COMMENT_ENUM.md"),
    },
    check: Check::Enum(check),
};

fn check(_context: &Context, enumeration: &Enum, out: &mut Findings) {
    if is_blank(&enumeration.location.leading_comments) {
        out.report(
            &enumeration.location,
            format!("Enum \"{}\" has no comment; document it.", enumeration.name),
        );
    }
}
