mod names;
mod options;

pub use self::options::{InterpretedOptions, OptionLocationMoves, OptionsToApply, PendingOptions};
mod resolve;
mod visit;

use core::fmt;
use std::{borrow::Cow, iter, sync::Arc};

use crate::{
    descriptor::{
        error::{DescriptorErrorKind, Label},
        to_index,
        types::FileDescriptorProto,
        Definition, DefinitionKind, DescriptorPoolInner, EnumIndex, ExtensionIndex, FastSet,
        FileDescriptorInner, FileIndex, MessageIndex, NameMap, ServiceIndex,
    },
    DescriptorError, DescriptorPool,
};

#[derive(Clone, Copy, Debug)]
struct DescriptorPoolOffsets {
    file: FileIndex,
    message: MessageIndex,
    enum_: EnumIndex,
    service: ServiceIndex,
    extension: ExtensionIndex,
}

#[derive(Copy, Clone, Debug)]
enum ResolveNameFilter {
    Message,
    Extension,
    FieldType,
}

enum ResolveNameResult<'a, 'b> {
    Found {
        name: Cow<'b, str>,
        def: &'a Definition,
    },
    InvalidType {
        name: Cow<'b, str>,
        def: &'a Definition,
        filter: ResolveNameFilter,
    },
    NotImported {
        name: Cow<'b, str>,
        file: FileIndex,
    },
    Shadowed {
        name: Cow<'b, str>,
        shadowed_name: Cow<'b, str>,
    },
    NotFound,
}

impl DescriptorPoolOffsets {
    fn new(pool: &DescriptorPoolInner) -> Self {
        DescriptorPoolOffsets {
            file: to_index(pool.files.len()),
            message: to_index(pool.messages.len()),
            enum_: to_index(pool.enums.len()),
            service: to_index(pool.services.len()),
            extension: to_index(pool.extensions.len()),
        }
    }

    fn rollback(&self, pool: &mut DescriptorPoolInner) {
        pool.files.truncate(self.file as usize);
        pool.messages.truncate(self.message as usize);
        pool.enums.truncate(self.enum_ as usize);
        pool.extensions.truncate(self.extension as usize);
        pool.services.truncate(self.service as usize);
        pool.names.retain(|name, definition| match definition.kind {
            DefinitionKind::Package => pool.files.iter().any(|f| {
                f.raw.package().starts_with(name.as_ref())
                    && matches!(
                        f.raw.package().as_bytes().get(name.len()),
                        None | Some(&b'.')
                    )
            }),
            DefinitionKind::Message(message)
            | DefinitionKind::Field(message)
            | DefinitionKind::Oneof(message) => message < self.message,
            DefinitionKind::Service(service) | DefinitionKind::Method(service) => {
                service < self.service
            }
            DefinitionKind::Enum(enum_) | DefinitionKind::EnumValue(enum_) => enum_ < self.enum_,
            DefinitionKind::Extension(extension) => extension < self.extension,
        });
        pool.file_names.retain(|_, &mut file| file < self.file);
        for message in &mut pool.messages {
            message.extensions.retain(|&message| message < self.message);
        }
    }
}

/// protogate patch: a file ready to be added to a pool (see
/// `DescriptorPool::add_prepared_files`): converted to the pool's own form. This is the part
/// of adding a file that needs no pool, so it can run on other threads while a pool links
/// earlier files.
#[derive(Debug)]
pub struct PreparedFile {
    file: FileDescriptorProto,
}

impl PreparedFile {
    /// Prepares `file` to be added to a pool.
    pub fn new(file: prost_types::FileDescriptorProto) -> Self {
        PreparedFile::from_raw(FileDescriptorProto::from_prost(file))
    }

    fn from_raw(file: FileDescriptorProto) -> Self {
        PreparedFile { file }
    }
}

/// protogate patch: the files a build reads. The pool holds an empty placeholder for each
/// file being added until its names are resolved (see `build_files_deduped`); until then,
/// those files are read from the batch being added.
#[derive(Clone, Copy)]
struct FilesBeingBuilt<'f> {
    pool: &'f [FileDescriptorInner],
    batch: &'f [FileDescriptorProto],
    first_in_batch: FileIndex,
}

/// protogate patch: the files whose names and source locations errors quote.
pub(super) trait RawFiles {
    fn raw_file(&self, index: FileIndex) -> &FileDescriptorProto;
}

