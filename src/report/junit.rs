use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Diagnostic;

/// One test suite per file, one failing test case per finding.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        by_file.entry(d.shown_path()).or_default().push(d);
    }
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, "<testsuites>")?;
    for (path, findings) in by_file {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0">"#,
            escape(path),
            findings.len(),
            findings.len()
        )?;
        for d in findings {
            let span = d.display_span();
            writeln!(
                out,
                r#"    <testcase classname="{}" name="{}_{}_{}">"#,
                escape(path),
                escape(&d.rule),
                span.start_line,
                span.start_column
            )?;
            writeln!(
                out,
                r#"      <failure message="{}:{}:{}: {}" type="{}"></failure>"#,
                escape(path),
                span.start_line,
                span.start_column,
                escape(&d.message),
                escape(&d.rule)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c => escaped.push(c),
        }
    }
    escaped
}
