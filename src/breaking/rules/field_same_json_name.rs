//! FIELD_SAME_JSON_NAME: Fields have the same value for the json_name option.

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_JSON_NAME",
        purpose: "Fields have the same value for the json_name option.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_JSON_NAME.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    // Extensions cannot set json_name; their JSON name is their full name.
    if pair.messages().is_some()
        && pair.previous.effective_json_name != pair.current.effective_json_name
    {
        let location = if pair.current.json_name_location.span.is_some() {
            &pair.current.json_name_location
        } else {
            &pair.current.location
        };
        out.report_in(
            pair.current_file,
            location,
            format!(
                "{} changed json_name from \"{}\" to \"{}\".",
                describe_field(pair),
                pair.previous.effective_json_name,
                pair.current.effective_json_name
            ),
        );
    }
}
