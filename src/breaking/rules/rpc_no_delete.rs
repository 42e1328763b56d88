//! RPC_NO_DELETE: RPCs are not deleted from a given service.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Service;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "RPC_NO_DELETE",
        purpose: "RPCs are not deleted from a given service.",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/RPC_NO_DELETE.md"),
    },
    check: Check::Service(check),
};

fn check(pair: &Pair<Service>, out: &mut Findings) {
    for method in &pair.previous.methods {
        if !pair.current.methods.iter().any(|m| m.name == method.name) {
            out.report_in(
                pair.current_file,
                &pair.current.location,
                format!(
                    "RPC \"{}\" was deleted from service \"{}\".",
                    method.name, pair.current.name
                ),
            );
        }
    }
}
