//! FILE_SAME_JAVA_GENERIC_SERVICES: Files have the same value for the java_generic_services option.

use crate::breaking::Pair;
use crate::breaking::rules::file_option::same_file_option;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::FileOption;
use crate::model::ProtoFile;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FILE_SAME_JAVA_GENERIC_SERVICES",
        purpose: "Files have the same value for the java_generic_services option.",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FILE_SAME_JAVA_GENERIC_SERVICES.md"),
    },
    check: Check::File(check),
};

fn check(pair: &Pair<ProtoFile>, out: &mut Findings) {
    same_file_option(pair, FileOption::JavaGenericServices, out);
}
