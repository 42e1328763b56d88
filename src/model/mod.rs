//! A typed view over compiled descriptors: full names, parents, 1-based spans and comments.
//!
//! Rules read this model and never descriptor paths; `build` is the only place that knows
//! how SourceCodeInfo paths are shaped.

mod build;
mod location;
mod package_version;
mod protovalidate;

pub use build::{SourceInfos, build_files};
pub(crate) use location::SourceIndex;
pub use location::{Location, SourceInfo};
pub use package_version::{PackageVersion, Stability};
pub use protovalidate::ProtovalidateOption;

pub use prost_types::field_descriptor_proto::Type as FieldType;
pub use prost_types::{
    EnumOptions, EnumValueOptions, FieldOptions, FileOptions, MessageOptions, MethodOptions,
    OneofOptions, ServiceOptions,
};

/// The options of a file that rules compare by name; each maps to a field of FileOptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileOption {
    JavaPackage,
    JavaOuterClassname,
    OptimizeFor,
    JavaMultipleFiles,
    GoPackage,
    CcGenericServices,
    JavaGenericServices,
    PyGenericServices,
    JavaStringCheckUtf8,
    CcEnableArenas,
    ObjcClassPrefix,
    CsharpNamespace,
    SwiftPrefix,
    PhpClassPrefix,
    PhpNamespace,
    PhpMetadataNamespace,
    RubyPackage,
}

impl FileOption {
    /// The field number of this option in `google.protobuf.FileOptions`.
    pub(crate) fn field_number(self) -> i32 {
        match self {
            FileOption::JavaPackage => 1,
            FileOption::JavaOuterClassname => 8,
            FileOption::OptimizeFor => 9,
            FileOption::JavaMultipleFiles => 10,
            FileOption::GoPackage => 11,
            FileOption::CcGenericServices => 16,
            FileOption::JavaGenericServices => 17,
            FileOption::PyGenericServices => 18,
            FileOption::JavaStringCheckUtf8 => 27,
            FileOption::CcEnableArenas => 31,
            FileOption::ObjcClassPrefix => 36,
            FileOption::CsharpNamespace => 37,
            FileOption::SwiftPrefix => 39,
            FileOption::PhpClassPrefix => 40,
            FileOption::PhpNamespace => 41,
            FileOption::PhpMetadataNamespace => 44,
            FileOption::RubyPackage => 45,
        }
    }

    /// The option's name as written in a .proto file.
    pub fn name(self) -> &'static str {
        match self {
            FileOption::JavaPackage => "java_package",
            FileOption::JavaOuterClassname => "java_outer_classname",
            FileOption::OptimizeFor => "optimize_for",
            FileOption::JavaMultipleFiles => "java_multiple_files",
            FileOption::GoPackage => "go_package",
            FileOption::CcGenericServices => "cc_generic_services",
            FileOption::JavaGenericServices => "java_generic_services",
            FileOption::PyGenericServices => "py_generic_services",
            FileOption::JavaStringCheckUtf8 => "java_string_check_utf8",
            FileOption::CcEnableArenas => "cc_enable_arenas",
            FileOption::ObjcClassPrefix => "objc_class_prefix",
            FileOption::CsharpNamespace => "csharp_namespace",
            FileOption::SwiftPrefix => "swift_prefix",
            FileOption::PhpClassPrefix => "php_class_prefix",
            FileOption::PhpNamespace => "php_namespace",
            FileOption::PhpMetadataNamespace => "php_metadata_namespace",
            FileOption::RubyPackage => "ruby_package",
        }
    }

    /// The option's value as text, with an unset option read as its default.
    pub fn effective_value(self, options: &FileOptions) -> String {
        self.value(options).unwrap_or_else(|| {
            match self {
                FileOption::OptimizeFor => "SPEED",
                FileOption::CcEnableArenas => "true",
                FileOption::JavaMultipleFiles
                | FileOption::CcGenericServices
                | FileOption::JavaGenericServices
                | FileOption::PyGenericServices
                | FileOption::JavaStringCheckUtf8 => "false",
                _ => "",
            }
            .to_string()
        })
    }

    /// The option's value as text, or None when the file does not set it.
    pub fn value(self, options: &FileOptions) -> Option<String> {
        let text = |v: &Option<String>| v.clone();
        let flag = |v: Option<bool>| v.map(|b| b.to_string());
        match self {
            FileOption::JavaPackage => text(&options.java_package),
            FileOption::JavaOuterClassname => text(&options.java_outer_classname),
            FileOption::OptimizeFor => options
                .optimize_for
                .map(|_| options.optimize_for().as_str_name().to_string()),
            FileOption::JavaMultipleFiles => flag(options.java_multiple_files),
            FileOption::GoPackage => text(&options.go_package),
            FileOption::CcGenericServices => flag(options.cc_generic_services),
            FileOption::JavaGenericServices => flag(options.java_generic_services),
            FileOption::PyGenericServices => flag(options.py_generic_services),
            FileOption::JavaStringCheckUtf8 => flag(options.java_string_check_utf8),
            FileOption::CcEnableArenas => flag(options.cc_enable_arenas),
            FileOption::ObjcClassPrefix => text(&options.objc_class_prefix),
            FileOption::CsharpNamespace => text(&options.csharp_namespace),
            FileOption::SwiftPrefix => text(&options.swift_prefix),
            FileOption::PhpClassPrefix => text(&options.php_class_prefix),
            FileOption::PhpNamespace => text(&options.php_namespace),
            FileOption::PhpMetadataNamespace => text(&options.php_metadata_namespace),
            FileOption::RubyPackage => text(&options.ruby_package),
        }
    }
}

