use std::io::{self, Write};

use super::Diagnostic;

/// Workflow commands that GitHub shows as annotations on the pull request. An approved
/// break is a notice: visible, not a failure.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    for d in diagnostics {
        let span = d.display_span();
        let (command, message) = match &d.allowed {
            Some(reason) => ("notice", format!("{} (allowed: {reason})", d.message)),
            None => ("error", d.message.clone()),
        };
        if d.is_unplaced() {
            writeln!(
                out,
                "::{command} title={}::{}",
                escape_property(&d.rule),
                escape_data(&message)
            )?;
            continue;
        }
        writeln!(
            out,
            "::{command} file={},line={},endLine={},col={},endColumn={},title={}::{}",
            escape_property(&d.path),
            span.start_line,
            span.end_line,
            span.start_column,
            span.end_column,
            escape_property(&d.rule),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// Workflow command data must not carry raw newlines or percent signs.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Properties additionally must not carry the separators `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_separators() {
        assert_eq!(escape_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(escape_data("x\ny"), "x%0Ay");
    }
}
