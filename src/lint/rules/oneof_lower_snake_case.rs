//! ONEOF_LOWER_SNAKE_CASE: Oneof names are lower_snake_case.

use crate::catalog::RuleInfo;
use crate::lint::naming::{is_lower_snake_case, to_lower_snake_case};
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Message, Oneof};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "ONEOF_LOWER_SNAKE_CASE",
        purpose: "Oneof names are lower_snake_case.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/ONEOF_LOWER_SNAKE_CASE.md"),
    },
    check: Check::Oneof(check),
};

fn check(_context: &Context, _message: &Message, oneof: &Oneof, out: &mut Findings) {
    if !oneof.synthetic && !is_lower_snake_case(&oneof.name) {
        out.report(
            &oneof.name_location,
            format!(
                "Oneof \"{}\" is not lower_snake_case; rename it to \"{}\".",
                oneof.name,
                to_lower_snake_case(&oneof.name)
            ),
        );
    }
}
