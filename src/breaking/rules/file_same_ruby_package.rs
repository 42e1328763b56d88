//! FILE_SAME_RUBY_PACKAGE: Files have the same value for the ruby_package option.

use crate::breaking::Pair;
use crate::breaking::rules::file_option::same_file_option;
use crate::breaking::{BreakingRule, Check};
use crate::catalog::RuleInfo;
use crate::lint::Findings;
use crate::model::FileOption;
use crate::model::ProtoFile;

pub const RULE: BreakingRule = BreakingRule {
    info: RuleInfo {
        id: "FILE_SAME_RUBY_PACKAGE",
        purpose: "Files have the same value for the ruby_package option.",
        categories: &["FILE", "PACKAGE"],
        v1_categories: Some(&["FILE", "PACKAGE"]),
        deprecated: false,
        doc: include_str!("../../../rules/FILE_SAME_RUBY_PACKAGE.md"),
    },
    check: Check::File(check),
};

fn check(pair: &Pair<ProtoFile>, out: &mut Findings) {
    same_file_option(pair, FileOption::RubyPackage, out);
}
