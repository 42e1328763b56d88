//! FILE_LOWER_SNAKE_CASE: Filenames are lower_snake_case.

use crate::catalog::RuleInfo;
use crate::lint::naming::to_lower_snake_case;
use crate::lint::rules::STANDARD;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::ProtoFile;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "FILE_LOWER_SNAKE_CASE",
        purpose: "Filenames are lower_snake_case.",
        categories: STANDARD,
        v1_categories: Some(STANDARD),
        deprecated: false,
        doc: include_str!("../../../rules/FILE_LOWER_SNAKE_CASE.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    let base = file.base_name();
    let stem = base.strip_suffix(".proto").unwrap_or(base);
    // Any character other than a letter or digit separates words, like an underscore.
    let words: String = stem
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let expected = to_lower_snake_case(&words);
    if expected != stem {
        out.report_file(
            file,
            format!(
                "File name \"{base}\" is not lower_snake_case; rename it to \"{expected}.proto\"."
            ),
        );
    }
}
