//! FIELD_SAME_NAME: Fields have the same names in a given message.

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_NAME",
        purpose: "Fields have the same names in a given message.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_NAME.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    // Extensions are compared by full name: moving one to another scope renames it.
    let name = |field: &Field| match pair.messages() {
        Some(_) => field.name.clone(),
        None => field.full_name.clone(),
    };
    if name(pair.previous) != name(pair.current) {
        out.report_in(
            pair.current_file,
            &pair.current.name_location,
            format!(
                "{} changed name from \"{}\" to \"{}\".",
                describe_field(pair),
                name(pair.previous),
                name(pair.current)
            ),
        );
    }
}
