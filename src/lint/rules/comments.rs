use crate::lint::ignored_rule_ids;

/// True when a comment says nothing: empty, whitespace, or only ignore directives.
/// (`ignored_rule_ids` answers at once for lines without a directive.)
pub fn is_blank(comment: &str) -> bool {
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
