//! RPC_SAME_REQUEST_TYPE: RPCs have the same request type.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Method;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "RPC_SAME_REQUEST_TYPE",
        purpose: "RPCs have the same request type.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_SAME_REQUEST_TYPE.md"),
    },
    check: Check::Method(check),
};

fn check(pair: &Pair<Method>, out: &mut Findings) {
    if pair.previous.input_type != pair.current.input_type {
        out.report_in(
            pair.current_file,
            &pair.current.input_type_location,
            format!(
                "RPC \"{}\" changed request type from \"{}\" to \"{}\".",
                pair.current.name, pair.previous.input_type, pair.current.input_type
            ),
        );
    }
}
