//! The shared comparison behind the *_NO_DELETE rules for messages, enums, services and
//! extensions, per file and per package.

use crate::breaking::Side;
use crate::lint::Findings;
use crate::model::ProtoFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    Message,
    Enum,
    Service,
    Extension,
}

impl Element {
    fn noun(self) -> &'static str {
        match self {
            Element::Message => "Message",
            Element::Enum => "Enum",
            Element::Service => "Service",
            Element::Extension => "Extension",
        }
    }

    /// Every declaration of this kind on a side: full name and declaring file.
    fn declarations<'a>(self, side: &Side<'a>) -> Vec<(&'a str, &'a ProtoFile)> {
        match self {
            Element::Message => side.messages.iter().map(|(n, (_, f))| (*n, *f)).collect(),
            Element::Enum => side.enums.iter().map(|(n, (_, f))| (*n, *f)).collect(),
            Element::Service => side.services.iter().map(|(n, (_, f))| (*n, *f)).collect(),
            Element::Extension => side.extensions.iter().map(|(n, (_, f))| (*n, *f)).collect(),
        }
    }
}

/// Elements that were in a file and are no longer in the same file. A nested element is
/// reported on its surviving parent; a top-level one on the file.
pub fn deleted_from_file(previous: &Side, current: &Side, element: Element, out: &mut Findings) {
    let now: std::collections::BTreeSet<(&str, &str)> = element
        .declarations(current)
        .into_iter()
        .map(|(name, file)| (name, file.name.as_str()))
        .collect();
    for (name, file) in element.declarations(previous) {
        let Some(&current_file) = current.files_by_name.get(file.name.as_str()) else {
            continue;
        };
        if now.contains(&(name, file.name.as_str())) {
            continue;
        }
        report_on_parent(
            previous,
            current,
            element,
            name,
            Scope::File(current_file),
            out,
        );
    }
}

/// Elements that were in a package and are no longer anywhere in it.
pub fn deleted_from_package(previous: &Side, current: &Side, element: Element, out: &mut Findings) {
    let now: std::collections::BTreeSet<(&str, &str)> = element
        .declarations(current)
        .into_iter()
        .map(|(name, file)| (name, file.package_name()))
        .collect();
    for (name, file) in element.declarations(previous) {
        let package = file.package_name();
        let Some(current_files) = current.packages.get(package) else {
            continue;
        };
        if now.contains(&(name, package)) {
            continue;
        }
        let _ = current_files;
        // A file that survives (even in another package) carries the finding.
        let scope = match current.files_by_name.get(file.name.as_str()) {
            Some(current_file) => Scope::File(current_file),
            None => Scope::Package(package),
        };
        report_on_parent(previous, current, element, name, scope, out);
    }
}

/// Where an element was deleted from.
#[derive(Clone, Copy)]
enum Scope<'a> {
    File(&'a ProtoFile),
    Package(&'a str),
}

/// Reports a deletion on the nearest enclosing message that still exists; else on the file,
/// or, for a package, on nothing in particular.
fn report_on_parent(
    previous: &Side,
    current: &Side,
    element: Element,
    name: &str,
    scope_of_deletion: Scope,
    out: &mut Findings,
) {
    let relative = name
        .strip_prefix(previous_package(previous, name))
        .map(|rest| rest.trim_start_matches('.'))
        .unwrap_or(name);
    let message = match scope_of_deletion {
        Scope::File(file) => format!(
            "{} \"{relative}\" was deleted from file \"{}\".",
            element.noun(),
            file.name
        ),
        Scope::Package(package) => {
            format!(
                "{} \"{relative}\" was deleted from package \"{package}\".",
                element.noun()
            )
        }
    };
    let mut scope = name;
    // The ancestor must still be where the element was: in the same file, or package.
    let same_place = |file: &ProtoFile| match scope_of_deletion {
        Scope::File(deleted_from) => file.name == deleted_from.name,
        Scope::Package(package) => file.package_name() == package,
    };
    while let Some((parent, _)) = scope.rsplit_once('.') {
        if let Some((current_parent, parent_file)) = current.messages.get(parent)
            && same_place(parent_file)
        {
            out.report_in(parent_file, &current_parent.location, message);
            return;
        }
        scope = parent;
    }
    match scope_of_deletion {
        Scope::File(file) => out.report_file(file, message),
        Scope::Package(_) => out.report_unplaced(message),
    }
}

/// The package of the file that declared `name` on the previous side.
fn previous_package<'a>(previous: &Side<'a>, name: &str) -> &'a str {
    previous
        .files
        .iter()
        .map(|file| file.package_name())
        .filter(|package| name.starts_with(package))
        .max_by_key(|package| package.len())
        .unwrap_or("")
}
