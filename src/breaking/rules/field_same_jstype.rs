//! FIELD_SAME_JSTYPE: Fields have the same value for the jstype option.

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::{Field, FieldType};

/// `jstype` in `google.protobuf.FieldOptions`.
const JSTYPE: i32 = 6;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_JSTYPE",
        purpose: "Fields have the same value for the jstype option.",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_JSTYPE.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    // jstype only means something for 64-bit integers.
    let is_64_bit = |field: &Field| {
        matches!(
            field.field_type,
            FieldType::Int64
                | FieldType::Uint64
                | FieldType::Sint64
                | FieldType::Fixed64
                | FieldType::Sfixed64
        )
    };
    if !is_64_bit(pair.previous) || !is_64_bit(pair.current) {
        return;
    }
    let (before, after) = (
        pair.previous.options.jstype(),
        pair.current.options.jstype(),
    );
    if before != after {
        out.report_in(
            pair.current_file,
            pair.current
                .option_location(JSTYPE)
                .unwrap_or(&pair.current.location),
            format!(
                "{} changed jstype from \"{}\" to \"{}\".",
                describe_field(pair),
                before.as_str_name(),
                after.as_str_name()
            ),
        );
    }
}
