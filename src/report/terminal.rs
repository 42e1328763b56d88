//! The text format as people read it on a terminal: each finding with its source line, the
//! span underlined, the rule id and a one-line help, drawn by annotate-snippets. A finding
//! whose source cannot be shown (no file, an unreadable file, a span outside the file as it
//! is now) falls back to the plain `path:line:col: RULE_ID message` line.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};

use super::{COMPILE_RULE_ID, Diagnostic, text};
use crate::catalog::find_rule;

/// Writes every finding as an annotated snippet; `colour` adds ANSI styles.
pub fn render(diagnostics: &[Diagnostic], colour: bool, out: &mut dyn Write) -> io::Result<()> {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources = SourceCache::default();
    for d in diagnostics {
        let shown = if d.is_unplaced() {
            None
        } else if d.span.is_none() {
            // About the whole file (its name, its package): nothing to underline.
            Some(whole_file(&renderer, d))
        } else {
            sources
                .excerpt(d)
                .map(|excerpt| snippet(&renderer, d, &excerpt))
        };
        match shown {
            Some(report) => writeln!(out, "{report}\n")?,
            None => text::render(std::slice::from_ref(d), out)?,
        }
    }
    Ok(())
}

/// How many rules the summary names before it only counts the rest.
const SUMMARY_RULES: usize = 8;

/// `3 findings in 2 files (2 FIELD_LOWER_SNAKE_CASE, 1 IMPORT_USED)`, most frequent rule
/// first; None when there is nothing to summarise.
pub fn summary(diagnostics: &[Diagnostic], colour: bool) -> Option<String> {
    if diagnostics.is_empty() {
        return None;
    }
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diagnostics {
        *per_rule.entry(&d.rule).or_default() += 1;
    }
    let mut per_rule: Vec<(&str, usize)> = per_rule.into_iter().collect();
    per_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let files = diagnostics
        .iter()
        .filter(|d| !d.is_unplaced())
        .map(|d| d.path.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let allowed = diagnostics.iter().filter(|d| d.allowed.is_some()).count();
    let count = plural(diagnostics.len(), "finding", "findings");
    let style = if colour {
        Style::new().effects(Effects::BOLD)
    } else {
        Style::new()
    };
    let mut line = format!("{style}{count}{style:#}");
    if files > 0 {
        line.push_str(&format!(" in {}", plural(files, "file", "files")));
    }
    let mut rules: Vec<String> = per_rule
        .iter()
        .take(SUMMARY_RULES)
        .map(|(rule, n)| format!("{n} {rule}"))
        .collect();
    if per_rule.len() > SUMMARY_RULES {
        rules.push(format!("{} more rules", per_rule.len() - SUMMARY_RULES));
    }
    line.push_str(&format!(" ({})", rules.join(", ")));
    if allowed > 0 {
        let note = if colour {
            AnsiColor::Cyan.on_default()
        } else {
            Style::new()
        };
        line.push_str(&format!("; {note}{allowed} allowed in source{note:#}"));
    }
    Some(line)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The source line a finding starts on, and where its span lies within it.
struct Excerpt<'s> {
    text: &'s str,
    line: usize,
    span: Range<usize>,
}

/// An approved finding is a note; any other an error.
fn title(d: &Diagnostic) -> (Level<'static>, String) {
    match &d.allowed {
        Some(reason) => (Level::NOTE, format!("{} (allowed: {reason})", d.message)),
        None => (Level::ERROR, d.message.clone()),
    }
}

fn whole_file(renderer: &Renderer, d: &Diagnostic) -> String {
    let (level, title) = title(d);
    let report = [level
        .primary_title(title)
        .id(d.rule.as_str())
        .element(Origin::path(d.path.as_str()))
        .element(Level::HELP.message(help(&d.rule)))];
    renderer.render(&report)
}

fn snippet(renderer: &Renderer, d: &Diagnostic, excerpt: &Excerpt) -> String {
    let (level, title) = title(d);
    let help = help(&d.rule);
    let report = [level
        .primary_title(title)
        .id(d.rule.as_str())
        .element(
            Snippet::source(excerpt.text)
                .line_start(excerpt.line)
                .path(d.path.as_str())
                .annotation(AnnotationKind::Primary.span(excerpt.span.clone())),
        )
        .element(Level::HELP.message(help))];
    renderer.render(&report)
}

/// What the rule wants, and where to read more.
fn help(rule: &str) -> String {
    match find_rule(rule) {
        Some((_, info)) => format!("{} See `protogate explain {rule}`.", info.purpose),
        None if rule == COMPILE_RULE_ID => "The file must compile before it is checked.".into(),
        None => format!("See `protogate explain {rule}`."),
    }
}

/// Sources read from disk by their display path, once per file.
#[derive(Default)]
struct SourceCache {
    files: HashMap<String, Option<String>>,
}

impl SourceCache {
    fn excerpt(&mut self, d: &Diagnostic) -> Option<Excerpt<'_>> {
        if d.is_unplaced() {
            return None;
        }
        let span = d.span?;
        let source = self
            .files
            .entry(d.path.clone())
            .or_insert_with(|| std::fs::read_to_string(&d.path).ok())
            .as_deref()?;
        excerpt_of(source, span)
    }
}

