//! The release rules, one per file, and the registry that lists them.

pub mod release_version_matches_changes;
pub mod stable_package_no_breaking;

use crate::catalog::RuleInfo;

pub(crate) const RELEASE: &[&str] = &["RELEASE"];

/// A release rule: its identity. Its check is a function of its own module, called by the
/// release planner with the facts it compares.
pub struct ReleaseRule {
    pub info: RuleInfo,
}

/// The registry: every release rule protogate knows.
pub static RULES: &[ReleaseRule] = &[
    release_version_matches_changes::RULE,
    stable_package_no_breaking::RULE,
];
