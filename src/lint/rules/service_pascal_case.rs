//! SERVICE_PASCAL_CASE: Services are PascalCase.

use crate::catalog::RuleInfo;
use crate::lint::naming::{is_pascal_case, to_pascal_case};
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Service;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "SERVICE_PASCAL_CASE",
        purpose: "Services are PascalCase.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/SERVICE_PASCAL_CASE.md"),
    },
    check: Check::Service(check),
};

fn check(_context: &Context, service: &Service, out: &mut Findings) {
    if !is_pascal_case(&service.name) {
        out.report(
            &service.name_location,
            format!(
                "Service \"{}\" is not PascalCase; rename it to \"{}\".",
                service.name,
                to_pascal_case(&service.name)
            ),
        );
    }
}
