//! RPC_NO_SERVER_STREAMING: RPCs are not server streaming.

use crate::catalog::RuleInfo;
use crate::lint::rules::UNARY_RPC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Method, Service};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "RPC_NO_SERVER_STREAMING",
        purpose: "RPCs are not server streaming.",
        categories: UNARY_RPC,
        v1_categories: Some(UNARY_RPC),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_NO_SERVER_STREAMING.md"),
    },
    check: Check::Method(check),
};

fn check(_context: &Context, service: &Service, method: &Method, out: &mut Findings) {
    let _ = service;
    if method.server_streaming {
        out.report(
            &method.location,
            format!("RPC \"{}\" streams responses from the server.", method.name),
        );
    }
}
