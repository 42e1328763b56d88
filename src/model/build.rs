//! Builds the model from a descriptor pool. This is the one place that knows descriptor
//! field numbers and SourceCodeInfo path shapes.

use std::cell::RefCell;
use std::sync::Arc;

use foldhash::{HashMap, HashSetExt};

use prost_reflect::types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto, Options,
    ServiceDescriptorProto,
};
use prost_reflect::{DescriptorPool, DynamicMessage, FileDescriptor, MessageDescriptor};
use prost_types::field_descriptor_proto::Label as ProtoLabel;
use protox_parse::SourceLocations;
use rayon::prelude::*;

use super::protovalidate::{ProtovalidateOption, option_value};
use super::{
    Enum, EnumValue, Field, HTTP_OPTION_NUMBER, HttpBinding, Import, Label, Location, Message,
    Method, Oneof, ProtoFile, Service, SourceIndex, SourceInfo, Syntax,
};

// Field numbers in descriptor.proto, as they appear in SourceCodeInfo paths.
const FILE_PACKAGE: i32 = 2;
const FILE_DEPENDENCY: i32 = 3;
const FILE_MESSAGE: i32 = 4;
const FILE_ENUM: i32 = 5;
const FILE_SERVICE: i32 = 6;
const FILE_EXTENSION: i32 = 7;
const FILE_OPTIONS: i32 = 8;
const FILE_SYNTAX: i32 = 12;
const FILE_EDITION: i32 = 14;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_NESTED: i32 = 3;
const MESSAGE_ENUM: i32 = 4;
const MESSAGE_EXTENSION: i32 = 6;
const MESSAGE_OPTIONS: i32 = 7;
const MESSAGE_ONEOF: i32 = 8;
const MESSAGE_RESERVED_RANGE: i32 = 9;
const MESSAGE_RESERVED_NAME: i32 = 10;
const FIELD_TYPE: i32 = 5;
const FIELD_TYPE_NAME: i32 = 6;
const FIELD_OPTIONS: i32 = 8;
const FIELD_JSON_NAME: i32 = 10;
const FIELD_DEFAULT: i32 = 7;
const FIELD_NUMBER: i32 = 3;
const ENUM_VALUE: i32 = 2;
const ENUM_OPTIONS: i32 = 3;
const ENUM_RESERVED_RANGE: i32 = 4;
const ENUM_RESERVED_NAME: i32 = 5;
const ENUM_VALUE_NUMBER: i32 = 2;
const SERVICE_METHOD: i32 = 2;
const METHOD_INPUT: i32 = 2;
const METHOD_OUTPUT: i32 = 3;
const METHOD_OPTIONS: i32 = 4;
const NAME: i32 = 1;
// protovalidate's extensions: `buf.validate.message` of MessageOptions and
// `buf.validate.field` of FieldOptions share a number; `buf.validate.predefined` is next.
const PROTOVALIDATE_RULES: i32 = 1159;
const PROTOVALIDATE_PREDEFINED: i32 = 1160;

/// Source info kept apart from a pool (parsed apart, or taken out of it with
/// `DescriptorPool::take_source_code_info`), by file name.
pub type SourceInfos = HashMap<String, SourceInfo>;

/// Builds the model for the named files of the pool; `display_path` maps an import path to
/// the path shown to the user.
/// `sources` holds the text of files compiled from source (absent for images).
/// A file's source info is read from `taken` when it is there (it is removed and freed once
/// the file is built), else from the pool.
/// Files are built in parallel and come back in the order of `names`.
pub fn build_files(
    pool: &DescriptorPool,
    names: &[String],
    display_path: &(dyn Fn(&str) -> String + Sync),
    sources: &HashMap<&str, &str>,
    taken: &mut SourceInfos,
) -> Vec<ProtoFile> {
    let files: Vec<(FileDescriptor, Option<SourceInfo>)> = names
        .iter()
        .filter_map(|name| Some((pool.get_file_by_name(name)?, taken.remove(name))))
        .collect();
    crate::compile::in_worker_pool(|| {
        // One task per file, so that no run of files is left to one core at the end.
        files
            .into_par_iter()
            .with_max_len(1)
            .map(|(file, source_info)| {
                let text = sources.get(file.name()).copied();
                build_file(pool, &file, source_info, display_path(file.name()), text)
            })
            .collect()
    })
}

