use std::io::{self, Write};

use rayon::prelude::*;

use super::Diagnostic;

/// How many findings a worker formats at a time.
const CHUNK: usize = 2048;

/// `path:line:col: RULE_ID message`, one finding per line; approved findings end with
/// `(allowed: reason)`. A large report is formatted a chunk per worker at a time, in
/// parallel, and written in order; only those chunks' text is held at once.
pub fn render(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    if diagnostics.len() <= CHUNK {
        return render_lines(diagnostics, out);
    }
    let round = CHUNK * crate::compile::worker_count();
    for findings in diagnostics.chunks(round) {
        let texts: Vec<Vec<u8>> = crate::compile::in_worker_pool(|| {
            findings
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut text = Vec::new();
                    render_lines(chunk, &mut text).map(|()| text)
                })
                .collect::<io::Result<_>>()
        })?;
        texts.iter().try_for_each(|text| out.write_all(text))?;
    }
    Ok(())
}

fn render_lines(diagnostics: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Span;

    #[test]
    fn a_large_report_is_written_in_order() {
        let findings: Vec<Diagnostic> = (1..=3 * CHUNK as u32 + 5)
            .map(|line| {
                let mut d = Diagnostic::new(
                    format!("f{}.proto", line % 7),
                    Some(Span::point(line, 2)),
                    "FIELD_LOWER_SNAKE_CASE",
                    format!("finding {line}"),
                );
                if line % 5 == 0 {
                    d.allowed = Some("approved".into());
                }
                d
            })
            .collect();
        let mut whole = Vec::new();
        render(&findings, &mut whole).unwrap();
        let mut one_by_one = Vec::new();
        for finding in &findings {
            render(std::slice::from_ref(finding), &mut one_by_one).unwrap();
        }
        assert_eq!(whole, one_by_one);
        let text = String::from_utf8(whole).unwrap();
        assert_eq!(text.lines().count(), findings.len());
        assert_eq!(
            text.lines().nth(4),
            Some("f5.proto:5:2: FIELD_LOWER_SNAKE_CASE finding 5 (allowed: approved)")
        );
    }
}
