//! PROTOVALIDATE's check of `example` values (`string.example`, `int32.example`, ...): each
//! one is validated as the field's value against the field's other rules, the way
//! protovalidate validates a message at run time, and every rule it fails is reported.
//!
//! The rules are the standard rules set on the rules message (their CEL is read from the
//! `(buf.validate.predefined)` options of `buf/validate/validate.proto` in the module),
//! predefined rule extensions set on it, and the field's own `cel` and `cel_expression`
//! rules, besides `required` and `enum.defined_only`, which protovalidate implements
//! natively. An expression that does not compile, or fails at run time, reports nothing.

use std::time::{SystemTime, UNIX_EPOCH};

use cel_core::{CelType, MapActivation, Program, Timestamp, Value as CelValue, time};
use cel_core_proto::{ProstMessage, ProstProtoRegistry};
use prost_reflect::{DynamicMessage, FieldDescriptor, Kind, ReflectMessage, Value};

use super::protovalidate_cel::{CelEnvironment, ConstrainedField, constrained_type, field_type};

/// `Ignore.IGNORE_IF_ZERO_VALUE` and `Ignore.IGNORE_ALWAYS`.
const IGNORE_IF_ZERO_VALUE: i32 = 1;
const IGNORE_ALWAYS: i32 = 3;

/// The rules of one field (or of its items, or map keys or values) whose type rules set
/// `example` values.
pub struct Examples<'a> {
    /// The `buf.validate.FieldRules`.
    pub field_rules: &'a DynamicMessage,
    /// The member of its `type` oneof that is set (`string`, `int32`, ...).
    pub type_field: &'a FieldDescriptor,
    /// That member's value: a `StringRules`, `Int32Rules`, ...
    pub type_rules: &'a DynamicMessage,
    /// The field whose values the rules constrain: the field itself, or a map entry's key
    /// or value field.
    pub value_field: &'a FieldDescriptor,
    /// Whether the rules apply to repeated items or map keys or values, where `required`
    /// does not apply.
    pub element: bool,
}

/// One compiled rule: its id, its message for a false result, and its `rule` value.
struct Rule {
    id: String,
    message: String,
    expression: String,
    program: Program,
    value: Option<CelValue>,
}

