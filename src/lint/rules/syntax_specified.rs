//! SYNTAX_SPECIFIED: Files have a syntax specified.

use crate::catalog::RuleInfo;
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::ProtoFile;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "SYNTAX_SPECIFIED",
        purpose: "Files have a syntax specified.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/SYNTAX_SPECIFIED.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    if !file.syntax_specified {
        out.report_file(
            file,
            "File has no syntax statement, so it is read as proto2; state `syntax = \"proto3\";` or `syntax = \"proto2\";`.".to_string(),
        );
    }
}
