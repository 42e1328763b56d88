/// How stable a package's version suffix says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stability {
    /// `v1`, `v2`, ...
    Stable,
    /// `v1alpha1`, `v1beta`, `v1test`, `v1p1beta1`, ...
    Unstable,
}

/// The version suffix of a package (`acme.catalog.v1beta1` → major 1, unstable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageVersion {
    pub major: u64,
    pub stability: Stability,
}

impl PackageVersion {
    /// Reads the last component of a package; None when it is not a well-formed version:
    /// `v\d+`, `v\d+test.*`, `v\d+(alpha|beta)\d*` or `v\d+p\d+(alpha|beta)\d*`.
    pub fn of_package(package: &str) -> Option<PackageVersion> {
        let last = package.rsplit('.').next()?;
        let rest = last.strip_prefix('v')?;
        let (major, rest) = split_number(rest)?;
        if major == 0 {
            return None;
        }
        let stability = if rest.is_empty() {
            Stability::Stable
        } else if rest.starts_with("test") || is_pre_release(rest) {
            Stability::Unstable
        } else {
            let (_, after_patch) = split_number(rest.strip_prefix('p')?)?;
            if !is_pre_release(after_patch) {
                return None;
            }
            Stability::Unstable
        };
        Some(PackageVersion { major, stability })
    }
}

/// `alpha`, `beta`, optionally followed by a number.
fn is_pre_release(text: &str) -> bool {
    ["alpha", "beta"].iter().any(|word| {
        text.strip_prefix(word)
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Splits leading ASCII digits off `text`; None when there are none.
fn split_number(text: &str) -> Option<(u64, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number = text[..end].parse().ok()?;
    Some((number, &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stability(package: &str) -> Option<Stability> {
        PackageVersion::of_package(package).map(|v| v.stability)
    }

    #[test]
    fn reads_version_suffixes() {
        assert_eq!(stability("acme.v1"), Some(Stability::Stable));
        assert_eq!(stability("acme.v12"), Some(Stability::Stable));
        assert_eq!(stability("acme.v1alpha1"), Some(Stability::Unstable));
        assert_eq!(stability("acme.v1beta"), Some(Stability::Unstable));
        assert_eq!(stability("acme.v1test"), Some(Stability::Unstable));
        assert_eq!(stability("acme.v1testfoo"), Some(Stability::Unstable));
        assert_eq!(stability("acme.v1p1beta1"), Some(Stability::Unstable));
        assert_eq!(stability("acme.v1p1"), None);
        assert_eq!(stability("acme.v1gamma"), None);
        assert_eq!(stability("acme.v0"), None);
        assert_eq!(stability("acme"), None);
        assert_eq!(stability("acme.version1"), None);
    }
}
