//! FIELD_LOWER_SNAKE_CASE: Field names are lower_snake_case.

use crate::catalog::RuleInfo;
use crate::lint::naming::{is_lower_snake_case, to_lower_snake_case};
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Field, FieldType};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "FIELD_LOWER_SNAKE_CASE",
        purpose: "Field names are lower_snake_case.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_LOWER_SNAKE_CASE.md"),
    },
    check: Check::Field(check),
};

fn check(_context: &Context, field: &Field, out: &mut Findings) {
    // A group's field name is derived from its type name; the type is checked instead.
    if field.field_type != FieldType::Group && !is_lower_snake_case(&field.name) {
        out.report(
            &field.name_location,
            format!(
                "Field \"{}\" is not lower_snake_case; rename it to \"{}\".",
                field.name,
                to_lower_snake_case(&field.name)
            ),
        );
    }
}
