//! COMMENT_SERVICE: Services have non-empty comments.

use crate::catalog::RuleInfo;
use crate::lint::rules::COMMENTS;
use crate::lint::rules::comments::is_blank;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Service;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "COMMENT_SERVICE",
        purpose: "Services have non-empty comments.",
        categories: COMMENTS,
        v1_categories: Some(COMMENTS),
        deprecated: false,
        doc: include_str!("../../../rules/COMMENT_SERVICE.md"),
    },
    check: Check::Service(check),
};

fn check(_context: &Context, service: &Service, out: &mut Findings) {
    if is_blank(&service.location.leading_comments) {
        out.report(
            &service.location,
            format!("Service \"{}\" has no comment; document it.", service.name),
        );
    }
}
