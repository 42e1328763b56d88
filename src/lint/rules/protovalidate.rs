//! PROTOVALIDATE: protovalidate rules are valid and all CEL expressions compile.

use prost_reflect::{DynamicMessage, Kind, MessageDescriptor, ReflectMessage, Value};

use super::protovalidate_cel::{
    CelEnvironment, ConstrainedField, Outcome, constrained_type, field_type, kind_type,
};
use super::protovalidate_examples::Examples;
use crate::catalog::RuleInfo;
use crate::lint::rules::STANDARD;
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Field, Message, ProtovalidateOption};
use cel_core::{CelType, proto_message_to_cel_type};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "PROTOVALIDATE",
        purpose: "Protovalidate rules are valid and all CEL expressions compile.",
        categories: STANDARD,
        v1_categories: None,
        deprecated: false,
        doc: include_str!("../../../rules/PROTOVALIDATE.md"),
    },
    check: Check::MessageAndField(check_message, check_field),
};

/// `Ignore.IGNORE_IF_ZERO_VALUE` and `Ignore.IGNORE_ALWAYS`.
const IGNORE_IF_ZERO_VALUE: i32 = 1;
const IGNORE_ALWAYS: i32 = 3;

/// Wrapper messages, which `repeated.unique` accepts besides scalars.
const WRAPPERS: &[&str] = &[
    "google.protobuf.FloatValue",
    "google.protobuf.DoubleValue",
    "google.protobuf.Int32Value",
    "google.protobuf.Int64Value",
    "google.protobuf.UInt32Value",
    "google.protobuf.UInt64Value",
    "google.protobuf.BoolValue",
    "google.protobuf.StringValue",
    "google.protobuf.BytesValue",
];

fn check_message(_context: &Context, message: &Message, out: &mut Findings) {
    let Some(option) = &message.protovalidate else {
        return;
    };
    let pool = option.pool();
    if pool.get_message_by_name(&message.full_name).is_none() {
        return;
    }
    let environment = CelEnvironment::new(&pool, proto_message_to_cel_type(&message.full_name));
    let mut reporter = Reporter {
        option,
        base: Vec::new(),
        out,
    };
    check_message_oneofs(message, &option.rules, &mut reporter);
    check_cel(
        &environment,
        &option.rules,
        &format!("message \"{}\"", message.name),
        &format!("Message \"{}\"", message.name),
        "(buf.validate.message)",
        reporter,
    );
}

/// `(buf.validate.message).oneof` entries: each names at least one field, each field of the
/// message, once, and in one entry only.
fn check_message_oneofs(message: &Message, rules: &DynamicMessage, reporter: &mut Reporter) {
    let Some(Value::List(entries)) = rules.get_field_by_name("oneof").as_deref().cloned() else {
        return;
    };
    let oneof_number = number(rules, "oneof");
    let name = &message.name;
    let mut entries_of_field: Vec<(String, Vec<i32>)> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let Some(entry) = entry.as_message() else {
            continue;
        };
        let entry_path = [oneof_number, index as i32];
        let fields_number = number(entry, "fields");
        let names: Vec<String> = match entry.get_field_by_name("fields").as_deref() {
            Some(Value::List(names)) => names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        if names.is_empty() {
            reporter.report(
                &[&entry_path],
                &format!(
                    "Message \"{name}\" has a (buf.validate.message).oneof entry with no fields. Each oneof entry must specify at least one field."
                ),
            );
            continue;
        }
        for (position, field) in names.iter().enumerate() {
            let field_path = [oneof_number, index as i32, fields_number, position as i32];
            if names[..position].contains(field) {
                reporter.report(
                    &[&field_path],
                    &format!(
                        "Message \"{name}\" has a (buf.validate.message).oneof entry that references field \"{field}\" more than once. Duplicate field names are not permitted."
                    ),
                );
            } else if !message.fields.iter().any(|f| &f.name == field) {
                reporter.report(
                    &[&field_path],
                    &format!(
                        "Message \"{name}\" has a (buf.validate.message).oneof entry that references field \"{field}\", which is not defined in the message."
                    ),
                );
            } else {
                add_index(&mut entries_of_field, field, index as i32);
            }
        }
    }
    for (field, indices) in entries_of_field.iter().filter(|(_, i)| i.len() > 1) {
        let paths: Vec<[i32; 2]> = indices.iter().map(|i| [oneof_number, *i]).collect();
        let paths: Vec<&[i32]> = paths.iter().map(|p| p.as_slice()).collect();
        reporter.report(
            &paths,
            &format!(
                "Message \"{name}\" references field \"{field}\" in more than one (buf.validate.message).oneof entry. A field may only appear in one oneof entry."
            ),
        );
    }
}

fn check_field(_context: &Context, field: &Field, out: &mut Findings) {
    if let Some(option) = &field.predefined {
        check_predefined(field, option, out);
    }
    let Some(option) = &field.protovalidate else {
        return;
    };
    let pool = option.pool();
    let descriptor = if field.extendee.is_some() {
        pool.get_extension_by_name(&field.full_name)
            .map(ConstrainedField::Extension)
    } else {
        field
            .full_name
            .rsplit_once('.')
            .and_then(|(parent, _)| pool.get_message_by_name(parent))
            .and_then(|parent| parent.get_field_by_name(&field.name))
            .map(ConstrainedField::Field)
    };
    let Some(descriptor) = descriptor else {
        return;
    };
    let mut check = FieldCheck {
        field,
        option,
        pretty_type: pretty_type(&descriptor),
        out,
    };
    check.rules(
        &option.rules,
        &[],
        &descriptor,
        descriptor.is_list() || descriptor.is_map(),
    );
}