struct Builder<'a> {
    pool: &'a DescriptorPool,
    source: SourceIndex<'a>,
    text: Option<&'a str>,
    /// The values of each enum that fields of the file have as their type, listed once and
    /// shared by those fields; `no_enum_values` for every other field.
    enum_values: RefCell<HashMap<String, EnumValues>>,
    no_enum_values: EnumValues,
}

type EnumValues = Arc<[(String, i32)]>;

fn build_file(
    pool: &DescriptorPool,
    file: &FileDescriptor,
    source_info: Option<SourceInfo>,
    display_path: String,
    text: Option<&str>,
) -> ProtoFile {
    let proto = file.raw_proto();
    let mut source_info = source_info.unwrap_or_else(|| {
        proto
            .source_code_info
            .as_ref()
            .map(SourceLocations::from)
            .unwrap_or_default()
            .into()
    });
    let comments = source_info.locations.take_comments();
    let builder = Builder {
        pool,
        source: SourceIndex::new(&source_info, comments),
        text,
        enum_values: RefCell::default(),
        no_enum_values: Arc::new([]),
    };
    let scope = proto.package().to_string();
    let syntax = match proto.syntax() {
        "proto3" => Syntax::Proto3,
        "editions" => Syntax::Editions,
        _ => Syntax::Proto2,
    };
    let syntax_location = builder.locate_first(&[&[FILE_SYNTAX], &[FILE_EDITION]]);
    let syntax_specified = proto.syntax.is_some() || syntax_location.span.is_some();
    let used_files = files_used_by(pool, proto);
    let imports = proto
        .dependency
        .iter()
        .enumerate()
        .map(|(index, name)| Import {
            name: name.clone(),
            package: pool
                .get_file_by_name(name)
                .map(|f| f.package_name().to_string())
                .filter(|p| !p.is_empty()),
            public: proto.public_dependency.contains(&(index as i32)),
            weak: proto.weak_dependency.contains(&(index as i32)),
            used: import_is_used(pool, name, &used_files),
            location: builder.source.locate(&[FILE_DEPENDENCY, index as i32]),
        })
        .collect();
    ProtoFile {
        name: proto.name().to_string(),
        display_path,
        package: proto.package.clone().filter(|p| !p.is_empty()),
        package_location: builder.source.locate(&[FILE_PACKAGE]),
        syntax,
        syntax_specified,
        syntax_location,
        imports,
        messages: enumerate_at(&proto.message_type, &[FILE_MESSAGE])
            .map(|(path, message)| builder.message(message, &scope, &path))
            .collect(),
        enums: enumerate_at(&proto.enum_type, &[FILE_ENUM])
            .map(|(path, e)| builder.enumeration(e, &scope, &path))
            .collect(),
        services: enumerate_at(&proto.service, &[FILE_SERVICE])
            .map(|(path, service)| builder.service(service, &scope, &path))
            .collect(),
        extensions: enumerate_at(&proto.extension, &[FILE_EXTENSION])
            .map(|(path, field)| builder.field(field, &scope, &path, &[]))
            .collect(),
        options: decoded(&proto.options),
        option_locations: builder.option_locations(encoded(&proto.options), &[FILE_OPTIONS]),
    }
}

