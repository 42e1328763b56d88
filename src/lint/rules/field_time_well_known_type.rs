//! FIELD_TIME_WELL_KNOWN_TYPE: time and duration fields use the well-known types.

use crate::catalog::RuleInfo;
use crate::lint::rules::API_DESIGN;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Field, FieldType};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "FIELD_TIME_WELL_KNOWN_TYPE",
        purpose: "Fields named *_time, *_at or *_timestamp are google.protobuf.Timestamp; *_duration and *_timeout are google.protobuf.Duration.",
        categories: API_DESIGN,
        v1_categories: Some(API_DESIGN),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_TIME_WELL_KNOWN_TYPE.md"),
    },
    check: Check::Field(check),
};

const TIMESTAMP: &str = "google.protobuf.Timestamp";
const DURATION: &str = "google.protobuf.Duration";

fn check(_context: &Context, field: &Field, out: &mut Findings) {
    // Only scalars that can hold a time are suspect: a message type (a cursor, a
    // domain-specific time) was chosen on purpose, and a bool is a flag about a time.
    if field.is_map
        || matches!(
            field.field_type,
            FieldType::Message | FieldType::Group | FieldType::Enum | FieldType::Bool
        )
    {
        return;
    }
    let expected = if ["_time", "_at", "_timestamp"]
        .iter()
        .any(|s| field.name.ends_with(s))
    {
        TIMESTAMP
    } else if ["_duration", "_timeout"]
        .iter()
        .any(|s| field.name.ends_with(s))
    {
        DURATION
    } else {
        return;
    };
    {
        out.report(
            &field.type_location,
            format!(
                "Field \"{}\" holds a point in time or a span by its name; make it a {expected}.",
                field.name
            ),
        );
    }
}
