//! The text of comments as printed: block comments re-indented with their statement, line
//! comments turned into block comments where a line must go on after them.

/// The lines of a block comment that starts at source column `column` (0-based) and is now
/// written on a line indented by `indent` spaces. The first line is returned as written; the
/// others carry their full indentation.
///
/// A comment whose later lines all start with `*` gets them aligned one space in from the
/// `/*`. Otherwise the later lines keep their indentation relative to each other, the least
/// indented text three spaces in (aligned with the text after `/* `), and a lone `*/` goes
/// under the `/*`.
pub fn block_comment_lines(text: &str, column: usize, indent: usize) -> Vec<String> {
    let mut lines = text.split('\n').map(|line| line.trim_end());
    let mut out = vec![lines.next().unwrap_or_default().to_string()];
    let rest: Vec<&str> = lines.collect();
    let starred = rest
        .iter()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('*'));
    let is_text = |line: &str| !line.trim().is_empty() && line.trim() != "*/";
    let offset = |line: &str| {
        let width = line.chars().take_while(|c| c.is_whitespace()).count();
        isize::try_from(width).unwrap_or(isize::MAX) - isize::try_from(column).unwrap_or(0)
    };
    let least = rest
        .iter()
        .filter(|line| is_text(line))
        .map(|line| offset(line))
        .min();
    for line in rest {
        let content = line.trim_start();
        let spaces = if content.is_empty() {
            out.push(String::new());
            continue;
        } else if starred {
            indent + 1
        } else if content == "*/" {
            indent
        } else {
            let shifted = offset(line) - least.unwrap_or(0) + 3;
            indent + usize::try_from(shifted).unwrap_or(0)
        };
        out.push(format!("{}{content}", " ".repeat(spaces)));
    }
    out
}

/// `// text` as `/* text */`, or None when the text would end the block comment early.
pub fn inline_block(line_comment: &str) -> Option<String> {
    let body = line_comment.strip_prefix("//")?.trim_end();
    if body.contains("*/") {
        return None;
    }
    if body.trim().is_empty() {
        return Some("/* */".to_string());
    }
    let body = body.strip_prefix(' ').unwrap_or(body);
    Some(format!("/* {body} */"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_starred_lines_under_the_opening() {
        let lines = block_comment_lines("/* a\n      * b\n   */", 4, 2);
        assert_eq!(lines, ["/* a", "   * b", "   */"]);
    }

    #[test]
    fn keeps_the_relative_indentation_of_text_lines() {
        let lines = block_comment_lines("/* a\n         b\n            c\n      */", 6, 2);
        assert_eq!(lines, ["/* a", "     b", "        c", "  */"]);
    }

    #[test]
    fn turns_a_line_comment_into_a_block_comment() {
        assert_eq!(inline_block("// why").as_deref(), Some("/* why */"));
        assert_eq!(inline_block("// a */ b"), None);
    }
}
