//! The canonical formatter for .proto files, in `buf format`'s style.
//!
//! A lossless lexer keeps every comment on the token it belongs to ([`lexer`]), a small
//! parser builds the tree the layout needs ([`parser`], [`tree`]), and the printer writes it
//! out ([`printer`]). Before a result is returned, [`meaning`] checks that it parses to the
//! same file as the input and keeps every comment, so a formatter bug can never rewrite a
//! file into something else.
//!
//! One deliberate difference from buf: imports keep their order, because their order is
//! part of the file's descriptor (`dependency`).

mod comment;
mod lexer;
mod literal_gaps;
mod meaning;
mod order;
mod parser;
mod printer;
mod tree;

use std::fmt;

/// A file that is not valid protobuf source, with the 1-based position of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The input does not parse.
    Syntax(SyntaxError),
    /// The formatted text would not mean what the input means: a bug, reported rather than
    /// written.
    MeaningChanged(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax(error) => {
                write!(f, "{}:{}: {}", error.line, error.column, error.message)
            }
            FormatError::MeaningChanged(why) => {
                write!(f, "formatting would change the file: {why}")
            }
        }
    }
}

impl From<SyntaxError> for FormatError {
    fn from(error: SyntaxError) -> Self {
        FormatError::Syntax(error)
    }
}

/// Formats the source of the file `name` (used in compiler messages only).
pub fn format_source(name: &str, source: &str) -> Result<String, FormatError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut tokens = lexer::tokenize(source)?;
    let uses_editions = tokens[0].is("edition");
    // The compiler's parser is the judge of syntax (protox cannot read editions yet).
    let compiled = if uses_editions {
        None
    } else {
        Some(meaning::compiler_digest(name, source)?)
    };
    let file = parser::parse(&mut tokens)?;
    let formatted = printer::print(&tokens, &file);
    drop((file, tokens));
    meaning::check_same(name, source, &formatted, compiled)?;
    Ok(formatted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(source: &str) -> String {
        format_source("test.proto", source).unwrap()
    }

    #[test]
    fn lays_out_a_small_file() {
        let source = "syntax='proto3';package a.b;\nimport \"x.proto\";\n\
                      message M{int32 a=1[deprecated=true];map<string,int32>m=2;}\n";
        assert_eq!(
            format(source),
            "syntax = 'proto3';\npackage a.b;\n\nimport \"x.proto\";\n\
             message M {\n  int32 a = 1 [deprecated = true];\n  map<string, int32> m = 2;\n}\n"
        );
    }

    #[test]
    fn reports_syntax_errors_with_their_position() {
        let error = format_source("a.proto", "syntax = \"proto3\";\nmessage M {\n").unwrap_err();
        let FormatError::Syntax(error) = error else {
            panic!("{error:?}")
        };
        assert_eq!(error.line, 3);
    }
}