/// Pairs each element with its SourceCodeInfo path.
fn enumerate_at<'t, T>(
    items: &'t [T],
    prefix: &[i32],
) -> impl Iterator<Item = (ElementPath, &'t T)> + 't {
    let prefix = join(prefix, &[]);
    items
        .iter()
        .enumerate()
        .map(move |(index, item)| (join(&prefix, &[index as i32]), item))
}

/// A SourceCodeInfo path. Paths seldom pass a dozen numbers, so short ones are kept on the
/// stack: every element and each of its parts is looked up by path, without allocating.
enum ElementPath {
    Short {
        numbers: [i32; SHORT_PATH],
        len: usize,
    },
    Long(Vec<i32>),
}

const SHORT_PATH: usize = 16;

impl std::ops::Deref for ElementPath {
    type Target = [i32];

    fn deref(&self) -> &[i32] {
        match self {
            ElementPath::Short { numbers, len } => &numbers[..*len],
            ElementPath::Long(numbers) => numbers,
        }
    }
}

/// `path` followed by `tail`.
fn join(path: &[i32], tail: &[i32]) -> ElementPath {
    let len = path.len() + tail.len();
    if len <= SHORT_PATH {
        let mut numbers = [0; SHORT_PATH];
        numbers[..path.len()].copy_from_slice(path);
        numbers[path.len()..len].copy_from_slice(tail);
        ElementPath::Short { numbers, len }
    } else {
        ElementPath::Long([path, tail].concat())
    }
}

fn full_name(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        return name.to_string();
    }
    let mut full = String::with_capacity(scope.len() + 1 + name.len());
    full.push_str(scope);
    full.push('.');
    full.push_str(name);
    full
}

fn strip_dot(type_name: &str) -> String {
    type_name.trim_start_matches('.').to_string()
}

/// The options as prost-types decodes them (custom options left out); the defaults when
/// none are set.
fn decoded<T: Clone + Default>(options: &Option<Options<T>>) -> T {
    options
        .as_ref()
        .map(|options| options.value().clone())
        .unwrap_or_default()
}

/// The options as encoded, custom options included.
fn encoded<T>(options: &Option<Options<T>>) -> Option<&[u8]> {
    options.as_ref().map(Options::encoded)
}

