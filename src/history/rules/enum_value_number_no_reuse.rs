//! ENUM_VALUE_NUMBER_NO_REUSE: across every version, an enum value number keeps its name.

use crate::catalog::RuleInfo;
use crate::history::rules::HISTORY;
use crate::history::{Check, HistoryRule, ValueContext};
use crate::lint::Findings;

pub const RULE: HistoryRule = HistoryRule {
    info: RuleInfo {
        id: "ENUM_VALUE_NUMBER_NO_REUSE",
        purpose: "Across every version in history, an enum value number keeps its name; a number once deleted is never used again.",
        categories: HISTORY,
        v1_categories: Some(HISTORY),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_VALUE_NUMBER_NO_REUSE.md"),
    },
    check: Check::EnumValue(check),
};

fn check(context: &ValueContext, out: &mut Findings) {
    let value = context.value;
    let Some(records) = context.history.and_then(|h| h.get(&value.number)) else {
        return;
    };
    if records.iter().any(|r| r.name == value.name) {
        return;
    }
    // A new alias beside a name the number still has is not a reuse.
    let still_named = context
        .enumeration
        .values
        .iter()
        .any(|v| v.number == value.number && records.iter().any(|r| r.name == v.name));
    if still_named {
        return;
    }
    let Some(before) = records.last() else {
        return;
    };
    out.report(
        &value.location,
        format!(
            "Enum value {} of enum \"{}\" is \"{}\" in {}, but was \"{}\" in {}; readers of those versions would misread it. Reserve {} and use a new number.",
            value.number,
            context.enumeration.full_name,
            value.name,
            context.version,
            before.name,
            before.seen(),
            value.number
        ),
    );
}
