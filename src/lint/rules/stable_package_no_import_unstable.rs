//! STABLE_PACKAGE_NO_IMPORT_UNSTABLE: Files in stable versioned packages do not import packages with unstable versions.

use crate::catalog::RuleInfo;
use crate::lint::rules::NONE;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::ProtoFile;
use crate::model::{PackageVersion, Stability};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "STABLE_PACKAGE_NO_IMPORT_UNSTABLE",
        purpose: "Files in stable versioned packages do not import packages with unstable versions.",
        categories: NONE,
        v1_categories: None,
        deprecated: false,
        doc: include_str!("../../../rules/STABLE_PACKAGE_NO_IMPORT_UNSTABLE.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    let stability = |package: Option<&str>| {
        package
            .and_then(PackageVersion::of_package)
            .map(|version| version.stability)
    };
    if stability(file.package.as_deref()) != Some(Stability::Stable) {
        return;
    }
    for import in &file.imports {
        if stability(import.package.as_deref()) == Some(Stability::Unstable) {
            out.report(
                &import.location,
                format!(
                    "Stable package \"{}\" imports \"{}\" from unstable package \"{}\".",
                    file.package_name(),
                    import.name,
                    import.package.as_deref().unwrap_or_default()
                ),
            );
        }
    }
}
