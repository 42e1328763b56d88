//! IMPORT_NO_WEAK: Imports are not weak (deprecated: checks nothing).

use crate::catalog::RuleInfo;
use crate::lint::rules::NONE;
use crate::lint::{Check, LintRule};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "IMPORT_NO_WEAK",
        purpose: "Imports are not weak (deprecated: checks nothing).",
        categories: NONE,
        v1_categories: Some(NONE),
        deprecated: true,
        doc: include_str!("../../../rules/IMPORT_NO_WEAK.md"),
    },
    check: Check::Nothing,
};
