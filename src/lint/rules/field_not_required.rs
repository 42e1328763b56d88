//! FIELD_NOT_REQUIRED: Fields are not configured to be required.

use crate::catalog::RuleInfo;
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Field;
use crate::model::Label;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "FIELD_NOT_REQUIRED",
        purpose: "Fields are not configured to be required.",
        categories: BASIC,
        v1_categories: None,
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_NOT_REQUIRED.md"),
    },
    check: Check::Field(check),
};

fn check(_context: &Context, field: &Field, out: &mut Findings) {
    if field.label == Label::Required {
        out.report(
            &field.name_location,
            format!(
                "Field \"{}\" is required; required fields can never be removed safely, make it optional.",
                field.name
            ),
        );
    }
}
