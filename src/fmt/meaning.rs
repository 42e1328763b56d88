//! The guard that formatting changed nothing but layout: the formatted text parses (with the
//! compiler's own parser) to the same descriptor as the input, and (with ours) to the same
//! statements and the same comments.

use miette::Diagnostic as _;
use prost::Message as _;
use prost_types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    UninterpretedOption,
};
use sha2::{Digest as _, Sha256};

use crate::report::Span;

use super::lexer::{Token, tokenize};
use super::order::statements_in_print_order;
use super::parser::parse;
use super::tree::{Piece, Statement, Value};
use super::{FormatError, SyntaxError};

/// Parses `source` with the compiler's parser; a syntax error names its position.
pub fn parse_with_compiler(name: &str, source: &str) -> Result<FileDescriptorProto, SyntaxError> {
    protox_parse::parse(name, source).map_err(|error| {
        let offset = error.span().map_or(source.len(), |span| span.start);
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let start = Span::after(&source[..offset]);
        let mut message = error.to_string();
        if let Some(help) = error.help() {
            message = format!("{message} ({help})");
        }
        SyntaxError {
            line: start.start_line as usize,
            column: start.start_column as usize,
            message: message.replace('\n', " "),
        }
    })
}

/// A digest of what the compiler reads in `source`: its descriptor, without what layout
/// changes. Only the digest is kept, so a huge file is not held twice.
pub fn compiler_digest(name: &str, source: &str) -> Result<Digest, SyntaxError> {
    let file = parse_with_compiler(name, source)?;
    Ok(Sha256::digest(canonical(file)).into())
}

pub type Digest = [u8; 32];

/// Checks that `formatted` means what `original` means. `compiled` is the digest of the
/// compiler's parse of the original (None for files the compiler cannot read).
pub fn check_same(
    name: &str,
    original: &str,
    formatted: &str,
    compiled: Option<Digest>,
) -> Result<(), FormatError> {
    let changed = |why: String| FormatError::MeaningChanged(why);
    if let Some(compiled) = compiled {
        let reparsed = compiler_digest(name, formatted)
            .map_err(|e| changed(format!("the result does not parse: {}", e.message)))?;
        if compiled != reparsed {
            return Err(changed("the descriptor differs".to_string()));
        }
    }
    let before = Signature::of(original).map_err(|e| changed(e.message))?;
    let after = Signature::of(formatted)
        .map_err(|e| changed(format!("the result does not parse: {}", e.message)))?;
    if before.tokens != after.tokens {
        return Err(changed("the statements differ".to_string()));
    }
    if before.comments != after.comments {
        return Err(changed("a comment was lost or altered".to_string()));
    }
    Ok(())
}

