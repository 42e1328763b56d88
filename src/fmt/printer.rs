//! Lays the syntax tree out in the canonical style, which is `buf format`'s: two-space
//! indents; one statement per line; at most one blank line, kept where the source had one;
//! the file header in the order syntax, package, imports, options (options sorted by name,
//! built-in before custom); compact options and message literals on one line when they hold
//! a single scalar, else one entry per line; every comment kept on its line.

use super::comment::{block_comment_lines, inline_block};
use super::lexer::{Comment, Token};
use super::literal_gaps::{self, FieldLeadIn};
use super::order::statements_in_print_order;
use super::tree::{
    Body, CompactOptions, File, ListLiteral, LiteralField, MessageLiteral, OptionEntry, Piece,
    Statement, StatementKind, Tok, Value,
};

const INDENT: &str = "  ";

/// Which of the blank lines before a statement (and between its comments) are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blanks {
    /// All of them (one for each run).
    Kept,
    /// Not the one before the statement's first comment (or the statement itself), as at the
    /// start of a body, and between imports and between file options.
    NotFirst,
}

pub fn print(tokens: &[Token], file: &File) -> String {
    let mut printer = Printer {
        tokens,
        out: String::new(),
        line: String::new(),
        indent: 0,
        pending_space: false,
        last_line_blank: false,
        inline: false,
        leading_done: vec![false; tokens.len()],
    };
    printer.file(file);
    printer.out
}

impl Blanks {
    fn kept_unless_first(index: usize) -> Blanks {
        if index == 0 {
            Blanks::NotFirst
        } else {
            Blanks::Kept
        }
    }
}

struct Printer<'t, 'a> {
    tokens: &'t [Token<'a>],
    out: String,
    /// The line being written, with its indentation; empty until something is written.
    line: String,
    indent: usize,
    pending_space: bool,
    last_line_blank: bool,
    /// Inside a one-line construct: a trailing line comment is written as a block comment,
    /// so that what follows stays on the line.
    inline: bool,
    /// The tokens whose leading comments have been written.
    leading_done: Vec<bool>,
}

impl Printer<'_, '_> {
    // --- Writing lines ---

