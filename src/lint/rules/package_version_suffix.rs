//! PACKAGE_VERSION_SUFFIX: The last component of all packages is a version such as v1, v1beta1 or v1test.

use crate::catalog::RuleInfo;
use crate::lint::rules::STANDARD;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::PackageVersion;
use crate::model::ProtoFile;

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "PACKAGE_VERSION_SUFFIX",
        purpose: "The last component of all packages is a version such as v1, v1beta1 or v1test.",
        categories: STANDARD,
        v1_categories: Some(STANDARD),
        deprecated: false,
        doc: include_str!("../../../rules/PACKAGE_VERSION_SUFFIX.md"),
    },
    check: Check::File(check),
};

fn check(_context: &Context, file: &ProtoFile, out: &mut Findings) {
    let Some(package) = &file.package else {
        return;
    };
    // A version alone (`package v1;`) is not enough: it must qualify a name.
    if !package.contains('.') || PackageVersion::of_package(package).is_none() {
        out.report(
            &file.package_location,
            format!("Package \"{package}\" does not end in a version such as \"{package}.v1\"."),
        );
    }
}
