//! ENUM_FIRST_VALUE_ZERO: First values of enums have a numeric value of 0.

use crate::catalog::RuleInfo;
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Enum, EnumValue};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "ENUM_FIRST_VALUE_ZERO",
        purpose: "First values of enums have a numeric value of 0.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_FIRST_VALUE_ZERO.md"),
    },
    check: Check::EnumValue(check),
};

fn check(_context: &Context, enumeration: &Enum, value: &EnumValue, out: &mut Findings) {
    // Checked on the value, so an ignore comment on the first value applies.
    let is_first = enumeration
        .values
        .first()
        .is_some_and(|first| std::ptr::eq(first, value));
    if is_first && value.number != 0 {
        out.report(
            &value.number_location,
            format!(
                "The first value of enum \"{}\", \"{}\", is {}; the first value must be 0.",
                enumeration.name, value.name, value.number
            ),
        );
    }
}