    fn write(&mut self, text: &str) {
        if self.line.is_empty() {
            self.line = INDENT.repeat(self.indent);
        } else if self.pending_space {
            self.line.push(' ');
        }
        self.pending_space = false;
        self.line.push_str(text);
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn end_line(&mut self) {
        self.pending_space = false;
        if self.line.is_empty() {
            return;
        }
        self.out.push_str(self.line.trim_end());
        self.out.push('\n');
        self.line.clear();
        self.last_line_blank = false;
    }

    /// Ends the line and leaves one blank line, unless at the start of the output or
    /// after a blank line.
    fn blank_line(&mut self) {
        self.end_line();
        if !self.out.is_empty() && !self.last_line_blank {
            self.out.push('\n');
            self.last_line_blank = true;
        }
    }

    // --- Comments ---

    fn comment(&mut self, comment: &Comment) {
        if !comment.is_block {
            self.write(comment.text.trim_end());
            return;
        }
        let base = self.line_indent();
        let lines = block_comment_lines(&comment.text, comment.column, base);
        let mut lines = lines.into_iter();
        if let Some(first) = lines.next() {
            self.write(&first);
        }
        for line in lines {
            self.out.push_str(self.line.trim_end());
            self.out.push('\n');
            self.last_line_blank = false;
            // An empty line inside the comment stays empty; the last line never is.
            self.line = line;
        }
    }

    /// The indentation (in spaces) of the line being written, or of the next one.
    fn line_indent(&self) -> usize {
        if self.line.is_empty() {
            self.indent * INDENT.len()
        } else {
            self.line.len() - self.line.trim_start().len()
        }
    }

    /// Comments on lines of their own, keeping one blank line where the source had one or
    /// more (not before the first when `blank_before_first` is false).
    fn own_line_comments(&mut self, comments: &[Comment], blank_before_first: bool) {
        for (index, comment) in comments.iter().enumerate() {
            self.end_line();
            if comment.newlines_before > 1 && (index > 0 || blank_before_first) {
                self.blank_line();
            }
            self.comment(comment);
            self.end_line();
        }
    }

    /// The comments on lines before a closing brace or bracket, grouped as protoc groups
    /// them: a block right under the last statement and followed by a blank line belongs to
    /// that statement; a block right above the closer belongs to it, after a blank line if
    /// the source had one; the blocks between (detached) are written without blank lines.
    fn closing_comments(&mut self, close: Tok, blank_allowed: bool) {
        let tokens = self.tokens;
        let comments = &tokens[close].leading;
        let count = comments.len();
        let gap = |index: usize| match comments.get(index) {
            Some(comment) => comment.newlines_before,
            None => tokens[close].newlines_before,
        };
        let mut first_detached = 0;
        if count > 0 && gap(0) == 1 {
            let end = (1..count).find(|&i| gap(i) != 1).unwrap_or(count);
            if gap(end) > 1 {
                first_detached = end;
            }
        }
        let mut first_attached = count;
        if count > first_detached && gap(count) <= 1 {
            first_attached = count - 1;
            while first_attached > first_detached && gap(first_attached) == 1 {
                first_attached -= 1;
            }
        }
        for comment in &comments[..first_attached] {
            self.end_line();
            self.comment(comment);
            self.end_line();
        }
        let written_before = first_attached > 0;
        if first_attached < count && gap(first_attached) > 1 && (blank_allowed || written_before) {
            self.blank_line();
        }
        for comment in &comments[first_attached..] {
            self.end_line();
            self.comment(comment);
            self.end_line();
        }
        self.leading_done[close] = true;
    }

    fn trailing_comments(&mut self, tok: Tok) {
        let tokens = self.tokens;
        for comment in &tokens[tok].trailing {
            self.space();
            if comment.is_block {
                self.comment(comment);
            } else if self.inline
                && let Some(block) = inline_block(&comment.text)
            {
                self.write(&block);
            } else {
                self.comment(comment);
                self.end_line();
            }
        }
    }

    // --- Tokens ---

    /// Writes a token inside a statement: comments on lines before it stay on their lines.
    fn token(&mut self, tok: Tok, space_before: bool) {
        let text = self.tokens[tok].text;
        self.token_as(tok, text, space_before);
    }

    fn token_as(&mut self, tok: Tok, text: &str, space_before: bool) {
        self.token_leading_only(tok);
        if space_before {
            self.space();
        }
        self.write(text);
        self.trailing_comments(tok);
    }

    /// The comments on lines before a token inside a statement, each on a line of its own.
    fn token_leading_only(&mut self, tok: Tok) {
        let tokens = self.tokens;
        if !self.leading_done[tok] && !tokens[tok].leading.is_empty() {
            self.own_line_comments(&tokens[tok].leading, false);
        }
        self.leading_done[tok] = true;
    }

    /// Starts a line with what comes before `tok` in the source: its comments, then a blank
    /// line if the source had one. `blanks` says which blank lines are kept.
    fn lead_in(&mut self, tok: Tok, blanks: Blanks) {
        let tokens = self.tokens;
        let token = &tokens[tok];
        self.end_line();
        self.own_line_comments(&token.leading, blanks == Blanks::Kept);
        self.leading_done[tok] = true;
        if token.newlines_before > 1 && (blanks == Blanks::Kept || !token.leading.is_empty()) {
            self.blank_line();
        }
    }

    /// Starts a statement (or an entry of a list of them) on a new line.
    fn start(&mut self, tok: Tok, blanks: Blanks) {
        self.lead_in(tok, blanks);
        self.token(tok, false);
    }

    fn has_comments(&self, tok: Tok) -> bool {
        self.tokens[tok].has_comments()
    }

    // --- The file ---

    fn file(&mut self, file: &File) {
        let mut previous_kind = None;
        for statement in statements_in_print_order(self.tokens, file) {
            let first_of_kind = previous_kind != Some(statement.kind);
            // Imports and options each form a group after a blank line; definitions only
            // when they follow the syntax statement directly.
            let starts_group = match statement.kind {
                StatementKind::Import | StatementKind::Option => true,
                StatementKind::Definition => previous_kind == Some(StatementKind::Syntax),
                _ => false,
            };
            if starts_group && first_of_kind {
                self.blank_line();
            }
            previous_kind = Some(statement.kind);
            let in_header_list = matches!(
                statement.kind,
                StatementKind::Import | StatementKind::Option
            );
            let blanks = if in_header_list && !first_of_kind {
                Blanks::NotFirst
            } else {
                Blanks::Kept
            };
            self.statement(statement, blanks);
        }
        let eof = &self.tokens[file.eof];
        if file.statements.is_empty() && !eof.leading.is_empty() {
            self.out.push('\n');
            self.last_line_blank = true;
        }
        self.own_line_comments(&eof.leading, true);
        self.end_line();
    }

    // --- Statements ---

    fn statement(&mut self, statement: &Statement, blanks: Blanks) {
        for (index, piece) in statement.pieces.iter().enumerate() {
            match piece {
                Piece::Token { tok, .. } if index == 0 => self.start(*tok, blanks),
                Piece::Token { tok, space_before } => self.token(*tok, *space_before),
                Piece::Value(value) => self.value_after_equals(value),
                Piece::Options(options) => self.compact_options(options),
                Piece::Body(body) => self.body(body),
            }
        }
        self.end_line();
    }

    fn body(&mut self, body: &Body) {
        let tokens = self.tokens;
        let (open, close) = (&tokens[body.open], &tokens[body.close]);
        self.token_leading_only(body.open);
        self.space();
        if body.statements.is_empty() && open.trailing.is_empty() && close.leading.is_empty() {
            self.write("{}");
            self.trailing_comments(body.close);
            return;
        }
        self.write("{");
        if body.statements.is_empty() {
            // A comment after the brace of an empty body goes inside it.
            self.end_line();
            self.indent += 1;
            self.own_line_comments(&open.trailing, false);
        } else {
            self.trailing_comments(body.open);
            self.end_line();
            self.indent += 1;
        }
        for (index, statement) in body.statements.iter().enumerate() {
            self.statement(statement, Blanks::kept_unless_first(index));
        }
        let after_statements = !body.statements.is_empty() || !open.trailing.is_empty();
        self.closing_comments(body.close, after_statements);
        self.indent -= 1;
        self.end_line();
        self.write("}");
        self.trailing_comments(body.close);
    }

    // --- Option values ---

    /// The value after `=` in an option statement or a compact option.
    fn value_after_equals(&mut self, value: &Value) {
        match value {
            Value::Strings(strings) if strings.len() > 1 => self.string_lines(strings),
            _ => {
                self.space();
                self.value(value);
            }
        }
    }

    /// Adjacent strings, one per line, one level deeper.
    fn string_lines(&mut self, strings: &[Tok]) {
        self.indent += 1;
        for &tok in strings {
            self.end_line();
            self.token(tok, false);
        }
        self.indent -= 1;
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Scalar(tokens) | Value::Strings(tokens) => {
                for &tok in tokens {
                    self.token(tok, false);
                }
            }
            Value::Message(literal) => self.message_literal(literal),
            Value::List(list) => self.list_literal(list),
        }
    }

