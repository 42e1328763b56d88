//! ENUM_VALUE_SAME_NAME: Enum values have the same name.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Enum;
use std::collections::{BTreeMap, BTreeSet};

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "ENUM_VALUE_SAME_NAME",
        purpose: "Enum values have the same name.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON"]),
        deprecated: false,
        doc: include_str!("../../../rules/ENUM_VALUE_SAME_NAME.md"),
    },
    check: Check::Enum(check),
};

fn check(pair: &Pair<Enum>, out: &mut Findings) {
    let previous = names_by_number(pair.previous);
    let current = names_by_number(pair.current);
    for (number, before) in &previous {
        let Some(after) = current.get(number) else {
            continue;
        };
        // Adding an alias is fine; losing any old name is not.
        if before.is_subset(after) {
            continue;
        }
        let list = |names: &BTreeSet<&str>| {
            names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for value in pair.current.values.iter().filter(|v| v.number == *number) {
            out.report_in(
                pair.current_file,
                &value.number_location,
                format!(
                    "Enum value \"{number}\" on enum \"{}\" changed name from {} to {}.",
                    pair.current.name,
                    list(before),
                    list(after)
                ),
            );
        }
    }
}

/// The enum's value names by number, gathered in one pass over its values.
fn names_by_number(enumeration: &Enum) -> BTreeMap<i32, BTreeSet<&str>> {
    let mut names: BTreeMap<i32, BTreeSet<&str>> = BTreeMap::new();
    for value in &enumeration.values {
        names.entry(value.number).or_default().insert(&value.name);
    }
    names
}
