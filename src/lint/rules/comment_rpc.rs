//! COMMENT_RPC: RPCs have non-empty comments.

use crate::catalog::RuleInfo;
use crate::lint::rules::COMMENTS;
use crate::lint::rules::comments::is_blank;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Method, Service};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "COMMENT_RPC",
        purpose: "RPCs have non-empty comments.",
        categories: COMMENTS,
        v1_categories: Some(COMMENTS),
        deprecated: false,
        doc: include_str!("../../../rules/COMMENT_RPC.md"),
    },
    check: Check::Method(check),
};

fn check(_context: &Context, service: &Service, method: &Method, out: &mut Findings) {
    let _ = service;
    if is_blank(&method.location.leading_comments) {
        out.report(
            &method.location,
            format!("RPC \"{}\" has no comment; document it.", method.name),
        );
    }
}
