//! FIELD_NUMBER_NO_REUSE: across every version, a field number keeps its name and type.

use crate::catalog::RuleInfo;
use crate::history::rules::HISTORY;
use crate::history::{Check, FieldContext, HistoryRule, field_record};
use crate::lint::Findings;

pub const RULE: HistoryRule = HistoryRule {
    info: RuleInfo {
        id: "FIELD_NUMBER_NO_REUSE",
        purpose: "Across every version in history, a field number of a message keeps its name and type; a number once deleted is never used again.",
        categories: HISTORY,
        v1_categories: Some(HISTORY),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_NUMBER_NO_REUSE.md"),
    },
    check: Check::Field(check),
};

fn check(context: &FieldContext, out: &mut Findings) {
    let Some(records) = context.history.and_then(|h| h.get(&context.field.number)) else {
        return;
    };
    let now = field_record(context.field, context.version);
    if records.iter().any(|record| record.same_definition(&now)) {
        return;
    }
    let Some(before) = records.last() else {
        return;
    };
    out.report(
        &context.field.location,
        format!(
            "Field {} of message \"{}\" is \"{}\" in {}, but was \"{}\" in {}; data written by those versions would be misread. Reserve {} and use a new number.",
            context.field.number,
            context.message.full_name,
            now.describe(),
            context.version,
            before.describe(),
            before.seen(),
            context.field.number
        ),
    );
}
