//! Type-checks protovalidate's CEL expressions with cel-core, in the environment
//! protovalidate evaluates them in: the CEL standard library and extensions, protovalidate's
//! own functions (`isEmail`, `unique`, ...), comparisons across numeric types, `now`, `this`,
//! and for predefined rules `rule` and `rules`. The protovalidate functions are implemented
//! too, so that compiled expressions can be evaluated (see `protovalidate_examples`).

use std::sync::Arc;

use cel_core::{
    CelType, CheckErrorKind, CompileError, Env, EvalError, FunctionDecl, OverloadDecl, Program,
    Value, proto_message_to_cel_type,
};
use cel_core_proto::{ProstMessage, ProstProtoRegistry};
use prost_reflect::{
    DescriptorPool, ExtensionDescriptor, FieldDescriptor, Kind, OneofDescriptor, ReflectMessage,
};

use super::protovalidate_library as library;

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
            .with_proto_registry(registry.clone())
            .with_variable("this", this)
            .with_variable("now", CelType::Timestamp);
        for function in protovalidate_functions(registry) {
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
                Outcome::Errors(errors.iter().map(|e| check_error_text(&e.kind)).collect())
            }
            Err(other) => Outcome::Errors(vec![other.to_string()]),
        }
    }

    /// A compiled expression ready to evaluate, or None when it does not compile.
    pub fn program(&self, expression: &str) -> Option<Program> {
        let ast = self.env.compile(expression).ok()?;
        let program = self.env.program(&ast).ok()?;
        // protovalidate sees enum values as plain integers.
        Some(program.with_legacy_enums())
    }
}