/// The descriptor's bytes without source info and without the differences layout makes:
/// file options in a stable order by name (the formatter sorts them, which does not change
/// what they set), and message literals (kept as text until options are resolved) without
/// separators, with `:` before every field and `{}` for `<>`.
fn canonical(mut file: FileDescriptorProto) -> Vec<u8> {
    file.source_code_info = None;
    if let Some(options) = &mut file.options {
        options.uninterpreted_option.sort_by_cached_key(|option| {
            option
                .name
                .iter()
                .map(|part| {
                    if part.is_extension {
                        format!("({})", part.name_part)
                    } else {
                        part.name_part.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(".")
        });
    }
    visit_options(&mut file, &mut |options| {
        for option in options {
            if let Some(value) = &mut option.aggregate_value {
                *value = canonical_literal(value);
            }
        }
    });
    file.encode_to_vec()
}

/// Calls `visit` with the uninterpreted options of every element of the file.
fn visit_options(
    file: &mut FileDescriptorProto,
    visit: &mut dyn FnMut(&mut Vec<UninterpretedOption>),
) {
    if let Some(options) = &mut file.options {
        visit(&mut options.uninterpreted_option);
    }
    for message in &mut file.message_type {
        visit_message(message, visit);
    }
    for enumeration in &mut file.enum_type {
        visit_enum(enumeration, visit);
    }
    for field in &mut file.extension {
        visit_field(field, visit);
    }
    for service in &mut file.service {
        if let Some(options) = &mut service.options {
            visit(&mut options.uninterpreted_option);
        }
        for method in &mut service.method {
            if let Some(options) = &mut method.options {
                visit(&mut options.uninterpreted_option);
            }
        }
    }
}

fn visit_message(
    message: &mut DescriptorProto,
    visit: &mut dyn FnMut(&mut Vec<UninterpretedOption>),
) {
    if let Some(options) = &mut message.options {
        visit(&mut options.uninterpreted_option);
    }
    for field in message.field.iter_mut().chain(&mut message.extension) {
        visit_field(field, visit);
    }
    for nested in &mut message.nested_type {
        visit_message(nested, visit);
    }
    for enumeration in &mut message.enum_type {
        visit_enum(enumeration, visit);
    }
    for range in &mut message.extension_range {
        if let Some(options) = &mut range.options {
            visit(&mut options.uninterpreted_option);
        }
    }
    for oneof in &mut message.oneof_decl {
        if let Some(options) = &mut oneof.options {
            visit(&mut options.uninterpreted_option);
        }
    }
}

fn visit_field(
    field: &mut FieldDescriptorProto,
    visit: &mut dyn FnMut(&mut Vec<UninterpretedOption>),
) {
    if let Some(options) = &mut field.options {
        visit(&mut options.uninterpreted_option);
    }
}

fn visit_enum(
    enumeration: &mut EnumDescriptorProto,
    visit: &mut dyn FnMut(&mut Vec<UninterpretedOption>),
) {
    if let Some(options) = &mut enumeration.options {
        visit(&mut options.uninterpreted_option);
    }
    for value in &mut enumeration.value {
        if let Some(options) = &mut value.options {
            visit(&mut options.uninterpreted_option);
        }
    }
}

/// A message literal's text with the layout differences taken out.
fn canonical_literal(text: &str) -> String {
    let Ok(tokens) = tokenize(text) else {
        return text.to_string();
    };
    let mut out: Vec<&str> = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let next = tokens.get(index + 1);
        let before_message = next.is_some_and(|next| next.is("{") || next.is("<"));
        if token.is(",") || token.is(";") || (token.is(":") && before_message) {
            continue;
        }
        out.push(match token.text {
            "<" if token.is("<") => "{",
            ">" if token.is(">") => "}",
            text => text,
        });
    }
    out.join(" ")
}

/// What a file says, regardless of layout, as digests: its statements' tokens (file options
/// sorted as the printer sorts them) and its comments' words.
struct Signature {
    tokens: Digest,
    comments: Digest,
}

impl Signature {
    fn of(source: &str) -> Result<Signature, SyntaxError> {
        let mut tokens = tokenize(source)?;
        let mut comments: Vec<String> = tokens
            .iter()
            .flat_map(|token| token.leading.iter().chain(&token.trailing))
            .map(|comment| comment_words(&comment.text))
            .collect();
        comments.sort();
        let mut comment_hash = Sha256::new();
        for comment in &comments {
            comment_hash.update(comment.as_bytes());
            comment_hash.update([0]);
        }
        let file = parse(&mut tokens)?;
        let mut out = TokenHash(Sha256::new());
        for statement in statements_in_print_order(&tokens, &file) {
            statement_tokens(&tokens, statement, &mut out);
        }
        Ok(Signature {
            tokens: out.0.finalize().into(),
            comments: comment_hash.finalize().into(),
        })
    }
}

/// Token texts, each ended by a zero byte (which no token contains).
struct TokenHash(Sha256);

impl TokenHash {
    fn push(&mut self, text: &str) {
        self.0.update(text.as_bytes());
        self.0.update([0]);
    }

    fn extend<'a>(&mut self, texts: impl Iterator<Item = &'a str>) {
        for text in texts {
            self.push(text);
        }
    }
}

fn comment_words(text: &str) -> String {
    let body = match text.strip_prefix("//") {
        Some(line) => line,
        None => text
            .strip_prefix("/*")
            .and_then(|rest| rest.strip_suffix("*/"))
            .unwrap_or(text),
    };
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn statement_tokens(tokens: &[Token], statement: &Statement, out: &mut TokenHash) {
    for piece in &statement.pieces {
        match piece {
            Piece::Token { tok, .. } => out.push(tokens[*tok].text),
            Piece::Value(value) => value_tokens(tokens, value, out),
            Piece::Options(options) => {
                out.push("[");
                for entry in &options.entries {
                    out.extend(entry.name.iter().map(|&tok| tokens[tok].text));
                    out.push("=");
                    value_tokens(tokens, &entry.value, out);
                    out.push(",");
                }
                out.push("]");
            }
            Piece::Body(body) => {
                out.push("{");
                for statement in &body.statements {
                    statement_tokens(tokens, statement, out);
                }
                out.push("}");
            }
        }
    }
}

fn value_tokens(tokens: &[Token], value: &Value, out: &mut TokenHash) {
    match value {
        Value::Scalar(toks) | Value::Strings(toks) => {
            out.extend(toks.iter().map(|&tok| tokens[tok].text));
        }
        Value::Message(literal) => {
            out.push("{");
            for field in &literal.fields {
                out.extend(field.name.iter().map(|&tok| tokens[tok].text));
                out.push(":");
                value_tokens(tokens, &field.value, out);
            }
            out.push("}");
        }
        Value::List(list) => {
            out.push("[");
            for (element, _) in &list.elements {
                value_tokens(tokens, element, out);
                out.push(",");
            }
            out.push("]");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "syntax = \"proto3\";\nmessage A {\n  // doc\n  int32 a = 1;\n}\n";

    fn check(formatted: &str) -> Result<(), FormatError> {
        let digest = compiler_digest("a.proto", ORIGINAL).unwrap();
        check_same("a.proto", ORIGINAL, formatted, Some(digest))
    }

    #[test]
    fn accepts_a_change_of_layout_only() {
        assert_eq!(
            check("syntax = \"proto3\"; message A { /* doc */ int32 a = 1; ; }"),
            Ok(())
        );
    }

    #[test]
    fn refuses_a_change_of_meaning_or_a_lost_comment() {
        let changed =
            |result: Result<(), FormatError>| matches!(result, Err(FormatError::MeaningChanged(_)));
        assert!(changed(check(&ORIGINAL.replace("= 1", "= 2"))));
        assert!(changed(check(&ORIGINAL.replace("// doc\n", ""))));
        assert!(changed(check(&ORIGINAL.replace("// doc", "// other"))));
        assert!(changed(check("syntax = \"proto3\";\nmessage A {\n")));
    }

    #[test]
    fn literals_compare_without_separators_colons_or_angle_brackets() {
        assert_eq!(
            canonical_literal("a : 1 , b < c : 2 > ; d : { e : 3 }"),
            canonical_literal("a : 1 b { c : 2 } d { e : 3 }")
        );
        assert_ne!(canonical_literal("a : 1"), canonical_literal("a : 2"));
    }
}