    fn is_simple(&self, value: &Value) -> bool {
        match value {
            Value::Scalar(tokens) => tokens.iter().all(|&tok| !self.has_comments(tok)),
            Value::Strings(tokens) => tokens.len() == 1 && !self.has_comments(tokens[0]),
            Value::Message(_) | Value::List(_) => false,
        }
    }

    fn compact_options(&mut self, options: &CompactOptions) {
        let single = match options.entries.as_slice() {
            [entry] => {
                !self.has_comments(options.open)
                    && self.tokens[options.close].leading.is_empty()
                    && self.tokens[entry.name[0]].leading.is_empty()
            }
            _ => false,
        };
        if single {
            let was_inline = std::mem::replace(&mut self.inline, true);
            self.token(options.open, true);
            self.option_entry(&options.entries[0]);
            self.token(options.close, false);
            self.inline = was_inline;
            return;
        }
        let was_inline = std::mem::replace(&mut self.inline, false);
        self.token(options.open, true);
        self.end_line();
        self.indent += 1;
        for (index, entry) in options.entries.iter().enumerate() {
            self.start(entry.name[0], Blanks::kept_unless_first(index));
            self.option_entry_rest(entry);
            self.end_line();
        }
        self.closing_comments(options.close, true);
        self.indent -= 1;
        self.end_line();
        self.write("]");
        self.trailing_comments(options.close);
        self.inline = was_inline;
    }

    fn option_entry(&mut self, entry: &OptionEntry) {
        self.token(entry.name[0], false);
        self.option_entry_rest(entry);
    }

    fn option_entry_rest(&mut self, entry: &OptionEntry) {
        for &tok in &entry.name[1..] {
            self.token(tok, false);
        }
        self.token(entry.equals, true);
        self.value_after_equals(&entry.value);
        if let Some(comma) = entry.comma {
            self.token(comma, false);
        }
    }

    fn is_compact_literal(&self, literal: &MessageLiteral) -> bool {
        let plain_brackets =
            !self.has_comments(literal.open) && self.tokens[literal.close].leading.is_empty();
        plain_brackets
            && match literal.fields.as_slice() {
                [] => true,
                [field] => {
                    field.name.iter().all(|&tok| !self.has_comments(tok))
                        && field.colon.is_none_or(|tok| !self.has_comments(tok))
                        && self.is_simple(&field.value)
                }
                _ => false,
            }
    }

