//! RESERVED_ENUM_NO_DELETE: Reserved ranges and names are not deleted from a given enum.

use crate::breaking::Pair;
use crate::breaking::rules::reserved::report_deleted_reservations;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::Enum;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "RESERVED_ENUM_NO_DELETE",
        purpose: "Reserved ranges and names are not deleted from a given enum.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/RESERVED_ENUM_NO_DELETE.md"),
    },
    check: Check::Enum(check),
};

fn check(pair: &Pair<Enum>, out: &mut Findings) {
    report_deleted_reservations(
        (
            &pair.previous.reserved_ranges,
            &pair.previous.reserved_names,
        ),
        (&pair.current.reserved_ranges, &pair.current.reserved_names),
        &format!("enum \"{}\"", pair.current.name),
        pair.current_file,
        &pair.current.location,
        out,
    );
}
