use std::io::{self, Write};

use super::Diagnostic;

/// The Visual Studio error-list form: `path(line,col) : error RULE_ID : message`.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let span = d.display_span();
        writeln!(
            out,
            "{}({},{}) : error {} : {}",
            d.shown_path(),
            span.start_line,
            span.start_column,
            d.rule,
            d.message
        )?;
    }
    Ok(())
}
