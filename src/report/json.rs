use std::io::{self, Write};

use serde::Serialize;

use super::Diagnostic;

/// One line per finding, with buf's keys.
#[derive(Serialize)]
struct JsonLine<'a> {
    /// Omitted for findings that have no file, as buf does.
    #[serde(skip_serializing_if = "str::is_empty")]
    path: &'a str,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(rename = "type")]
    rule: &'a str,
    message: &'a str,
    /// Present, and true, for findings approved with `protogate:allow-breaking`.
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let span = d.display_span();
        let line = JsonLine {
            path: &d.path,
            start_line: span.start_line,
            start_column: span.start_column,
            end_line: span.end_line,
            end_column: span.end_column,
            rule: &d.rule,
            message: &d.message,
            allowed: d.allowed.as_ref().map(|_| true),
            reason: d.allowed.as_deref(),
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}
