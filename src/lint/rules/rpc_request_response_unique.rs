//! RPC_REQUEST_RESPONSE_UNIQUE: RPC request and response types are only used in one RPC.

use crate::catalog::RuleInfo;
use crate::lint::rules::STANDARD;
use crate::lint::{Check, Findings, LintRule, ModuleContext};
use crate::model::Method;
use crate::model::ProtoFile;
use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeSet;

const EMPTY: &str = "google.protobuf.Empty";

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "RPC_REQUEST_RESPONSE_UNIQUE",
        purpose: "RPC request and response types are only used in one RPC.",
        categories: STANDARD,
        v1_categories: Some(STANDARD),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_REQUEST_RESPONSE_UNIQUE.md"),
    },
    check: Check::Module(check),
};

fn check(module: &ModuleContext, out: &mut Findings) {
    let options = module.options;
    let methods: Vec<(&ProtoFile, &Method)> = module
        .files
        .iter()
        .flat_map(|&file| {
            file.services
                .iter()
                .flat_map(move |service| service.methods.iter().map(move |method| (file, method)))
        })
        .collect();
    // For every message, the RPCs that use it as a request or a response.
    let mut users: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (_, method) in &methods {
        if !(options.rpc_allow_google_protobuf_empty_requests && method.input_type == EMPTY) {
            users
                .entry(&method.input_type)
                .or_default()
                .insert(&method.full_name);
        }
        if !(options.rpc_allow_google_protobuf_empty_responses && method.output_type == EMPTY) {
            users
                .entry(&method.output_type)
                .or_default()
                .insert(&method.full_name);
        }
    }
    for (file, method) in methods {
        if method.input_type == method.output_type && !options.rpc_allow_same_request_response {
            out.report_in(
                file,
                &method.location,
                format!(
                    "RPC \"{}\" uses \"{}\" as both its request and its response.",
                    method.name, method.input_type
                ),
            );
        }
        let request_exempt =
            options.rpc_allow_google_protobuf_empty_requests && method.input_type == EMPTY;
        let response_exempt =
            options.rpc_allow_google_protobuf_empty_responses && method.output_type == EMPTY;
        let mut shared: BTreeSet<&str> = BTreeSet::new();
        for (type_name, exempt) in [
            (&method.input_type, request_exempt),
            (&method.output_type, response_exempt),
        ] {
            if !exempt
                && users
                    .get(type_name.as_str())
                    .is_some_and(|rpcs| rpcs.len() > 1)
            {
                shared.insert(type_name);
            }
        }
        for type_name in shared {
            out.report_in(
                file,
                &method.location,
                format!(
                    "\"{type_name}\" is the request or response of more than one RPC; give RPC \"{}\" its own types.",
                    method.name
                ),
            );
        }
    }
}
