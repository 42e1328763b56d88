//! Type-checks protovalidate's CEL expressions with cel-core, in the environment
//! protovalidate evaluates them in: the CEL standard library and extensions, protovalidate's
//! own functions (`isEmail`, `unique`, ...), comparisons across numeric types, `now`, `this`,
//! and for predefined rules `rule` and `rules`.

use std::sync::Arc;

use cel_core::{CelType, CompileError, Env, FunctionDecl, OverloadDecl, proto_message_to_cel_type};
use cel_core_proto::ProstProtoRegistry;
use prost_reflect::{DescriptorPool, ExtensionDescriptor, FieldDescriptor, Kind, OneofDescriptor};

/// What a compiled expression evaluates to, or why it does not compile.
pub enum Outcome {
    /// A boolean: a violation when false, described by the rule's `message`.
    Bool,
    /// A string: a violation when not empty, the string describing it.
    String,
    /// Any other type, by its CEL name.
    Other(String),
    /// Parse or type errors, one message each.
    Errors(Vec<String>),
}

/// A CEL environment with the variables of one protovalidate rule.
pub struct CelEnvironment {
    env: Env,
}

impl CelEnvironment {
    /// The environment of rules on a message or a field, with `this` of the given type.
    pub fn new(pool: &DescriptorPool, this: CelType) -> Self {
        let registry = Arc::new(ProstProtoRegistry::from_pool(pool.clone()));
        let mut env = Env::with_standard_library()
            .with_all_extensions()
            .with_proto_registry(registry)
            .with_variable("this", this)
            .with_variable("now", CelType::Timestamp);
        for function in protovalidate_functions() {
            env.add_function(function);
        }
        for function in cross_type_comparisons() {
            env.add_function(function);
        }
        CelEnvironment { env }
    }

    /// Adds the variables of a predefined rule: the rule's own value and all the field's rules.
    pub fn with_rule(mut self, rule: CelType, rules: CelType) -> Self {
        self.env.add_variable("rule", rule);
        self.env.add_variable("rules", rules);
        self
    }

    pub fn compile(&self, expression: &str) -> Outcome {
        match self.env.compile(expression) {
            Ok(ast) => match ast.result_type() {
                // `dyn` may be a boolean; protovalidate accepts it as one.
                Some(CelType::Bool | CelType::Dyn) | None => Outcome::Bool,
                Some(CelType::String) => Outcome::String,
                Some(other) => Outcome::Other(other.display_name()),
            },
            Err(CompileError::Parse(errors)) => {
                Outcome::Errors(errors.iter().map(|e| e.message.clone()).collect())
            }
            Err(CompileError::Check(errors)) => {
                Outcome::Errors(errors.iter().map(ToString::to_string).collect())
            }
            Err(other) => Outcome::Errors(vec![other.to_string()]),
        }
    }
}

/// The field or extension a `buf.validate.field` option constrains.
#[derive(Clone)]
pub enum ConstrainedField {
    Field(FieldDescriptor),
    Extension(ExtensionDescriptor),
}

impl ConstrainedField {
    pub fn kind(&self) -> Kind {
        match self {
            ConstrainedField::Field(field) => field.kind(),
            ConstrainedField::Extension(extension) => extension.kind(),
        }
    }

    pub fn is_list(&self) -> bool {
        match self {
            ConstrainedField::Field(field) => field.is_list(),
            ConstrainedField::Extension(extension) => extension.is_list(),
        }
    }

    pub fn is_map(&self) -> bool {
        match self {
            ConstrainedField::Field(field) => field.is_map(),
            ConstrainedField::Extension(extension) => extension.is_map(),
        }
    }

    /// The oneof the field is declared in; extensions are in none.
    pub fn containing_oneof(&self) -> Option<OneofDescriptor> {
        match self {
            ConstrainedField::Field(field) => field.containing_oneof(),
            ConstrainedField::Extension(_) => None,
        }
    }
}

/// The CEL type of a field's values: the whole list or map, or with `items` one element.
pub fn field_type(field: &ConstrainedField, items: bool) -> CelType {
    if field.is_map() {
        let entry = match field.kind() {
            Kind::Message(entry) => Some(entry),
            _ => None,
        };
        let part = |index: u32| {
            entry
                .as_ref()
                .and_then(|entry| entry.get_field(index))
                .map_or(CelType::Dyn, |f| kind_type(&f.kind()))
        };
        if items {
            return part(1);
        }
        return CelType::map(part(1), part(2));
    }
    let element = kind_type(&field.kind());
    if field.is_list() && !items {
        CelType::list(element)
    } else {
        element
    }
}

/// The CEL type of one value of a protobuf kind; enums are integers.
pub fn kind_type(kind: &Kind) -> CelType {
    match kind {
        Kind::Bool => CelType::Bool,
        Kind::Int32
        | Kind::Sint32
        | Kind::Sfixed32
        | Kind::Int64
        | Kind::Sint64
        | Kind::Sfixed64 => CelType::Int,
        Kind::Uint32 | Kind::Fixed32 | Kind::Uint64 | Kind::Fixed64 => CelType::UInt,
        Kind::Float | Kind::Double => CelType::Double,
        Kind::String => CelType::String,
        Kind::Bytes => CelType::Bytes,
        Kind::Enum(_) => CelType::Int,
        Kind::Message(message) => proto_message_to_cel_type(message.full_name()),
    }
}