impl Builder<'_> {
    fn locate_first(&self, paths: &[&[i32]]) -> Location {
        paths
            .iter()
            .map(|path| self.source.locate(path))
            .find(|location| location.span.is_some())
            .unwrap_or_default()
    }

    /// The values (name, number) of the enum `name`, in declaration order; none when the
    /// pool has no such enum.
    fn enum_values(&self, name: &str) -> EnumValues {
        if let Some(values) = self.enum_values.borrow().get(name) {
            return values.clone();
        }
        let values: EnumValues = match self.pool.get_enum_by_name(name) {
            Some(enumeration) => enumeration
                .values()
                .map(|value| (value.name().to_string(), value.number()))
                .collect(),
            None => self.no_enum_values.clone(),
        };
        self.enum_values
            .borrow_mut()
            .insert(name.to_string(), values.clone());
        values
    }

    /// The location of `json_name = ...` or `default = ...`. protox points at the value
    /// alone; protoc at the whole `name = value`, which is what users and buf expect.
    fn pseudo_option(&self, path: &[i32], keyword: &str) -> Location {
        let mut location = self.source.locate(path);
        if let (Some(span), Some(text)) = (location.span.as_mut(), self.text)
            && let Some(line) = text.lines().nth(span.start_line as usize - 1)
        {
            let before: Vec<char> = line.chars().take(span.start_column as usize - 1).collect();
            let head: String = before.iter().collect();
            let trimmed = head.trim_end().strip_suffix('=').map(str::trim_end);
            if let Some(rest) = trimmed
                && rest.ends_with(keyword)
            {
                span.start_column = (rest.chars().count() - keyword.chars().count()) as u32 + 1;
            }
        }
        location
    }

    /// Reads the `google.api.http` option of a method from its encoded options; the option
    /// is at `option_path` in SourceCodeInfo terms.
    fn http_binding(&self, options: Option<&[u8]>, option_path: &[i32]) -> Option<HttpBinding> {
        let options = decode_options(self.pool, "google.protobuf.MethodOptions", options?)?;
        let (_, value) = options
            .extensions()
            .find(|(extension, _)| extension.full_name() == "google.api.http")?;
        let rule = value.as_message()?;
        let text = |field: &str| {
            rule.get_field_by_name(field)
                .and_then(|v| v.as_str().map(str::to_string))
                .filter(|s| !s.is_empty())
        };
        let (verb, path) = ["get", "put", "post", "delete", "patch"]
            .into_iter()
            .find_map(|verb| text(verb).map(|path| (verb.to_string(), path)))
            .or_else(|| {
                let custom = rule.get_field_by_name("custom")?;
                let custom = custom.as_message()?;
                let field = |name: &str| {
                    custom
                        .get_field_by_name(name)
                        .and_then(|v| v.as_str().map(str::to_string))
                };
                Some((field("kind")?.to_lowercase(), field("path")?))
            })?;
        Some(HttpBinding {
            method: verb,
            path,
            location: self.source.locate(option_path),
        })
    }

    /// Locations of the options set directly on an element, from its encoded options, which
    /// live at `path`, by option number; an option is left out when the source does not
    /// place it. A repeated option is one entry.
    fn option_locations(&self, options: Option<&[u8]>, path: &[i32]) -> Vec<(i32, Location)> {
        let Some(options) = options else {
            return Vec::new();
        };
        let mut located: Vec<(i32, Location)> = Vec::new();
        for number in field_numbers(options) {
            if located.iter().any(|&(seen, _)| seen == number) {
                continue;
            }
            if let Some(location) = self.source.locate_if_present(&join(path, &[number])) {
                located.push((number, location));
            }
        }
        located.sort_unstable_by_key(|&(number, _)| number);
        located
    }

    /// The protovalidate option `extension` (numbered `number`) of an element, read from its
    /// encoded options of type `options_type`, which live at `options_path`, with the
    /// locations written inside it.
    fn protovalidate(
        &self,
        (options_type, options): (&str, Option<&[u8]>),
        options_path: &[i32],
        extension: &str,
        number: i32,
    ) -> Option<Box<ProtovalidateOption>> {
        let options = options?;
        if !field_numbers(options).any(|found| found == number) {
            return None;
        }
        let options = decode_options(self.pool, options_type, options)?;
        let rules = option_value(&options, extension)?;
        let option_path = join(options_path, &[number]);
        let inner_locations: Vec<(Vec<i32>, Location)> = self
            .source
            .descendants_of(&option_path)
            .into_iter()
            .map(|path| (path[option_path.len()..].to_vec(), self.source.locate(path)))
            .collect();
        let location = self
            .source
            .locate_if_present(&option_path)
            .unwrap_or_else(|| {
                inner_locations
                    .first()
                    .map(|(_, location)| location.clone())
                    .unwrap_or_else(|| self.source.locate(options_path))
            });
        Some(Box::new(ProtovalidateOption {
            rules,
            location,
            inner_locations,
        }))
    }

    fn message(&self, proto: &DescriptorProto, scope: &str, path: &[i32]) -> Message {
        let full = full_name(scope, proto.name());
        let fields: Vec<Field> = enumerate_at(&proto.field, &join(path, &[MESSAGE_FIELD]))
            .map(|(p, field)| self.field(field, &full, &p, &proto.nested_type))
            .collect();
        let oneofs = enumerate_at(&proto.oneof_decl, &join(path, &[MESSAGE_ONEOF]))
            .map(|(p, oneof)| {
                let index = *p.last().unwrap_or(&0);
                let members: Vec<&FieldDescriptorProto> = proto
                    .field
                    .iter()
                    .filter(|f| f.oneof_index == Some(index))
                    .collect();
                Oneof {
                    name: oneof.name().to_string(),
                    full_name: full_name(&full, oneof.name()),
                    synthetic: members.len() == 1 && members[0].proto3_optional(),
                    location: self.source.locate_declaration(&p),
                    name_location: self.source.locate(&join(&p, &[NAME])),
                }
            })
            .collect();
        let mut messages: Vec<Message> =
            enumerate_at(&proto.nested_type, &join(path, &[MESSAGE_NESTED]))
                .map(|(p, nested)| self.message(nested, &full, &p))
                .collect();
        // Map entries have no source of their own: they are where their map field is.
        for field in fields.iter().filter(|f| f.is_map) {
            if let Some(entry) = messages
                .iter_mut()
                .find(|m| Some(&m.full_name) == field.type_name.as_ref())
            {
                entry.place_at(&field.location);
            }
        }
        Message {
            name: proto.name().to_string(),
            full_name: full.clone(),
            location: self.source.locate_declaration(path),
            name_location: self.source.locate(&join(path, &[NAME])),
            fields,
            oneofs,
            messages,
            enums: enumerate_at(&proto.enum_type, &join(path, &[MESSAGE_ENUM]))
                .map(|(p, e)| self.enumeration(e, &full, &p))
                .collect(),
            extensions: enumerate_at(&proto.extension, &join(path, &[MESSAGE_EXTENSION]))
                .map(|(p, field)| self.field(field, &full, &p, &[]))
                .collect(),
            reserved_ranges: proto
                .reserved_range
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            reserved_names: proto.reserved_name.clone(),
            reserved_ranges_location: self.source.locate(&join(path, &[MESSAGE_RESERVED_RANGE])),
            reserved_names_location: self.source.locate(&join(path, &[MESSAGE_RESERVED_NAME])),
            extension_ranges: proto
                .extension_range
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            is_map_entry: proto
                .options
                .as_ref()
                .is_some_and(|options| options.value().map_entry()),
            options: decoded(&proto.options),
            option_locations: self
                .option_locations(encoded(&proto.options), &join(path, &[MESSAGE_OPTIONS])),
            protovalidate: self.protovalidate(
                ("google.protobuf.MessageOptions", encoded(&proto.options)),
                &join(path, &[MESSAGE_OPTIONS]),
                "buf.validate.message",
                PROTOVALIDATE_RULES,
            ),
        }
    }

    fn field(
        &self,
        proto: &FieldDescriptorProto,
        scope: &str,
        path: &[i32],
        siblings: &[DescriptorProto],
    ) -> Field {
        let type_name = proto.type_name.as_deref().map(strip_dot);
        let is_map = proto.label() == ProtoLabel::Repeated
            && type_name.as_deref().is_some_and(|type_name| {
                siblings.iter().any(|nested| {
                    nested
                        .options
                        .as_ref()
                        .is_some_and(|o| o.value().map_entry())
                        && type_name == full_name(scope, nested.name())
                })
            });
        let json_name_path = join(path, &[FIELD_JSON_NAME]);
        Field {
            name: proto.name().to_string(),
            full_name: full_name(scope, proto.name()),
            number: proto.number(),
            label: match proto.label() {
                ProtoLabel::Required => Label::Required,
                ProtoLabel::Repeated => Label::Repeated,
                ProtoLabel::Optional => Label::Optional,
            },
            proto3_optional: proto.proto3_optional(),
            field_type: proto.r#type(),
            type_name,
            json_name: if self.source.contains(&json_name_path) {
                proto.json_name.clone()
            } else {
                None
            },
            effective_json_name: proto.json_name().to_string(),
            default_value: proto.default_value.clone(),
            oneof_index: proto.oneof_index.and_then(|i| usize::try_from(i).ok()),
            extendee: proto.extendee.as_deref().map(strip_dot),
            is_map,
            options: decoded(&proto.options),
            location: self.source.locate_declaration(path),
            name_location: self.source.locate(&join(path, &[NAME])),
            number_location: self.source.locate(&join(path, &[FIELD_NUMBER])),
            // A group has both; its `group` keyword is the type as written.
            type_location: self
                .locate_first(&[&join(path, &[FIELD_TYPE]), &join(path, &[FIELD_TYPE_NAME])]),
            json_name_location: self.pseudo_option(&json_name_path, "json_name"),
            default_location: self.pseudo_option(&join(path, &[FIELD_DEFAULT]), "default"),
            enum_values: match (proto.r#type(), proto.type_name.as_deref()) {
                (prost_types::field_descriptor_proto::Type::Enum, Some(name)) => {
                    self.enum_values(name.trim_start_matches('.'))
                }
                _ => self.no_enum_values.clone(),
            },
            option_locations: self
                .option_locations(encoded(&proto.options), &join(path, &[FIELD_OPTIONS])),
            protovalidate: self.protovalidate(
                ("google.protobuf.FieldOptions", encoded(&proto.options)),
                &join(path, &[FIELD_OPTIONS]),
                "buf.validate.field",
                PROTOVALIDATE_RULES,
            ),
            predefined: self.protovalidate(
                ("google.protobuf.FieldOptions", encoded(&proto.options)),
                &join(path, &[FIELD_OPTIONS]),
                "buf.validate.predefined",
                PROTOVALIDATE_PREDEFINED,
            ),
        }
    }

    fn enumeration(&self, proto: &EnumDescriptorProto, scope: &str, path: &[i32]) -> Enum {
        // Enum values live in the enclosing scope, not inside the enum.
        Enum {
            name: proto.name().to_string(),
            full_name: full_name(scope, proto.name()),
            location: self.source.locate_declaration(path),
            name_location: self.source.locate(&join(path, &[NAME])),
            values: enumerate_at(&proto.value, &join(path, &[ENUM_VALUE]))
                .map(|(p, value)| EnumValue {
                    name: value.name().to_string(),
                    number: value.number(),
                    location: self.source.locate_declaration(&p),
                    name_location: self.source.locate(&join(&p, &[NAME])),
                    number_location: self.source.locate(&join(&p, &[ENUM_VALUE_NUMBER])),
                    options: decoded(&value.options),
                })
                .collect(),
            reserved_ranges: proto
                .reserved_range
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            reserved_names: proto.reserved_name.clone(),
            reserved_ranges_location: self.source.locate(&join(path, &[ENUM_RESERVED_RANGE])),
            reserved_names_location: self.source.locate(&join(path, &[ENUM_RESERVED_NAME])),
            options: decoded(&proto.options),
            option_locations: self
                .option_locations(encoded(&proto.options), &join(path, &[ENUM_OPTIONS])),
        }
    }

    fn service(&self, proto: &ServiceDescriptorProto, scope: &str, path: &[i32]) -> Service {
        let full = full_name(scope, proto.name());
        Service {
            name: proto.name().to_string(),
            full_name: full.clone(),
            location: self.source.locate_declaration(path),
            name_location: self.source.locate(&join(path, &[NAME])),
            methods: enumerate_at(&proto.method, &join(path, &[SERVICE_METHOD]))
                .map(|(p, method)| Method {
                    http: self.http_binding(
                        encoded(&method.options),
                        &join(&p, &[METHOD_OPTIONS, HTTP_OPTION_NUMBER]),
                    ),
                    name: method.name().to_string(),
                    full_name: full_name(&full, method.name()),
                    input_type: strip_dot(method.input_type()),
                    output_type: strip_dot(method.output_type()),
                    client_streaming: method.client_streaming(),
                    server_streaming: method.server_streaming(),
                    location: self.source.locate_declaration(&p),
                    name_location: self.source.locate(&join(&p, &[NAME])),
                    input_type_location: self.source.locate(&join(&p, &[METHOD_INPUT])),
                    output_type_location: self.source.locate(&join(&p, &[METHOD_OUTPUT])),
                    options: decoded(&method.options),
                    option_locations: self
                        .option_locations(encoded(&method.options), &join(&p, &[METHOD_OPTIONS])),
                })
                .collect(),
            options: decoded(&proto.options),
        }
    }
}

