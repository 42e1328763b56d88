//! FIELD_SAME_UTF8_VALIDATION: String fields have the same UTF-8 validation mode.

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;
use crate::model::{FieldType, Syntax};

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_UTF8_VALIDATION",
        purpose: "String fields have the same UTF-8 validation mode.",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_UTF8_VALIDATION.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    if pair.previous.field_type != FieldType::String || pair.current.field_type != FieldType::String
    {
        return;
    }
    // proto3 strings are validated on parse; proto2 strings are not.
    let validates = |syntax: Syntax| syntax == Syntax::Proto3;
    let before = validates(pair.previous_file.syntax);
    let after = validates(pair.current_file.syntax);
    if before != after {
        let mode = |v: bool| if v { "VERIFY" } else { "NONE" };
        out.report_in(
            pair.current_file,
            &pair.current.location,
            format!(
                "{} changed UTF-8 validation from {} to {}.",
                describe_field(pair),
                mode(before),
                mode(after)
            ),
        );
    }
}