/// The JSON format of elements with full JSON support.
pub const FULL_JSON_SUPPORT: &str = "ALLOW";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    Proto2,
    Proto3,
    Editions,
}

impl Syntax {
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Proto2 => "proto2",
            Syntax::Proto3 => "proto3",
            Syntax::Editions => "editions",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    Optional,
    Required,
    Repeated,
}

/// One .proto file of the module, with everything declared in it.
#[derive(Debug, Clone)]
pub struct ProtoFile {
    /// The import path, relative to the module root: `acme/catalog/v1/catalog.proto`.
    pub name: String,
    /// The path shown to the user, relative to the current directory.
    pub display_path: String,
    /// The package, or None when the file declares none.
    pub package: Option<String>,
    pub package_location: Location,
    pub syntax: Syntax,
    /// Whether the file has a `syntax` or `edition` statement.
    pub syntax_specified: bool,
    pub syntax_location: Location,
    pub imports: Vec<Import>,
    pub messages: Vec<Message>,
    pub enums: Vec<Enum>,
    pub services: Vec<Service>,
    /// Extensions declared at file level.
    pub extensions: Vec<Field>,
    pub options: FileOptions,
    pub(crate) option_locations: Vec<(i32, Location)>,
}

impl ProtoFile {
    /// The directory of the file inside the module, `""` at the root.
    pub fn directory(&self) -> &str {
        self.name.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// The file name without its directory.
    pub fn base_name(&self) -> &str {
        self.name
            .rsplit_once('/')
            .map_or(&self.name, |(_, base)| base)
    }

    pub fn package_name(&self) -> &str {
        self.package.as_deref().unwrap_or("")
    }

    /// Where the given option is set; None when the file does not set it in source.
    pub fn option_location(&self, option: FileOption) -> Option<&Location> {
        find_option(&self.option_locations, option.field_number())
    }

    /// Every message in the file, nested ones included, parents before children.
    pub fn all_messages(&self) -> Vec<&Message> {
        let mut out = Vec::new();
        let mut stack: Vec<&Message> = self.messages.iter().rev().collect();
        while let Some(message) = stack.pop() {
            out.push(message);
            stack.extend(message.messages.iter().rev());
        }
        out
    }

    /// The JSON support of the file's messages and enums: proto3 gives full JSON support
    /// (`ALLOW`); proto2 only best effort (`LEGACY_BEST_EFFORT`).
    pub fn json_format(&self) -> &'static str {
        match self.syntax {
            Syntax::Proto3 => FULL_JSON_SUPPORT,
            _ => "LEGACY_BEST_EFFORT",
        }
    }

    /// Every enum in the file, nested ones included.
    pub fn all_enums(&self) -> Vec<&Enum> {
        let mut out: Vec<&Enum> = self.enums.iter().collect();
        for message in self.all_messages() {
            out.extend(message.enums.iter());
        }
        out
    }
}

fn find_option(options: &[(i32, Location)], number: i32) -> Option<&Location> {
    options
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, location)| location)
}

#[derive(Debug, Clone)]
pub struct Import {
    pub name: String,
    /// The package of the imported file, None when it declares none.
    pub package: Option<String>,
    pub public: bool,
    pub weak: bool,
    /// False when nothing in the importing file refers to anything this import provides.
    pub used: bool,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub name: String,
    pub full_name: String,
    pub location: Location,
    pub name_location: Location,
    pub fields: Vec<Field>,
    pub oneofs: Vec<Oneof>,
    pub messages: Vec<Message>,
    pub enums: Vec<Enum>,
    pub extensions: Vec<Field>,
    /// Reserved number ranges, end exclusive.
    pub reserved_ranges: Vec<(i32, i32)>,
    pub reserved_names: Vec<String>,
    /// The first `reserved` statement of numbers, and of names.
    pub reserved_ranges_location: Location,
    pub reserved_names_location: Location,
    /// Extension number ranges, end exclusive.
    pub extension_ranges: Vec<(i32, i32)>,
    /// True for the synthetic entry message the compiler makes for a `map<K, V>` field.
    pub is_map_entry: bool,
    pub options: MessageOptions,
    pub(crate) option_locations: Vec<(i32, Location)>,
    /// The `buf.validate.message` option, when set.
    pub protovalidate: Option<Box<ProtovalidateOption>>,
}

