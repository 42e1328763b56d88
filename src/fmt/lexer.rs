//! Splits a .proto source into tokens, each carrying the comments around it and how many
//! line breaks came before it, so that the printer can keep every comment and blank line.

use super::SyntaxError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Ident,
    Number,
    String,
    /// One punctuation character: `{ } [ ] ( ) < > ; , = : . - + /`.
    Punct,
    /// The end of the file; its leading comments are the file's last comments.
    Eof,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment as written, with `//` or `/* */`, without the line break that ends a
    /// line comment.
    pub text: String,
    pub is_block: bool,
    /// Line breaks between the previous token or comment and this comment.
    pub newlines_before: usize,
    /// The 0-based column (in characters) where the comment starts.
    pub column: usize,
}

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub kind: TokenKind,
    pub text: &'a str,
    /// 1-based line and column (in characters) of the first character.
    pub line: usize,
    pub column: usize,
    /// Line breaks between the last comment before this token (or the previous token) and
    /// this token.
    pub newlines_before: usize,
    /// Comments that start on a line of their own before this token.
    pub leading: Vec<Comment>,
    /// Comments that start on the line where this token ends.
    pub trailing: Vec<Comment>,
}

impl Token<'_> {
    pub fn is(&self, text: &str) -> bool {
        self.kind != TokenKind::String && self.kind != TokenKind::Eof && self.text == text
    }

    pub fn has_comments(&self) -> bool {
        !self.leading.is_empty() || !self.trailing.is_empty()
    }
}

const PUNCTUATION: &str = "{}[]()<>;,=:.-+/";

struct Cursor<'a> {
    source: &'a str,
    offset: usize,
    line: usize,
    /// 0-based column in characters.
    column: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.source[self.offset..].chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        let mut chars = self.source[self.offset..].chars();
        chars.next();
        chars.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.offset += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 0;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            line: self.line,
            column: self.column + 1,
            message: message.into(),
        }
    }
}

/// Tokenizes `source`. The last token is always [`TokenKind::Eof`].
pub fn tokenize(source: &str) -> Result<Vec<Token<'_>>, SyntaxError> {
    let mut cursor = Cursor {
        source,
        offset: 0,
        line: 1,
        column: 0,
    };
    let mut tokens: Vec<Token> = Vec::new();
    // The line where the last token (or the comment trailing it) ended, while comments on
    // that line still trail it.
    let mut trailing_line: Option<usize> = None;
    let mut leading: Vec<Comment> = Vec::new();
    let mut newlines = 0;
    while let Some(c) = cursor.peek() {
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
                trailing_line = None;
            }
            cursor.bump();
            continue;
        }
        let (line, column, start) = (cursor.line, cursor.column, cursor.offset);
        if c == '/' && matches!(cursor.peek_second(), Some('/' | '*')) {
            let is_block = cursor.peek_second() == Some('*');
            cursor.bump();
            cursor.bump();
            if is_block {
                loop {
                    match cursor.bump() {
                        Some('*') if cursor.peek() == Some('/') => {
                            cursor.bump();
                            break;
                        }
                        Some(_) => {}
                        None => {
                            return Err(SyntaxError {
                                line,
                                column: column + 1,
                                message: "unterminated block comment".to_string(),
                            });
                        }
                    }
                }
            } else {
                while cursor.peek().is_some_and(|c| c != '\n') {
                    cursor.bump();
                }
            }
            let text = source[start..cursor.offset].trim_end_matches('\r');
            let comment = Comment {
                text: text.to_string(),
                is_block,
                newlines_before: newlines,
                column,
            };
            newlines = 0;
            match (trailing_line, tokens.last_mut()) {
                (Some(open_line), Some(previous)) if open_line == line => {
                    previous.trailing.push(comment);
                    trailing_line = Some(cursor.line);
                }
                _ => leading.push(comment),
            }
            continue;
        }
        let kind = if c.is_ascii_alphabetic() || c == '_' {
            while cursor
                .peek()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                cursor.bump();
            }
            TokenKind::Ident
        } else if c.is_ascii_digit()
            || (c == '.' && cursor.peek_second().is_some_and(|c| c.is_ascii_digit()))
        {
            lex_number(&mut cursor);
            TokenKind::Number
        } else if c == '"' || c == '\'' {
            lex_string(&mut cursor, c)?;
            TokenKind::String
        } else if PUNCTUATION.contains(c) {
            cursor.bump();
            TokenKind::Punct
        } else {
            return Err(cursor.error(format!("unexpected character {c:?}")));
        };
        tokens.push(Token {
            kind,
            text: &source[start..cursor.offset],
            line,
            column: column + 1,
            newlines_before: newlines,
            leading: std::mem::take(&mut leading),
            trailing: Vec::new(),
        });
        newlines = 0;
        trailing_line = Some(cursor.line);
    }
    tokens.push(Token {
        kind: TokenKind::Eof,
        text: "",
        line: cursor.line,
        column: cursor.column + 1,
        newlines_before: newlines,
        leading,
        trailing: Vec::new(),
    });
    Ok(tokens)
}

/// A number is kept exactly as written: digits, letters (hex digits, exponents, `inf`
/// suffixes are separate identifiers), dots, and the sign of a decimal exponent.
fn lex_number(cursor: &mut Cursor) {
    let start = cursor.offset;
    let mut previous = '\0';
    while let Some(c) = cursor.peek() {
        let is_hex = {
            let text = &cursor.source[start..cursor.offset];
            text.starts_with("0x") || text.starts_with("0X")
        };
        let exponent_sign = (c == '+' || c == '-') && matches!(previous, 'e' | 'E') && !is_hex;
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' || exponent_sign {
            previous = c;
            cursor.bump();
        } else {
            break;
        }
    }
}

fn lex_string(cursor: &mut Cursor, quote: char) -> Result<(), SyntaxError> {
    let start = cursor.error("unterminated string");
    cursor.bump();
    loop {
        match cursor.peek() {
            None | Some('\n') => return Err(start),
            Some('\\') => {
                cursor.bump();
                if cursor.peek().is_some_and(|c| c != '\n') {
                    cursor.bump();
                }
            }
            Some(c) => {
                cursor.bump();
                if c == quote {
                    return Ok(());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attaches_comments_to_the_tokens_around_them() {
        let tokens = tokenize("a; // t\n\n// l\nb /* x */ c").unwrap();
        let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["a", ";", "b", "c", ""]);
        assert_eq!(tokens[1].trailing[0].text, "// t");
        assert_eq!(tokens[2].leading[0].text, "// l");
        assert_eq!(tokens[2].leading[0].newlines_before, 2);
        assert_eq!(tokens[2].newlines_before, 1);
        assert_eq!(tokens[2].trailing[0].text, "/* x */");
    }

    #[test]
    fn keeps_numbers_and_strings_as_written() {
        let tokens = tokenize("1.5e-3 0x1F 'a\\'b' .5").unwrap();
        let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["1.5e-3", "0x1F", "'a\\'b'", ".5", ""]);
    }

    #[test]
    fn reports_where_a_string_is_unterminated() {
        let error = tokenize("a\n  \"open\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 3));
    }
}
