//! The shared comparison behind the FIELD_*_CARDINALITY rules.

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::lint::Findings;
use crate::model::{Field, FieldType, Label, ProtoFile, Syntax};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardinalityCompatibility {
    Same,
    Wire,
    WireJson,
}

/// How many values a field holds and whether its presence is tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cardinality {
    /// Presence is tracked: proto2 optional, proto3 `optional`, messages, oneof members.
    Optional,
    /// proto3 singular scalars without `optional`: absent means the zero value.
    Implicit,
    Required,
    Repeated,
    Map,
}

impl Cardinality {
    fn of(field: &Field, file: &ProtoFile) -> Cardinality {
        match field.label {
            Label::Repeated if field.is_map => Cardinality::Map,
            Label::Repeated => Cardinality::Repeated,
            Label::Required => Cardinality::Required,
            Label::Optional => {
                let tracks_presence = file.syntax != Syntax::Proto3
                    || field.proto3_optional
                    || field.oneof_index.is_some()
                    || field.extendee.is_some()
                    || matches!(field.field_type, FieldType::Message | FieldType::Group);
                if tracks_presence {
                    Cardinality::Optional
                } else {
                    Cardinality::Implicit
                }
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            Cardinality::Optional => "optional with explicit presence",
            Cardinality::Implicit => "optional with implicit presence",
            Cardinality::Required => "required",
            Cardinality::Repeated => "repeated",
            Cardinality::Map => "map",
        }
    }
}

pub fn compare_cardinality(
    pair: &Pair<Field>,
    compatibility: CardinalityCompatibility,
    out: &mut Findings,
) {
    let before = Cardinality::of(pair.previous, pair.previous_file);
    let after = Cardinality::of(pair.current, pair.current_file);
    let singular = |c: Cardinality| matches!(c, Cardinality::Optional | Cardinality::Implicit);
    let many = |c: Cardinality| matches!(c, Cardinality::Repeated | Cardinality::Map);
    let compatible = before == after
        || match compatibility {
            CardinalityCompatibility::Same => false,
            // Presence is not on the wire, and a map is a repeated entry message there.
            CardinalityCompatibility::Wire => {
                (singular(before) && singular(after)) || (many(before) && many(after))
            }
            // JSON tells a map from a list.
            CardinalityCompatibility::WireJson => singular(before) && singular(after),
        };
    if !compatible {
        out.report_in(
            pair.current_file,
            &pair.current.location,
            format!(
                "{} changed cardinality from \"{}\" to \"{}\".",
                describe_field(pair),
                before.name(),
                after.name()
            ),
        );
    }
}