/// The files whose declarations this file refers to, by their index in the pool: types of
/// fields and RPCs, extendees, and the files defining the custom options it sets. Each
/// type name is looked up in the pool once, however many fields refer to it.
fn files_used_by(pool: &DescriptorPool, proto: &FileDescriptorProto) -> foldhash::HashSet<usize> {
    let mut type_names: foldhash::HashSet<&str> = foldhash::HashSet::new();
    let mut fields: Vec<&FieldDescriptorProto> = proto.extension.iter().collect();
    let mut messages: Vec<&DescriptorProto> = proto.message_type.iter().collect();
    while let Some(message) = messages.pop() {
        fields.extend(&message.field);
        fields.extend(&message.extension);
        messages.extend(&message.nested_type);
    }
    for field in fields {
        type_names.extend(field.type_name.as_deref());
        type_names.extend(field.extendee.as_deref());
    }
    for service in &proto.service {
        for method in &service.method {
            type_names.insert(method.input_type());
            type_names.insert(method.output_type());
        }
    }
    let mut used: foldhash::HashSet<usize> = type_names
        .into_iter()
        .filter_map(|type_name| pool.file_defining_type(type_name))
        .collect();
    for_each_encoded_options(proto, |options_type, bytes| {
        let Some(descriptor) = options_descriptor(pool, options_type) else {
            return;
        };
        for number in field_numbers(bytes) {
            if let Some(extension) = u32::try_from(number)
                .ok()
                .and_then(|n| descriptor.get_extension(n))
            {
                used.insert(extension.parent_file().index());
            }
        }
    });
    used
}