/// A predefined rule: an extension of a `buf.validate.*Rules` message whose CEL sees the
/// field's value as `this` and the extension's value as `rule`.
fn check_predefined(field: &Field, option: &ProtovalidateOption, out: &mut Findings) {
    let Some(extendee) = field.extendee.as_deref() else {
        return;
    };
    let (Some(this), pool) = (constrained_type(extendee), option.pool()) else {
        return;
    };
    let Some(extension) = pool.get_extension_by_name(&field.full_name) else {
        return;
    };
    let rule = if extension.is_list() {
        CelType::list(kind_type(&extension.kind()))
    } else {
        kind_type(&extension.kind())
    };
    let environment = CelEnvironment::new(&pool, this).with_rule(rule, CelType::message(extendee));
    let reporter = Reporter {
        option,
        base: Vec::new(),
        out,
    };
    check_cel(
        &environment,
        &option.rules,
        "extension field",
        &format!("Extension field \"{}\"", field.name),
        "(buf.validate.predefined)",
        reporter,
    );
}

/// Reports at parts of one option, addressed by field numbers below it.
struct Reporter<'a, 'o> {
    option: &'a ProtovalidateOption,
    /// The path of the rules being checked below the option (`[18, 4]` for
    /// `repeated.items`).
    base: Vec<i32>,
    out: &'o mut Findings,
}

impl Reporter<'_, '_> {
    /// Reports at each of the parts, once per distinct location.
    fn report(&mut self, paths: &[&[i32]], message: &str) {
        let mut seen = Vec::new();
        for path in paths {
            let full: Vec<i32> = self.base.iter().chain(path.iter()).copied().collect();
            let location = self.option.locate(&full);
            if seen.contains(&location.span) {
                continue;
            }
            seen.push(location.span);
            self.out.report(location, message.to_string());
        }
    }
}

/// The number of the field `name` of a rules message (0 when there is none).
fn number(rules: &DynamicMessage, name: &str) -> i32 {
    rules
        .descriptor()
        .get_field_by_name(name)
        .map_or(0, |f| f.number() as i32)
}

