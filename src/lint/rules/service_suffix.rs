//! SERVICE_SUFFIX: Services have a consistent suffix (default Service).

use crate::catalog::RuleInfo;
use crate::lint::rules::STANDARD;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::Service;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "SERVICE_SUFFIX",
        purpose: "Services have a consistent suffix (default Service).",
        categories: STANDARD,
        v1_categories: Some(STANDARD),
        deprecated: false,
        doc: include_str!("../../../rules/SERVICE_SUFFIX.md"),
    },
    check: Check::Service(check),
};

fn check(context: &Context, service: &Service, out: &mut Findings) {
    let suffix = &context.options.service_suffix;
    if !service.name.ends_with(suffix.as_str()) {
        out.report(
            &service.name_location,
            format!(
                "Service \"{}\" does not end with \"{suffix}\".",
                service.name
            ),
        );
    }
}