/// An import is used when the file uses something it defines, or something one of its
/// public imports (transitively) defines.
fn import_is_used(
    pool: &DescriptorPool,
    import: &str,
    used_files: &foldhash::HashSet<usize>,
) -> bool {
    let mut seen = foldhash::HashSet::new();
    let mut stack: Vec<FileDescriptor> = pool.get_file_by_name(import).into_iter().collect();
    while let Some(file) = stack.pop() {
        if used_files.contains(&file.index()) {
            return true;
        }
        if seen.insert(file.index()) {
            stack.extend(file.public_dependencies());
        }
    }
    false
}

/// Calls `visit` with the options of every element of the file that sets any, as encoded
/// (custom options included), with the name of their message type. Messages are walked with
/// an explicit stack, so no depth of nesting recurses.
fn for_each_encoded_options(proto: &FileDescriptorProto, mut visit: impl FnMut(&str, &[u8])) {
    fn visit_enums(enums: &[EnumDescriptorProto], visit: &mut impl FnMut(&str, &[u8])) {
        for enumeration in enums {
            if let Some(bytes) = encoded(&enumeration.options) {
                visit("google.protobuf.EnumOptions", bytes);
            }
            for value in &enumeration.value {
                if let Some(bytes) = encoded(&value.options) {
                    visit("google.protobuf.EnumValueOptions", bytes);
                }
            }
        }
    }
    fn visit_fields(fields: &[FieldDescriptorProto], visit: &mut impl FnMut(&str, &[u8])) {
        for bytes in fields.iter().filter_map(|field| encoded(&field.options)) {
            visit("google.protobuf.FieldOptions", bytes);
        }
    }
    if let Some(bytes) = encoded(&proto.options) {
        visit("google.protobuf.FileOptions", bytes);
    }
    visit_fields(&proto.extension, &mut visit);
    visit_enums(&proto.enum_type, &mut visit);
    for service in &proto.service {
        if let Some(bytes) = encoded(&service.options) {
            visit("google.protobuf.ServiceOptions", bytes);
        }
        for bytes in service.method.iter().filter_map(|m| encoded(&m.options)) {
            visit("google.protobuf.MethodOptions", bytes);
        }
    }
    let mut messages: Vec<&DescriptorProto> = proto.message_type.iter().collect();
    while let Some(message) = messages.pop() {
        if let Some(bytes) = encoded(&message.options) {
            visit("google.protobuf.MessageOptions", bytes);
        }
        visit_fields(&message.field, &mut visit);
        visit_fields(&message.extension, &mut visit);
        for bytes in message
            .oneof_decl
            .iter()
            .filter_map(|o| encoded(&o.options))
        {
            visit("google.protobuf.OneofOptions", bytes);
        }
        visit_enums(&message.enum_type, &mut visit);
        messages.extend(&message.nested_type);
    }
}

