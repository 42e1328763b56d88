//! ENUM_ZERO_VALUE_SUFFIX: Enum zero values have a consistent suffix (default _UNSPECIFIED).

use crate::catalog::RuleInfo;
use crate::lint::rules::STANDARD;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Enum, EnumValue};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "ENUM_ZERO_VALUE_SUFFIX",
        purpose: "Enum zero values have a consistent suffix (default _UNSPECIFIED).",
        categories: STANDARD,
        v1_categories: Some(STANDARD),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_ZERO_VALUE_SUFFIX.md"),
    },
    check: Check::EnumValue(check),
};

fn check(context: &Context, enumeration: &Enum, value: &EnumValue, out: &mut Findings) {
    let _ = enumeration;
    let suffix = &context.options.enum_zero_value_suffix;
    if value.number == 0 && !value.name.ends_with(suffix.as_str()) {
        out.report(
            &value.name_location,
            format!(
                "Enum zero value \"{}\" does not end with \"{suffix}\".",
                value.name
            ),
        );
    }
}
