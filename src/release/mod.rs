//! Release planning: classify every change between two versions as breaking, added or
//! changed, suggest the semantic-version bump they need, and write the changelog.

pub mod rules;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Location, ProtoFile};
use crate::report::Diagnostic;

pub use rules::RULES;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Breaking,
    Added,
    Changed,
}

/// One change between the two versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The breaking rule, or what kind of addition or change this is (`FIELD_ADDED`).
    pub rule: String,
    pub path: String,
    pub line: u32,
    pub message: String,
    #[serde(skip)]
    pub package: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    /// The bump the changes need: breaking → major (minor while 0.x), additions → minor,
    /// anything else → patch.
    pub fn required(changes: &[Change], from: &semver::Version) -> Bump {
        let has = |kind| changes.iter().any(|c| c.kind == kind);
        if has(ChangeKind::Breaking) {
            if from.major == 0 {
                Bump::Minor
            } else {
                Bump::Major
            }
        } else if has(ChangeKind::Added) {
            Bump::Minor
        } else if has(ChangeKind::Changed) {
            Bump::Patch
        } else {
            Bump::None
        }
    }

    pub fn apply(self, from: &semver::Version) -> semver::Version {
        match self {
            Bump::None => from.clone(),
            Bump::Patch => semver::Version::new(from.major, from.minor, from.patch + 1),
            Bump::Minor => semver::Version::new(from.major, from.minor + 1, 0),
            Bump::Major => semver::Version::new(from.major + 1, 0, 0),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Every change: the breaking findings, what was added, and files that changed otherwise.
/// `changed_files` names the files whose text differs between the versions.
pub fn classify(
    previous: &[ProtoFile],
    current: &[ProtoFile],
    breaking: &[Diagnostic],
    changed_files: &BTreeSet<String>,
) -> Vec<Change> {
    let package_of: BTreeMap<&str, &str> = current
        .iter()
        .chain(previous)
        .map(|f| (f.display_path.as_str(), f.package_name()))
        .collect();
    let mut changes: Vec<Change> = breaking
        .iter()
        .map(|d| Change {
            kind: ChangeKind::Breaking,
            rule: d.rule.clone(),
            path: d.path.clone(),
            line: d.display_span().start_line,
            message: d.message.clone(),
            package: package_of.get(d.path.as_str()).unwrap_or(&"").to_string(),
        })
        .collect();
    changes.extend(additions(previous, current));
    let touched: BTreeSet<String> = changes.iter().map(|c| c.path.clone()).collect();
    for file in current {
        if changed_files.contains(&file.name) && !touched.contains(&file.display_path) {
            changes.push(change(
                ChangeKind::Changed,
                "FILE_CHANGED",
                file,
                &Location::default(),
                format!(
                    "File \"{}\" changed without changing its API (comments, options or layout).",
                    file.name
                ),
            ));
        }
    }
    changes.sort();
    changes.dedup();
    changes
}

fn change(
    kind: ChangeKind,
    rule: &str,
    file: &ProtoFile,
    location: &Location,
    message: String,
) -> Change {
    Change {
        kind,
        rule: rule.to_string(),
        path: file.display_path.clone(),
        line: location.span.map_or(1, |s| s.start_line),
        message,
        package: file.package_name().to_string(),
    }
}

/// New files, and new messages, fields, enums, enum values, services and RPCs in files that
/// existed before.
fn additions(previous: &[ProtoFile], current: &[ProtoFile]) -> Vec<Change> {
    let before: BTreeMap<&str, &ProtoFile> =
        previous.iter().map(|f| (f.name.as_str(), f)).collect();
    let messages: BTreeMap<&str, _> = previous
        .iter()
        .flat_map(ProtoFile::all_messages)
        .map(|m| (m.full_name.as_str(), m))
        .collect();
    let enums: BTreeMap<&str, _> = previous
        .iter()
        .flat_map(ProtoFile::all_enums)
        .map(|e| (e.full_name.as_str(), e))
        .collect();
    let services: BTreeMap<&str, _> = previous
        .iter()
        .flat_map(|f| &f.services)
        .map(|s| (s.full_name.as_str(), s))
        .collect();
    let mut out = Vec::new();
    for file in current {
        if !before.contains_key(file.name.as_str()) {
            out.push(change(
                ChangeKind::Added,
                "FILE_ADDED",
                file,
                &Location::default(),
                format!("File \"{}\" was added.", file.name),
            ));
            continue;
        }
        for message in file.all_messages().into_iter().filter(|m| !m.is_map_entry) {
            let Some(old) = messages.get(message.full_name.as_str()) else {
                out.push(change(
                    ChangeKind::Added,
                    "MESSAGE_ADDED",
                    file,
                    &message.location,
                    format!("Message \"{}\" was added.", message.full_name),
                ));
                continue;
            };
            for field in &message.fields {
                if !old.fields.iter().any(|f| f.number == field.number) {
                    out.push(change(
                        ChangeKind::Added,
                        "FIELD_ADDED",
                        file,
                        &field.location,
                        format!(
                            "Field \"{}\" ({}) was added to message \"{}\".",
                            field.name, field.number, message.name
                        ),
                    ));
                }
            }
        }
        for enumeration in file.all_enums() {
            let Some(old) = enums.get(enumeration.full_name.as_str()) else {
                out.push(change(
                    ChangeKind::Added,
                    "ENUM_ADDED",
                    file,
                    &enumeration.location,
                    format!("Enum \"{}\" was added.", enumeration.full_name),
                ));
                continue;
            };
            for value in &enumeration.values {
                if !old.values.iter().any(|v| v.number == value.number) {
                    out.push(change(
                        ChangeKind::Added,
                        "ENUM_VALUE_ADDED",
                        file,
                        &value.location,
                        format!(
                            "Enum value \"{}\" ({}) was added to enum \"{}\".",
                            value.name, value.number, enumeration.name
                        ),
                    ));
                }
            }
        }
        for service in &file.services {
            let Some(old) = services.get(service.full_name.as_str()) else {
                out.push(change(
                    ChangeKind::Added,
                    "SERVICE_ADDED",
                    file,
                    &service.location,
                    format!("Service \"{}\" was added.", service.full_name),
                ));
                continue;
            };
            for method in &service.methods {
                if !old.methods.iter().any(|m| m.name == method.name) {
                    out.push(change(
                        ChangeKind::Added,
                        "RPC_ADDED",
                        file,
                        &method.location,
                        format!(
                            "RPC \"{}\" was added to service \"{}\".",
                            method.name, service.name
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// The changelog: Markdown grouped by package, then breaking / added / changed.
pub fn changelog(title: &str, changes: &[Change]) -> String {
    let mut by_package: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        let package = if change.package.is_empty() {
            "(no package)"
        } else {
            change.package.as_str()
        };
        by_package.entry(package).or_default().push(change);
    }
    let mut text = format!("## {title}\n");
    if changes.is_empty() {
        text.push_str("\nNo changes to the API.\n");
    }
    for (package, changes) in by_package {
        let _ = write!(text, "\n### {package}\n");
        for (kind, heading) in [
            (ChangeKind::Breaking, "Breaking"),
            (ChangeKind::Added, "Added"),
            (ChangeKind::Changed, "Changed"),
        ] {
            let of_kind: Vec<&&Change> = changes.iter().filter(|c| c.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            let _ = write!(text, "\n#### {heading}\n\n");
            for change in of_kind {
                let place = if change.path.is_empty() {
                    String::new()
                } else {
                    format!("`{}:{}` ", change.path, change.line)
                };
                let _ = writeln!(text, "- {place}{} ({})", change.message, change.rule);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(kind: ChangeKind) -> Change {
        Change {
            kind,
            rule: "X".to_string(),
            path: "a.proto".to_string(),
            line: 1,
            message: "m".to_string(),
            package: "acme.v1".to_string(),
        }
    }

    #[test]
    fn bumps_follow_the_worst_change() {
        let v1 = semver::Version::new(1, 4, 2);
        let v0 = semver::Version::new(0, 3, 0);
        assert_eq!(
            Bump::required(&[of(ChangeKind::Added), of(ChangeKind::Breaking)], &v1),
            Bump::Major
        );
        assert_eq!(
            Bump::required(&[of(ChangeKind::Breaking)], &v0),
            Bump::Minor
        );
        assert_eq!(Bump::required(&[of(ChangeKind::Added)], &v1), Bump::Minor);
        assert_eq!(Bump::required(&[of(ChangeKind::Changed)], &v1), Bump::Patch);
        assert_eq!(Bump::required(&[], &v1), Bump::None);
        assert_eq!(Bump::Major.apply(&v1).to_string(), "2.0.0");
        assert_eq!(Bump::Minor.apply(&v1).to_string(), "1.5.0");
        assert_eq!(Bump::Patch.apply(&v1).to_string(), "1.4.3");
    }
}