/// Options as encoded, decoded against the pool (so custom options are known); None when
/// they cannot be decoded. prost-reflect's `options()` accessors decode with `unwrap`, so an
/// option value nested deeper than prost's recursion limit (an aggregate `{ r: { r: ... } }`
/// 10,000 deep, from source or from an image) would panic; here it is ignored.
fn decode_options(
    pool: &DescriptorPool,
    options_type: &str,
    bytes: &[u8],
) -> Option<DynamicMessage> {
    let descriptor = options_descriptor(pool, options_type)?;
    DynamicMessage::decode(descriptor, bytes).ok()
}

/// The pool's own copy of an options message (which knows the custom options it defines),
/// else the bundled one, as prost-reflect's `options()` does.
fn options_descriptor(pool: &DescriptorPool, type_name: &str) -> Option<MessageDescriptor> {
    pool.get_message_by_name(type_name)
        .or_else(|| DescriptorPool::global().get_message_by_name(type_name))
}

/// The numbers of the top-level fields of an encoded message, in the order written. A
/// group (an option of group type, or a delimited message under editions) is one field:
/// its contents are skipped. Reading stops at bytes that do not parse.
fn field_numbers(mut bytes: &[u8]) -> impl Iterator<Item = i32> {
    std::iter::from_fn(move || {
        let key = read_varint(&mut bytes)?;
        let number = i32::try_from(key >> 3).ok()?;
        match key & 7 {
            START_GROUP => {
                // Skip to the end of this group, past any groups nested in it.
                let mut depth = 1usize;
                while depth > 0 {
                    let inner = read_varint(&mut bytes)?;
                    match inner & 7 {
                        START_GROUP => depth += 1,
                        END_GROUP => depth -= 1,
                        wire_type => skip_value(&mut bytes, wire_type)?,
                    }
                }
            }
            wire_type => skip_value(&mut bytes, wire_type)?,
        }
        Some(number)
    })
}

