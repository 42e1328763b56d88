//! IMPORT_NO_PUBLIC: Imports are not public.

use crate::catalog::RuleInfo;
use crate::lint::rules::BASIC;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::ProtoFile;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "IMPORT_NO_PUBLIC",
        purpose: "Imports are not public.",
        categories: BASIC,
        v1_categories: Some(BASIC),
        deprecated: false,
        doc: include_str!("../../../rules/IMPORT_NO_PUBLIC.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    for import in file.imports.iter().filter(|import| import.public) {
        out.report(
            &import.location,
            format!(
                "Import \"{}\" is public; import the file where it is used instead.",
                import.name
            ),
        );
    }
}