/// Checks the `cel` and `cel_expression` rules of an option (or of part of it).
fn check_cel(
    environment: &CelEnvironment,
    rules: &DynamicMessage,
    parent: &str,
    parent_capitalized: &str,
    option_name: &str,
    mut reporter: Reporter,
) {
    let cel_name = format!("{option_name}.cel");
    let cel_number = number(rules, "cel");
    let mut ids: Vec<(String, Vec<i32>)> = Vec::new();
    if let Some(Value::List(items)) = rules.get_field_by_name("cel").as_deref() {
        for (index, item) in items.iter().enumerate() {
            let Some(rule) = item.as_message() else {
                continue;
            };
            let path = [cel_number, index as i32];
            let text = |name: &str| {
                rule.get_field_by_name(name)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            let (id, expression, message) = (text("id"), text("expression"), text("message"));
            if !id.is_empty() {
                if !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                {
                    reporter.report(
                        &[&path],
                        &format!(
                            "{parent_capitalized} has invalid characters for {cel_name}.id. IDs must contain only characters a-z, A-Z, 0-9, '.', '_', '-'."
                        ),
                    );
                }
                add_index(&mut ids, &id, index as i32);
            }
            if expression.is_empty() {
                reporter.report(
                    &[&path],
                    &format!(
                        "{parent_capitalized} has an empty {cel_name}.expression. Expressions should always be specified."
                    ),
                );
                continue;
            }
            match environment.compile(&expression) {
                Outcome::String if !message.is_empty() => reporter.report(
                    &[&path],
                    &format!(
                        "{parent_capitalized} has a {cel_name} with an expression that evaluates to a string, and also has a message. The message is redundant - since the expression evaluates to a string, its result will be printed instead of the message, so the message should be removed."
                    ),
                ),
                outcome => report_outcome(
                    &mut reporter,
                    &path,
                    outcome,
                    &format!("{cel_name}.expression"),
                    parent,
                ),
            }
        }
    }
    for (id, indices) in ids.iter().filter(|(_, indices)| indices.len() > 1) {
        for index in indices {
            reporter.report(
                &[&[cel_number, *index]],
                &format!("{cel_name}.id (\"{id}\") is not unique within {parent}."),
            );
        }
    }
    let expression_name = format!("{option_name}.cel_expression");
    let expression_number = number(rules, "cel_expression");
    if let Some(Value::List(items)) = rules.get_field_by_name("cel_expression").as_deref() {
        for (index, item) in items.iter().enumerate() {
            let path = [expression_number, index as i32];
            let expression = item.as_str().unwrap_or_default();
            if expression.is_empty() {
                reporter.report(
                    &[&path],
                    &format!(
                        "{parent_capitalized} has an empty {expression_name}. Expressions should always be specified."
                    ),
                );
                continue;
            }
            let outcome = environment.compile(expression);
            report_outcome(&mut reporter, &path, outcome, &expression_name, parent);
        }
    }
}

/// Reports an expression that does not compile or evaluates to neither bool nor string.
fn report_outcome(
    reporter: &mut Reporter,
    path: &[i32],
    outcome: Outcome,
    name: &str,
    parent: &str,
) {
    match outcome {
        Outcome::Bool | Outcome::String => {}
        Outcome::Other(type_name) => reporter.report(
            &[path],
            &format!(
                "{name} on {parent} evaluates to a {type_name}, only string and boolean are allowed."
            ),
        ),
        Outcome::Errors(errors) => {
            for error in errors {
                reporter.report(
                    &[path],
                    &format!("{name} on {parent} fails to compile: {error}"),
                );
            }
        }
    }
}

/// The checks of one `buf.validate.field` option, which recurse into the rules of repeated
/// items and of map keys and values.
struct FieldCheck<'a, 'o> {
    field: &'a Field,
    option: &'a ProtovalidateOption,
    pretty_type: String,
    out: &'o mut Findings,
}

impl FieldCheck<'_, '_> {
    fn reporter(&mut self, base: &[i32]) -> Reporter<'_, '_> {
        Reporter {
            option: self.option,
            base: base.to_vec(),
            out: self.out,
        }
    }

    /// `(buf.validate.field)` followed by the names of the fields along `path`.
    fn rule_name(&self, path: &[i32]) -> String {
        let mut name = "(buf.validate.field)".to_string();
        let mut message = Some(self.option.rules.descriptor());
        for number in path {
            let Some(field) = message
                .as_ref()
                .and_then(|m| m.get_field(u32::try_from(*number).unwrap_or(0)))
            else {
                break;
            };
            name.push('.');
            name.push_str(field.name());
            message = match field.kind() {
                Kind::Message(inner) => Some(inner),
                _ => None,
            };
        }
        name
    }

    fn report(&mut self, base: &[i32], paths: &[&[i32]], message: &str) {
        self.reporter(base).report(paths, message);
    }

    /// Checks `rules` (a FieldRules) found at `base` for a field or map key/value.
    fn rules(
        &mut self,
        rules: &DynamicMessage,
        base: &[i32],
        descriptor: &ConstrainedField,
        expect_repeated: bool,
    ) {
        let name = self.field.name.clone();
        let number_of = |field: &str| number(rules, field);
        let is_set = |field: &str| rules.has_field_by_name(field);
        let required = rules
            .get_field_by_name("required")
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let ignore = rules
            .get_field_by_name("ignore")
            .and_then(|v| v.as_enum_number())
            .unwrap_or(0);
        if required
            && let Some(oneof) = descriptor.containing_oneof()
            && !self.field.proto3_optional
        {
            let rule = self.rule_name(&join(base, &[number_of("required")]));
            self.report(
                base,
                &[&[number_of("required")]],
                &format!(
                    "Field \"{name}\" has {rule} but is in a oneof ({}). Oneof fields must not have {rule}.",
                    oneof.name()
                ),
            );
        }
        if let ConstrainedField::Extension(_) = descriptor {
            let mut flags = Vec::new();
            if required {
                flags.push(("required", String::new()));
            }
            if ignore == IGNORE_IF_ZERO_VALUE {
                flags.push(("ignore", "=IGNORE_IF_ZERO_VALUE".to_string()));
            }
            for (flag, setting) in flags {
                let path = [number_of(flag)];
                let rule = self.rule_name(&join(base, &path));
                self.report(
                    base,
                    &[&path],
                    &format!(
                        "Field \"{name}\" is an extension field and cannot have {rule}{setting}."
                    ),
                );
            }
        }
        let set_count = rules.fields().count() + rules.extensions().count();
        if ignore == IGNORE_ALWAYS && set_count > 1 {
            let rule = self.rule_name(&join(base, &[number_of("ignore")]));
            let all = self.rule_name(base);
            self.report(
                base,
                &[&[number_of("ignore")]],
                &format!(
                    "Field \"{name}\" has {rule}=IGNORE_ALWAYS and therefore other rules in {all} are not applied and should be removed."
                ),
            );
        }
        if required && ignore == IGNORE_IF_ZERO_VALUE {
            let (required_rule, ignore_rule) = (
                self.rule_name(&join(base, &[number_of("required")])),
                self.rule_name(&join(base, &[number_of("ignore")])),
            );
            self.report(
                base,
                &[&[number_of("required")], &[number_of("ignore")]],
                &format!(
                    "Field \"{name}\" has both {required_rule} and {ignore_rule}=IGNORE_IF_ZERO_VALUE. A field cannot be empty if it is required."
                ),
            );
        }
        if is_set("cel") || is_set("cel_expression") {
            let pool = self.option.pool();
            let environment = CelEnvironment::new(&pool, field_type(descriptor, !expect_repeated));
            let option_name = self.rule_name(base);
            check_cel(
                &environment,
                rules,
                &format!("field \"{name}\""),
                &format!("Field \"{name}\""),
                &option_name,
                self.reporter(base),
            );
        }
        let Some((type_field, Value::Message(type_rules))) = rules
            .fields()
            .find(|(f, _)| f.containing_oneof().is_some_and(|o| o.name() == "type"))
            .map(|(f, v)| (f, v.clone()))
        else {
            return;
        };
        let type_number = type_field.number() as i32;
        match type_field.name() {
            "map" => return self.map_rules(&type_rules, base, type_number, descriptor),
            "repeated" => return self.repeated_rules(&type_rules, base, type_number, descriptor),
            _ => {}
        }
        if !self.types_match(
            base,
            type_field.name(),
            type_number,
            descriptor,
            expect_repeated,
        ) {
            return;
        }
        // Examples on extension fields are not checked: buf's check of them fails.
        if let ConstrainedField::Field(value_field) = descriptor {
            let examples = Examples {
                field_rules: rules,
                type_field: &type_field,
                type_rules: &type_rules,
                value_field,
                element: value_field.is_list() || value_field.parent_message().is_map_entry(),
            };
            for (path, message) in examples.failures() {
                self.report(base, &[&path], &message);
            }
        }
        let base = join(base, &[type_number]);
        match type_field.name() {
            "string" => self.string_rules(&type_rules, &base),
            "bytes" => self.bytes_rules(&type_rules, &base),
            "enum" | "any" => self.const_rule(&type_rules, &base),
            "bool" | "field_mask" => {}
            "duration" => {
                let invalid = self.invalid_bounds(&type_rules, &base, BOUNDS, duration_problem);
                self.bound_rules(&type_rules, &base, &invalid);
            }
            "timestamp" => {
                let mut invalid =
                    self.invalid_bounds(&type_rules, &base, BOUNDS, timestamp_problem);
                invalid.extend(self.invalid_bounds(
                    &type_rules,
                    &base,
                    &["within"],
                    duration_problem,
                ));
                self.bound_rules(&type_rules, &base, &invalid);
                self.timestamp_rules(&type_rules, &base, &invalid);
            }
            "float" | "double" => {
                self.nan_rules(&type_rules, &base);
                self.bound_rules(&type_rules, &base, &[]);
            }
            _ => self.bound_rules(&type_rules, &base, &[]),
        }
    }

    fn types_match(
        &mut self,
        base: &[i32],
        rule: &str,
        type_number: i32,
        descriptor: &ConstrainedField,
        expect_repeated: bool,
    ) -> bool {
        let name = self.field.name.clone();
        let rule_name = self.rule_name(&join(base, &[type_number]));
        if expect_repeated {
            let message = format!(
                "Field \"{name}\" is of type repeated {} but has {rule_name} rules.",
                self.pretty_type
            );
            self.report(base, &[&[type_number]], &message);
            return false;
        }
        let kind = descriptor.kind();
        let scalar_matches = match (rule, &kind) {
            ("float", Kind::Float)
            | ("double", Kind::Double)
            | ("int32", Kind::Int32)
            | ("int64", Kind::Int64)
            | ("uint32", Kind::Uint32)
            | ("uint64", Kind::Uint64)
            | ("sint32", Kind::Sint32)
            | ("sint64", Kind::Sint64)
            | ("fixed32", Kind::Fixed32)
            | ("fixed64", Kind::Fixed64)
            | ("sfixed32", Kind::Sfixed32)
            | ("sfixed64", Kind::Sfixed64)
            | ("bool", Kind::Bool)
            | ("string", Kind::String)
            | ("bytes", Kind::Bytes)
            | ("enum", Kind::Enum(_)) => true,
            (_, Kind::Message(message)) => allowed_message(rule) == Some(message.full_name()),
            _ => false,
        };
        if !scalar_matches {
            let message = format!(
                "Field \"{name}\" is of type {} but has {rule_name} rules.",
                pretty_type(descriptor)
            );
            self.report(base, &[&[type_number]], &message);
        }
        scalar_matches
    }

    fn repeated_rules(
        &mut self,
        rules: &DynamicMessage,
        base: &[i32],
        type_number: i32,
        descriptor: &ConstrainedField,
    ) {
        let name = self.field.name.clone();
        let rule_name = self.rule_name(&join(base, &[type_number]));
        if !descriptor.is_list() {
            let message = format!("Field \"{name}\" is not repeated but has {rule_name} rules.");
            self.report(base, &[&[type_number]], &message);
            return;
        }
        let base = join(base, &[type_number]);
        if rules
            .get_field_by_name("unique")
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
            && let Kind::Message(message) = descriptor.kind()
            && !WRAPPERS.contains(&message.full_name())
        {
            let unique = number(rules, "unique");
            let text = format!(
                "Field \"{name}\" is of type {} but has {} set to true, which is only allowed for scalar types and wrapper types.",
                self.pretty_type,
                self.rule_name(&join(&base, &[unique]))
            );
            self.report(&base, &[&[unique]], &text);
        }
        self.min_max(rules, &base, "min_items", "max_items");
        if let Some(Value::Message(items)) = rules.get_field_by_name("items").as_deref() {
            let items_base = join(&base, &[number(rules, "items")]);
            self.rules(items, &items_base, descriptor, false);
        }
    }

    fn map_rules(
        &mut self,
        rules: &DynamicMessage,
        base: &[i32],
        type_number: i32,
        descriptor: &ConstrainedField,
    ) {
        let name = self.field.name.clone();
        let rule_name = self.rule_name(&join(base, &[type_number]));
        let entry = match descriptor.kind() {
            Kind::Message(entry) if descriptor.is_map() => entry,
            _ => {
                let message = format!("Field \"{name}\" is not a map but has {rule_name}.");
                self.report(base, &[&[type_number]], &message);
                return;
            }
        };
        let base = join(base, &[type_number]);
        self.min_max(rules, &base, "min_pairs", "max_pairs");
        for (part, index) in [("keys", 1), ("values", 2)] {
            if let (Some(Value::Message(part_rules)), Some(part_field)) = (
                rules.get_field_by_name(part).as_deref(),
                entry.get_field(index),
            ) {
                let part_base = join(&base, &[number(rules, part)]);
                self.rules(
                    part_rules,
                    &part_base,
                    &ConstrainedField::Field(part_field),
                    false,
                );
            }
        }
    }

    /// `min` greater than `max` (`min_items`/`max_items`, `min_pairs`/`max_pairs`).
    fn min_max(&mut self, rules: &DynamicMessage, base: &[i32], min: &str, max: &str) {
        let (Some(low), Some(high)) = (unsigned(rules, min), unsigned(rules, max)) else {
            return;
        };
        if low <= high {
            return;
        }
        let name = self.field.name.clone();
        let (min_number, max_number) = (number(rules, min), number(rules, max));
        let min_rule = self.rule_name(&join(base, &[min_number]));
        let max_rule = self.rule_name(&join(base, &[max_number]));
        self.report(
            base,
            &[&[min_number]],
            &format!(
                "Field \"{name}\" has value {low} for {min_rule}, which must be lower than value {high} for {max_rule}."
            ),
        );
        self.report(
            base,
            &[&[max_number]],
            &format!(
                "Field \"{name}\" has value {high} for {max_rule}, which must be higher than value {low} for {min_rule}."
            ),
        );
    }

    /// `const` with other rules beside it, which are then never applied.
    fn const_rule(&mut self, rules: &DynamicMessage, base: &[i32]) {
        if !rules.has_field_by_name("const") {
            return;
        }
        if rules.fields().count() + rules.extensions().count() > 1 {
            let name = self.field.name.clone();
            let const_number = number(rules, "const");
            let text = format!(
                "Field \"{name}\" has {}, therefore other rules in {} are not applied and should be removed.",
                self.rule_name(&join(base, &[const_number])),
                self.rule_name(base)
            );
            self.report(base, &[&[const_number]], &text);
        }
    }

    /// `const` beside other rules, and equal lower and upper bounds; bounds in `invalid`
    /// (not a valid duration or timestamp) are left out.
    fn bound_rules(&mut self, rules: &DynamicMessage, base: &[i32], invalid: &[&str]) {
        if !invalid.contains(&"const") {
            self.const_rule(rules, base);
        }
        let find = |names: [&'static str; 2]| {
            names.into_iter().find_map(|field| {
                rules
                    .get_field_by_name(field)
                    .filter(|_| rules.has_field_by_name(field))
                    .map(|v| (field, v.into_owned()))
            })
        };
        let (Some((lower, low)), Some((upper, high))) = (find(["gt", "gte"]), find(["lt", "lte"]))
        else {
            return;
        };
        if invalid.contains(&lower) || invalid.contains(&upper) {
            return;
        }
        if !same_value(&low, &high) {
            return;
        }
        let name = self.field.name.clone();
        let (lower_number, upper_number) = (number(rules, lower), number(rules, upper));
        let lower_rule = self.rule_name(&join(base, &[lower_number]));
        let upper_rule = self.rule_name(&join(base, &[upper_number]));
        let text = if lower == "gte" && upper == "lte" {
            format!(
                "Field \"{name}\" has equal {lower_rule} and {upper_rule}, use {}.const instead.",
                self.rule_name(base)
            )
        } else {
            format!(
                "Field \"{name}\" has equal {lower_rule} and {upper_rule}. All values are rejected by these checks."
            )
        };
        self.report(base, &[&[lower_number], &[upper_number]], &text);
    }

    /// `len` beside `min`/`max`, and `min` above or equal to `max`.
    fn length_rules(&mut self, rules: &DynamicMessage, base: &[i32], names: [&str; 3]) {
        let [exact, min, max] = names;
        let name = self.field.name.clone();
        if unsigned(rules, exact).is_some() {
            for bound in [min, max] {
                if unsigned(rules, bound).is_some() {
                    let text = format!(
                        "Field \"{name}\" has {} and therefore, {} is redundant and should be removed.",
                        self.rule_name(&join(base, &[number(rules, exact)])),
                        self.rule_name(&join(base, &[number(rules, bound)]))
                    );
                    self.report(base, &[&[number(rules, bound)]], &text);
                }
            }
        }
        if let (Some(low), Some(high)) = (unsigned(rules, min), unsigned(rules, max))
            && low == high
        {
            let (min_number, max_number) = (number(rules, min), number(rules, max));
            let text = format!(
                "Field \"{name}\" has equal {} and {max}, use {} instead.",
                self.rule_name(&join(base, &[min_number])),
                self.rule_name(&join(base, &[number(rules, exact)]))
            );
            self.report(base, &[&[min_number], &[max_number]], &text);
        } else {
            self.min_max(rules, base, min, max);
        }
    }

    fn string_rules(&mut self, rules: &DynamicMessage, base: &[i32]) {
        self.const_rule(rules, base);
        self.length_rules(rules, base, ["len", "min_len", "max_len"]);
        self.length_rules(rules, base, ["len_bytes", "min_bytes", "max_bytes"]);
        let name = self.field.name.clone();
        let rule =
            |check: &Self, field: &str| check.rule_name(&join(base, &[number(rules, field)]));
        if let (Some(min_len), Some(max_bytes)) =
            (unsigned(rules, "min_len"), unsigned(rules, "max_bytes"))
            && max_bytes < min_len
        {
            let (min_rule, max_rule) = (rule(self, "min_len"), rule(self, "max_bytes"));
            let consequence = format!(
                "A string with {min_len} UTF-8 characters has at least {min_len} bytes, which is higher than {max_bytes} bytes."
            );
            self.report(
                base,
                &[&[number(rules, "min_len")]],
                &format!(
                    "Field \"{name}\" has value {min_len} for {min_rule}, which must be lower than value {max_bytes} for {max_rule}. {consequence}"
                ),
            );
            self.report(
                base,
                &[&[number(rules, "max_bytes")]],
                &format!(
                    "Field \"{name}\" has value {max_bytes} for {max_rule}, which must be higher than value {min_len} for {min_rule}. {consequence}"
                ),
            );
        }
        if let (Some(max_len), Some(min_bytes)) =
            (unsigned(rules, "max_len"), unsigned(rules, "min_bytes"))
            && max_len.saturating_mul(4) < min_bytes
        {
            let (min_rule, max_rule) = (rule(self, "min_bytes"), rule(self, "max_len"));
            let consequence = format!(
                "A string with {max_len} UTF-8 characters has at most {} bytes.",
                max_len.saturating_mul(4)
            );
            self.report(
                base,
                &[&[number(rules, "min_bytes")]],
                &format!(
                    "Field \"{name}\" has value {min_bytes} for {min_rule} but {max_len} for {max_rule}. {consequence}"
                ),
            );
            self.report(
                base,
                &[&[number(rules, "max_len")]],
                &format!(
                    "Field \"{name}\" has value {max_len} for {max_rule} but {min_bytes} for {min_rule}. {consequence}"
                ),
            );
        }
        let not_contains = text(rules, "not_contains");
        for part in ["prefix", "suffix", "contains"] {
            let Some(substring) = text(rules, part) else {
                continue;
            };
            let path = [number(rules, part)];
            let part_rule = rule(self, part);
            let characters = substring.chars().count() as u64;
            if let Some(max_len) = unsigned(rules, "max_len")
                && characters > max_len
            {
                let text = format!(
                    "Field \"{name}\" has a {part_rule} of length {characters}, exceeding its max_len ({max_len}). It is impossible for a string to contain \"{substring}\" while having less than or equal to {max_len} UTF-8 characters."
                );
                self.report(base, &[&path], &text);
            }
            let bytes = substring.len() as u64;
            if let Some(max_bytes) = unsigned(rules, "max_bytes")
                && bytes > max_bytes
            {
                let text = format!(
                    "Field \"{name}\" has a {part_rule} of {bytes} bytes, exceeding its max_bytes ({max_bytes}). It is impossible for a string to contain \"{substring}\" while having less than or equal to {max_bytes} bytes."
                );
                self.report(base, &[&path], &text);
            }
            if let Some(forbidden) = &not_contains
                && substring.contains(forbidden.as_str())
            {
                let text = format!(
                    "Field \"{name}\" has a {part_rule} (\"{substring}\") containing its not_contains (\"{forbidden}\"). It is impossible for a string to contain \"{substring}\" without containing \"{forbidden}\"."
                );
                self.report(base, &[&path], &text);
            }
        }
        self.pattern_rule(rules, base);
        let strict_off = rules.has_field_by_name("strict")
            && rules.get_field_by_name("strict").and_then(|v| v.as_bool()) == Some(false);
        let known_regex = rules
            .get_field_by_name("well_known_regex")
            .and_then(|v| v.as_enum_number())
            .unwrap_or(0);
        if strict_off && known_regex == 0 {
            let (strict, regex) = (rule(self, "strict"), rule(self, "well_known_regex"));
            let text = format!(
                "Field \"{name}\" has {strict} without {regex}. {strict} only applies to {regex} and is invalid without it."
            );
            self.report(base, &[&[number(rules, "strict")]], &text);
        }
    }

    fn bytes_rules(&mut self, rules: &DynamicMessage, base: &[i32]) {
        self.const_rule(rules, base);
        self.length_rules(rules, base, ["len", "min_len", "max_len"]);
        let name = self.field.name.clone();
        if let Some(max_len) = unsigned(rules, "max_len") {
            for part in ["prefix", "suffix", "contains"] {
                let Some(Value::Bytes(value)) = rules
                    .get_field_by_name(part)
                    .filter(|_| rules.has_field_by_name(part))
                    .as_deref()
                    .cloned()
                else {
                    continue;
                };
                if value.len() as u64 > max_len {
                    let path = [number(rules, part)];
                    let text = format!(
                        "Field \"{name}\" has a {} of {} bytes, exceeding its max_len ({max_len}). It is impossible to contain {:?} while having less than or equal to {max_len} bytes.",
                        self.rule_name(&join(base, &path)),
                        value.len(),
                        String::from_utf8_lossy(&value)
                    );
                    self.report(base, &[&path], &text);
                }
            }
        }
        self.pattern_rule(rules, base);
    }

    /// A `pattern` that does not compile. protovalidate uses RE2 syntax, which the `regex`
    /// crate follows (both reject look-around and back-references).
    fn pattern_rule(&mut self, rules: &DynamicMessage, base: &[i32]) {
        let Some(pattern) = text(rules, "pattern") else {
            return;
        };
        if let Err(error) = regex::Regex::new(&pattern) {
            let path = [number(rules, "pattern")];
            let detail = error.to_string();
            let detail = detail.lines().last().unwrap_or_default().trim().to_string();
            let text = format!(
                "Field \"{}\" has a {} that fails to compile: {detail}.",
                self.field.name,
                self.rule_name(&join(base, &path))
            );
            self.report(base, &[&path], &text);
        }
    }

    /// Bounds and `in`/`not_in` entries of float and double rules that are NaN, which no
    /// value compares with.
    fn nan_rules(&mut self, rules: &DynamicMessage, base: &[i32]) {
        let name = self.field.name.clone();
        let is_nan = |value: &Value| match value {
            Value::F32(x) => x.is_nan(),
            Value::F64(x) => x.is_nan(),
            _ => false,
        };
        for bound in BOUNDS {
            if rules.has_field_by_name(bound)
                && rules.get_field_by_name(bound).is_some_and(|v| is_nan(&v))
            {
                let path = [number(rules, bound)];
                let text = format!(
                    "Field \"{name}\" has {} set to NaN. Comparisons with NaN are always false, so this rule can never be satisfied.",
                    self.rule_name(&join(base, &path))
                );
                self.report(base, &[&path], &text);
            }
        }
        for (list, effect) in [
            ("in", "this entry can never match"),
            ("not_in", "this entry has no effect"),
        ] {
            let Some(Value::List(entries)) = rules.get_field_by_name(list).as_deref().cloned()
            else {
                continue;
            };
            let list_number = number(rules, list);
            for (index, _) in entries.iter().enumerate().filter(|(_, v)| is_nan(v)) {
                let text = format!(
                    "Field \"{name}\" has NaN in {}. Comparisons with NaN are always false, so {effect}.",
                    self.rule_name(&join(base, &[list_number]))
                );
                self.report(base, &[&[list_number, index as i32]], &text);
            }
        }
    }

    /// Reports each of the `bounds` set to a duration or timestamp that `problem` rejects,
    /// and returns their names.
    fn invalid_bounds(
        &mut self,
        rules: &DynamicMessage,
        base: &[i32],
        bounds: &[&'static str],
        problem: fn(i64, i32) -> Option<String>,
    ) -> Vec<&'static str> {
        let mut invalid = Vec::new();
        for bound in bounds {
            let Some((seconds, nanos)) = seconds_and_nanos(rules, bound) else {
                continue;
            };
            let Some(problem) = problem(seconds, nanos) else {
                continue;
            };
            let path = [number(rules, bound)];
            let text = format!(
                "Field \"{}\" has an invalid {}: {problem}.",
                self.field.name,
                self.rule_name(&join(base, &path))
            );
            self.report(base, &[&path], &text);
            invalid.push(*bound);
        }
        invalid
    }

    fn timestamp_rules(&mut self, rules: &DynamicMessage, base: &[i32], invalid: &[&str]) {
        let flag = |field: &str| {
            rules
                .get_field_by_name(field)
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
        };
        if flag("lt_now") && flag("gt_now") {
            let (gt_now, lt_now) = (number(rules, "gt_now"), number(rules, "lt_now"));
            let text = format!(
                "Field \"{}\" has both {} and {}. A timestamp cannot be both before and after validation time.",
                self.field.name,
                self.rule_name(&join(base, &[gt_now])),
                self.rule_name(&join(base, &[lt_now]))
            );
            self.report(base, &[&[gt_now], &[lt_now]], &text);
        }
        if invalid.contains(&"within") {
            return;
        }
        if let Some((seconds, nanos)) = seconds_and_nanos(rules, "within")
            && i128::from(seconds) * NANOS_PER_SECOND + i128::from(nanos) <= 0
        {
            let path = [number(rules, "within")];
            let text = format!(
                "Field \"{}\" must have a positive {} ({}).",
                self.field.name,
                self.rule_name(&join(base, &path)),
                seconds_and_nanos_text(seconds, nanos)
            );
            self.report(base, &[&path], &text);
        }
    }
}

/// The bounds of duration and timestamp rules whose values must be valid.
const BOUNDS: &[&str] = &["const", "lt", "lte", "gt", "gte"];

const NANOS_PER_SECOND: i128 = 1_000_000_000;

/// The `seconds` and `nanos` of a Duration or Timestamp rule value, when set.
fn seconds_and_nanos(rules: &DynamicMessage, field: &str) -> Option<(i64, i32)> {
    if !rules.has_field_by_name(field) {
        return None;
    }
    let value = rules.get_field_by_name(field)?;
    let message = value.as_message()?;
    let part = |name: &str| message.get_field_by_name(name).map(|v| v.into_owned());
    let seconds = part("seconds").and_then(|v| v.as_i64()).unwrap_or(0);
    let nanos = part("nanos").and_then(|v| v.as_i32()).unwrap_or(0);
    Some((seconds, nanos))
}

/// A Duration or Timestamp in protobuf's text format (`seconds:1 nanos:5`), zero parts left
/// out.
fn seconds_and_nanos_text(seconds: i64, nanos: i32) -> String {
    let mut parts = Vec::new();
    if seconds != 0 {
        parts.push(format!("seconds:{seconds}"));
    }
    if nanos != 0 {
        parts.push(format!("nanos:{nanos}"));
    }
    parts.join(" ")
}

/// Why a Duration is invalid: nanos out of range, signs that differ, or a span longer than
/// what buf's runtime can represent (about ±292 years, in nanoseconds).
fn duration_problem(seconds: i64, nanos: i32) -> Option<String> {
    const LIMIT: i128 = 9_223_372_036_854_775_428;
    let problem = if nanos.unsigned_abs() >= 1_000_000_000 {
        "must have nanos in the range 0 to 999999999"
    } else if (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0) {
        "has seconds and nanos with different signs"
    } else if (i128::from(seconds) * NANOS_PER_SECOND + i128::from(nanos)).abs() > LIMIT {
        "must be in the range seconds:-9223372036 nanos:-854775428 to seconds:9223372036 nanos:854775428"
    } else {
        return None;
    };
    Some(format!(
        "duration ({}) {problem}",
        seconds_and_nanos_text(seconds, nanos)
    ))
}

/// Why a Timestamp is invalid: outside the years 1 to 9999, or nanos out of range.
fn timestamp_problem(seconds: i64, nanos: i32) -> Option<String> {
    const FIRST: i64 = -62_135_596_800;
    const LAST: i64 = 253_402_300_799;
    let problem = if seconds < FIRST {
        "before 0001-01-01"
    } else if seconds > LAST {
        "after 9999-12-31"
    } else if !(0..1_000_000_000).contains(&nanos) {
        "has out-of-range nanos"
    } else {
        return None;
    };
    Some(format!(
        "proto: timestamp ({}) {problem}",
        seconds_and_nanos_text(seconds, nanos)
    ))
}

/// The message type a rule kind also applies to (wrappers and well-known types).
fn allowed_message(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "float" => "google.protobuf.FloatValue",
        "double" => "google.protobuf.DoubleValue",
        "int32" => "google.protobuf.Int32Value",
        "int64" => "google.protobuf.Int64Value",
        "uint32" => "google.protobuf.UInt32Value",
        "uint64" => "google.protobuf.UInt64Value",
        "bool" => "google.protobuf.BoolValue",
        "string" => "google.protobuf.StringValue",
        "bytes" => "google.protobuf.BytesValue",
        "any" => "google.protobuf.Any",
        "duration" => "google.protobuf.Duration",
        "timestamp" => "google.protobuf.Timestamp",
        "field_mask" => "google.protobuf.FieldMask",
        _ => return None,
    })
}

