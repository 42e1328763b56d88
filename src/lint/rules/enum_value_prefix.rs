//! ENUM_VALUE_PREFIX: Enum values are prefixed with ENUM_NAME_UPPER_SNAKE_CASE.

use crate::catalog::RuleInfo;
use crate::lint::naming::to_upper_snake_case;
use crate::lint::rules::STANDARD;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Enum, EnumValue};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "ENUM_VALUE_PREFIX",
        purpose: "Enum values are prefixed with ENUM_NAME_UPPER_SNAKE_CASE.",
        categories: STANDARD,
        v1_categories: Some(STANDARD),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_VALUE_PREFIX.md"),
    },
    check: Check::EnumValue(check),
};

fn check(_context: &Context, enumeration: &Enum, value: &EnumValue, out: &mut Findings) {
    let mut prefix = to_upper_snake_case(&enumeration.name);
    prefix.push('_');
    if !value.name.starts_with(&prefix) {
        out.report(
            &value.name_location,
            format!(
                "Enum value \"{}\" does not start with the enum's prefix \"{prefix}\".",
                value.name
            ),
        );
    }
}