/// The first line of `span`, and the span's part of it. Columns count bytes from 1 and the
/// end column is exclusive. A span over many lines (a whole message) is shown by its first
/// line, underlined to its end: the element's head says which one it is, and the report
/// stays short. A span that does not fit the file (it changed since, or the finding is
/// about another version) gives None.
fn excerpt_of(source: &str, span: super::Span) -> Option<Excerpt<'_>> {
    let number = usize::try_from(span.start_line).ok()?;
    if number == 0 || span.end_line < span.start_line {
        return None;
    }
    let line = source.split('\n').nth(number - 1)?;
    let text = line.strip_suffix('\r').unwrap_or(line);
    let start = column_offset(text, span.start_column)?;
    let end = if span.end_line > span.start_line {
        text.len()
    } else {
        column_offset(text, span.end_column)?
    };
    let span = if end > start {
        start..end
    } else {
        // A point: underline the one character there, if any.
        let next = text[start..].chars().next().map_or(0, char::len_utf8);
        start..start + next
    };
    Some(Excerpt {
        text,
        line: number,
        span,
    })
}

/// The byte offset of a 1-based byte column within `line`; None past its end.
fn column_offset(line: &str, column: u32) -> Option<usize> {
    let offset = usize::try_from(column).ok()?.checked_sub(1)?;
    (offset <= line.len() && line.is_char_boundary(offset)).then_some(offset)
}

#[cfg(test)]
mod tests {
    use super::super::{Diagnostic, Span};
    use super::*;

    fn finding(path: &str, rule: &str) -> Diagnostic {
        Diagnostic::new(path, Some(Span::point(1, 1)), rule, "m".into())
    }

    #[test]
    fn excerpts_cover_the_span_lines() {
        let source = "a\n  string fooBar = 1;\nc\n";
        let span = Span {
            start_line: 2,
            start_column: 10,
            end_line: 2,
            end_column: 16,
        };
        let excerpt = excerpt_of(source, span).unwrap();
        assert_eq!(excerpt.text, "  string fooBar = 1;");
        assert_eq!(&excerpt.text[excerpt.span.clone()], "fooBar");
        assert_eq!(excerpt.line, 2);
    }

    #[test]
    fn spans_outside_the_file_have_no_excerpt() {
        let outside = Span {
            start_line: 9,
            start_column: 1,
            end_line: 9,
            end_column: 2,
        };
        assert!(excerpt_of("a\nb\n", outside).is_none());
        let past_the_line = Span {
            start_line: 1,
            start_column: 5,
            end_line: 1,
            end_column: 6,
        };
        assert!(excerpt_of("a\nb\n", past_the_line).is_none());
    }

    #[test]
    fn multi_line_spans_show_their_first_line() {
        let source = "message A {\n  int32 a = 1;\n}\nx\n";
        let span = Span {
            start_line: 1,
            start_column: 1,
            end_line: 3,
            end_column: 2,
        };
        let excerpt = excerpt_of(source, span).unwrap();
        assert_eq!(excerpt.text, "message A {");
        assert_eq!(&excerpt.text[excerpt.span.clone()], "message A {");
    }

    #[test]
    fn the_summary_counts_findings_files_and_rules() {
        let findings = [
            finding("a.proto", "FIELD_LOWER_SNAKE_CASE"),
            finding("a.proto", "IMPORT_USED"),
            finding("b.proto", "FIELD_LOWER_SNAKE_CASE"),
        ];
        assert_eq!(
            summary(&findings, false).unwrap(),
            "3 findings in 2 files (2 FIELD_LOWER_SNAKE_CASE, 1 IMPORT_USED)"
        );
        assert_eq!(
            summary(&findings[..1], false).unwrap(),
            "1 finding in 1 file (1 FIELD_LOWER_SNAKE_CASE)"
        );
        assert!(summary(&[], false).is_none());
    }
}
