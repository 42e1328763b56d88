use std::io::{self, Write};

use super::Diagnostic;

/// `path:line:col: RULE_ID message`, one finding per line.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let span = d.display_span();
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            d.shown_path(),
            span.start_line,
            span.start_column,
            d.rule,
            d.message
        )?;
    }
    Ok(())
}
