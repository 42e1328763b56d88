use std::io::{self, Write};

use super::Diagnostic;

/// The Visual Studio error-list form: `path(line,col) : error RULE_ID : message`; approved
/// findings are warnings.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let span = d.display_span();
        writeln!(
            out,
            "{}({},{}) : {} {} : {}",
            d.shown_path(),
            span.start_line,
            span.start_column,
            if d.allowed.is_some() {
                "warning"
            } else {
                "error"
            },
            d.rule,
            d.message
        )?;
    }
    Ok(())
}
