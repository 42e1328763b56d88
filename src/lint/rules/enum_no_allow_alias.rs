//! ENUM_NO_ALLOW_ALIAS: Enums do not have the allow_alias option set.

use crate::catalog::RuleInfo;
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Enum;

/// `allow_alias` in `google.protobuf.EnumOptions`.
const ALLOW_ALIAS_FIELD_NUMBER: i32 = 2;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "ENUM_NO_ALLOW_ALIAS",
        purpose: "Enums do not have the allow_alias option set.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_NO_ALLOW_ALIAS.md"),
    },
    check: Check::Enum(check),
};

fn check(_context: &Context, enumeration: &Enum, out: &mut Findings) {
    if enumeration.options.allow_alias() {
        let location = enumeration
            .option_location(ALLOW_ALIAS_FIELD_NUMBER)
            .unwrap_or(&enumeration.name_location);
        out.report(
            location,
            format!(
                "Enum \"{}\" sets allow_alias; give each value its own number instead.",
                enumeration.name
            ),
        );
    }
}
