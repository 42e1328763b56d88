//! The field-number ledger: every definition each field number and enum value number has had,
//! with the first and last version it was seen in. Teams commit it and review it like a lock
//! file, so it serialises to stable, sorted JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Enum, EnumValue, Field, FieldType, Label, Message};

/// The ledger file's format version.
pub const LEDGER_FORMAT: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub format: u32,
    /// Message full name → field number → every definition the number has had.
    pub messages: BTreeMap<String, BTreeMap<i32, Vec<FieldRecord>>>,
    /// Enum full name → value number → every name the number has had.
    pub enums: BTreeMap<String, BTreeMap<i32, Vec<ValueRecord>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldRecord {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub label: String,
    pub first: String,
    pub last: String,
}

impl FieldRecord {
    /// `repeated string tags`: how the definition reads in a message.
    pub fn describe(&self) -> String {
        format!("{} {} {}", self.label, self.type_name, self.name)
    }

    /// `v1.0.0` or `v1.0.0–v1.2.0`.
    pub fn seen(&self) -> String {
        seen(&self.first, &self.last)
    }

    pub fn same_definition(&self, other: &FieldRecord) -> bool {
        self.name == other.name && self.type_name == other.type_name && self.label == other.label
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueRecord {
    pub name: String,
    pub first: String,
    pub last: String,
}

impl ValueRecord {
    pub fn seen(&self) -> String {
        seen(&self.first, &self.last)
    }
}

fn seen(first: &str, last: &str) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    }
}

/// What the ledger would record for a field seen in `version`.
pub fn field_record(field: &Field, version: &str) -> FieldRecord {
    let type_name = match (&field.type_name, field.field_type) {
        (Some(name), FieldType::Message | FieldType::Enum | FieldType::Group) => name.clone(),
        _ => field
            .field_type
            .as_str_name()
            .trim_start_matches("TYPE_")
            .to_lowercase(),
    };
    let label = match field.label {
        Label::Optional => "optional",
        Label::Required => "required",
        Label::Repeated => "repeated",
    };
    FieldRecord {
        name: field.name.clone(),
        type_name,
        label: label.to_string(),
        first: version.to_string(),
        last: version.to_string(),
    }
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger {
            format: LEDGER_FORMAT,
            ..Ledger::default()
        }
    }

    /// Reads a ledger file written by `protogate history --update-ledger`.
    pub fn read(file: &std::path::Path) -> Result<Ledger, crate::error::ToolError> {
        let fail = |problem: String| {
            crate::error::ToolError::new(format!("{}: {problem}", file.display()))
        };
        let text =
            std::fs::read_to_string(file).map_err(|e| fail(format!("cannot read ledger: {e}")))?;
        serde_json::from_str(&text).map_err(|e| fail(format!("not a protogate ledger: {e}")))
    }

    /// The definitions recorded for a message's field numbers (empty for a new message).
    pub fn fields_of(&self, message: &str) -> Option<&BTreeMap<i32, Vec<FieldRecord>>> {
        self.messages.get(message)
    }

    pub fn values_of(&self, enumeration: &str) -> Option<&BTreeMap<i32, Vec<ValueRecord>>> {
        self.enums.get(enumeration)
    }

    /// Records a message's fields as seen in `version`.
    pub fn record_message(&mut self, message: &Message, version: &str) {
        let numbers = self.messages.entry(message.full_name.clone()).or_default();
        for field in &message.fields {
            let record = field_record(field, version);
            let records = numbers.entry(field.number).or_default();
            match records.iter_mut().find(|r| r.same_definition(&record)) {
                Some(existing) => existing.last = version.to_string(),
                None => records.push(record),
            }
        }
    }

    /// Records an enum's values as seen in `version`.
    pub fn record_enum(&mut self, enumeration: &Enum, version: &str) {
        let numbers = self.enums.entry(enumeration.full_name.clone()).or_default();
        for value in &enumeration.values {
            record_value(numbers.entry(value.number).or_default(), value, version);
        }
    }

    /// Adds every definition of `other` that this ledger lacks; drops nothing.
    pub fn merge(&mut self, other: &Ledger) {
        for (message, numbers) in &other.messages {
            let mine = self.messages.entry(message.clone()).or_default();
            for (number, records) in numbers {
                let mine = mine.entry(*number).or_default();
                for record in records {
                    if !mine.iter().any(|r| r.same_definition(record)) {
                        mine.push(record.clone());
                    }
                }
            }
        }
        for (enumeration, numbers) in &other.enums {
            let mine = self.enums.entry(enumeration.clone()).or_default();
            for (number, records) in numbers {
                let mine = mine.entry(*number).or_default();
                for record in records {
                    if !mine.iter().any(|r| r.name == record.name) {
                        mine.push(record.clone());
                    }
                }
            }
        }
    }
}

fn record_value(records: &mut Vec<ValueRecord>, value: &EnumValue, version: &str) {
    match records.iter_mut().find(|r| r.name == value.name) {
        Some(existing) => existing.last = version.to_string(),
        None => records.push(ValueRecord {
            name: value.name.clone(),
            first: version.to_string(),
            last: version.to_string(),
        }),
    }
}
