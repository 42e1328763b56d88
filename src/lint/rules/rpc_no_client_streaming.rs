//! RPC_NO_CLIENT_STREAMING: RPCs are not client streaming.

use crate::catalog::RuleInfo;
use crate::lint::rules::UNARY_RPC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Method, Service};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "RPC_NO_CLIENT_STREAMING",
        purpose: "RPCs are not client streaming.",
        categories: UNARY_RPC,
        v1_categories: Some(UNARY_RPC),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_NO_CLIENT_STREAMING.md"),
    },
    check: Check::Method(check),
};

fn check(_context: &Context, service: &Service, method: &Method, out: &mut Findings) {
    let _ = service;
    if method.client_streaming {
        out.report(
            &method.location,
            format!("RPC \"{}\" streams requests from the client.", method.name),
        );
    }
}
