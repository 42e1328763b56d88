//! `--color auto|always|never` and what it means for text output: colour, source snippets
//! on stdout, and the summary line on stderr.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// The global `--color` flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    // Colour and snippets when printing to a terminal (no colour when NO_COLOR is set).
    #[default]
    Auto,
    // The terminal presentation (colour, snippets, summary) even when piped.
    Always,
    // Never colour; snippets still show on a terminal.
    Never,
}

static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

/// Records the flag for the rest of the run.
pub fn set_choice(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// How text findings are presented.
#[derive(Debug, Clone, Copy)]
pub struct Presentation {
    /// Findings as annotated source snippets rather than `path:line:col: RULE message`.
    pub snippets: bool,
    /// ANSI colour on stdout.
    pub colour: bool,
    /// A summary line on stderr.
    pub summary: bool,
    /// ANSI colour in the summary.
    pub summary_colour: bool,
}

/// Snippets go to a terminal (or wherever `--color always` says); colour also needs
/// NO_COLOR unset and a terminal that is not `dumb`, unless `--color always` asks for it.
pub fn presentation() -> Presentation {
    let stdout = std::io::stdout().is_terminal();
    let stderr = std::io::stderr().is_terminal();
    match CHOICE.get().copied().unwrap_or_default() {
        ColorChoice::Always => Presentation {
            snippets: true,
            colour: true,
            summary: true,
            summary_colour: true,
        },
        ColorChoice::Never => Presentation {
            snippets: stdout,
            colour: false,
            summary: stderr,
            summary_colour: false,
        },
        ColorChoice::Auto => Presentation {
            snippets: stdout,
            colour: stdout && environment_allows_colour(),
            summary: stderr,
            summary_colour: stderr && environment_allows_colour(),
        },
    }
}

/// <https://no-color.org>: a non-empty NO_COLOR turns colour off.
fn environment_allows_colour() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    !no_color && !dumb
}
