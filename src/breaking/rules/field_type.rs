//! The shared comparison behind FIELD_SAME_TYPE and the wire/JSON compatible type rules.

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::lint::Findings;
use crate::model::{Field, FieldType};

/// How strictly two field types must agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeCompatibility {
    /// The very same type.
    Same,
    /// The same encoding on the wire.
    Wire,
    /// The same encoding on the wire and in JSON.
    WireJson,
}

pub fn compare_types(pair: &Pair<Field>, compatibility: TypeCompatibility, out: &mut Findings) {
    let (previous, current) = (pair.previous, pair.current);
    let same_scalar = previous.field_type == current.field_type;
    let same_named = previous.type_name == current.type_name;
    let compatible = match compatibility {
        TypeCompatibility::Same => same_scalar && same_named,
        TypeCompatibility::Wire | TypeCompatibility::WireJson
            if previous.field_type == FieldType::Enum && current.field_type == FieldType::Enum =>
        {
            // Enums travel as numbers: the same enum (its deleted values are another rule's
            // business), or another of the same short name that keeps every old value.
            same_named
                || (short_name(previous) == short_name(current)
                    && previous
                        .enum_values
                        .iter()
                        .all(|value| current.enum_values.contains(value)))
        }
        TypeCompatibility::Wire | TypeCompatibility::WireJson
            if has_named_type(previous) || has_named_type(current) =>
        {
            same_scalar && same_named
        }
        // Any string is valid bytes; not all bytes are a valid string.
        TypeCompatibility::Wire
            if previous.field_type == FieldType::String
                && current.field_type == FieldType::Bytes =>
        {
            true
        }
        TypeCompatibility::Wire => {
            same_group(previous.field_type, current.field_type, &WIRE_GROUPS)
        }
        TypeCompatibility::WireJson => {
            same_group(previous.field_type, current.field_type, &WIRE_JSON_GROUPS)
        }
    };
    if !compatible {
        out.report_in(
            pair.current_file,
            &current.type_location,
            format!(
                "{} changed type from \"{}\" to \"{}\".",
                describe_field(pair),
                type_display(previous),
                type_display(current)
            ),
        );
    }
}

fn has_named_type(field: &Field) -> bool {
    matches!(
        field.field_type,
        FieldType::Message | FieldType::Enum | FieldType::Group
    )
}

fn short_name(field: &Field) -> Option<&str> {
    field
        .type_name
        .as_deref()
        .map(|name| name.rsplit('.').next().unwrap_or(name))
}

/// Scalar types that share a wire encoding.
const WIRE_GROUPS: [&[FieldType]; 4] = [
    &[
        FieldType::Int32,
        FieldType::Uint32,
        FieldType::Int64,
        FieldType::Uint64,
        FieldType::Bool,
    ],
    &[FieldType::Sint32, FieldType::Sint64],
    &[FieldType::Fixed32, FieldType::Sfixed32],
    &[FieldType::Fixed64, FieldType::Sfixed64],
];

/// Scalar types that share both their wire encoding and their JSON form.
const WIRE_JSON_GROUPS: [&[FieldType]; 4] = [
    &[FieldType::Int32, FieldType::Uint32],
    &[FieldType::Int64, FieldType::Uint64],
    &[FieldType::Fixed32, FieldType::Sfixed32],
    &[FieldType::Fixed64, FieldType::Sfixed64],
];

fn same_group(previous: FieldType, current: FieldType, groups: &[&[FieldType]]) -> bool {
    previous == current
        || groups
            .iter()
            .any(|group| group.contains(&previous) && group.contains(&current))
}

/// `int32`, or the full name of a message or enum type.
fn type_display(field: &Field) -> String {
    match &field.type_name {
        Some(name) if has_named_type(field) => name.clone(),
        _ => field
            .field_type
            .as_str_name()
            .trim_start_matches("TYPE_")
            .to_lowercase(),
    }
}
