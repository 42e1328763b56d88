//! PACKAGE_DIRECTORY_MATCH: Files are in a directory that matches their package name.

use crate::catalog::RuleInfo;
use crate::lint::rules::MINIMAL;
use crate::lint::rules::display_directory;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::ProtoFile;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "PACKAGE_DIRECTORY_MATCH",
        purpose: "Files are in a directory that matches their package name.",
        categories: MINIMAL,
        v1_categories: Some(MINIMAL),
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_DIRECTORY_MATCH.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    let Some(package) = &file.package else {
        return;
    };
    let expected = package.replace('.', "/");
    if file.directory() != expected {
        out.report(
            &file.package_location,
            format!(
                "File is in directory \"{}\" but its package \"{package}\" belongs in \"{expected}\".",
                display_directory(file.directory())
            ),
        );
    }
}
