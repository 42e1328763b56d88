//! FIELD_NAME_NO_REUSE: a field name once deleted is not brought back under another number.

use crate::catalog::RuleInfo;
use crate::history::rules::HISTORY;
use crate::history::{Check, FieldContext, HistoryRule};
use crate::lint::Findings;

pub const RULE: HistoryRule = HistoryRule {
    info: RuleInfo {
        id: "FIELD_NAME_NO_REUSE",
        purpose: "A field name once deleted is not brought back under another number (it breaks JSON).",
        categories: HISTORY,
        v1_categories: Some(HISTORY),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_NAME_NO_REUSE.md"),
    },
    check: Check::Field(check),
};

fn check(context: &FieldContext, out: &mut Findings) {
    let Some(history) = context.history else {
        return;
    };
    let field = context.field;
    let known_here = history
        .get(&field.number)
        .is_some_and(|records| records.iter().any(|r| r.name == field.name));
    if known_here {
        return;
    }
    let elsewhere = history.iter().find_map(|(number, records)| {
        records
            .iter()
            .find(|r| r.name == field.name && *number != field.number)
            .map(|record| (number, record))
    });
    if let Some((number, record)) = elsewhere {
        out.report(
            &field.location,
            format!(
                "Field \"{}\" of message \"{}\" is number {} in {}, but the name was number {} in {}; JSON written by those versions would land in the wrong field. Reserve the name and pick a new one.",
                field.name,
                context.message.full_name,
                field.number,
                context.version,
                number,
                record.seen()
            ),
        );
    }
}
