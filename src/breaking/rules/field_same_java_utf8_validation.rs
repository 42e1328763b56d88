//! FIELD_SAME_JAVA_UTF8_VALIDATION: Fields have the same Java string UTF-8 validation (java_string_check_utf8).

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;
use crate::model::{FieldType, FileOption, ProtoFile, Syntax};

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_JAVA_UTF8_VALIDATION",
        purpose: "Fields have the same Java string UTF-8 validation (java_string_check_utf8).",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_JAVA_UTF8_VALIDATION.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    if pair.previous.field_type != FieldType::String || pair.current.field_type != FieldType::String
    {
        return;
    }
    // proto3 strings are always validated; proto2 ones only with java_string_check_utf8.
    let validates =
        |file: &ProtoFile| file.syntax == Syntax::Proto3 || file.options.java_string_check_utf8();
    let (before, after) = (validates(pair.previous_file), validates(pair.current_file));
    if before == after {
        return;
    }
    let mode = |v: bool| if v { "VERIFY" } else { "NONE" };
    let location = pair
        .current_file
        .option_location(FileOption::JavaStringCheckUtf8)
        .unwrap_or(&pair.current.location);
    out.report_in(
        pair.current_file,
        location,
        format!(
            "{} changed Java UTF-8 validation from {} to {}.",
            describe_field(pair),
            mode(before),
            mode(after)
        ),
    );
}
