use std::io::{self, Write};

use super::Diagnostic;

/// `path:line:col: RULE_ID message`, one finding per line; approved findings end with
/// `(allowed: reason)`.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let span = d.display_span();
        write!(
            out,
            "{}:{}:{}: {} {}",
            d.shown_path(),
            span.start_line,
            span.start_column,
            d.rule,
            d.message
        )?;
        match &d.allowed {
            Some(reason) => writeln!(out, " (allowed: {reason})")?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}
