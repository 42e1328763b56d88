//! The syntax tree the printer lays out. Leaves are indices into the token list, so every
//! comment stays reachable through the token it is attached to.

/// The index of a token.
pub type Tok = usize;

#[derive(Debug)]
pub struct File {
    pub statements: Vec<Statement>,
    pub eof: Tok,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatementKind {
    Syntax,
    Package,
    Import,
    Option,
    /// message, enum, service, extend, oneof: a keyword, a name and a body.
    Definition,
    /// Fields, map fields, groups, enum values, reserved, extensions, rpcs.
    Member,
}

/// A statement: its pieces in order. The first piece is always a token.
#[derive(Debug)]
pub struct Statement {
    pub kind: StatementKind,
    pub pieces: Vec<Piece>,
}

#[derive(Debug)]
pub enum Piece {
    /// A token, written after a space or right after the previous piece.
    Token { tok: Tok, space_before: bool },
    /// The value of an option, after its `=`.
    Value(Value),
    /// `[name = value, ...]` after a field, enum value or extension range.
    Options(CompactOptions),
    /// `{ statements }`.
    Body(Body),
}

#[derive(Debug)]
pub struct Body {
    pub open: Tok,
    pub statements: Vec<Statement>,
    pub close: Tok,
}

#[derive(Debug)]
pub struct CompactOptions {
    pub open: Tok,
    pub entries: Vec<OptionEntry>,
    pub close: Tok,
}

#[derive(Debug)]
pub struct OptionEntry {
    /// The name's tokens, written without spaces: `(google.api.http).get`.
    pub name: Vec<Tok>,
    pub equals: Tok,
    pub value: Value,
    /// The comma after the entry, if any.
    pub comma: Option<Tok>,
}

#[derive(Debug)]
pub enum Value {
    /// Identifiers and numbers with their sign, written without spaces: `-inf`, `5`, `FOO`.
    Scalar(Vec<Tok>),
    /// Adjacent string literals, concatenated by the compiler.
    Strings(Vec<Tok>),
    Message(MessageLiteral),
    List(ListLiteral),
}

#[derive(Debug)]
pub struct MessageLiteral {
    pub open: Tok,
    pub fields: Vec<LiteralField>,
    pub close: Tok,
}

#[derive(Debug)]
pub struct LiteralField {
    /// The field name's tokens, written without spaces: `name`, `[foo.ext]`.
    pub name: Vec<Tok>,
    pub colon: Option<Tok>,
    pub value: Value,
}

#[derive(Debug)]
pub struct ListLiteral {
    pub open: Tok,
    /// Each element with the comma after it, if any.
    pub elements: Vec<(Value, Option<Tok>)>,
    pub close: Tok,
}
