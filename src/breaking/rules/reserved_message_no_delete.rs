//! RESERVED_MESSAGE_NO_DELETE: Reserved ranges and names are not deleted from a given message.

use crate::breaking::Pair;
use crate::breaking::rules::reserved::report_deleted_reservations;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Message;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "RESERVED_MESSAGE_NO_DELETE",
        purpose: "Reserved ranges and names are not deleted from a given message.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/RESERVED_MESSAGE_NO_DELETE.md"),
    },
    check: Check::Message(check),
};

fn check(pair: &Pair<Message>, out: &mut Findings) {
    let previous: Vec<(i32, i32)> = pair
        .previous
        .reserved_ranges
        .iter()
        .map(|&(s, e)| (s, e - 1))
        .collect();
    let current: Vec<(i32, i32)> = pair
        .current
        .reserved_ranges
        .iter()
        .map(|&(s, e)| (s, e - 1))
        .collect();
    report_deleted_reservations(
        (&previous, &pair.previous.reserved_names),
        (&current, &pair.current.reserved_names),
        &format!("message \"{}\"", pair.current.name),
        pair.current_file,
        &pair.current.location,
        out,
    );
}
