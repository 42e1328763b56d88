//! RPC_SAME_SERVER_STREAMING: RPCs have the same server streaming value.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Method;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "RPC_SAME_SERVER_STREAMING",
        purpose: "RPCs have the same server streaming value.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_SAME_SERVER_STREAMING.md"),
    },
    check: Check::Method(check),
};

fn check(pair: &Pair<Method>, out: &mut Findings) {
    if pair.previous.server_streaming != pair.current.server_streaming {
        let state = |streaming: bool| {
            if streaming {
                "server streaming"
            } else {
                "not server streaming"
            }
        };
        out.report_in(
            pair.current_file,
            &pair.current.location,
            format!(
                "RPC \"{}\" changed from {} to {}.",
                pair.current.name,
                state(pair.previous.server_streaming),
                state(pair.current.server_streaming)
            ),
        );
    }
}
