//! FIELD_SAME_DEFAULT: Fields have the same default value, if a default is specified.

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::{Field, FieldType};

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_DEFAULT",
        purpose: "Fields have the same default value, if a default is specified.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: None,
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_DEFAULT.md"),
    },
    check: Check::Field(check),
};

/// A default as a value, so that `1e3` equals `1000` and `1` equals `true`.
#[derive(Debug, Clone)]
enum DefaultValue {
    Number(f64),
    Text(String),
    Enum(String),
}

impl PartialEq for DefaultValue {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (DefaultValue::Number(a), DefaultValue::Number(b)) => {
                a == b || (a.is_nan() && b.is_nan())
            }
            (DefaultValue::Text(a), DefaultValue::Text(b))
            | (DefaultValue::Enum(a), DefaultValue::Enum(b)) => a == b,
            _ => false,
        }
    }
}

impl std::fmt::Display for DefaultValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DefaultValue::Number(n) => write!(f, "{n}"),
            DefaultValue::Text(t) => write!(f, "\"{t}\""),
            DefaultValue::Enum(e) => f.write_str(e),
        }
    }
}

/// The default a reader sees: the declared one, or the type's zero value. None for
/// messages, which have no default.
fn effective_default(field: &Field) -> Option<DefaultValue> {
    let declared = field.default_value.as_deref();
    Some(match field.field_type {
        FieldType::Message | FieldType::Group => return None,
        FieldType::String | FieldType::Bytes => {
            DefaultValue::Text(declared.unwrap_or_default().to_string())
        }
        FieldType::Enum => DefaultValue::Enum(
            declared
                .map(str::to_string)
                .or_else(|| field.enum_values.first().map(|(name, _)| name.clone()))
                .unwrap_or_default(),
        ),
        FieldType::Bool => DefaultValue::Number(if declared == Some("true") { 1.0 } else { 0.0 }),
        _ => DefaultValue::Number(match declared {
            None => 0.0,
            Some("inf") => f64::INFINITY,
            Some("-inf") => f64::NEG_INFINITY,
            Some(text) => text.parse().unwrap_or(f64::NAN),
        }),
    })
}

fn check(pair: &Pair<Field>, out: &mut Findings) {
    if pair.previous.default_value.is_none() && pair.current.default_value.is_none() {
        return;
    }
    let (Some(before), Some(after)) = (
        effective_default(pair.previous),
        effective_default(pair.current),
    ) else {
        return;
    };
    if before != after {
        let location = if pair.current.default_location.span.is_some() {
            &pair.current.default_location
        } else {
            &pair.current.location
        };
        out.report_in(
            pair.current_file,
            location,
            format!(
                "{} changed default from {before} to {after}.",
                describe_field(pair)
            ),
        );
    }
}
