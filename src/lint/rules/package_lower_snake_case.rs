//! PACKAGE_LOWER_SNAKE_CASE: Packages are lower_snake.case.

use crate::catalog::RuleInfo;
use crate::lint::naming::{is_lower_snake_case, to_lower_snake_case};
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::ProtoFile;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "PACKAGE_LOWER_SNAKE_CASE",
        purpose: "Packages are lower_snake.case.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_LOWER_SNAKE_CASE.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    let Some(package) = &file.package else {
        return;
    };
    if !package.split('.').all(is_lower_snake_case) {
        let suggestion: Vec<String> = package.split('.').map(to_lower_snake_case).collect();
        out.report(
            &file.package_location,
            format!(
                "Package \"{package}\" is not lower_snake.case; rename it to \"{}\".",
                suggestion.join(".")
            ),
        );
    }
}
