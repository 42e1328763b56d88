//! The encoded FileDescriptorSet as Rust source (a byte string literal), so the generated
//! crate embeds it for server reflection in a text file that carries the generated marker.

/// Characters per source line before a line continuation.
const LINE_WIDTH: usize = 96;

/// Renders `bytes` as a byte string expression for `include!`. Every byte that is not an
/// ASCII letter, digit or harmless punctuation is escaped, spaces included: a line
/// continuation skips the next line's leading whitespace.
pub fn render_byte_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    out.push_str("b\"\\\n");
    let mut line_len = 0;
    for &byte in bytes {
        let piece = match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (byte as char).to_string(),
            b'.' | b'_' | b'-' | b'/' | b',' | b':' | b';' | b'(' | b')' | b'=' | b'+' | b'*' => {
                (byte as char).to_string()
            }
            _ => format!("\\x{byte:02x}"),
        };
        if line_len + piece.len() > LINE_WIDTH {
            out.push_str("\\\n");
            line_len = 0;
        }
        line_len += piece.len();
        out.push_str(&piece);
    }
    out.push_str("\\\n\"\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes the literal the way rustc does for the escapes we emit.
    fn decode(literal: &str) -> Vec<u8> {
        let body = literal
            .strip_prefix("b\"")
            .and_then(|s| s.strip_suffix("\"\n"))
            .unwrap();
        let mut out = Vec::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c as u8);
                continue;
            }
            match chars.next().unwrap() {
                '\n' => {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                'x' => {
                    let hex: String = chars.by_ref().take(2).collect();
                    out.push(u8::from_str_radix(&hex, 16).unwrap());
                }
                other => panic!("unexpected escape {other}"),
            }
        }
        out
    }

    #[test]
    fn round_trips_every_byte_and_keeps_lines_short() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let literal = render_byte_string(&bytes);
        assert_eq!(decode(&literal), bytes);
        assert!(literal.lines().all(|line| line.len() <= LINE_WIDTH + 1));
    }

    #[test]
    fn escapes_spaces_so_continuations_cannot_eat_them() {
        let literal = render_byte_string(&[b' '; 200]);
        assert!(!literal.contains(' '));
        assert_eq!(decode(&literal), vec![b' '; 200]);
    }
}