/// A type-checking error in the words protovalidate's runtimes use, so the message reads the
/// same as buf's for the common kinds.
fn check_error_text(kind: &CheckErrorKind) -> String {
    match kind {
        CheckErrorKind::NoMatchingOverload {
            function,
            arg_types,
        } => {
            let types: Vec<String> = arg_types.iter().map(CelType::display_name).collect();
            format!(
                "found no matching overload for '{function}' applied to '({})'",
                types.join(", ")
            )
        }
        CheckErrorKind::UndefinedField { field, .. } => format!("undefined field '{field}'"),
        other => other.to_string(),
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

/// protovalidate's CEL library: the functions its runtimes add to the standard ones, declared
/// for type-checking and implemented for evaluation.
fn protovalidate_functions(registry: Arc<ProstProtoRegistry>) -> Vec<FunctionDecl> {
    use CelType::{Bool, Double, Int, String as Str};
    let method = |id: &str, params: Vec<CelType>| OverloadDecl::method(id, params, Bool);
    let string_predicate = |name: &'static str, predicate: fn(&str) -> bool| {
        FunctionDecl::new(name).with_overload(
            method(&format!("{name}_string"), vec![Str]).with_impl(move |args| match args {
                [Value::String(text)] => Value::Bool(predicate(text)),
                _ => no_overload(name),
            }),
        )
    };
    let ip = |args: &[Value]| match args {
        [Value::String(text)] => Value::Bool(library::is_ip(text, 0)),
        [Value::String(text), Value::Int(version)] => Value::Bool(library::is_ip(text, *version)),
        _ => no_overload("isIp"),
    };
    let ip_prefix = |args: &[Value]| {
        let prefix = |text: &str, version: i64, strict: bool| {
            Value::Bool(library::is_ip_prefix(text, version, strict))
        };
        match args {
            [Value::String(text)] => prefix(text, 0, false),
            [Value::String(text), Value::Int(version)] => prefix(text, *version, false),
            [Value::String(text), Value::Bool(strict)] => prefix(text, 0, *strict),
            [
                Value::String(text),
                Value::Int(version),
                Value::Bool(strict),
            ] => prefix(text, *version, *strict),
            _ => no_overload("isIpPrefix"),
        }
    };
    let infinite = |args: &[Value]| match args {
        [Value::Double(value)] => Value::Bool(value.is_infinite()),
        [Value::Double(value), Value::Int(sign)] => Value::Bool(
            value.is_infinite() && (*sign == 0 || (*sign > 0) == value.is_sign_positive()),
        ),
        _ => no_overload("isInf"),
    };
    vec![
        string_predicate("isEmail", library::is_email),
        string_predicate("isHostname", library::is_hostname),
        string_predicate("isUri", library::is_uri),
        string_predicate("isUriRef", library::is_uri_ref),
        FunctionDecl::new("isIp")
            .with_overload(method("isIp_string", vec![Str]).with_impl(ip))
            .with_overload(method("isIp_string_int", vec![Str, Int]).with_impl(ip)),
        FunctionDecl::new("isIpPrefix")
            .with_overload(method("isIpPrefix_string", vec![Str]).with_impl(ip_prefix))
            .with_overload(method("isIpPrefix_string_int", vec![Str, Int]).with_impl(ip_prefix))
            .with_overload(method("isIpPrefix_string_bool", vec![Str, Bool]).with_impl(ip_prefix))
            .with_overload(
                method("isIpPrefix_string_int_bool", vec![Str, Int, Bool]).with_impl(ip_prefix),
            ),
        FunctionDecl::new("isHostAndPort").with_overload(
            method("isHostAndPort_string_bool", vec![Str, Bool]).with_impl(|args| match args {
                [Value::String(text), Value::Bool(port_required)] => {
                    Value::Bool(library::is_host_and_port(text, *port_required))
                }
                _ => no_overload("isHostAndPort"),
            }),
        ),
        FunctionDecl::new("isNan").with_overload(method("isNan_double", vec![Double]).with_impl(
            |args| match args {
                [Value::Double(value)] => Value::Bool(value.is_nan()),
                _ => no_overload("isNan"),
            },
        )),
        FunctionDecl::new("isInf")
            .with_overload(method("isInf_double", vec![Double]).with_impl(infinite))
            .with_overload(method("isInf_double_int", vec![Double, Int]).with_impl(infinite)),
        FunctionDecl::new("unique").with_overload(
            OverloadDecl::method(
                "unique_list",
                vec![CelType::list(CelType::type_param("T"))],
                Bool,
            )
            .with_type_params(vec!["T".to_string()])
            .with_impl(|args| match args {
                [Value::List(items)] => Value::Bool(
                    items
                        .iter()
                        .enumerate()
                        .all(|(index, item)| !items[..index].contains(item)),
                ),
                _ => no_overload("unique"),
            }),
        ),
        FunctionDecl::new("getField").with_overload(
            OverloadDecl::function("getField_dyn_string", vec![CelType::Dyn, Str], CelType::Dyn)
                .with_impl(move |args| get_field(&registry, args)),
        ),
        affix("contains", contains),
        affix("startsWith", <[u8]>::starts_with),
        affix("endsWith", <[u8]>::ends_with),
    ]
}

/// `contains`, `startsWith` or `endsWith` on bytes. The implementation serves strings too:
/// once a function has an implementation, the evaluator no longer falls back to its own.
fn affix(name: &'static str, test: fn(&[u8], &[u8]) -> bool) -> FunctionDecl {
    let id = format!("{name}_bytes");
    FunctionDecl::new(name).with_overload(
        OverloadDecl::method(id, vec![CelType::Bytes, CelType::Bytes], CelType::Bool).with_impl(
            move |args| match args {
                [Value::Bytes(text), Value::Bytes(part)] => Value::Bool(test(text, part)),
                [Value::String(text), Value::String(part)] => {
                    Value::Bool(test(text.as_bytes(), part.as_bytes()))
                }
                _ => no_overload(name),
            },
        ),
    )
}

fn contains(text: &[u8], part: &[u8]) -> bool {
    part.is_empty() || text.windows(part.len()).any(|window| window == part)
}

/// `getField(message, name)`: the value of a message's field, by name.
fn get_field(registry: &ProstProtoRegistry, args: &[Value]) -> Value {
    let [Value::Message(message), Value::String(name)] = args else {
        return no_overload("getField");
    };
    let Some(message) = message.as_any().downcast_ref::<ProstMessage>() else {
        return no_overload("getField");
    };
    let message = message.message();
    match message.descriptor().get_field_by_name(name) {
        Some(field) => registry.proto_reflect_to_value(message.get_field(&field), &field, false),
        None => Value::error(EvalError::field_not_found(name)),
    }
}

fn no_overload(name: &str) -> Value {
    Value::error(EvalError::no_matching_overload(name))
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

#[cfg(test)]
mod tests {
    use cel_core::MapActivation;

    use super::*;

    /// Evaluates `expression` with `this` bound to `value`.
    fn eval(this: CelType, value: Value, expression: &str) -> Value {
        let environment = CelEnvironment::new(&DescriptorPool::new(), this);
        let program = environment
            .program(expression)
            .unwrap_or_else(|| panic!("{expression} compiles"));
        let mut activation = MapActivation::new();
        activation.insert("this", value);
        program.eval(&activation)
    }

    #[test]
    fn protovalidate_functions_evaluate() {
        let text = |s: &str| Value::String(s.into());
        let cases = [
            (
                CelType::String,
                text("ops@example.com"),
                "this.isEmail()",
                true,
            ),
            (CelType::String, text("ops@"), "this.isEmail()", false),
            (
                CelType::String,
                text("example.com"),
                "this.isHostname()",
                true,
            ),
            (CelType::String, text("10.0.0.1"), "this.isIp(4)", true),
            (CelType::String, text("10.0.0.1"), "this.isIp(6)", false),
            (
                CelType::String,
                text("10.0.0.0/8"),
                "this.isIpPrefix(4, true)",
                true,
            ),
            (
                CelType::String,
                text("10.0.0.1/8"),
                "this.isIpPrefix(true)",
                false,
            ),
            (CelType::String, text("https://a.b/c"), "this.isUri()", true),
            (CelType::String, text("/c"), "this.isUriRef()", true),
            (
                CelType::String,
                text("a.b:80"),
                "this.isHostAndPort(true)",
                true,
            ),
            (CelType::String, text("abc"), "this.contains('bc')", true),
            (CelType::String, text("abc"), "this.startsWith('b')", false),
            (
                CelType::Bytes,
                Value::Bytes(b"abc".as_slice().into()),
                "this.contains(b'bc')",
                true,
            ),
            (
                CelType::Bytes,
                Value::Bytes(b"abc".as_slice().into()),
                "this.endsWith(b'bc')",
                true,
            ),
            (
                CelType::Double,
                Value::Double(f64::NEG_INFINITY),
                "this.isInf(-1)",
                true,
            ),
            (
                CelType::Double,
                Value::Double(f64::NEG_INFINITY),
                "this.isInf(1)",
                false,
            ),
            (
                CelType::Double,
                Value::Double(f64::NAN),
                "this.isNan()",
                true,
            ),
            (
                CelType::list(CelType::Int),
                Value::List(vec![Value::Int(1), Value::Int(2)].into()),
                "this.unique()",
                true,
            ),
            (
                CelType::list(CelType::Int),
                Value::List(vec![Value::Int(1), Value::Int(1)].into()),
                "this.unique()",
                false,
            ),
        ];
        for (this, value, expression, expected) in cases {
            assert_eq!(
                eval(this, value, expression),
                Value::Bool(expected),
                "{expression}"
            );
        }
    }
}
