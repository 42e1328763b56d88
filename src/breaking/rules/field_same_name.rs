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
    let in_message = pair.messages().is_some();
    let (before, after) = (
        compared_name(pair.previous, in_message),
        compared_name(pair.current, in_message),
    );
    if before != after {
        out.report_in(
            pair.current_file,
            &pair.current.name_location,
            format!(
                "{} changed name from \"{before}\" to \"{after}\".",
                describe_field(pair),
            ),
        );
    }
}

/// A field's name; an extension's full name, since moving one to another scope renames it.
fn compared_name(field: &Field, in_message: bool) -> &str {
    if in_message {
        &field.name
    } else {
        &field.full_name
    }
}
