//! Builds the syntax tree from the tokens. It follows the protobuf grammar only as far as
//! the layout needs; the compiler has the last word on validity. Tokens the layout leaves
//! out (empty statements, separators in message literals) hand their comments on.

use super::SyntaxError;
use super::lexer::{Token, TokenKind};
use super::tree::{
    Body, CompactOptions, File, ListLiteral, LiteralField, MessageLiteral, OptionEntry, Piece,
    Statement, StatementKind, Tok, Value,
};

/// Bodies and literals nested deeper than this are refused rather than recursed into.
const MAX_DEPTH: usize = 256;

pub fn parse(tokens: &mut [Token]) -> Result<File, SyntaxError> {
    let mut parser = Parser {
        tokens,
        pos: 0,
        depth: 0,
        dropped: Vec::new(),
    };
    parser.dropped = vec![false; parser.tokens.len()];
    let mut statements = Vec::new();
    while !parser.at_eof() {
        if parser.at(";") {
            parser.drop_current();
            continue;
        }
        statements.push(parser.top_level_statement()?);
    }
    Ok(File {
        statements,
        eof: parser.pos,
    })
}

/// Which statements a body holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Message,
    Enum,
    Service,
    Rpc,
    Oneof,
    Extend,
}

struct Parser<'t, 'a> {
    tokens: &'t mut [Token<'a>],
    pos: usize,
    depth: usize,
    dropped: Vec<bool>,
}

/// The pieces of a statement as they are collected.
struct Pieces(Vec<Piece>);

impl Pieces {
    fn token(&mut self, tok: Tok, space_before: bool) {
        self.0.push(Piece::Token { tok, space_before });
    }
}