    fn message_literal(&mut self, literal: &MessageLiteral) {
        if self.is_compact_literal(literal) {
            let was_inline = std::mem::replace(&mut self.inline, true);
            self.token_as(literal.open, "{", false);
            if let Some(field) = literal.fields.first() {
                self.literal_field_inline(field);
            }
            self.token_as(literal.close, "}", false);
            self.inline = was_inline;
            return;
        }
        let was_inline = std::mem::replace(&mut self.inline, false);
        let tokens = self.tokens;
        self.token_leading_only(literal.open);
        self.write("{");
        self.end_line();
        self.indent += 1;
        // A comment after the opening brace goes before the first field.
        self.own_line_comments(&tokens[literal.open].trailing, false);
        let lead_ins = literal_gaps::plan(tokens, literal);
        for (index, (field, lead_in)) in literal.fields.iter().zip(&lead_ins).enumerate() {
            self.literal_field_lead_in(field.name[0], index, lead_in);
            self.token(field.name[0], false);
            self.literal_field_rest(field);
            self.end_line();
        }
        self.closing_comments(literal.close, true);
        self.indent -= 1;
        self.end_line();
        self.write("}");
        self.inline = was_inline;
        self.trailing_comments(literal.close);
    }

    /// What comes before a field of an expanded message literal: a blank line if the
    /// source had one, what [`literal_gaps`] moved here, then the field's own comments.
    fn literal_field_lead_in(&mut self, tok: Tok, index: usize, lead_in: &FieldLeadIn) {
        let tokens = self.tokens;
        let token = &tokens[tok];
        let own = &token.leading[lead_in.moved_away..];
        self.end_line();
        let own_gap = own
            .first()
            .map_or(token.newlines_before, |comment| comment.newlines_before);
        if index > 0 && own_gap > 1 {
            self.blank_line();
        }
        if let Some((from, count)) = lead_in.moved_here {
            for comment in &tokens[from].leading[..count] {
                self.comment(comment);
                self.end_line();
            }
        }
        if lead_in.blank_here {
            self.blank_line();
        }
        for (position, comment) in own.iter().enumerate() {
            if position > 0 && comment.newlines_before > 1 {
                self.blank_line();
            }
            self.comment(comment);
            self.end_line();
        }
        if !own.is_empty() && token.newlines_before > 1 {
            self.blank_line();
        }
        self.leading_done[tok] = true;
    }

    fn literal_field_inline(&mut self, field: &LiteralField) {
        self.token(field.name[0], false);
        self.literal_field_rest(field);
    }

    fn literal_field_rest(&mut self, field: &LiteralField) {
        for &tok in &field.name[1..] {
            self.token(tok, false);
        }
        match field.colon {
            Some(colon) => self.token(colon, false),
            None => self.write(":"),
        }
        match &field.value {
            Value::Strings(strings) if strings.len() > 1 => self.string_lines(strings),
            value => {
                self.space();
                self.value(value);
            }
        }
    }

    fn list_literal(&mut self, list: &ListLiteral) {
        let plain_brackets =
            !self.has_comments(list.open) && self.tokens[list.close].leading.is_empty();
        let compact = plain_brackets
            && match list.elements.as_slice() {
                [] => true,
                [(value, _)] => self.is_simple(value),
                _ => false,
            };
        if compact {
            let was_inline = std::mem::replace(&mut self.inline, true);
            self.token(list.open, false);
            if let Some((value, _)) = list.elements.first() {
                self.value(value);
            }
            self.token(list.close, false);
            self.inline = was_inline;
            return;
        }
        let was_inline = std::mem::replace(&mut self.inline, false);
        let tokens = self.tokens;
        self.token_leading_only(list.open);
        self.write("[");
        self.end_line();
        self.indent += 1;
        self.own_line_comments(&tokens[list.open].trailing, false);
        for (index, (value, comma)) in list.elements.iter().enumerate() {
            self.lead_in(first_token(value), Blanks::kept_unless_first(index));
            self.value(value);
            if let Some(comma) = comma {
                self.token(*comma, false);
            }
            self.end_line();
        }
        self.closing_comments(list.close, true);
        self.indent -= 1;
        self.end_line();
        self.write("]");
        self.inline = was_inline;
        self.trailing_comments(list.close);
    }
}

fn first_token(value: &Value) -> Tok {
    match value {
        Value::Scalar(tokens) | Value::Strings(tokens) => tokens[0],
        Value::Message(literal) => literal.open,
        Value::List(list) => list.open,
    }
}
