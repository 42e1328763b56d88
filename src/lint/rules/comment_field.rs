//! COMMENT_FIELD: Fields have non-empty comments.

use crate::catalog::RuleInfo;
use crate::lint::rules::COMMENTS;
use crate::lint::rules::comments::is_blank;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Field, FieldType};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "COMMENT_FIELD",
        purpose: "Fields have non-empty comments.",
        categories: COMMENTS,
        v1_categories: Some(COMMENTS),
        deprecated: false,
        doc: include_str!("../../../rules/COMMENT_FIELD.md"),
    },
    check: Check::Field(check),
};

fn check(_context: &Context, field: &Field, out: &mut Findings) {
    // A group's field is documented by its message (COMMENT_MESSAGE).
    if field.field_type == FieldType::Group {
        return;
    }
    if is_blank(&field.location.leading_comments) {
        out.report(
            &field.location,
            format!("Field \"{}\" has no comment; document it.", field.name),
        );
    }
}
