use std::io::{self, Write};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Diagnostic;

/// GitLab's Code Quality report: one JSON array.
#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation<'a>,
}

#[derive(Serialize)]
struct IssueLocation<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Issue> = diagnostics
        .iter()
        .map(|d| {
            let span = d.display_span();
            // The fingerprint identifies the finding across runs, so GitLab can tell new
            // findings from old ones.
            let digest = Sha256::digest(format!(
                "{}:{}:{}:{}:{}",
                d.path, span.start_line, span.start_column, d.rule, d.message
            ));
            Issue {
                description: d.message.clone(),
                check_name: &d.rule,
                fingerprint: digest.iter().map(|b| format!("{b:02x}")).collect(),
                severity: if d.allowed.is_some() { "info" } else { "minor" },
                location: IssueLocation {
                    path: d.shown_path(),
                    lines: Lines {
                        begin: span.start_line,
                    },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}
