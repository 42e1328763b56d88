//! `// protogate:allow-breaking RULE_ID reason`: a reviewed, deliberate break. Written in the
//! leading comment of the current element or of an element that encloses it, it lets the
//! finding pass while keeping it visible, with its reason, in the report.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::error::ToolError;
use crate::model::Location;

const DIRECTIVE: &str = "protogate:allow-breaking";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub rule: String,
    pub reason: String,
}

/// The approvals written in one comment. `path` names the file in the error for a
/// directive without a reason.
pub fn approvals_in(location: &Location, path: &str) -> Result<Vec<Approval>, ToolError> {
    let mut approvals = Vec::new();
    // Most comments hold no directive: one search skips them. Every paired element's
    // comment is searched (36 MB of comments on googleapis), so with memchr's vectorised
    // searcher, built once.
    static SEARCH: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(DIRECTIVE));
    if SEARCH.find(location.leading_comments.as_bytes()).is_none() {
        return Ok(approvals);
    }
    for (index, line) in location.leading_comments.lines().enumerate() {
        let Some(rest) = line.trim().strip_prefix(DIRECTIVE) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(rule), reason) = (words.next(), words.collect::<Vec<_>>().join(" ")) else {
            return Err(directive_error(location, index, path, "names no rule"));
        };
        if reason.is_empty() {
            return Err(directive_error(
                location,
                index,
                path,
                &format!(
                    "for {rule} gives no reason; write `// {DIRECTIVE} {rule} <why this break is safe>`"
                ),
            ));
        }
        approvals.push(Approval {
            rule: rule.to_string(),
            reason,
        });
    }
    Ok(approvals)
}

/// Names the line of the directive: a leading comment ends on the line before its
/// element, one comment line per source line.
fn directive_error(location: &Location, index: usize, path: &str, problem: &str) -> ToolError {
    let span = location.span.unwrap_or_default();
    let comment_lines = location.leading_comments.lines().count() as u32;
    let line = (span.start_line.saturating_sub(comment_lines) + index as u32).max(1);
    ToolError::new(format!(
        "{path}:{line}:{}: {DIRECTIVE} {problem}",
        span.start_column
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> Location {
        Location {
            leading_comments: text.to_string(),
            ..Location::default()
        }
    }

    #[test]
    fn reads_rule_and_reason() {
        let approvals = approvals_in(
            &comment(
                " protogate:allow-breaking FIELD_NO_DELETE unused since v2, clients migrated\n",
            ),
            "a.proto",
        )
        .unwrap();
        assert_eq!(
            approvals,
            vec![Approval {
                rule: "FIELD_NO_DELETE".to_string(),
                reason: "unused since v2, clients migrated".to_string()
            }]
        );
    }

    #[test]
    fn a_missing_reason_is_an_error() {
        let error = approvals_in(
            &comment(" protogate:allow-breaking FIELD_NO_DELETE\n"),
            "a.proto",
        )
        .unwrap_err();
        assert!(error.to_string().contains("gives no reason"), "{error}");
    }
}