impl Examples<'_> {
    /// The examples that fail a rule, as (path below the field rules, message) pairs.
    pub fn failures(&self) -> Vec<(Vec<i32>, String)> {
        let Some(example_field) = self.type_rules.descriptor().get_field_by_name("example") else {
            return Vec::new();
        };
        let Value::List(examples) = self.type_rules.get_field(&example_field).into_owned() else {
            return Vec::new();
        };
        let ignore = self
            .field_rules
            .get_field_by_name("ignore")
            .and_then(|v| v.as_enum_number())
            .unwrap_or(0);
        if examples.is_empty() || ignore == IGNORE_ALWAYS || !self.has_rules() {
            return Vec::new();
        }
        let registry =
            ProstProtoRegistry::from_pool(self.type_rules.descriptor().parent_pool().clone());
        // protovalidate validates nothing when one of the field's expressions does not
        // compile; that is reported as a compile error instead.
        let Some(rules) = self.compile(&registry) else {
            return Vec::new();
        };
        let required = !self.element
            && self
                .field_rules
                .get_field_by_name("required")
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
        let rules_value = CelValue::Message(Box::new(ProstMessage::new(self.type_rules.clone())));
        let (type_number, example_number) = (
            self.type_field.number() as i32,
            example_field.number() as i32,
        );
        let now = CelValue::Timestamp(now());
        let mut failures = Vec::new();
        for (index, example) in examples.iter().enumerate() {
            let zero = is_zero(example);
            if ignore == IGNORE_IF_ZERO_VALUE && zero {
                continue;
            }
            let this = registry.proto_scalar_to_value(example, &example_field.kind(), false);
            let mut fail = |id: &str, message: &str| {
                let text = format!(
                    "\"{}\" is an example value but does not satisfy rule {}: {message}",
                    display(example, &this),
                    go_quote(id)
                );
                failures.push((vec![type_number, example_number, index as i32], text));
            };
            // A field without presence holding its zero value is unset.
            if required && zero && !self.value_field.supports_presence() {
                fail("required", "value is required");
                continue;
            }
            if self.undefined_enum_value(example) {
                fail(
                    "enum.defined_only",
                    "value must be one of the defined enum values",
                );
            }
            for rule in &rules {
                let mut activation = MapActivation::new();
                activation.insert("this", this.clone());
                activation.insert("rules", rules_value.clone());
                activation.insert("now", now.clone());
                if let Some(value) = &rule.value {
                    activation.insert("rule", value.clone());
                }
                match rule.program.eval(&activation) {
                    CelValue::Bool(false) if rule.message.is_empty() => {
                        fail(
                            &rule.id,
                            &format!("{} returned false", go_quote(&rule.expression)),
                        );
                    }
                    CelValue::Bool(false) => fail(&rule.id, &rule.message),
                    CelValue::String(message) if !message.is_empty() => fail(&rule.id, &message),
                    _ => {}
                }
            }
        }
        failures
    }

    /// Whether there is a rule besides the examples to check them against (buf counts the
    /// type's rules and the field's `cel` rules, not its `cel_expression` rules).
    fn has_rules(&self) -> bool {
        let cel = matches!(
            self.field_rules.get_field_by_name("cel").as_deref(),
            Some(Value::List(items)) if !items.is_empty()
        );
        cel || self.type_rules.extensions().next().is_some()
            || self
                .type_rules
                .fields()
                .any(|(field, _)| field.name() != "example")
    }

    /// The rules to evaluate: those of the set standard rules and predefined extensions,
    /// then the field's own; None when one does not compile.
    fn compile(&self, registry: &ProstProtoRegistry) -> Option<Vec<Rule>> {
        let pool = self.type_rules.descriptor().parent_pool().clone();
        let rules_name = self.type_rules.descriptor().full_name().to_string();
        let standard = CelEnvironment::new(&pool, constrained_type(&rules_name)?)
            .with_rule(CelType::Dyn, CelType::message(&rules_name));
        let mut rules = Vec::new();
        // The standard rules set beside the examples, then predefined rule extensions: each
        // with the CEL of its `(buf.validate.predefined)` option and its own value as `rule`.
        let standard_rules = self
            .type_rules
            .fields()
            .filter(|(field, _)| field.name() != "example")
            .map(|(field, value)| (field.kind(), field.options(), value));
        let extension_rules = self
            .type_rules
            .extensions()
            .map(|(extension, value)| (extension.kind(), extension.options(), value));
        for (kind, options, value) in standard_rules.chain(extension_rules) {
            let value = registry.proto_scalar_to_value(value, &kind, false);
            for (id, message, expression) in predefined(&options) {
                let program = standard.program(&expression)?;
                rules.push(Rule {
                    id,
                    message,
                    expression,
                    program,
                    value: Some(value.clone()),
                });
            }
        }
        let own = CelEnvironment::new(
            &pool,
            field_type(&ConstrainedField::Field(self.value_field.clone()), true),
        );
        for (id, message, expression) in cel_rules(self.field_rules) {
            let program = own.program(&expression)?;
            rules.push(Rule {
                id,
                message,
                expression,
                program,
                value: None,
            });
        }
        Some(rules)
    }

    /// An enum example that `enum.defined_only` rejects.
    fn undefined_enum_value(&self, example: &Value) -> bool {
        let defined_only = self
            .type_rules
            .get_field_by_name("defined_only")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        match (self.value_field.kind(), example) {
            (Kind::Enum(descriptor), Value::I32(number)) if defined_only => {
                descriptor.get_value(*number).is_none()
            }
            _ => false,
        }
    }
}

/// The `(id, message, expression)` of the `cel` rules of a `(buf.validate.predefined)`
/// option in a field's or extension's options.
fn predefined(options: &DynamicMessage) -> Vec<(String, String, String)> {
    options
        .extensions()
        .find(|(extension, _)| extension.full_name() == "buf.validate.predefined")
        .and_then(|(_, value)| value.as_message().map(rule_list))
        .unwrap_or_default()
}

/// The `(id, message, expression)` of the `cel` rules of a FieldRules or PredefinedRules,
/// and of the `cel_expression` rules of a FieldRules, whose id is the expression.
fn cel_rules(rules: &DynamicMessage) -> Vec<(String, String, String)> {
    let mut all = rule_list(rules);
    if let Some(Value::List(expressions)) = rules.get_field_by_name("cel_expression").as_deref() {
        for expression in expressions.iter().filter_map(Value::as_str) {
            all.push((
                expression.to_string(),
                String::new(),
                expression.to_string(),
            ));
        }
    }
    all
}

fn rule_list(rules: &DynamicMessage) -> Vec<(String, String, String)> {
    let Some(Value::List(items)) = rules.get_field_by_name("cel").as_deref().cloned() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(Value::as_message)
        .map(|rule| {
            let text = |name: &str| {
                rule.get_field_by_name(name)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            (text("id"), text("message"), text("expression"))
        })
        .collect()
}

/// Whether an example is its type's zero value (an empty message for message types).
fn is_zero(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::I32(n) | Value::EnumNumber(n) => *n == 0,
        Value::I64(n) => *n == 0,
        Value::U32(n) => *n == 0,
        Value::U64(n) => *n == 0,
        Value::F32(n) => *n == 0.0,
        Value::F64(n) => *n == 0.0,
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::Message(message) => message.fields().next().is_none(),
        Value::List(items) => items.is_empty(),
        Value::Map(entries) => entries.is_empty(),
    }
}

