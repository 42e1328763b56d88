//! The shared comparison behind RPC_REQUEST_STANDARD_NAME and RPC_RESPONSE_STANDARD_NAME.

use crate::lint::{Context, Findings};
use crate::model::{Method, Service};

const EMPTY: &str = "google.protobuf.Empty";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// The message type must be named `<Rpc><Side>` or `<Service><Rpc><Side>`.
pub fn check_standard_name(
    context: &Context,
    service: &Service,
    method: &Method,
    side: Side,
    out: &mut Findings,
) {
    let (type_name, location, suffix, allow_empty) = match side {
        Side::Request => (
            &method.input_type,
            &method.input_type_location,
            "Request",
            context.options.rpc_allow_google_protobuf_empty_requests,
        ),
        Side::Response => (
            &method.output_type,
            &method.output_type_location,
            "Response",
            context.options.rpc_allow_google_protobuf_empty_responses,
        ),
    };
    if allow_empty && type_name == EMPTY {
        return;
    }
    let simple_name = type_name.rsplit('.').next().unwrap_or(type_name);
    // `<Rpc><Side>` or `<Service><Rpc><Side>`, compared without building either name.
    let stem = simple_name.strip_suffix(suffix);
    let is_short = stem == Some(method.name.as_str());
    let is_long = stem
        .and_then(|stem| stem.strip_prefix(service.name.as_str()))
        .is_some_and(|rpc| rpc == method.name);
    if !is_short && !is_long {
        let short = format!("{}{suffix}", method.name);
        let long = format!("{}{}{suffix}", service.name, method.name);
        out.report(
            location,
            format!(
                "RPC \"{}\" has {} type \"{simple_name}\"; name it \"{short}\" or \"{long}\".",
                method.name,
                suffix.to_lowercase()
            ),
        );
    }
}
