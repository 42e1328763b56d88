//! RPC_SAME_IDEMPOTENCY_LEVEL: RPCs have the same value for the idempotency_level option.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Method;

/// `idempotency_level` in `google.protobuf.MethodOptions`.
const IDEMPOTENCY_LEVEL: i32 = 34;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "RPC_SAME_IDEMPOTENCY_LEVEL",
        purpose: "RPCs have the same value for the idempotency_level option.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_SAME_IDEMPOTENCY_LEVEL.md"),
    },
    check: Check::Method(check),
};

fn check(pair: &Pair<Method>, out: &mut Findings) {
    let (before, after) = (
        pair.previous.options.idempotency_level(),
        pair.current.options.idempotency_level(),
    );
    if before != after {
        let message = format!(
            "RPC \"{}\" changed idempotency_level from \"{}\" to \"{}\".",
            pair.current.name,
            before.as_str_name(),
            after.as_str_name()
        );
        match pair.current.option_location(IDEMPOTENCY_LEVEL) {
            Some(location) => out.report_in(pair.current_file, location, message),
            None => out.report_file(pair.current_file, message),
        }
    }
}