const START_GROUP: u64 = 3;
const END_GROUP: u64 = 4;

/// Moves past one value of wire type `wire_type` (not a group); None when it is malformed.
fn skip_value(bytes: &mut &[u8], wire_type: u64) -> Option<()> {
    match wire_type {
        0 => {
            read_varint(bytes)?;
        }
        1 => *bytes = bytes.get(8..)?,
        2 => {
            let length = usize::try_from(read_varint(bytes)?).ok()?;
            *bytes = bytes.get(length..)?;
        }
        5 => *bytes = bytes.get(4..)?,
        _ => return None,
    }
    Some(())
}

fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A group is one field, however deep groups nest in it, and the fields after it are
    /// still read.
    #[test]
    fn field_numbers_step_over_groups() {
        let bytes = [
            0x08, 0x01, // 1: varint 1
            0x13, // 2: start group
            0x08, 0x05, // inside: 1: varint 5
            0x1b, 0x1c, // inside: 3: an empty nested group
            0x14, // 2: end group
            0x2a, 0x01, b'x', // 5: one byte, length-delimited
        ];
        assert_eq!(field_numbers(&bytes).collect::<Vec<_>>(), vec![1, 2, 5]);
        // A group that never ends is malformed: reading stops there.
        assert_eq!(field_numbers(&bytes[..5]).collect::<Vec<_>>(), vec![1]);
    }
}
