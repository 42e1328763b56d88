//! FIELD_SAME_ONEOF: Fields have the same oneofs in a given message.

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Field;
use crate::model::Message;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_ONEOF",
        purpose: "Fields have the same oneofs in a given message.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_ONEOF.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    let Some((previous_message, current_message)) = pair.messages() else {
        return;
    };
    let oneof_of = |message: &Message, field: &Field| {
        field
            .oneof_index
            .and_then(|i| message.oneofs.get(i))
            .filter(|oneof| !oneof.synthetic)
            .map(|oneof| oneof.name.clone())
    };
    let before = oneof_of(previous_message, pair.previous);
    let after = oneof_of(current_message, pair.current);
    if before != after {
        let describe = |oneof: &Option<String>| match oneof {
            Some(name) => format!("oneof \"{name}\""),
            None => "no oneof".to_string(),
        };
        out.report_in(
            pair.current_file,
            &pair.current.location,
            format!(
                "{} moved from {} to {}.",
                describe_field(pair),
                describe(&before),
                describe(&after)
            ),
        );
    }
}