impl Parser<'_, '_> {
    fn current(&self) -> &Token<'_> {
        &self.tokens[self.pos]
    }

    fn peek(&self, ahead: usize) -> &Token<'_> {
        let index = (self.pos + ahead).min(self.tokens.len() - 1);
        &self.tokens[index]
    }

    fn at_eof(&self) -> bool {
        self.current().kind == TokenKind::Eof
    }

    fn at(&self, text: &str) -> bool {
        self.current().is(text)
    }

    fn error_at(&self, tok: Tok, message: impl Into<String>) -> SyntaxError {
        let token = &self.tokens[tok];
        SyntaxError {
            line: token.line,
            column: token.column,
            message: message.into(),
        }
    }

    fn unexpected(&self, wanted: &str) -> SyntaxError {
        let found = match self.current().kind {
            TokenKind::Eof => "end of file".to_string(),
            _ => format!("'{}'", self.current().text),
        };
        self.error_at(self.pos, format!("expected {wanted}, found {found}"))
    }

    fn advance(&mut self) -> Tok {
        let tok = self.pos;
        if !self.at_eof() {
            self.pos += 1;
        }
        tok
    }

    fn expect(&mut self, text: &str) -> Result<Tok, SyntaxError> {
        if self.at(text) {
            Ok(self.advance())
        } else {
            Err(self.unexpected(&format!("'{text}'")))
        }
    }

    fn expect_kind(&mut self, kind: TokenKind, wanted: &str) -> Result<Tok, SyntaxError> {
        if self.current().kind == kind {
            Ok(self.advance())
        } else {
            Err(self.unexpected(wanted))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(self.pos, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Leaves the current token out of the output. Its comments move to the tokens around
    /// it: those on its line to the token before, when that token is on the same line;
    /// the others to the token after.
    fn drop_current(&mut self) {
        let index = self.advance();
        self.dropped[index] = true;
        let leading = std::mem::take(&mut self.tokens[index].leading);
        let mut trailing = std::mem::take(&mut self.tokens[index].trailing);
        let newlines = self.tokens[index].newlines_before;
        let previous = (0..index).rev().find(|&i| !self.dropped[i]);
        let mut moved_forward = leading;
        if !trailing.is_empty() {
            match previous {
                Some(previous) if newlines == 0 && moved_forward.is_empty() => {
                    self.tokens[previous].trailing.append(&mut trailing);
                }
                _ => {
                    for comment in &mut trailing {
                        comment.newlines_before = newlines.max(1);
                    }
                    moved_forward.append(&mut trailing);
                }
            }
        }
        if !moved_forward.is_empty() {
            let next = &mut self.tokens[self.pos];
            moved_forward.append(&mut next.leading);
            next.leading = moved_forward;
        }
    }

    fn top_level_statement(&mut self) -> Result<Statement, SyntaxError> {
        let keyword = self.current().text;
        match keyword {
            "syntax" | "edition" if self.peek(1).is("=") => self.syntax_statement(),
            "package" => self.package_statement(),
            "import" => self.import_statement(),
            "option" => self.option_statement(),
            "message" => self.definition(BodyKind::Message),
            "enum" => self.definition(BodyKind::Enum),
            "service" => self.definition(BodyKind::Service),
            "extend" => self.definition(BodyKind::Extend),
            _ => Err(self.unexpected("a top-level statement")),
        }
    }

    fn syntax_statement(&mut self) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        pieces.token(self.advance(), false);
        pieces.token(self.expect("=")?, true);
        let value = self.strings()?;
        pieces.0.push(Piece::Value(value));
        pieces.token(self.expect(";")?, false);
        Ok(Statement {
            kind: StatementKind::Syntax,
            pieces: pieces.0,
        })
    }

    fn package_statement(&mut self) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        pieces.token(self.advance(), false);
        self.type_name(&mut pieces, true)?;
        pieces.token(self.expect(";")?, false);
        Ok(Statement {
            kind: StatementKind::Package,
            pieces: pieces.0,
        })
    }

    fn import_statement(&mut self) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        pieces.token(self.advance(), false);
        if self.at("public") || self.at("weak") {
            pieces.token(self.advance(), true);
        }
        let value = self.strings()?;
        pieces.0.push(Piece::Value(value));
        pieces.token(self.expect(";")?, false);
        Ok(Statement {
            kind: StatementKind::Import,
            pieces: pieces.0,
        })
    }

    /// One or more adjacent string literals.
    fn strings(&mut self) -> Result<Value, SyntaxError> {
        let mut strings = vec![self.expect_kind(TokenKind::String, "a string")?];
        while self.current().kind == TokenKind::String {
            strings.push(self.advance());
        }
        Ok(Value::Strings(strings))
    }

    /// A possibly qualified name: `foo.bar.Baz`, `.foo.Baz`.
    fn type_name(&mut self, pieces: &mut Pieces, space_before: bool) -> Result<(), SyntaxError> {
        let mut space = space_before;
        if self.at(".") {
            pieces.token(self.advance(), space);
            space = false;
        }
        pieces.token(self.expect_kind(TokenKind::Ident, "a name")?, space);
        while self.at(".") {
            pieces.token(self.advance(), false);
            pieces.token(self.expect_kind(TokenKind::Ident, "a name")?, false);
        }
        Ok(())
    }

    fn option_statement(&mut self) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        pieces.token(self.advance(), false);
        for (index, tok) in self.option_name()?.into_iter().enumerate() {
            pieces.token(tok, index == 0);
        }
        pieces.token(self.expect("=")?, true);
        let value = self.value()?;
        pieces.0.push(Piece::Value(value));
        pieces.token(self.expect(";")?, false);
        Ok(Statement {
            kind: StatementKind::Option,
            pieces: pieces.0,
        })
    }

    /// `name`, `(ext.name)`, `(ext.name).field`, `.name`... up to the `=`.
    fn option_name(&mut self) -> Result<Vec<Tok>, SyntaxError> {
        let mut name = Vec::new();
        loop {
            if self.at("(") {
                name.push(self.advance());
                if self.at(".") {
                    name.push(self.advance());
                }
                name.push(self.expect_kind(TokenKind::Ident, "a name")?);
                while self.at(".") {
                    name.push(self.advance());
                    name.push(self.expect_kind(TokenKind::Ident, "a name")?);
                }
                name.push(self.expect(")")?);
            } else {
                name.push(self.expect_kind(TokenKind::Ident, "an option name")?);
            }
            if self.at(".") {
                name.push(self.advance());
            } else {
                return Ok(name);
            }
        }
    }

    /// An option value: a scalar with its sign, adjacent strings, or a message literal.
    fn value(&mut self) -> Result<Value, SyntaxError> {
        if self.current().kind == TokenKind::String {
            return self.strings();
        }
        if self.at("{") || self.at("<") {
            return Ok(Value::Message(self.message_literal()?));
        }
        if self.at("[") {
            return Ok(Value::List(self.list_literal()?));
        }
        self.scalar()
    }

    fn scalar(&mut self) -> Result<Value, SyntaxError> {
        let mut tokens = Vec::new();
        if self.at("-") || self.at("+") {
            tokens.push(self.advance());
        }
        match self.current().kind {
            TokenKind::Ident | TokenKind::Number => tokens.push(self.advance()),
            _ => return Err(self.unexpected("a value")),
        }
        Ok(Value::Scalar(tokens))
    }

    fn message_literal(&mut self) -> Result<MessageLiteral, SyntaxError> {
        self.enter()?;
        let close_text = if self.at("<") { ">" } else { "}" };
        let open = self.advance();
        let mut fields = Vec::new();
        while !self.at(close_text) {
            if self.at_eof() {
                return Err(self.unexpected(&format!("'{close_text}'")));
            }
            let mut name = Vec::new();
            if self.at("[") {
                name.push(self.advance());
                while !self.at("]") {
                    match self.current().kind {
                        TokenKind::Ident => {}
                        TokenKind::Punct if self.at(".") || self.at("/") => {}
                        _ => return Err(self.unexpected("an extension or type name")),
                    }
                    name.push(self.advance());
                }
                name.push(self.advance());
            } else {
                name.push(self.expect_kind(TokenKind::Ident, "a field name")?);
            }
            let colon = if self.at(":") {
                Some(self.advance())
            } else {
                None
            };
            let value = if self.at("{") || self.at("<") {
                Value::Message(self.message_literal()?)
            } else if self.at("[") {
                Value::List(self.list_literal()?)
            } else if colon.is_some() {
                self.value()?
            } else {
                return Err(self.unexpected("':'"));
            };
            fields.push(LiteralField { name, colon, value });
            if self.at(",") || self.at(";") {
                self.drop_current();
            }
        }
        let close = self.advance();
        self.leave();
        Ok(MessageLiteral {
            open,
            fields,
            close,
        })
    }

    fn list_literal(&mut self) -> Result<ListLiteral, SyntaxError> {
        self.enter()?;
        let open = self.advance();
        let mut elements = Vec::new();
        while !self.at("]") {
            let value = if self.at("{") || self.at("<") {
                Value::Message(self.message_literal()?)
            } else if self.current().kind == TokenKind::String {
                self.strings()?
            } else {
                self.scalar()?
            };
            if self.at(",") {
                elements.push((value, Some(self.advance())));
            } else {
                elements.push((value, None));
                if !self.at("]") {
                    return Err(self.unexpected("',' or ']'"));
                }
            }
        }
        let close = self.advance();
        self.leave();
        Ok(ListLiteral {
            open,
            elements,
            close,
        })
    }

    /// `[name = value, ...]`.
    fn compact_options(&mut self) -> Result<CompactOptions, SyntaxError> {
        let open = self.advance();
        let mut entries = Vec::new();
        loop {
            let name = self.option_name()?;
            let equals = self.expect("=")?;
            let value = self.value()?;
            let comma = if self.at(",") {
                Some(self.advance())
            } else {
                None
            };
            let more = comma.is_some();
            entries.push(OptionEntry {
                name,
                equals,
                value,
                comma,
            });
            if !more {
                break;
            }
        }
        let close = self.expect("]")?;
        Ok(CompactOptions {
            open,
            entries,
            close,
        })
    }

    fn options_then_semicolon(&mut self, pieces: &mut Pieces) -> Result<(), SyntaxError> {
        if self.at("[") {
            let options = self.compact_options()?;
            pieces.0.push(Piece::Options(options));
        }
        pieces.token(self.expect(";")?, false);
        Ok(())
    }

    fn definition(&mut self, kind: BodyKind) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        pieces.token(self.advance(), false);
        if kind == BodyKind::Extend {
            self.type_name(&mut pieces, true)?;
        } else {
            pieces.token(self.expect_kind(TokenKind::Ident, "a name")?, true);
        }
        let body = self.body(kind)?;
        pieces.0.push(Piece::Body(body));
        Ok(Statement {
            kind: StatementKind::Definition,
            pieces: pieces.0,
        })
    }

    fn body(&mut self, kind: BodyKind) -> Result<Body, SyntaxError> {
        self.enter()?;
        let open = self.expect("{")?;
        let mut statements = Vec::new();
        while !self.at("}") {
            if self.at_eof() {
                return Err(self.unexpected("'}'"));
            }
            if self.at(";") {
                self.drop_current();
                continue;
            }
            statements.push(self.body_statement(kind)?);
        }
        let close = self.advance();
        self.leave();
        Ok(Body {
            open,
            statements,
            close,
        })
    }

    fn body_statement(&mut self, kind: BodyKind) -> Result<Statement, SyntaxError> {
        let keyword = self.current().text;
        let is_keyword = self.current().kind == TokenKind::Ident;
        match (kind, keyword) {
            (_, "option") if is_keyword && kind != BodyKind::Extend => self.option_statement(),
            (BodyKind::Message, "message") if is_keyword => self.definition(BodyKind::Message),
            (BodyKind::Message, "enum") if is_keyword => self.definition(BodyKind::Enum),
            (BodyKind::Message, "extend") if is_keyword => self.definition(BodyKind::Extend),
            (BodyKind::Message, "oneof") if is_keyword => self.definition(BodyKind::Oneof),
            (BodyKind::Message | BodyKind::Enum, "reserved") if is_keyword => self.ranges(),
            (BodyKind::Message, "extensions") if is_keyword => self.ranges(),
            (BodyKind::Message | BodyKind::Oneof | BodyKind::Extend, _) => self.field(),
            (BodyKind::Enum, _) => self.enum_value(),
            (BodyKind::Service, "rpc") if is_keyword => self.rpc(),
            (BodyKind::Service, _) => Err(self.unexpected("'rpc' or 'option'")),
            (BodyKind::Rpc, _) => Err(self.unexpected("'option'")),
        }
    }

    fn member(pieces: Pieces) -> Statement {
        Statement {
            kind: StatementKind::Member,
            pieces: pieces.0,
        }
    }

    /// A field, a map field or a group.
    fn field(&mut self) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        let mut space = false;
        let is_label = ["optional", "required", "repeated"]
            .iter()
            .any(|label| self.at(label));
        if is_label && !self.peek(1).is("=") {
            pieces.token(self.advance(), false);
            space = true;
        }
        if self.at("group") && self.peek(1).kind == TokenKind::Ident && self.peek(2).is("=") {
            pieces.token(self.advance(), space);
            pieces.token(self.advance(), true);
            pieces.token(self.advance(), true);
            self.field_number(&mut pieces)?;
            if self.at("[") {
                let options = self.compact_options()?;
                pieces.0.push(Piece::Options(options));
            }
            let body = self.body(BodyKind::Message)?;
            pieces.0.push(Piece::Body(body));
            return Ok(Self::member(pieces));
        }
        if self.at("map") && self.peek(1).is("<") {
            pieces.token(self.advance(), space);
            pieces.token(self.advance(), false);
            self.type_name(&mut pieces, false)?;
            pieces.token(self.expect(",")?, false);
            self.type_name(&mut pieces, true)?;
            pieces.token(self.expect(">")?, false);
        } else {
            self.type_name(&mut pieces, space)?;
        }
        pieces.token(self.expect_kind(TokenKind::Ident, "a field name")?, true);
        pieces.token(self.expect("=")?, true);
        self.field_number(&mut pieces)?;
        self.options_then_semicolon(&mut pieces)?;
        Ok(Self::member(pieces))
    }

    /// A number after `=`, with its sign if it has one.
    fn field_number(&mut self, pieces: &mut Pieces) -> Result<(), SyntaxError> {
        if self.at("-") || self.at("+") {
            pieces.token(self.advance(), true);
            pieces.token(self.expect_kind(TokenKind::Number, "a number")?, false);
        } else {
            pieces.token(self.expect_kind(TokenKind::Number, "a number")?, true);
        }
        Ok(())
    }

    fn enum_value(&mut self) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        pieces.token(
            self.expect_kind(TokenKind::Ident, "an enum value name")?,
            false,
        );
        pieces.token(self.expect("=")?, true);
        self.field_number(&mut pieces)?;
        self.options_then_semicolon(&mut pieces)?;
        Ok(Self::member(pieces))
    }

    /// `reserved` and `extensions`: ranges, names or strings, separated by commas.
    fn ranges(&mut self) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        pieces.token(self.advance(), false);
        loop {
            match self.current().kind {
                TokenKind::String => pieces.token(self.advance(), true),
                TokenKind::Ident => pieces.token(self.advance(), true),
                _ => {
                    self.field_number(&mut pieces)?;
                    if self.at("to") {
                        pieces.token(self.advance(), true);
                        if self.at("max") {
                            pieces.token(self.advance(), true);
                        } else {
                            self.field_number(&mut pieces)?;
                        }
                    }
                }
            }
            if self.at(",") {
                pieces.token(self.advance(), false);
            } else {
                break;
            }
        }
        self.options_then_semicolon(&mut pieces)?;
        Ok(Self::member(pieces))
    }

    fn rpc(&mut self) -> Result<Statement, SyntaxError> {
        let mut pieces = Pieces(Vec::new());
        pieces.token(self.advance(), false);
        pieces.token(self.expect_kind(TokenKind::Ident, "a method name")?, true);
        self.rpc_type(&mut pieces, false)?;
        pieces.token(self.expect("returns")?, true);
        self.rpc_type(&mut pieces, true)?;
        if self.at("{") {
            let body = self.body(BodyKind::Rpc)?;
            pieces.0.push(Piece::Body(body));
        } else {
            pieces.token(self.expect(";")?, false);
        }
        Ok(Self::member(pieces))
    }

    /// `(stream Type)`.
    fn rpc_type(&mut self, pieces: &mut Pieces, space_before: bool) -> Result<(), SyntaxError> {
        pieces.token(self.expect("(")?, space_before);
        if self.at("stream") && (self.peek(1).kind == TokenKind::Ident || self.peek(1).is(".")) {
            pieces.token(self.advance(), false);
            self.type_name(pieces, true)?;
        } else {
            self.type_name(pieces, false)?;
        }
        pieces.token(self.expect(")")?, false);
        Ok(())
    }
}
