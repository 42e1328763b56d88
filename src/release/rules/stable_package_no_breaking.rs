//! STABLE_PACKAGE_NO_BREAKING: a breaking change inside a stable `vN` package needs a new
//! package version instead.

use super::{RELEASE, ReleaseRule};
use crate::catalog::RuleInfo;
use crate::report::Diagnostic;

pub const RULE: ReleaseRule = ReleaseRule {
    info: RuleInfo {
        id: "STABLE_PACKAGE_NO_BREAKING",
        purpose: "A breaking change inside a stable package (vN) needs a new package version (vN+1); unstable packages are exempt.",
        categories: RELEASE,
        v1_categories: Some(RELEASE),
        deprecated: false,
        doc: include_str!("../../../rules/STABLE_PACKAGE_NO_BREAKING.md"),
    },
};

/// Turns the breaking findings of stable packages (found with unstable packages left out)
/// into findings of this rule. Approved breaks stay approved.
pub fn check(stable_breaks: &[Diagnostic]) -> Vec<Diagnostic> {
    stable_breaks
        .iter()
        .map(|d| {
            let mut finding = Diagnostic::new(
                d.path.clone(),
                d.span,
                RULE.info.id,
                format!(
                    "{} ({}) This breaks a stable package: put the change in a new package version (v2, ...) instead.",
                    d.message, d.rule
                ),
            );
            finding.allowed.clone_from(&d.allowed);
            finding
        })
        .collect()
}
