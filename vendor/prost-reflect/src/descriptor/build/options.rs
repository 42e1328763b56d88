use std::sync::Arc;

use prost::{bytes::Bytes, Message};

use crate::{
    descriptor::{
        build::{
            join_path, resolve_name,
            visit::{visit, Visitor},
            DescriptorPoolOffsets, ResolveNameFilter,
        },
        error::{DescriptorErrorKind, Label},
        tag,
        types::{
            uninterpreted_option, DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto,
            FieldDescriptorProto, FileDescriptorProto, MethodDescriptorProto, OneofDescriptorProto,
            Options, ServiceDescriptorProto, UninterpretedOption,
        },
        Definition, DefinitionKind, EnumIndex, EnumValueIndex, ExtensionIndex, FieldIndex,
        FileIndex, MessageIndex, MethodIndex, OneofIndex, ServiceIndex, MAP_ENTRY_KEY_NUMBER,
        MAP_ENTRY_VALUE_NUMBER,
    },
    dynamic::{fmt_string, FieldDescriptorLike},
    Cardinality, DescriptorError, DescriptorPool, DynamicMessage, EnumDescriptor,
    ExtensionDescriptor, MapKey, MessageDescriptor, ReflectMessage, Value,
};

impl DescriptorPool {
    /// protogate patch: interprets the options of the files `pending` names, reading the
    /// pool only (the files as they are in the pool by now, see `build_files_deduped`,
    /// instead of a copy of them), so that several batches can be interpreted at once on
    /// several threads. Upstream interpreted and stored them in one step, as the pool still
    /// does unless asked otherwise (`DescriptorPool::add_prepared_files_options_later`).
    ///
    /// # Errors
    ///
    /// Returns an error if an option does not resolve or its value does not fit; the pool
    /// then holds files whose options are not interpreted, and should be dropped.
    pub fn interpret_options(
        &self,
        pending: PendingOptions,
    ) -> Result<InterpretedOptions, DescriptorError> {
        let mut visitor = OptionsVisitor {
            pool: self,
            errors: Vec::new(),
            options: Vec::new(),
            locations: Vec::new(),
            recent_extensions: Vec::with_capacity(RECENT_EXTENSIONS),
            interpreted_before: InterpretedBefore::default(),
        };
        let first = pending.offsets.file as usize;
        let files = &self.inner.files[first..first + pending.files];
        visit(
            pending.offsets,
            files.iter().map(|file| &file.raw),
            &mut visitor,
        );
        let OptionsVisitor {
            errors,
            options,
            locations,
            ..
        } = visitor;

        if !errors.is_empty() {
            return Err(DescriptorError::new(errors));
        }
        Ok(InterpretedOptions {
            first_file: pending.offsets.file,
            files: pending.files,
            options,
            locations,
        })
    }

    /// protogate patch: stores interpreted options in their files and moves their source
    /// locations.
    pub fn apply_interpreted_options(&mut self, interpreted: InterpretedOptions) {
        for batch in self.options_to_apply(vec![interpreted]) {
            batch.apply();
        }
    }

    /// protogate patch: pairs each batch of interpreted options with the pool's files it
    /// belongs to, so that each batch can be stored (`OptionsToApply::apply`) on a thread of
    /// its own: batches hold disjoint files. Storing decodes every options message again and
    /// frees the uninterpreted ones; on googleapis a sampled profile put that at 0.06-0.09 s,
    /// which one thread did alone while the others waited.
    pub fn options_to_apply(
        &mut self,
        mut interpreted: Vec<InterpretedOptions>,
    ) -> Vec<OptionsToApply<'_>> {
        interpreted.sort_unstable_by_key(|batch| batch.first_file);
        let inner = Arc::make_mut(&mut self.inner);
        let mut rest: &mut [crate::descriptor::FileDescriptorInner] = &mut inner.files;
        let mut rest_first: usize = 0;
        let mut batches = Vec::with_capacity(interpreted.len());
        for options in interpreted {
            let first = options.first_file as usize;
            let (_, from_first) = std::mem::take(&mut rest).split_at_mut(first - rest_first);
            let (files, after) = from_first.split_at_mut(options.files);
            rest = after;
            rest_first = first + options.files;
            batches.push(OptionsToApply { files, options });
        }
        batches
    }
}

/// protogate patch: a batch of interpreted options with the files they are stored in (see
/// `DescriptorPool::options_to_apply`).
pub struct OptionsToApply<'a> {
    files: &'a mut [crate::descriptor::FileDescriptorInner],
    options: InterpretedOptions,
}

impl std::fmt::Debug for OptionsToApply<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OptionsToApply")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl OptionsToApply<'_> {
    /// How many options the batch stores: a measure of the work `apply` does.
    pub fn option_count(&self) -> usize {
        self.options.options.len()
    }

    /// Stores the options in their files and moves their source locations.
    pub fn apply(self) {
        let first = self.options.first_file;
        for (file, path, encoded) in self.options.options {
            let file = &mut self.files[(file - first) as usize].raw;
            set_file_option(file, &path, encoded);
        }
        rewrite_option_locations(self.files, first, self.options.locations);
    }
}

