//! ENUM_VALUE_UPPER_SNAKE_CASE: Enum values are UPPER_SNAKE_CASE.

use crate::catalog::RuleInfo;
use crate::lint::naming::{is_upper_snake_case, to_upper_snake_case};
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Enum, EnumValue};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "ENUM_VALUE_UPPER_SNAKE_CASE",
        purpose: "Enum values are UPPER_SNAKE_CASE.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_VALUE_UPPER_SNAKE_CASE.md"),
    },
    check: Check::EnumValue(check),
};

fn check(_context: &Context, enumeration: &Enum, value: &EnumValue, out: &mut Findings) {
    let _ = enumeration;
    if !is_upper_snake_case(&value.name) {
        out.report(
            &value.name_location,
            format!(
                "Enum value \"{}\" is not UPPER_SNAKE_CASE; rename it to \"{}\".",
                value.name,
                to_upper_snake_case(&value.name)
            ),
        );
    }
}
