//! FILE_SAME_PACKAGE: Files have the same package.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::ProtoFile;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FILE_SAME_PACKAGE",
        purpose: "Files have the same package.",
        categories: &["CSR", "FILE", "PACKAGE", "WIRE_JSON", "WIRE"],
        v1_categories: Some(&["FILE", "PACKAGE", "WIRE_JSON", "WIRE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FILE_SAME_PACKAGE.md"),
    },
    check: Check::File(check),
};

fn check(pair: &Pair<ProtoFile>, out: &mut Findings) {
    if pair.previous.package != pair.current.package {
        out.report_in(
            pair.current_file,
            &pair.current.package_location,
            format!(
                "File \"{}\" changed package from \"{}\" to \"{}\".",
                pair.current.name,
                pair.previous.package_name(),
                pair.current.package_name()
            ),
        );
    }
}
