//! RPC_RESPONSE_STANDARD_NAME: RPC response type names are RPCNameResponse or ServiceNameRPCNameResponse.

use crate::catalog::RuleInfo;
use crate::lint::rules::STANDARD;
use crate::lint::rules::rpc_naming::Side;
use crate::lint::rules::rpc_naming::check_standard_name;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Method, Service};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "RPC_RESPONSE_STANDARD_NAME",
        purpose: "RPC response type names are RPCNameResponse or ServiceNameRPCNameResponse.",
        categories: STANDARD,
        v1_categories: Some(STANDARD),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_RESPONSE_STANDARD_NAME.md"),
    },
    check: Check::Method(check),
};

fn check(context: &Context, service: &Service, method: &Method, out: &mut Findings) {
    check_standard_name(context, service, method, Side::Response, out);
}
