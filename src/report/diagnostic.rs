use rayon::slice::ParallelSliceMut;
use serde::Serialize;

/// A 1-based source range; the end column is exclusive, as in buf's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start_line: u32,
    pub start_column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Span {
    pub fn point(line: u32, column: u32) -> Span {
        Span {
            start_line: line,
            start_column: column,
            end_line: line,
            end_column: column,
        }
    }

    /// The position just after `text`, which starts at line 1, column 1: columns count
    /// characters.
    pub fn after(text: &str) -> Span {
        let line = text.matches('\n').count() + 1;
        let last_line = text.rsplit('\n').next().unwrap_or_default();
        let column = last_line.chars().count() + 1;
        Span::point(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What text formats show as the path of a finding that has no file.
const UNPLACED_PATH: &str = "<input>";

/// Rule id used for compile errors.
pub const COMPILE_RULE_ID: &str = "COMPILE";

/// One finding: data only. Renderers decide how it looks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// The file as the user sees it, relative to the current directory.
    pub path: String,
    /// Absent when the finding concerns a whole file (a deleted file, a file name).
    pub span: Option<Span>,
    pub rule: String,
    pub message: String,
    pub severity: Severity,
    /// Set when the finding was approved in source (`protogate:allow-breaking`): the reason.
    /// Approved findings are reported but do not fail the run.
    pub allowed: Option<String>,
    /// For a finding about a deleted file: that file's path, which `ignore` and `ignore_only`
    /// match since the finding has no path of its own. Relative to the module root as the
    /// engine reports it, and to the config's directory once the module's ignores applied.
    pub deleted_file: Option<String>,
}

impl Diagnostic {
    pub fn new(path: impl Into<String>, span: Option<Span>, rule: &str, message: String) -> Self {
        Diagnostic {
            path: path.into(),
            span,
            rule: rule.to_string(),
            message,
            severity: Severity::Error,
            allowed: None,
            deleted_file: None,
        }
    }

    /// True for findings about something that no longer has a file: a deleted file or
    /// package.
    pub fn is_unplaced(&self) -> bool {
        self.path.is_empty()
    }

    /// The path to print; findings without a file show as `<input>`.
    pub fn shown_path(&self) -> &str {
        if self.is_unplaced() {
            UNPLACED_PATH
        } else {
            &self.path
        }
    }

    /// The span to print: a finding without a location points at the top of its file.
    pub fn display_span(&self) -> Span {
        self.span.unwrap_or(Span::point(1, 1))
    }
}

/// Sorts by path, position, rule and message, and drops exact repeats.
pub fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    // A stable sort, split across the workers: the order is the same as a sequential one's.
    crate::compile::in_worker_pool(|| {
        diagnostics.par_sort_by(|a, b| {
            (&a.path, a.display_span(), &a.rule, &a.message).cmp(&(
                &b.path,
                b.display_span(),
                &b.rule,
                &b.message,
            ))
        })
    });
    diagnostics.dedup();
}