impl RawFiles for [FileDescriptorInner] {
    fn raw_file(&self, index: FileIndex) -> &FileDescriptorProto {
        &self[index as usize].raw
    }
}

impl RawFiles for Vec<FileDescriptorInner> {
    fn raw_file(&self, index: FileIndex) -> &FileDescriptorProto {
        self.as_slice().raw_file(index)
    }
}

impl<'f> FilesBeingBuilt<'f> {
    fn raw(self, index: FileIndex) -> &'f FileDescriptorProto {
        match index.checked_sub(self.first_in_batch) {
            Some(in_batch) => &self.batch[in_batch as usize],
            None => &self.pool[index as usize].raw,
        }
    }
}

impl RawFiles for FilesBeingBuilt<'_> {
    fn raw_file(&self, index: FileIndex) -> &FileDescriptorProto {
        self.raw(index)
    }
}

/// protogate patch: the `FilesBeingBuilt` of a visitor (a value with `pool`, `batch` and
/// `first_in_batch` fields). A macro rather than a method, so that it borrows only the
/// pool's files, not the whole visitor.
macro_rules! files_being_built {
    ($visitor:expr) => {
        $crate::descriptor::build::FilesBeingBuilt {
            pool: &$visitor.pool.files,
            batch: $visitor.batch,
            first_in_batch: $visitor.first_in_batch,
        }
    };
}
use files_being_built;

impl DescriptorPool {
    pub(crate) fn build_files<I>(&mut self, files: I) -> Result<(), DescriptorError>
    where
        I: IntoIterator<Item = FileDescriptorProto>,
    {
        self.build_prepared_files(files.into_iter().map(PreparedFile::from_raw))
    }

    pub(crate) fn build_prepared_files<I>(&mut self, files: I) -> Result<(), DescriptorError>
    where
        I: IntoIterator<Item = PreparedFile>,
    {
        self.build_prepared_files_options(files, OptionsTiming::Now)
            .map(|_| ())
    }

    /// protogate patch: `build_prepared_files`, with the options of the files either
    /// interpreted now or left for the caller, who is handed them as `PendingOptions`.
    pub(crate) fn build_prepared_files_options<I>(
        &mut self,
        files: I,
        timing: OptionsTiming,
    ) -> Result<Option<PendingOptions>, DescriptorError>
    where
        I: IntoIterator<Item = PreparedFile>,
    {
        let offsets = DescriptorPoolOffsets::new(&self.inner);

        let deduped_files: Vec<_> = files
            .into_iter()
            .filter(|f| !self.inner.file_names.contains_key(f.file.name()))
            .map(|f| f.file)
            .collect();

        let result = self.build_files_deduped(offsets, deduped_files, timing);
        if result.is_err() {
            debug_assert_eq!(Arc::strong_count(&self.inner), 1);
            offsets.rollback(Arc::get_mut(&mut self.inner).unwrap());
        }

        result
    }

    /// protogate patch: upstream reads the files given while it writes a copy of each into the
    /// pool. Here the files are read where they are while names are collected and resolved
    /// (the pool holds placeholders for them, and resolution keeps what it writes as edits),
    /// then moved into the pool, edits applied, and options are resolved reading the pool's
    /// files. No file is copied.
    fn build_files_deduped(
        &mut self,
        offsets: DescriptorPoolOffsets,
        deduped_files: Vec<FileDescriptorProto>,
        timing: OptionsTiming,
    ) -> Result<Option<PendingOptions>, DescriptorError> {
        if deduped_files.is_empty() {
            return Ok(None);
        }
        let files = deduped_files.len();

        let inner = Arc::make_mut(&mut self.inner);

        inner.collect_names(offsets, &deduped_files)?;

        let edits = inner.resolve_names(offsets, &deduped_files)?;

        let added = &mut inner.files[offsets.file as usize..];
        debug_assert_eq!(added.len(), deduped_files.len());
        for (added, file) in added.iter_mut().zip(deduped_files) {
            added.raw = file;
        }
        edits.apply(&mut inner.files);

        let pending = PendingOptions::new(offsets, files);
        match timing {
            OptionsTiming::Now => {
                let interpreted = self.interpret_options(pending)?;
                self.apply_interpreted_options(interpreted);
                Ok(None)
            }
            OptionsTiming::Later => Ok(Some(pending)),
        }
    }
}