/// protogate patch: files of a pool whose options are still to be interpreted (see
/// `DescriptorPool::add_prepared_files_options_later`): a batch of files added together.
#[derive(Debug, Clone, Copy)]
pub struct PendingOptions {
    offsets: DescriptorPoolOffsets,
    files: usize,
}

impl PendingOptions {
    pub(super) fn new(offsets: DescriptorPoolOffsets, files: usize) -> Self {
        PendingOptions { offsets, files }
    }
}

/// protogate patch: the options of a `PendingOptions`, interpreted, to be stored with
/// `DescriptorPool::apply_interpreted_options`.
#[derive(Debug)]
pub struct InterpretedOptions {
    /// The pool's index of the batch's first file, and how many files it has.
    first_file: FileIndex,
    files: usize,
    options: Vec<(FileIndex, Box<[i32]>, Vec<u8>)>,
    #[allow(clippy::type_complexity)]
    locations: Vec<(FileIndex, Box<[i32]>, Box<[i32]>)>,
}

/// protogate patch: encoded options without their `uninterpreted_option` fields, or None
/// when the bytes do not parse (the caller then decodes them whole and reports the error).
fn without_uninterpreted_options(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut kept = Vec::new();
    while !bytes.is_empty() {
        let field = bytes;
        let (number, wire_type) = prost::encoding::decode_key(&mut bytes).ok()?;
        prost::encoding::skip_field(wire_type, number, &mut bytes, Default::default()).ok()?;
        if number != tag::UNINTERPRETED_OPTION as u32 {
            kept.extend_from_slice(&field[..field.len() - bytes.len()]);
        }
    }
    Some(kept)
}

/// Moves the source locations of each interpreted option from its `uninterpreted_option`
/// path to the path of the field it sets. protogate patch: a file without source info keeps
/// the moves instead (`DescriptorPool::take_option_location_moves`).
#[allow(clippy::type_complexity)]
fn rewrite_option_locations(
    files: &mut [crate::descriptor::FileDescriptorInner],
    first_file: FileIndex,
    locations: Vec<(FileIndex, Box<[i32]>, Box<[i32]>)>,
) {
    let mut by_file: std::collections::BTreeMap<FileIndex, Vec<(Box<[i32]>, Box<[i32]>)>> =
        std::collections::BTreeMap::new();
    for (file, from, to) in locations {
        by_file.entry(file).or_default().push((from, to));
    }
    for (file, moves) in by_file {
        let moves = OptionLocationMoves::new(moves);
        let file = &mut files[(file - first_file) as usize];
        match &mut file.raw.source_code_info {
            Some(source_code_info) => {
                for location in &mut source_code_info.location {
                    moves.apply(&mut location.path);
                }
            }
            None => file.option_location_moves = Some(moves),
        }
    }
}

/// protogate patch: where the source locations of one file's interpreted options move, each
/// from the `uninterpreted_option` path of the option as written (`from`) to the path of the
/// field it sets (`to`).
///
/// Upstream scanned every location of the file for every option, which is quadratic in the
/// size of a file (seconds for googleapis' compute.proto, which has about 11,000 options).
/// Here the moves go in a hash map, and each location is looked up once per distinct `from`
/// length. The result is the same: a `from` path ends with `[.., OPTIONS, 999, i]`, and no
/// element path lies under an options path, so a location lies under at most one `from`,
/// and a moved path lies under no other `from` unless an option sets the
/// `uninterpreted_option` field itself (number 999), where the upstream scan is kept.
#[derive(Debug, Clone)]
pub struct OptionLocationMoves(Moves);

#[derive(Debug, Clone)]
enum Moves {
    /// Applied one after the other to every path, as upstream did: some option sets the
    /// `uninterpreted_option` field itself.
    InOrder(Vec<(Box<[i32]>, Box<[i32]>)>),
    /// Looked up by `from`, for each length a `from` has.
    ByFrom {
        to: crate::descriptor::FastMap<Box<[i32]>, Box<[i32]>>,
        from_lengths: Vec<usize>,
    },
}

impl OptionLocationMoves {
    fn new(moves: Vec<(Box<[i32]>, Box<[i32]>)>) -> Self {
        let sets_uninterpreted_option = moves
            .iter()
            .any(|(from, to)| to.get(from.len() - 2) == Some(&tag::UNINTERPRETED_OPTION));
        if sets_uninterpreted_option {
            return OptionLocationMoves(Moves::InOrder(moves));
        }
        let mut from_lengths: Vec<usize> = moves.iter().map(|(from, _)| from.len()).collect();
        from_lengths.sort_unstable();
        from_lengths.dedup();
        OptionLocationMoves(Moves::ByFrom {
            to: moves.into_iter().collect(),
            from_lengths,
        })
    }

    /// Whether `path` may lie under an option's `from` (every `from` holds 999, the number
    /// of `uninterpreted_option`): a cheap test that most paths fail.
    pub fn may_move(&self, path: &[i32]) -> bool {
        path.contains(&tag::UNINTERPRETED_OPTION)
    }

