//! HTTP_METHOD_MATCHES_RPC: standard methods map to their HTTP methods.

use crate::catalog::RuleInfo;
use crate::lint::rules::API_DESIGN;
use crate::lint::rules::http::{has_custom_verb, http_location, literal_segments, standard_method};
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Method, Service};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "HTTP_METHOD_MATCHES_RPC",
        purpose: "Get and List RPCs map to GET, Create to POST, Update to PATCH or PUT, Delete to DELETE.",
        categories: API_DESIGN,
        v1_categories: Some(API_DESIGN),
        deprecated: false,
        doc: include_str!("../../../rules/HTTP_METHOD_MATCHES_RPC.md"),
    },
    check: Check::Method(check),
};

fn check(_context: &Context, _service: &Service, method: &Method, out: &mut Findings) {
    let Some(http) = &method.http else {
        return;
    };
    let Some(standard) = standard_method(&method.name) else {
        return;
    };
    // A `:verb` suffix makes it a custom method (`GetIamPolicy` is a POST to
    // `...:getIamPolicy`), whatever its name; so does a last segment that spells the RPC
    // (`.../nodeGroups/{group}/deleteNodes`), which HTTP_RULE_RESOURCE_ORIENTED reports.
    let spelled_out = literal_segments(&http.path)
        .last()
        .is_some_and(|segment| segment.eq_ignore_ascii_case(&method.name));
    if has_custom_verb(&http.path) || spelled_out {
        return;
    }
    if !standard.http_methods.contains(&http.method.as_str()) {
        out.report(
            http_location(method),
            format!(
                "RPC \"{}\" maps to {}; {} methods use {}, as in {}: \"{}\".",
                method.name,
                http.method.to_uppercase(),
                standard.prefix,
                standard
                    .http_methods
                    .iter()
                    .map(|m| m.to_uppercase())
                    .collect::<Vec<_>>()
                    .join(" or "),
                standard.http_methods[0],
                http.path
            ),
        );
    }
}
