//! PACKAGE_SAME_JAVA_PACKAGE: Files with a given package have the same value for the java_package option.

use crate::catalog::RuleInfo;
use crate::lint::rules::BASIC;
use crate::lint::rules::package_same_option::check_same_option;
use crate::lint::{Check, Findings, LintRule, ModuleContext};
use crate::model::FileOption;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "PACKAGE_SAME_JAVA_PACKAGE",
        purpose: "Files with a given package have the same value for the java_package option.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_SAME_JAVA_PACKAGE.md"),
    },
    check: Check::Module(check),
};

fn check(module: &ModuleContext, out: &mut Findings) {
    check_same_option(module, FileOption::JavaPackage, out);
}
