//! Lookup tables for one version of a module, and the pairing of the two versions.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::rule::{Pair, Parent};
use crate::model::{Enum, Field, Message, ProtoFile, Service};

/// One version of a module, indexed by path, full name and package.
pub struct Side<'a> {
    pub files: Vec<&'a ProtoFile>,
    pub files_by_name: BTreeMap<&'a str, &'a ProtoFile>,
    /// Every message, nested ones included (map entries too).
    pub messages: BTreeMap<&'a str, (&'a Message, &'a ProtoFile)>,
    /// Every enum, nested ones included.
    pub enums: BTreeMap<&'a str, (&'a Enum, &'a ProtoFile)>,
    pub services: BTreeMap<&'a str, (&'a Service, &'a ProtoFile)>,
    /// Every extension, by full name (scope plus field name).
    pub extensions: BTreeMap<&'a str, (&'a Field, &'a ProtoFile)>,
    /// Files by package (`""` for files without one).
    pub packages: BTreeMap<&'a str, Vec<&'a ProtoFile>>,
}

impl<'a> Side<'a> {
    /// Gathers each kind of element in a list, then builds each map from its list at once
    /// (sorted once, then filled in order) rather than by tens of thousands of inserts.
    pub fn new(files: &[&'a ProtoFile]) -> Side<'a> {
        let mut messages = Vec::new();
        let mut enums = Vec::new();
        let mut services = Vec::new();
        let mut extensions = Vec::new();
        let mut packages: BTreeMap<&'a str, Vec<&'a ProtoFile>> = BTreeMap::new();
        for &file in files {
            packages.entry(file.package_name()).or_default().push(file);
            for extension in &file.extensions {
                extensions.push((extension.full_name.as_str(), (extension, file)));
            }
            for enumeration in &file.enums {
                enums.push((enumeration.full_name.as_str(), (enumeration, file)));
            }
            for service in &file.services {
                services.push((service.full_name.as_str(), (service, file)));
            }
            for message in file.all_messages() {
                messages.push((message.full_name.as_str(), (message, file)));
                for enumeration in &message.enums {
                    enums.push((enumeration.full_name.as_str(), (enumeration, file)));
                }
                for extension in &message.extensions {
                    extensions.push((extension.full_name.as_str(), (extension, file)));
                }
            }
        }
        Side {
            files: files.to_vec(),
            files_by_name: files
                .iter()
                .map(|&file| (file.name.as_str(), file))
                .collect(),
            messages: messages.into_iter().collect(),
            enums: enums.into_iter().collect(),
            services: services.into_iter().collect(),
            extensions: extensions.into_iter().collect(),
            packages,
        }
    }

    /// The message that directly contains the element with this full name, if any.
    pub fn parent_message(&self, full_name: &str) -> Option<(&'a Message, &'a ProtoFile)> {
        let (scope, _) = full_name.rsplit_once('.')?;
        self.messages.get(scope).copied()
    }
}

fn pair<'a, T>(
    previous: (&'a T, &'a ProtoFile),
    current: (&'a T, &'a ProtoFile),
    parent: Parent<'a>,
) -> Pair<'a, T> {
    Pair {
        previous: previous.0,
        current: current.0,
        previous_file: previous.1,
        current_file: current.1,
        parent,
    }
}

pub fn file_pairs<'a>(previous: &Side<'a>, current: &Side<'a>) -> Vec<Pair<'a, ProtoFile>> {
    previous
        .files_by_name
        .iter()
        .filter_map(|(name, &p)| {
            let &c = current.files_by_name.get(name)?;
            Some(pair((p, p), (c, c), Parent::None))
        })
        .collect()
}

pub fn message_pairs<'a>(previous: &Side<'a>, current: &Side<'a>) -> Vec<Pair<'a, Message>> {
    previous
        .messages
        .iter()
        .filter_map(|(name, &p)| Some(pair(p, *current.messages.get(name)?, Parent::None)))
        .collect()
}

/// The children of each pair of parents, each previous child paired with the current one
/// `counterpart` finds for it (given the previous parent's children, the child's place among
/// them, and the current parent's children). Paired in parallel over the parents (a large
/// tree has hundreds of thousands of fields); the pairs keep the order of their parents.
fn pairs_within<'a, P: Sync, T: Sync>(
    parents: &[Pair<'a, P>],
    children: fn(&'a P) -> &'a [T],
    counterpart: impl Fn(&'a [T], usize, &'a [T]) -> Option<&'a T> + Sync,
    parent: fn(&'a P, &'a P) -> Parent<'a>,
) -> Vec<Pair<'a, T>> {
    parents
        .par_iter()
        .flat_map_iter(|parents| {
            let (previous_children, current_children) =
                (children(parents.previous), children(parents.current));
            let counterpart = &counterpart;
            previous_children
                .iter()
                .enumerate()
                .filter_map(move |(index, previous_child)| {
                    let current_child = counterpart(previous_children, index, current_children)?;
                    Some(pair(
                        (previous_child, parents.previous_file),
                        (current_child, parents.current_file),
                        parent(parents.previous, parents.current),
                    ))
                })
        })
        .collect()
}

/// Fields of the paired `messages` matched by number, then extensions matched by what they
/// extend and their number.
pub fn field_pairs<'a>(
    messages: &[Pair<'a, Message>],
    previous: &Side<'a>,
    current: &Side<'a>,
) -> Vec<Pair<'a, Field>> {
    let mut pairs = pairs_within(
        messages,
        |message| &message.fields,
        |previous, index, current| current.iter().find(|f| f.number == previous[index].number),
        Parent::Message,
    );
    // Extensions are matched by what they extend and their number, like fields.
    let key = |field: &Field| (field.extendee.clone(), field.number);
    let current_extensions: BTreeMap<_, _> = current
        .extensions
        .values()
        .map(|&(field, file)| (key(field), (field, file)))
        .collect();
    for &(field, file) in previous.extensions.values() {
        if let Some(&c) = current_extensions.get(&key(field)) {
            pairs.push(pair((field, file), c, Parent::None));
        }
    }
    pairs
}

pub fn enum_pairs<'a>(previous: &Side<'a>, current: &Side<'a>) -> Vec<Pair<'a, Enum>> {
    previous
        .enums
        .iter()
        .filter_map(|(name, &p)| Some(pair(p, *current.enums.get(name)?, Parent::None)))
        .collect()
}

/// Values of the paired `enums` matched by number; with aliases, the first value of a
/// number stands for it.
pub fn enum_value_pairs<'a>(enums: &[Pair<'a, Enum>]) -> Vec<Pair<'a, crate::model::EnumValue>> {
    pairs_within(
        enums,
        |enumeration| &enumeration.values,
        |previous, index, current| {
            let number = previous[index].number;
            if previous[..index].iter().any(|v| v.number == number) {
                return None;
            }
            current.iter().find(|v| v.number == number)
        },
        Parent::Enum,
    )
}

pub fn service_pairs<'a>(previous: &Side<'a>, current: &Side<'a>) -> Vec<Pair<'a, Service>> {
    previous
        .services
        .iter()
        .filter_map(|(name, &p)| Some(pair(p, *current.services.get(name)?, Parent::None)))
        .collect()
}

/// Methods of the paired `services` matched by name.
pub fn method_pairs<'a>(services: &[Pair<'a, Service>]) -> Vec<Pair<'a, crate::model::Method>> {
    pairs_within(
        services,
        |service| &service.methods,
        |previous, index, current| current.iter().find(|m| m.name == previous[index].name),
        Parent::Service,
    )
}
