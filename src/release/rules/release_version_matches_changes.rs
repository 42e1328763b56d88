//! RELEASE_VERSION_MATCHES_CHANGES: a requested version bumps at least as much as the
//! changes require.

use super::{RELEASE, ReleaseRule};
use crate::catalog::RuleInfo;
use crate::release::Bump;
use crate::report::Diagnostic;

pub const RULE: ReleaseRule = ReleaseRule {
    info: RuleInfo {
        id: "RELEASE_VERSION_MATCHES_CHANGES",
        purpose: "A requested tag's semver bump is at least what the changes require: breaking → major (minor while 0.x), additions → minor, anything else → patch.",
        categories: RELEASE,
        v1_categories: Some(RELEASE),
        deprecated: false,
        doc: include_str!("../../../rules/RELEASE_VERSION_MATCHES_CHANGES.md"),
    },
};

/// Compares the proposed version with the previous one and the bump the changes need.
pub fn check(
    from: &semver::Version,
    proposed: &semver::Version,
    required: Bump,
) -> Option<Diagnostic> {
    let needed = required.apply(from);
    let problem = if proposed < &needed {
        format!(
            "Version {proposed} is too small: the changes since {from} need a {} bump, to at least {needed}.",
            required.name()
        )
    } else if proposed <= from && required != Bump::None {
        format!("Version {proposed} does not come after {from}.")
    } else {
        return None;
    };
    Some(Diagnostic::new(String::new(), None, RULE.info.id, problem))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> semver::Version {
        semver::Version::parse(text).unwrap()
    }

    #[test]
    fn an_under_bump_is_reported() {
        assert!(check(&v("1.2.0"), &v("1.3.0"), Bump::Major).is_some());
        assert!(check(&v("1.2.0"), &v("2.0.0"), Bump::Major).is_none());
        assert!(check(&v("1.2.0"), &v("1.2.1"), Bump::Minor).is_some());
        assert!(check(&v("1.2.0"), &v("1.3.0"), Bump::Minor).is_none());
        assert!(check(&v("0.4.0"), &v("0.5.0"), Bump::Minor).is_none());
        assert!(check(&v("1.2.0"), &v("1.2.1"), Bump::Patch).is_none());
    }
}
