//! FIELD_SAME_CPP_STRING_TYPE: Fields have the same C++ string type (ctype option).

use crate::breaking::Pair;
use crate::breaking::rules::describe_field;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::{Field, FieldType};
use prost_types::field_options::CType;

/// `ctype` in `google.protobuf.FieldOptions`.
const CTYPE: i32 = 1;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FIELD_SAME_CPP_STRING_TYPE",
        purpose: "Fields have the same C++ string type (ctype option).",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FIELD_SAME_CPP_STRING_TYPE.md"),
    },
    check: Check::Field(check),
};

fn check(pair: &Pair<Field>, out: &mut Findings) {
    let is_text = |field: &Field| matches!(field.field_type, FieldType::String | FieldType::Bytes);
    if !is_text(pair.previous) || !is_text(pair.current) {
        return;
    }
    let (before, after) = (pair.previous.options.ctype(), pair.current.options.ctype());
    // STRING_PIECE was never implemented in open-source C++ and reads as STRING, so
    // leaving it for STRING changes nothing.
    if before == after || (before == CType::StringPiece && after == CType::String) {
        return;
    }
    out.report_in(
        pair.current_file,
        pair.current
            .option_location(CTYPE)
            .unwrap_or(&pair.current.location),
        format!(
            "{} changed C++ string type from \"{}\" to \"{}\".",
            describe_field(pair),
            before.as_str_name(),
            after.as_str_name()
        ),
    );
}