    /// Moves `path`, the path of a source location, when it lies under an option's `from`.
    pub fn apply(&self, path: &mut Vec<i32>) {
        match &self.0 {
            Moves::InOrder(moves) => {
                for (from, to) in moves {
                    if path.starts_with(from) {
                        path.splice(..from.len(), to.iter().copied());
                    }
                }
            }
            Moves::ByFrom { to, from_lengths } => {
                // Every `from` ends with `[.., 999, i]`: a path without 999 there is not
                // looked up.
                let moved = from_lengths.iter().find_map(|&len| {
                    let prefix = path.get(..len)?;
                    if prefix[len - 2] != tag::UNINTERPRETED_OPTION {
                        return None;
                    }
                    Some((len, to.get(prefix)?))
                });
                if let Some((len, to)) = moved {
                    path.splice(..len, to.iter().copied());
                }
            }
        }
    }
}

struct OptionsVisitor<'a> {
    pool: &'a DescriptorPool,
    errors: Vec<DescriptorErrorKind>,
    options: Vec<(FileIndex, Box<[i32]>, Vec<u8>)>,
    #[allow(clippy::type_complexity)]
    locations: Vec<(FileIndex, Box<[i32]>, Box<[i32]>)>,
    /// protogate patch: the extensions option names resolved to lately, the oldest first.
    /// Neighbouring elements mostly set the same few options (the fields of a message, say,
    /// their field behaviour and resource references), and resolving a name tries each
    /// enclosing scope in the pool's name table.
    recent_extensions: Vec<ResolvedExtension>,
    /// protogate patch: the options messages interpreted so far, by options type and then
    /// by their encoding as written. Most options are written many times over in the same
    /// words (googleapis sets `(google.api.field_behavior) = REQUIRED` on 17,000 fields),
    /// and an options message written as one seen before, whose names resolve to the same
    /// extensions, is interpreted the same way.
    interpreted_before: InterpretedBefore,
}

/// protogate patch: see `OptionsVisitor::interpreted_before`.
#[derive(Default)]
struct InterpretedBefore(
    Vec<(
        &'static str,
        crate::descriptor::FastMap<Box<[u8]>, Interpretation>,
    )>,
);

impl InterpretedBefore {
    fn get(&self, desc_name: &str, encoded: &[u8]) -> Option<&Interpretation> {
        let (_, by_encoding) = self.0.iter().find(|(name, _)| *name == desc_name)?;
        by_encoding.get(encoded)
    }

    fn insert(&mut self, desc_name: &'static str, encoded: &[u8], interpretation: Interpretation) {
        let index = match self.0.iter().position(|(name, _)| *name == desc_name) {
            Some(index) => index,
            None => {
                self.0.push((desc_name, Default::default()));
                self.0.len() - 1
            }
        };
        self.0[index].1.insert(encoded.into(), interpretation);
    }
}

/// protogate patch: how an options message was interpreted (see
/// `OptionsVisitor::interpreted_before`).
struct Interpretation {
    /// The extensions its option names resolved to, in the order they are written.
    extensions: Vec<ExtensionIndex>,
    /// For each option, where its source location moved to, below the options' own path.
    moved_to: Vec<Box<[i32]>>,
    encoded: Vec<u8>,
}

/// How many resolved option names an `OptionsVisitor` remembers.
const RECENT_EXTENSIONS: usize = 8;

/// protogate patch: the extension the option name `name`, written in `file` at `scope`,
/// resolved to.
struct ResolvedExtension {
    file: FileIndex,
    scope: String,
    name: String,
    index: ExtensionIndex,
}

