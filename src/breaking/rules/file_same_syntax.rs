//! FILE_SAME_SYNTAX: Files have the same syntax.

use crate::breaking::Pair;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::ProtoFile;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FILE_SAME_SYNTAX",
        purpose: "Files have the same syntax.",
        categories: &["CSR", "FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FILE_SAME_SYNTAX.md"),
    },
    check: Check::File(check),
};

fn check(pair: &Pair<ProtoFile>, out: &mut Findings) {
    if pair.previous.syntax != pair.current.syntax {
        out.report_in(
            pair.current_file,
            &pair.current.syntax_location,
            format!(
                "File \"{}\" changed syntax from \"{}\" to \"{}\".",
                pair.current.name,
                pair.previous.syntax.name(),
                pair.current.syntax.name()
            ),
        );
    }
}
