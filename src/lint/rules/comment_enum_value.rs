//! COMMENT_ENUM_VALUE: Enum values have non-empty comments.

use crate::catalog::RuleInfo;
use crate::lint::rules::COMMENTS;
use crate::lint::rules::comments::is_blank;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Enum, EnumValue};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "COMMENT_ENUM_VALUE",
        purpose: "Enum values have non-empty comments.",
        categories: COMMENTS,
        v1_categories: Some(COMMENTS),
        deprecated: false,
        doc: include_str!("../../../rules/COMMENT_ENUM_VALUE.md"),
    },
    check: Check::EnumValue(check),
};

fn check(_context: &Context, enumeration: &Enum, value: &EnumValue, out: &mut Findings) {
    let _ = enumeration;
    if is_blank(&value.location.leading_comments) {
        out.report(
            &value.location,
            format!("Enum value \"{}\" has no comment; document it.", value.name),
        );
    }
}