impl Visitor for OptionsVisitor<'_> {
    fn visit_file(&mut self, path: &[i32], index: FileIndex, file: &FileDescriptorProto) {
        if let Some(options) = &file.options {
            let path = join_path(path, &[tag::file::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.FileOptions",
                options,
                &options.value.uninterpreted_option,
                file.package(),
                index,
                &path,
            );
            self.options.push((index, path, encoded));
        }
    }

    fn visit_message(
        &mut self,
        path: &[i32],
        full_name: &str,
        file: FileIndex,
        _: Option<MessageIndex>,
        _: MessageIndex,
        message: &DescriptorProto,
    ) {
        if let Some(options) = &message.options {
            let path = join_path(path, &[tag::message::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.MessageOptions",
                options,
                &options.value.uninterpreted_option,
                full_name,
                file,
                &path,
            );
            self.options.push((file, path, encoded));
        }

        for (i, extension_range) in message.extension_range.iter().enumerate() {
            let path = join_path(
                path,
                &[
                    tag::message::EXTENSION_RANGE,
                    i as i32,
                    tag::message::extension_range::OPTIONS,
                ],
            );
            if let Some(options) = &extension_range.options {
                let encoded = self.resolve_options(
                    "google.protobuf.ExtensionRangeOptions",
                    options,
                    &options.value.uninterpreted_option,
                    full_name,
                    file,
                    &path,
                );
                self.options.push((file, path, encoded));
            }
        }
    }

    fn visit_field(
        &mut self,
        path: &[i32],
        full_name: &str,
        file: FileIndex,
        _: MessageIndex,
        _: FieldIndex,
        field: &FieldDescriptorProto,
    ) {
        if let Some(options) = &field.options {
            let path = join_path(path, &[tag::field::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.FieldOptions",
                options,
                &options.value.uninterpreted_option,
                enclosing_scope(full_name),
                file,
                &path,
            );
            self.options.push((file, path, encoded));
        }
    }

    fn visit_oneof(
        &mut self,
        path: &[i32],
        full_name: &str,
        file: FileIndex,
        _: MessageIndex,
        _: OneofIndex,
        oneof: &OneofDescriptorProto,
    ) {
        if let Some(options) = &oneof.options {
            let path = join_path(path, &[tag::oneof::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.OneofOptions",
                options,
                &options.value.uninterpreted_option,
                full_name,
                file,
                &path,
            );
            self.options.push((file, path, encoded));
        }
    }

    fn visit_service(
        &mut self,
        path: &[i32],
        full_name: &str,
        file: FileIndex,
        _: ServiceIndex,
        service: &ServiceDescriptorProto,
    ) {
        if let Some(options) = &service.options {
            let path = join_path(path, &[tag::service::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.ServiceOptions",
                options,
                &options.value.uninterpreted_option,
                full_name,
                file,
                &path,
            );
            self.options.push((file, path, encoded));
        }
    }

    fn visit_method(
        &mut self,
        path: &[i32],
        full_name: &str,
        file: FileIndex,
        _: ServiceIndex,
        _: MethodIndex,
        method: &MethodDescriptorProto,
    ) {
        if let Some(options) = &method.options {
            let path = join_path(path, &[tag::method::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.MethodOptions",
                options,
                &options.value.uninterpreted_option,
                enclosing_scope(full_name),
                file,
                &path,
            );
            self.options.push((file, path, encoded));
        }
    }

    fn visit_enum(
        &mut self,
        path: &[i32],
        full_name: &str,
        file: FileIndex,
        _: Option<MessageIndex>,
        _: EnumIndex,
        enum_: &EnumDescriptorProto,
    ) {
        if let Some(options) = &enum_.options {
            let path = join_path(path, &[tag::enum_::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.EnumOptions",
                options,
                &options.value.uninterpreted_option,
                full_name,
                file,
                &path,
            );
            self.options.push((file, path, encoded));
        }
    }

    fn visit_enum_value(
        &mut self,
        path: &[i32],
        full_name: &str,
        file: FileIndex,
        _: EnumIndex,
        _: EnumValueIndex,
        value: &EnumValueDescriptorProto,
    ) {
        if let Some(options) = &value.options {
            let path = join_path(path, &[tag::enum_value::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.EnumValueOptions",
                options,
                &options.value.uninterpreted_option,
                full_name,
                file,
                &path,
            );
            self.options.push((file, path, encoded));
        }
    }

    fn visit_extension(
        &mut self,
        path: &[i32],
        full_name: &str,
        file: FileIndex,
        _: Option<MessageIndex>,
        _: ExtensionIndex,
        extension: &FieldDescriptorProto,
    ) {
        if let Some(options) = &extension.options {
            let path = join_path(path, &[tag::field::OPTIONS]);
            let encoded = self.resolve_options(
                "google.protobuf.FieldOptions",
                options,
                &options.value.uninterpreted_option,
                full_name,
                file,
                &path,
            );
            self.options.push((file, path, encoded));
        }
    }
}

impl OptionsVisitor<'_> {
    fn resolve_options<T>(
        &mut self,
        desc_name: &'static str,
        options: &Options<T>,
        uninterpreted: &[UninterpretedOption],
        scope: &str,
        file: FileIndex,
        path: &[i32],
    ) -> Vec<u8> {
        if let Some(encoded) =
            self.interpret_as_before(desc_name, options, uninterpreted, scope, file, path)
        {
            return encoded;
        }
        let (errors_before, locations_before) = (self.errors.len(), self.locations.len());
        let encoded = self.interpret(desc_name, options, uninterpreted, scope, file, path);
        if self.errors.len() == errors_before {
            if let Some(extensions) = self.extensions_named(uninterpreted, scope, file, path) {
                let moved_to = self.locations[locations_before..]
                    .iter()
                    .map(|(_, _, to)| to[path.len()..].into())
                    .collect();
                let interpretation = Interpretation {
                    extensions,
                    moved_to,
                    encoded: encoded.clone(),
                };
                self.interpreted_before
                    .insert(desc_name, &options.encoded, interpretation);
            }
        }
        encoded
    }

    /// protogate patch: the interpretation of an options message written as one interpreted
    /// before, when its option names resolve here to the same extensions as there (the
    /// names are resolved from the element's scope); None otherwise.
    fn interpret_as_before<T>(
        &mut self,
        desc_name: &str,
        options: &Options<T>,
        uninterpreted: &[UninterpretedOption],
        scope: &str,
        file: FileIndex,
        path: &[i32],
    ) -> Option<Vec<u8>> {
        let interpreted_before = std::mem::take(&mut self.interpreted_before);
        let encoded = interpreted_before
            .get(desc_name, &options.encoded)
            .and_then(|before| {
                let extensions = self.extensions_named(uninterpreted, scope, file, path)?;
                if before.extensions != extensions {
                    return None;
                }
                for (i, moved_to) in before.moved_to.iter().enumerate() {
                    self.locations.push((
                        file,
                        join_path(path, &[tag::UNINTERPRETED_OPTION, i as i32]),
                        join_path(path, moved_to),
                    ));
                }
                Some(before.encoded.clone())
            });
        self.interpreted_before = interpreted_before;
        encoded
    }

    /// protogate patch: the extensions the option names of `uninterpreted` resolve to from
    /// `scope`, in the order they are written; None when one does not resolve.
    fn extensions_named(
        &mut self,
        uninterpreted: &[UninterpretedOption],
        scope: &str,
        file: FileIndex,
        path: &[i32],
    ) -> Option<Vec<ExtensionIndex>> {
        uninterpreted
            .iter()
            .flat_map(|option| &option.name)
            .filter(|part| part.is_extension)
            .map(|part| {
                self.extension_index(scope, &part.name_part, file, path)
                    .ok()
            })
            .collect()
    }

    /// Interprets the options as written, and returns them encoded.
    fn interpret<T>(
        &mut self,
        desc_name: &str,
        options: &Options<T>,
        uninterpreted: &[UninterpretedOption],
        scope: &str,
        file: FileIndex,
        path: &[i32],
    ) -> Vec<u8> {
        let desc = self.pool.get_message_by_name(desc_name).unwrap_or_else(|| {
            DescriptorPool::global()
                .get_message_by_name(desc_name)
                .unwrap()
        });

        // protogate patch: the `uninterpreted_option` entries are interpreted below and then
        // cleared, so they are left out before decoding rather than decoded and dropped.
        let kept = without_uninterpreted_options(&options.encoded);
        let encoded = kept.as_deref().unwrap_or(options.encoded.as_slice());
        let mut message = match DynamicMessage::decode(desc, encoded) {
            Ok(message) => message,
            Err(err) => {
                self.errors
                    .push(DescriptorErrorKind::DecodeFileDescriptorSet { err });
                return Vec::new();
            }
        };

        for (i, option) in uninterpreted.iter().enumerate() {
            if let Err(err) = self.set_option(
                &mut message,
                option,
                scope,
                file,
                join_path(path, &[tag::UNINTERPRETED_OPTION, i as i32]),
            ) {
                self.errors.push(err);
            }
        }

        message.clear_field_by_number(tag::UNINTERPRETED_OPTION as u32);

        // protogate patch: `encode_to_vec` measures the whole message first to size its
        // buffer, and encoding measures every nested message again for its length prefix.
        // The options as written (uninterpreted, as names and text) seldom take less room
        // than interpreted, so that size is used instead of a measuring pass.
        let mut interpreted = Vec::with_capacity(options.encoded.len());
        message.encode_raw(&mut interpreted);
        interpreted.shrink_to_fit();
        interpreted
    }

    #[allow(clippy::result_large_err)]
    fn set_option(
        &mut self,
        mut message: &mut DynamicMessage,
        option: &UninterpretedOption,
        scope: &str,
        file: FileIndex,
        path: Box<[i32]>,
    ) -> Result<(), DescriptorErrorKind> {
        let mut resolved_path = Vec::with_capacity(path.len() - 2 + option.name.len());
        resolved_path.extend_from_slice(&path[..path.len() - 2]);

        for (i, part) in option.name.iter().enumerate() {
            let is_last = i == option.name.len() - 1;

            let desc = message.descriptor();
            if part.is_extension {
                let extension_desc =
                    self.find_extension(scope, &part.name_part, file, &path, &desc)?;
                resolved_path.push(extension_desc.number() as i32);

                if is_last {
                    if extension_desc.cardinality() != Cardinality::Repeated
                        && message.has_extension(&extension_desc)
                    {
                        return Err(DescriptorErrorKind::DuplicateOption {
                            name: fmt_option_name(&option.name),
                            found: Label::new(&self.pool.inner.files, "found here", file, path),
                        });
                    } else {
                        self.set_field_value(
                            message.get_extension_mut(&extension_desc),
                            &mut resolved_path,
                            &extension_desc,
                            option,
                            file,
                            &path,
                        )?;
                    }
                } else if let Value::Message(submessage) =
                    message.get_extension_mut(&extension_desc)
                {
                    message = submessage;
                } else {
                    return Err(DescriptorErrorKind::InvalidOptionType {
                        name: fmt_option_name(&option.name[..i + 1]),
                        ty: fmt_field_ty(&extension_desc),
                        value: fmt_value(option),
                        is_last,
                        found: Label::new(&self.pool.inner.files, "found here", file, path),
                    });
                }
            } else {
                match desc.get_field_by_name(&part.name_part) {
                    Some(field_desc) => {
                        resolved_path.push(field_desc.number() as i32);

                        if is_last {
                            if field_desc.cardinality() != Cardinality::Repeated
                                && message.has_field(&field_desc)
                            {
                                return Err(DescriptorErrorKind::DuplicateOption {
                                    name: fmt_option_name(&option.name),
                                    found: Label::new(
                                        &self.pool.inner.files,
                                        "found here",
                                        file,
                                        path,
                                    ),
                                });
                            } else {
                                self.set_field_value(
                                    message.get_field_mut(&field_desc),
                                    &mut resolved_path,
                                    &field_desc,
                                    option,
                                    file,
                                    &path,
                                )?;
                            }
                        } else if let Value::Message(submessage) =
                            message.get_field_mut(&field_desc)
                        {
                            message = submessage;
                        } else {
                            return Err(DescriptorErrorKind::InvalidOptionType {
                                name: fmt_option_name(&option.name[..i + 1]),
                                ty: fmt_field_ty(&field_desc),
                                value: fmt_value(option),
                                is_last,
                                found: Label::new(&self.pool.inner.files, "found here", file, path),
                            });
                        }
                    }
                    None => {
                        return Err(DescriptorErrorKind::OptionNotFound {
                            name: fmt_option_name(&option.name[..i + 1]),
                            found: Label::new(&self.pool.inner.files, "found here", file, path),
                        })
                    }
                }
            }
        }

        self.locations.push((file, path, resolved_path.into()));

        Ok(())
    }

    #[allow(clippy::result_large_err)]
    fn set_field_value(
        &self,
        value: &mut Value,
        resolved_path: &mut Vec<i32>,
        desc: &impl FieldDescriptorLike,
        option: &UninterpretedOption,
        file: FileIndex,
        path: &[i32],
    ) -> Result<(), DescriptorErrorKind> {
        let err = |()| DescriptorErrorKind::InvalidOptionType {
            name: fmt_option_name(&option.name),
            ty: fmt_field_ty(desc),
            value: fmt_value(option),
            is_last: true,
            found: Label::new(&self.pool.inner.files, "found here", file, path.into()),
        };

        let parse_err = |parse_err| match parse_err {
            #[cfg(feature = "text-format")]
            Some(parse_err) => DescriptorErrorKind::InvalidMessageOption {
                name: fmt_option_name(&option.name),
                ty: fmt_field_ty(desc),
                found: Label::new(&self.pool.inner.files, "found here", file, path.into()),
                err: parse_err,
            },
            _ => err(()),
        };

        match value {
            Value::Bool(value) => *value = option_to_bool(option).map_err(err)?,
            Value::I32(value) => *value = option_to_int(option).map_err(err)?,
            Value::I64(value) => *value = option_to_int(option).map_err(err)?,
            Value::U32(value) => *value = option_to_int(option).map_err(err)?,
            Value::U64(value) => *value = option_to_int(option).map_err(err)?,
            Value::F32(value) => *value = option_to_float(option).map_err(err)? as f32,
            Value::F64(value) => *value = option_to_float(option).map_err(err)?,
            Value::String(value) => *value = option_to_string(option).map_err(err)?,
            Value::Bytes(value) => *value = option_to_bytes(option).map_err(err)?,
            Value::EnumNumber(value) => {
                *value = option_to_enum(option, desc.kind().as_enum().unwrap()).map_err(err)?
            }
            Value::Message(value) => {
                *value = option_to_message(option, desc.kind().as_message().unwrap())
                    .map_err(parse_err)?
            }
            Value::List(value) => {
                resolved_path.push(value.len() as i32);

                let mut entry = Value::default_value(&desc.kind());
                self.set_field_value(&mut entry, resolved_path, desc, option, file, path)?;
                value.push(entry);
            }
            Value::Map(value) => {
                let (entry_key, entry_value) =
                    option_to_map_entry(option, desc.kind().as_message().unwrap())
                        .map_err(parse_err)?;
                value.insert(entry_key, entry_value);
            }
        }

        Ok(())
    }

    #[allow(clippy::result_large_err)]
    fn find_extension(
        &mut self,
        scope: &str,
        name: &str,
        file: FileIndex,
        path: &[i32],
        extendee: &MessageDescriptor,
    ) -> Result<ExtensionDescriptor, DescriptorErrorKind> {
        let index = self.extension_index(scope, name, file, path)?;
        let desc = ExtensionDescriptor {
            pool: self.pool.clone(),
            index,
        };

        if desc.containing_message() == *extendee {
            Ok(desc)
        } else {
            Err(DescriptorErrorKind::InvalidOptionExtendee {
                name: desc.full_name().to_owned(),
                expected_extendee: extendee.full_name().to_owned(),
                actual_extendee: desc.containing_message().full_name().to_owned(),
                found: Label::new(&self.pool.inner.files, "found here", file, path.into()),
            })
        }
    }

    /// protogate patch: the extension the option name `name` resolves to from `scope`,
    /// remembered in `recent_extensions`.
    #[allow(clippy::result_large_err)]
    fn extension_index(
        &mut self,
        scope: &str,
        name: &str,
        file: FileIndex,
        path: &[i32],
    ) -> Result<ExtensionIndex, DescriptorErrorKind> {
        let recent = self
            .recent_extensions
            .iter()
            .find(|recent| recent.file == file && recent.scope == scope && recent.name == name);
        let index = match recent {
            Some(recent) => recent.index,
            None => {
                let index = self.resolve_extension(scope, name, file, path)?;
                if self.recent_extensions.len() == RECENT_EXTENSIONS {
                    self.recent_extensions.remove(0);
                }
                self.recent_extensions.push(ResolvedExtension {
                    file,
                    scope: scope.to_owned(),
                    name: name.to_owned(),
                    index,
                });
                index
            }
        };
        Ok(index)
    }

    #[allow(clippy::result_large_err)]
    fn resolve_extension(
        &self,
        scope: &str,
        name: &str,
        file: FileIndex,
        path: &[i32],
    ) -> Result<ExtensionIndex, DescriptorErrorKind> {
        let (_, def) = resolve_name(
            &self.pool.inner.files[file as usize].transitive_dependencies,
            &self.pool.inner.names,
            scope,
            name,
            ResolveNameFilter::Extension,
        )
        .into_result(name, &self.pool.inner.files, file, path, &[])?;

        let &Definition {
            kind: DefinitionKind::Extension(index),
            ..
        } = def
        else {
            unreachable!()
        };
        Ok(index)
    }
}

/// protogate patch: the scope the option names of a field or a method are resolved in: its
/// message or service. Nothing is declared inside a field or a method, so resolving from
/// their own full name first tries a name that cannot exist and then goes on from here, to
/// the same result; fields of one message then share the scope `recent_extensions` is keyed
/// by. The full name of a field or a method always has a dot; a name without one would be
/// returned as it is, which resolves as before.
fn enclosing_scope(full_name: &str) -> &str {
    full_name
        .rsplit_once('.')
        .map_or(full_name, |(enclosing, _)| enclosing)
}

fn fmt_option_name(parts: &[uninterpreted_option::NamePart]) -> String {
    let mut result = String::new();
    for part in parts {
        if !result.is_empty() {
            result.push('.');
        }
        if part.is_extension {
            result.push('(');
            result.push_str(&part.name_part);
            result.push(')');
        } else {
            result.push_str(&part.name_part);
        }
    }
    result
}

pub(super) fn option_to_bool(option: &UninterpretedOption) -> Result<bool, ()> {
    match option.identifier_value.as_deref() {
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        _ => Err(()),
    }
}

pub(super) fn option_to_int<T>(option: &UninterpretedOption) -> Result<T, ()>
where
    T: TryFrom<u64> + TryFrom<i64>,
{
    if let Some(int) = option.positive_int_value {
        int.try_into().map_err(drop)
    } else if let Some(int) = option.negative_int_value {
        int.try_into().map_err(drop)
    } else {
        Err(())
    }
}

pub(super) fn option_to_float(option: &UninterpretedOption) -> Result<f64, ()> {
    if let Some(float) = option.double_value {
        Ok(float)
    } else if let Some(int) = option.positive_int_value {
        Ok(int as f64)
    } else if let Some(int) = option.negative_int_value {
        Ok(int as f64)
    } else {
        // protoc reads the identifiers `inf` and `nan` as float and double values.
        match option.identifier_value.as_deref() {
            Some("inf") => Ok(f64::INFINITY),
            Some("nan") => Ok(f64::NAN),
            _ => Err(()),
        }
    }
}

pub(super) fn option_to_string(option: &UninterpretedOption) -> Result<String, ()> {
    if let Some(bytes) = &option.string_value {
        String::from_utf8(bytes.clone()).map_err(drop)
    } else {
        Err(())
    }
}

pub(super) fn option_to_bytes(option: &UninterpretedOption) -> Result<Bytes, ()> {
    if let Some(bytes) = &option.string_value {
        Ok(Bytes::copy_from_slice(bytes))
    } else {
        Err(())
    }
}

pub(super) fn option_to_enum(
    option: &UninterpretedOption,
    desc: &EnumDescriptor,
) -> Result<i32, ()> {
    if let Some(ident) = &option.identifier_value {
        if let Some(value) = desc.get_value_by_name(ident) {
            Ok(value.number())
        } else {
            Err(())
        }
    } else {
        Err(())
    }
}

#[cfg(feature = "text-format")]
type ParseError = crate::text_format::ParseError;
#[cfg(not(feature = "text-format"))]
type ParseError = ();

#[cfg(feature = "text-format")]
pub(super) fn option_to_message(
    option: &UninterpretedOption,
    desc: &MessageDescriptor,
) -> Result<DynamicMessage, Option<ParseError>> {
    if let Some(text_format) = &option.aggregate_value {
        DynamicMessage::parse_text_format(desc.clone(), text_format).map_err(Some)
    } else {
        Err(None)
    }
}

#[cfg(not(feature = "text-format"))]
pub(super) fn option_to_message(
    option: &UninterpretedOption,
    desc: &MessageDescriptor,
) -> Result<DynamicMessage, Option<ParseError>> {
    if option.aggregate_value.is_some() {
        Ok(DynamicMessage::new(desc.clone()))
    } else {
        Err(None)
    }
}

pub(super) fn option_to_map_entry(
    option: &UninterpretedOption,
    desc: &MessageDescriptor,
) -> Result<(MapKey, Value), Option<ParseError>> {
    debug_assert!(desc.is_map_entry());
    let entry = option_to_message(option, desc)?;
    let key = entry
        .get_field_by_number(MAP_ENTRY_KEY_NUMBER)
        .ok_or(None)?
        .into_owned()
        .into_map_key()
        .ok_or(None)?;
    let value = entry
        .get_field_by_number(MAP_ENTRY_VALUE_NUMBER)
        .ok_or(None)?
        .into_owned();
    Ok((key, value))
}

fn fmt_field_ty(field: &impl FieldDescriptorLike) -> String {
    if field.is_map() {
        let entry = field.kind();
        let entry = entry.as_message().unwrap();
        format!(
            "map<{:?}, {:?}>",
            entry.map_entry_key_field().kind(),
            entry.map_entry_value_field().kind()
        )
    } else if field.is_list() {
        format!("repeated {:?}", field.kind())
    } else {
        format!("{:?}", field.kind())
    }
}

fn fmt_value(option: &UninterpretedOption) -> String {
    if let Some(value) = &option.identifier_value {
        value.clone()
    } else if let Some(value) = &option.positive_int_value {
        value.to_string()
    } else if let Some(value) = &option.negative_int_value {
        value.to_string()
    } else if let Some(value) = &option.double_value {
        value.to_string()
    } else if let Some(value) = &option.string_value {
        let mut string = String::new();
        fmt_string(&mut string, value).unwrap();
        string
    } else if let Some(value) = &option.aggregate_value {
        value.clone()
    } else {
        String::new()
    }
}

fn set_file_option(file: &mut FileDescriptorProto, path: &[i32], encoded: Vec<u8>) {
    match path[0] {
        tag::file::OPTIONS => {
            debug_assert_eq!(path.len(), 1);
            file.options = Some(Options::from_encoded(encoded));
        }
        tag::file::MESSAGE_TYPE => {
            let message = &mut file.message_type[path[1] as usize];
            set_message_option(message, &path[2..], encoded);
        }
        tag::file::ENUM_TYPE => {
            let enum_ = &mut file.enum_type[path[1] as usize];
            set_enum_option(enum_, &path[2..], encoded);
        }
        tag::file::SERVICE => {
            let service = &mut file.service[path[1] as usize];
            match path[2] {
                tag::service::OPTIONS => service.options = Some(Options::from_encoded(encoded)),
                tag::service::METHOD => {
                    debug_assert_eq!(path.len(), 5);
                    debug_assert_eq!(path[4], tag::method::OPTIONS);
                    let value = &mut service.method[path[3] as usize];
                    value.options = Some(Options::from_encoded(encoded));
                }
                p => panic!("unknown path element {p}"),
            }
        }
        tag::file::EXTENSION => {
            debug_assert_eq!(path.len(), 3);
            debug_assert_eq!(path[2], tag::field::OPTIONS);
            let field = &mut file.extension[path[1] as usize];
            field.options = Some(Options::from_encoded(encoded));
        }
        p => panic!("unknown path element {p}"),
    }
}

fn set_message_option(message: &mut DescriptorProto, path: &[i32], encoded: Vec<u8>) {
    match path[0] {
        tag::message::OPTIONS => {
            debug_assert_eq!(path.len(), 1);
            message.options = Some(Options::from_encoded(encoded));
        }
        tag::message::EXTENSION_RANGE => {
            debug_assert_eq!(path.len(), 3);
            debug_assert_eq!(path[2], tag::message::extension_range::OPTIONS);
            let extension_range = &mut message.extension_range[path[1] as usize];
            extension_range.options = Some(Options::from_encoded(encoded));
        }
        tag::message::FIELD => {
            debug_assert_eq!(path.len(), 3);
            debug_assert_eq!(path[2], tag::field::OPTIONS);
            let field = &mut message.field[path[1] as usize];
            field.options = Some(Options::from_encoded(encoded));
        }
        tag::message::ONEOF_DECL => {
            debug_assert_eq!(path.len(), 3);
            debug_assert_eq!(path[2], tag::oneof::OPTIONS);
            let field = &mut message.oneof_decl[path[1] as usize];
            field.options = Some(Options::from_encoded(encoded));
        }
        tag::message::NESTED_TYPE => {
            let nested_message = &mut message.nested_type[path[1] as usize];
            set_message_option(nested_message, &path[2..], encoded);
        }
        tag::message::ENUM_TYPE => {
            let enum_ = &mut message.enum_type[path[1] as usize];
            set_enum_option(enum_, &path[2..], encoded);
        }
        tag::message::EXTENSION => {
            debug_assert_eq!(path.len(), 3);
            debug_assert_eq!(path[2], tag::field::OPTIONS);
            let field = &mut message.extension[path[1] as usize];
            field.options = Some(Options::from_encoded(encoded));
        }
        p => panic!("unknown path element {p}"),
    }
}

fn set_enum_option(enum_: &mut EnumDescriptorProto, path: &[i32], encoded: Vec<u8>) {
    match path[0] {
        tag::enum_::OPTIONS => enum_.options = Some(Options::from_encoded(encoded)),
        tag::enum_::VALUE => {
            debug_assert_eq!(path.len(), 3);
            debug_assert_eq!(path[2], tag::enum_value::OPTIONS);
            let value = &mut enum_.value[path[1] as usize];
            value.options = Some(Options::from_encoded(encoded));
        }
        p => panic!("unknown path element {p}"),
    }
}
