//! ENUM_VALUE_SAME_NAME: Enum values have the same name.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Enum;
use std::collections::BTreeSet;

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
    let names_of = |e: &Enum, number: i32| -> BTreeSet<String> {
        e.values
            .iter()
            .filter(|v| v.number == number)
            .map(|v| v.name.clone())
            .collect()
    };
    let numbers: BTreeSet<i32> = pair.previous.values.iter().map(|v| v.number).collect();
    for number in numbers {
        let before = names_of(pair.previous, number);
        let after = names_of(pair.current, number);
        // Adding an alias is fine; losing any old name is not.
        if after.is_empty() || before.is_subset(&after) {
            continue;
        }
        let list = |names: &BTreeSet<String>| {
            names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for value in pair.current.values.iter().filter(|v| v.number == number) {
            out.report_in(
                pair.current_file,
                &value.number_location,
                format!(
                    "Enum value \"{number}\" on enum \"{}\" changed name from {} to {}.",
                    pair.current.name,
                    list(&before),
                    list(&after)
                ),
            );
        }
    }
}
