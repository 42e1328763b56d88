use crate::lint::comment_ignore::DIRECTIVE_MARK;
use crate::lint::ignored_rule_ids;

/// True when a comment says nothing: empty, whitespace, or only ignore directives.
pub fn is_blank(comment: &str) -> bool {
    if !comment.contains(DIRECTIVE_MARK) {
        return comment.trim().is_empty();
    }
    comment
        .lines()
        .filter(|line| ignored_rule_ids(&Default::default(), line).is_empty())
        .all(|line| line.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn directives_alone_are_blank() {
        assert!(is_blank(" \n"));
        assert!(is_blank(" buf:lint:ignore COMMENT_FIELD\n"));
        assert!(!is_blank(
            " The page size.\n buf:lint:ignore FIELD_LOWER_SNAKE_CASE\n"
        ));
    }
}
