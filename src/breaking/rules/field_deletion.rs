//! The shared comparison behind the FIELD_NO_DELETE* and ENUM_VALUE_NO_DELETE* rules.

use crate::breaking::Pair;
use crate::lint::Findings;
use crate::model::{Enum, Message};

/// When a deletion is acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unless {
    Always,
    UnlessNameReserved,
    UnlessNumberReserved,
}

pub fn deleted_fields(pair: &Pair<Message>, unless: Unless, out: &mut Findings) {
    let current = pair.current;
    for field in &pair.previous.fields {
        if current.fields.iter().any(|f| f.number == field.number) {
            continue;
        }
        let excused = match unless {
            Unless::Always => false,
            Unless::UnlessNameReserved => current.reserved_names.contains(&field.name),
            Unless::UnlessNumberReserved => current
                .reserved_ranges
                .iter()
                .any(|&(start, end)| start <= field.number && field.number < end),
        };
        if !excused {
            out.report_in(
                pair.current_file,
                &current.location,
                format!(
                    "Field \"{}\" (\"{}\") was deleted from message \"{}\"{}.",
                    field.number,
                    field.name,
                    current.name,
                    advice(unless)
                ),
            );
        }
    }
}

pub fn deleted_enum_values(pair: &Pair<Enum>, unless: Unless, out: &mut Findings) {
    let current = pair.current;
    for (index, value) in pair.previous.values.iter().enumerate() {
        let first_of_number = !pair.previous.values[..index]
            .iter()
            .any(|v| v.number == value.number);
        if !first_of_number || current.values.iter().any(|v| v.number == value.number) {
            continue;
        }
        // With aliases, every name the number had must be reserved.
        let mut names = pair
            .previous
            .values
            .iter()
            .filter(|v| v.number == value.number);
        let excused = match unless {
            Unless::Always => false,
            Unless::UnlessNameReserved => names.all(|v| current.reserved_names.contains(&v.name)),
            Unless::UnlessNumberReserved => current
                .reserved_ranges
                .iter()
                .any(|&(start, end)| start <= value.number && value.number <= end),
        };
        if !excused {
            out.report_in(
                pair.current_file,
                &current.location,
                format!(
                    "Enum value \"{}\" (\"{}\") was deleted from enum \"{}\"{}.",
                    value.number,
                    value.name,
                    current.name,
                    advice(unless)
                ),
            );
        }
    }
}

fn advice(unless: Unless) -> &'static str {
    match unless {
        Unless::Always => "",
        Unless::UnlessNameReserved => " without reserving its name",
        Unless::UnlessNumberReserved => " without reserving its number",
    }
}
