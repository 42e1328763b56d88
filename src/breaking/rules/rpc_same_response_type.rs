//! RPC_SAME_RESPONSE_TYPE: RPCs have the same response type.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Method;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "RPC_SAME_RESPONSE_TYPE",
        purpose: "RPCs have the same response type.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_SAME_RESPONSE_TYPE.md"),
    },
    check: Check::Method(check),
};

fn check(pair: &Pair<Method>, out: &mut Findings) {
    if pair.previous.output_type != pair.current.output_type {
        out.report_in(
            pair.current_file,
            &pair.current.output_type_location,
            format!(
                "RPC \"{}\" changed response type from \"{}\" to \"{}\".",
                pair.current.name, pair.previous.output_type, pair.current.output_type
            ),
        );
    }
}
