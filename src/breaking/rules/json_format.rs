//! The shared comparison behind ENUM_SAME_JSON_FORMAT and MESSAGE_SAME_JSON_FORMAT.

use crate::lint::Findings;
use crate::model::{FULL_JSON_SUPPORT, Location, ProtoFile};

/// Gaining JSON support is fine; losing it breaks JSON clients. The JSON format follows the
/// file's syntax.
pub fn report_lost_json_support(
    previous_file: &ProtoFile,
    current_file: &ProtoFile,
    element: (&str, &str),
    location: &Location,
    out: &mut Findings,
) {
    let (noun, name) = element;
    let (before, after) = (previous_file.json_format(), current_file.json_format());
    if before == FULL_JSON_SUPPORT && after != FULL_JSON_SUPPORT {
        out.report_in(
            current_file,
            location,
            format!(
                "{noun} \"{name}\" lost full JSON support: its JSON format changed from \"{before}\" to \"{after}\"."
            ),
        );
    }
}