/// The type of the values a `buf.validate.*Rules` message constrains, for `this` in the
/// predefined rules that extend it.
pub fn constrained_type(rules_message: &str) -> Option<CelType> {
    let name = rules_message.strip_prefix("buf.validate.")?;
    Some(match name {
        "FloatRules" | "DoubleRules" => CelType::Double,
        "Int32Rules" | "Int64Rules" | "SInt32Rules" | "SInt64Rules" | "SFixed32Rules"
        | "SFixed64Rules" | "EnumRules" => CelType::Int,
        "UInt32Rules" | "UInt64Rules" | "Fixed32Rules" | "Fixed64Rules" => CelType::UInt,
        "BoolRules" => CelType::Bool,
        "StringRules" => CelType::String,
        "BytesRules" => CelType::Bytes,
        "RepeatedRules" => CelType::list(CelType::Dyn),
        "MapRules" => CelType::map(CelType::Dyn, CelType::Dyn),
        "DurationRules" => CelType::Duration,
        "TimestampRules" => CelType::Timestamp,
        "AnyRules" => proto_message_to_cel_type("google.protobuf.Any"),
        "FieldMaskRules" => proto_message_to_cel_type("google.protobuf.FieldMask"),
        _ => return None,
    })
}

/// protovalidate's CEL library: the functions its runtimes add to the standard ones.
fn protovalidate_functions() -> Vec<FunctionDecl> {
    use CelType::{Bool, Bytes, Double, Int, String as Str};
    let method = |id: &str, params: Vec<CelType>| OverloadDecl::method(id, params, Bool);
    let string_predicate = |name: &str| {
        FunctionDecl::new(name).with_overload(method(&format!("{name}_string"), vec![Str]))
    };
    vec![
        string_predicate("isEmail"),
        string_predicate("isHostname"),
        string_predicate("isUri"),
        string_predicate("isUriRef"),
        FunctionDecl::new("isIp")
            .with_overload(method("isIp_string", vec![Str]))
            .with_overload(method("isIp_string_int", vec![Str, Int])),
        FunctionDecl::new("isIpPrefix")
            .with_overload(method("isIpPrefix_string", vec![Str]))
            .with_overload(method("isIpPrefix_string_int", vec![Str, Int]))
            .with_overload(method("isIpPrefix_string_bool", vec![Str, Bool]))
            .with_overload(method("isIpPrefix_string_int_bool", vec![Str, Int, Bool])),
        FunctionDecl::new("isHostAndPort")
            .with_overload(method("isHostAndPort_string_bool", vec![Str, Bool])),
        FunctionDecl::new("isNan").with_overload(method("isNan_double", vec![Double])),
        FunctionDecl::new("isInf")
            .with_overload(method("isInf_double", vec![Double]))
            .with_overload(method("isInf_double_int", vec![Double, Int])),
        FunctionDecl::new("unique").with_overload(
            OverloadDecl::method(
                "unique_list",
                vec![CelType::list(CelType::type_param("T"))],
                Bool,
            )
            .with_type_params(vec!["T".to_string()]),
        ),
        FunctionDecl::new("getField").with_overload(OverloadDecl::function(
            "getField_dyn_string",
            vec![CelType::Dyn, Str],
            CelType::Dyn,
        )),
        FunctionDecl::new("contains").with_overload(method("contains_bytes", vec![Bytes, Bytes])),
        FunctionDecl::new("startsWith")
            .with_overload(method("startsWith_bytes", vec![Bytes, Bytes])),
        FunctionDecl::new("endsWith").with_overload(method("endsWith_bytes", vec![Bytes, Bytes])),
    ]
}

/// `<`, `<=`, `>` and `>=` between int, uint and double, which protovalidate enables
/// (cel-go's CrossTypeNumericComparisons).
fn cross_type_comparisons() -> Vec<FunctionDecl> {
    use CelType::{Double, Int, UInt};
    let pairs = [
        ("int64_uint64", Int, UInt),
        ("int64_double", Int, Double),
        ("uint64_int64", UInt, Int),
        ("uint64_double", UInt, Double),
        ("double_int64", Double, Int),
        ("double_uint64", Double, UInt),
    ];
    [
        ("_<_", "less"),
        ("_<=_", "less_equals"),
        ("_>_", "greater"),
        ("_>=_", "greater_equals"),
    ]
    .into_iter()
    .map(|(operator, name)| {
        FunctionDecl::new(operator).with_overloads(pairs.iter().map(|(types, left, right)| {
            OverloadDecl::function(
                format!("{name}_{types}"),
                vec![left.clone(), right.clone()],
                CelType::Bool,
            )
        }))
    })
    .collect()
}