/// protogate patch: when the options of files being added are interpreted.
#[derive(Clone, Copy)]
pub(crate) enum OptionsTiming {
    Now,
    Later,
}

impl ResolveNameFilter {
    fn is_match(&self, def: &DefinitionKind) -> bool {
        matches!(
            (self, def),
            (ResolveNameFilter::Message, DefinitionKind::Message(_))
                | (ResolveNameFilter::Extension, DefinitionKind::Extension(_))
                | (
                    ResolveNameFilter::FieldType,
                    DefinitionKind::Message(_) | DefinitionKind::Enum(_),
                )
        )
    }
}

impl fmt::Display for ResolveNameFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveNameFilter::Message => f.write_str("a message type"),
            ResolveNameFilter::Extension => f.write_str("an extension"),
            ResolveNameFilter::FieldType => f.write_str("a message or enum type"),
        }
    }
}

impl<'a, 'b> ResolveNameResult<'a, 'b> {
    fn new(
        dependencies: &FastSet<FileIndex>,
        names: &'a NameMap,
        name: impl Into<Cow<'b, str>>,
        filter: ResolveNameFilter,
    ) -> Self {
        let name = name.into();
        if let Some(def) = names.get(name.as_ref()) {
            if !dependencies.contains(&def.file) {
                ResolveNameResult::NotImported {
                    name,
                    file: def.file,
                }
            } else if !filter.is_match(&def.kind) {
                ResolveNameResult::InvalidType { name, def, filter }
            } else {
                ResolveNameResult::Found { name, def }
            }
        } else {
            ResolveNameResult::NotFound
        }
    }

    fn into_owned(self) -> ResolveNameResult<'a, 'static> {
        match self {
            ResolveNameResult::Found { name, def } => ResolveNameResult::Found {
                name: Cow::Owned(name.into_owned()),
                def,
            },
            ResolveNameResult::InvalidType { name, def, filter } => {
                ResolveNameResult::InvalidType {
                    name: Cow::Owned(name.into_owned()),
                    def,
                    filter,
                }
            }
            ResolveNameResult::NotImported { name, file } => ResolveNameResult::NotImported {
                name: Cow::Owned(name.into_owned()),
                file,
            },
            ResolveNameResult::Shadowed {
                name,
                shadowed_name,
            } => ResolveNameResult::Shadowed {
                name: Cow::Owned(name.into_owned()),
                shadowed_name: Cow::Owned(shadowed_name.into_owned()),
            },
            ResolveNameResult::NotFound => ResolveNameResult::NotFound,
        }
    }

    fn is_found(&self) -> bool {
        matches!(self, ResolveNameResult::Found { .. })
    }

    #[allow(clippy::result_large_err)]
    fn into_result(
        self,
        orig_name: impl Into<String>,
        files: &(impl RawFiles + ?Sized),
        found_file: FileIndex,
        found_path1: &[i32],
        found_path2: &[i32],
    ) -> Result<(Cow<'b, str>, &'a Definition), DescriptorErrorKind> {
        match self {
            ResolveNameResult::Found { name, def } => Ok((name, def)),
            ResolveNameResult::InvalidType { name, def, filter } => {
                Err(DescriptorErrorKind::InvalidType {
                    name: name.into_owned(),
                    expected: filter.to_string(),
                    found: Label::new(
                        files,
                        "found here",
                        found_file,
                        join_path(found_path1, found_path2),
                    ),
                    defined: Label::new(files, "defined here", def.file, def.path.to_boxed()),
                })
            }
            ResolveNameResult::NotImported { name, file } => {
                let root_name = files.raw_file(found_file).name();
                let dep_name = files.raw_file(file).name();
                Err(DescriptorErrorKind::NameNotFound {
                    found: Label::new(
                        files,
                        "found here",
                        found_file,
                        join_path(found_path1, found_path2),
                    ),
                    help: Some(format!(
                        "'{name}' is defined in '{dep_name}', which is not imported by '{root_name}'"
                    )),
                    name: name.into_owned(),
                })
            }
            ResolveNameResult::NotFound => Err(DescriptorErrorKind::NameNotFound {
                name: orig_name.into(),
                found: Label::new(
                    files,
                    "found here",
                    found_file,
                    join_path(found_path1, found_path2),
                ),
                help: None,
            }),
            ResolveNameResult::Shadowed { name, shadowed_name } => Err(DescriptorErrorKind::NameShadowed {
                found: Label::new(
                    files,
                    "found here",
                    found_file,
                    join_path(found_path1, found_path2),
                ),
                help: Some(format!(
                    "The innermost scope is searched first in name resolution. Consider using a leading '.' (i.e., '.{name}') to start from the outermost scope.",
                )),
                name: name.into_owned(),
                shadowed_name: shadowed_name.into_owned(),
            }),
        }
    }
}

