//! ENUM_SAME_JSON_FORMAT: Enums have the same JSON format support.

use crate::breaking::Pair;
use crate::breaking::rules::json_format::report_lost_json_support;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Enum;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "ENUM_SAME_JSON_FORMAT",
        purpose: "Enums have the same JSON format support.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_SAME_JSON_FORMAT.md"),
    },
    check: Check::Enum(check),
};

fn check(pair: &Pair<Enum>, out: &mut Findings) {
    report_lost_json_support(
        pair.previous_file,
        pair.current_file,
        ("Enum", &pair.current.name),
        &pair.current.location,
        out,
    );
}