impl Message {
    /// Gives a synthetic message (a map entry) and its fields the location of the source
    /// that produced it.
    pub(crate) fn place_at(&mut self, location: &Location) {
        self.location = location.clone();
        self.name_location = location.clone();
        for field in &mut self.fields {
            field.location = location.clone();
            field.name_location = location.clone();
            field.number_location = location.clone();
            field.type_location = location.clone();
            field.json_name_location = location.clone();
            field.default_location = location.clone();
        }
    }

    /// Where the option with this field number of MessageOptions is set.
    pub fn option_location(&self, number: i32) -> Option<&Location> {
        find_option(&self.option_locations, number)
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub full_name: String,
    pub number: i32,
    pub label: Label,
    /// True for a proto3 `optional` field (which lives in a synthetic oneof).
    pub proto3_optional: bool,
    pub field_type: FieldType,
    /// Full name (no leading dot) of the message or enum type, for those types.
    pub type_name: Option<String>,
    /// The `json_name` option, only when the source sets it.
    pub json_name: Option<String>,
    /// The JSON name the compiler settled on (explicit or derived).
    pub effective_json_name: String,
    pub default_value: Option<String>,
    /// Index into the parent message's `oneofs`, for fields in a oneof.
    pub oneof_index: Option<usize>,
    /// The extended message, for extensions.
    pub extendee: Option<String>,
    /// The field's map entry, when it is a `map<K, V>` field.
    pub is_map: bool,
    pub options: FieldOptions,
    pub location: Location,
    pub name_location: Location,
    pub number_location: Location,
    pub type_location: Location,
    /// Where `json_name` is set, when the source sets it.
    pub json_name_location: Location,
    /// Where `default` is set, when the source sets it.
    pub default_location: Location,
    /// For enum fields, the values of the enum (name, number) in declaration order, shared
    /// with the other fields of the file that have this enum as their type.
    pub enum_values: std::sync::Arc<[(String, i32)]>,
    pub(crate) option_locations: Vec<(i32, Location)>,
    /// The `buf.validate.field` option, when set.
    pub protovalidate: Option<Box<ProtovalidateOption>>,
    /// The `buf.validate.predefined` option of an extension defining a predefined rule.
    pub predefined: Option<Box<ProtovalidateOption>>,
}

impl Field {
    /// Where the option with this field number of FieldOptions is set.
    pub fn option_location(&self, number: i32) -> Option<&Location> {
        find_option(&self.option_locations, number)
    }
}

#[derive(Debug, Clone)]
pub struct Oneof {
    pub name: String,
    pub full_name: String,
    /// True for the oneof the compiler makes for a proto3 `optional` field.
    pub synthetic: bool,
    pub location: Location,
    pub name_location: Location,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    pub full_name: String,
    pub location: Location,
    pub name_location: Location,
    pub values: Vec<EnumValue>,
    /// Reserved number ranges, end inclusive (as in the descriptor).
    pub reserved_ranges: Vec<(i32, i32)>,
    pub reserved_names: Vec<String>,
    /// The first `reserved` statement of numbers, and of names.
    pub reserved_ranges_location: Location,
    pub reserved_names_location: Location,
    pub options: EnumOptions,
    pub(crate) option_locations: Vec<(i32, Location)>,
}

impl Enum {
    /// Where the option with this field number of EnumOptions is set.
    pub fn option_location(&self, number: i32) -> Option<&Location> {
        find_option(&self.option_locations, number)
    }
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub name: String,
    pub number: i32,
    pub location: Location,
    pub name_location: Location,
    pub number_location: Location,
    pub options: EnumValueOptions,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub full_name: String,
    pub location: Location,
    pub name_location: Location,
    pub methods: Vec<Method>,
    pub options: ServiceOptions,
}

#[derive(Debug, Clone)]
pub struct Method {
    pub name: String,
    /// The `google.api.http` binding, when the RPC has one.
    pub http: Option<HttpBinding>,
    pub full_name: String,
    /// Full name of the request message, without a leading dot.
    pub input_type: String,
    /// Full name of the response message, without a leading dot.
    pub output_type: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    pub location: Location,
    pub name_location: Location,
    pub input_type_location: Location,
    pub output_type_location: Location,
    pub options: MethodOptions,
    pub(crate) option_locations: Vec<(i32, Location)>,
}

/// An RPC's `google.api.http` option: its HTTP method and path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpBinding {
    /// `get`, `put`, `post`, `delete`, `patch`, or a custom method's name in lower case.
    pub method: String,
    /// The path template, such as `/v1/{name=users/*}`.
    pub path: String,
    /// Where the option is written.
    pub location: Location,
}

/// The field number of the `google.api.http` extension of MethodOptions.
pub const HTTP_OPTION_NUMBER: i32 = 72295728;

impl Method {
    /// Where the option with this field number of MethodOptions is set.
    pub fn option_location(&self, number: i32) -> Option<&Location> {
        find_option(&self.option_locations, number)
    }
}