fn to_json_name(name: &str) -> String {
    let mut result = String::with_capacity(name.len());
    let mut uppercase_next = false;

    for ch in name.chars() {
        if ch == '_' {
            uppercase_next = true
        } else if uppercase_next {
            result.push(ch.to_ascii_uppercase());
            uppercase_next = false;
        } else {
            result.push(ch);
        }
    }

    result
}

fn resolve_name<'a, 'b>(
    dependencies: &FastSet<FileIndex>,
    names: &'a NameMap,
    scope: &str,
    name: &'b str,
    filter: ResolveNameFilter,
) -> ResolveNameResult<'a, 'b> {
    match name.strip_prefix('.') {
        Some(full_name) => ResolveNameResult::new(dependencies, names, full_name, filter),
        None if scope.is_empty() => ResolveNameResult::new(dependencies, names, name, filter),
        None => resolve_relative_name(dependencies, names, scope, name, filter),
    }
}

fn resolve_relative_name<'a, 'b>(
    dependencies: &FastSet<FileIndex>,
    names: &'a NameMap,
    scope: &str,
    relative_name: &'b str,
    filter: ResolveNameFilter,
) -> ResolveNameResult<'a, 'b> {
    let mut err = ResolveNameResult::NotFound;
    let relative_first_part = relative_name.split('.').next().unwrap_or_default();
    // protogate patch: each candidate is written into one reused buffer instead of a new
    // `format!` string; a name is copied only when it is returned.
    let mut candidate = String::with_capacity(scope.len() + 1 + relative_name.len());

    for candidate_parent in resolve_relative_candidate_parents(scope) {
        candidate.clear();
        if !candidate_parent.is_empty() {
            candidate.push_str(candidate_parent);
            candidate.push('.');
        }

        if relative_first_part.len() == relative_name.len() {
            // Looking up a simple name e.g. `Foo`
            candidate.push_str(relative_first_part);
            let res = ResolveNameResult::new(dependencies, names, candidate.as_str(), filter);
            if res.is_found() {
                return res.into_owned();
            } else if matches!(err, ResolveNameResult::NotFound) {
                err = res.into_owned();
            }
        } else {
            // Looking up a name including a namespace e.g. `foo.Foo`. First determine the scope using the first component of the name.
            let parent_len = candidate.len();
            candidate.push_str(relative_first_part);
            match names.get(candidate.as_str()) {
                Some(def) if def.kind.is_parent() => {
                    candidate.truncate(parent_len);
                    candidate.push_str(relative_name);
                    let candidate_full: Cow<'b, str> = match candidate_parent {
                        "" => Cow::Borrowed(relative_name),
                        _ => Cow::Owned(candidate),
                    };

                    let res =
                        ResolveNameResult::new(dependencies, names, candidate_full.clone(), filter);
                    if matches!(res, ResolveNameResult::NotFound) {
                        return ResolveNameResult::Shadowed {
                            name: Cow::Borrowed(relative_name),
                            shadowed_name: candidate_full,
                        };
                    } else {
                        return res;
                    }
                }
                _ => continue,
            }
        }
    }

    err.into_owned()
}

fn resolve_relative_candidate_parents(scope: &str) -> impl Iterator<Item = &str> {
    // protogate patch: the dots are found with the `memchr` crate's search, which costs
    // less per dot than `rmatch_indices`; every relative name resolved goes through here.
    iter::once(scope)
        .chain(memchr::memrchr_iter(b'.', scope.as_bytes()).map(move |i| &scope[..i]))
        .chain(iter::once(""))
}

pub(super) fn join_path(path1: &[i32], path2: &[i32]) -> Box<[i32]> {
    let mut path = Vec::with_capacity(path1.len() + path2.len());
    path.extend_from_slice(path1);
    path.extend_from_slice(path2);
    path.into_boxed_slice()
}