/// The field's type as messages name it: the scalar kind, a message's full name, or
/// `map<K, V>`.
fn pretty_type(field: &ConstrainedField) -> String {
    match field.kind() {
        Kind::Message(entry) if field.is_map() => {
            let part = |index: u32| {
                entry
                    .get_field(index)
                    .map(|f| pretty_type(&ConstrainedField::Field(f)))
            };
            format!(
                "map<{}, {}>",
                part(1).unwrap_or_default(),
                part(2).unwrap_or_default()
            )
        }
        Kind::Message(message) => message.full_name().to_string(),
        Kind::Enum(_) => "enum".to_string(),
        kind => format!("{kind:?}").to_lowercase(),
    }
}

/// Adds `index` to the indices listed for `key`, in first-seen order of the keys.
fn add_index(indices_by_key: &mut Vec<(String, Vec<i32>)>, key: &str, index: i32) {
    match indices_by_key.iter_mut().find(|(known, _)| known == key) {
        Some((_, indices)) => indices.push(index),
        None => indices_by_key.push((key.to_string(), vec![index])),
    }
}

fn join(path: &[i32], tail: &[i32]) -> Vec<i32> {
    path.iter().chain(tail).copied().collect()
}

/// An unsigned rule value (lengths, counts), when set.
fn unsigned(rules: &DynamicMessage, field: &str) -> Option<u64> {
    if !rules.has_field_by_name(field) {
        return None;
    }
    rules.get_field_by_name(field)?.as_u64()
}

/// A string rule value, when set.
fn text(rules: &DynamicMessage, field: &str) -> Option<String> {
    if !rules.has_field_by_name(field) {
        return None;
    }
    rules.get_field_by_name(field)?.as_str().map(str::to_string)
}

/// Whether two bound values are equal (numbers, durations, timestamps).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::F32(x), Value::F32(y)) => x == y,
        (Value::F64(x), Value::F64(y)) => x == y,
        (Value::Message(x), Value::Message(y)) => message_equal(x, y),
        _ => a == b,
    }
}

fn message_equal(a: &DynamicMessage, b: &DynamicMessage) -> bool {
    let descriptor: MessageDescriptor = a.descriptor();
    descriptor
        .fields()
        .all(|field| a.get_field(&field).as_ref() == b.get_field(&field).as_ref())
}
