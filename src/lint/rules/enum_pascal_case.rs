//! ENUM_PASCAL_CASE: Enums are PascalCase.

use crate::catalog::RuleInfo;
use crate::lint::naming::{is_pascal_case, to_pascal_case};
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Enum;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "ENUM_PASCAL_CASE",
        purpose: "Enums are PascalCase.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_PASCAL_CASE.md"),
    },
    check: Check::Enum(check),
};

fn check(_context: &Context, enumeration: &Enum, out: &mut Findings) {
    if !is_pascal_case(&enumeration.name) {
        out.report(
            &enumeration.name_location,
            format!(
                "Enum \"{}\" is not PascalCase; rename it to \"{}\".",
                enumeration.name,
                to_pascal_case(&enumeration.name)
            ),
        );
    }
}
