//! RPC_PASCAL_CASE: RPCs are PascalCase.

use crate::catalog::RuleInfo;
use crate::lint::naming::{is_pascal_case, to_pascal_case};
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Method, Service};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "RPC_PASCAL_CASE",
        purpose: "RPCs are PascalCase.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_PASCAL_CASE.md"),
    },
    check: Check::Method(check),
};

fn check(_context: &Context, service: &Service, method: &Method, out: &mut Findings) {
    let _ = service;
    if !is_pascal_case(&method.name) {
        out.report(
            &method.name_location,
            format!(
                "RPC \"{}\" is not PascalCase; rename it to \"{}\".",
                method.name,
                to_pascal_case(&method.name)
            ),
        );
    }
}