fn now() -> Timestamp {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::new(
        i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX),
        i32::try_from(elapsed.subsec_nanos()).unwrap_or(0),
    )
}

/// An example as buf prints it (Go's `%v`): text as is, numbers in Go's shortest form, bytes
/// as a list of numbers. Durations and timestamps, which buf prints as a Go pointer, are
/// written the way CEL writes them (`1.5s`, `2024-01-01T00:00:00Z`).
fn display(example: &Value, value: &CelValue) -> String {
    match (example, value) {
        (Value::String(text), _) => text.clone(),
        (Value::F32(number), _) => go_float(f64::from(*number), format!("{number:e}")),
        (Value::F64(number), _) => go_float(*number, format!("{number:e}")),
        (Value::Bytes(bytes), _) => {
            let numbers: Vec<String> = bytes.iter().map(u8::to_string).collect();
            format!("[{}]", numbers.join(" "))
        }
        (_, CelValue::Duration(duration)) => time::format_duration(duration),
        (_, CelValue::Timestamp(timestamp)) => time::format_timestamp(timestamp),
        (_, CelValue::UInt(number)) => number.to_string(),
        (_, other) => other.to_string(),
    }
}

/// A float in Go's `%v` form, from its shortest scientific digits (Rust's `{:e}`): plain
/// for exponents from -4 to 5, else `d.ddde±XX`.
fn go_float(number: f64, scientific: String) -> String {
    if number.is_nan() {
        return "NaN".to_string();
    }
    if number.is_infinite() {
        return if number > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        );
    }
    let point = exponent + 1;
    if point <= 0 {
        let zeros = "0".repeat(point.unsigned_abs() as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let point = point as usize;
    if digits.len() <= point {
        format!("{sign}{digits}{}", "0".repeat(point - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

/// Text quoted the way Go's `%q` quotes it, for the usual characters.
fn go_quote(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(number: f64) -> String {
        go_float(number, format!("{number:e}"))
    }

    #[test]
    fn floats_print_as_go_prints_them() {
        assert_eq!(float(3.25), "3.25");
        assert_eq!(float(3.0), "3");
        assert_eq!(float(100000.0), "100000");
        assert_eq!(float(1000000.0), "1e+06");
        assert_eq!(float(123456789012.0), "1.23456789012e+11");
        assert_eq!(float(0.0001), "0.0001");
        assert_eq!(float(0.00001), "1e-05");
        assert_eq!(float(-0.000001), "-1e-06");
        assert_eq!(float(1e300), "1e+300");
        assert_eq!(float(-2.5), "-2.5");
        assert_eq!(float(0.0), "0");
        assert_eq!(float(f64::INFINITY), "+Inf");
        assert_eq!(float(f64::NEG_INFINITY), "-Inf");
        assert_eq!(float(f64::NAN), "NaN");
        assert_eq!(go_float(f64::from(1.1f32), format!("{:e}", 1.1f32)), "1.1");
    }

    #[test]
    fn quotes_as_go_does() {
        assert_eq!(go_quote("a.b"), "\"a.b\"");
        assert_eq!(go_quote("this == \"a\""), "\"this == \\\"a\\\"\"");
    }

    /// The CEL of every standard rule in the bundled `validate.proto` compiles for evaluation:
    /// a rule that did not would silence the example check of every field using it.
    #[test]
    fn every_standard_rule_compiles() {
        let root = tempfile::tempdir().expect("temporary directory");
        let directory = root.path().join("buf/validate");
        std::fs::create_dir_all(&directory).expect("directory");
        std::fs::write(
            directory.join("validate.proto"),
            include_str!("../../compile/bundled/buf/validate/validate.proto"),
        )
        .expect("validate.proto");
        let mut compiler = protox::Compiler::new([root.path()]).expect("compiler");
        compiler
            .open_file("buf/validate/validate.proto")
            .expect("validate.proto compiles");
        let pool = compiler.descriptor_pool();
        let mut count = 0;
        for message in pool.all_messages() {
            let Some(this) = constrained_type(message.full_name()) else {
                continue;
            };
            let environment = CelEnvironment::new(&pool, this)
                .with_rule(CelType::Dyn, CelType::message(message.full_name()));
            for field in message.fields() {
                for (id, _, expression) in predefined(&field.options()) {
                    assert!(
                        environment.program(&expression).is_some(),
                        "{id}: {expression}"
                    );
                    count += 1;
                }
            }
        }
        assert!(count > 100, "only {count} standard rules found");
    }
}
