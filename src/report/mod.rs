//! Diagnostics and the renderers that print them, one module per output format.

mod config_ignore_yaml;
mod diagnostic;
mod github_actions;
mod gitlab;
mod json;
mod junit;
mod msvs;
mod sarif;
mod terminal;
mod text;

use std::io::{self, Write};

pub use config_ignore_yaml::render_baseline;
pub use diagnostic::{COMPILE_RULE_ID, Diagnostic, Severity, Span, sort_and_dedup};
pub use terminal::{render as render_terminal, summary};

/// The output formats `--error-format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ErrorFormat {
    Text,
    Json,
    Sarif,
    GithubActions,
    Junit,
    GitlabCodeQuality,
    Msvs,
    // An `ignore_only` baseline of today's findings, to paste into the config.
    ConfigIgnoreYaml,
}

/// Writes the diagnostics (already sorted) in the chosen format.
pub fn render(
    format: ErrorFormat,
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ErrorFormat::Text => text::render(diagnostics, out),
        ErrorFormat::Json => json::render(diagnostics, out),
        ErrorFormat::Sarif => sarif::render(diagnostics, out),
        ErrorFormat::GithubActions => github_actions::render(diagnostics, out),
        ErrorFormat::Junit => junit::render(diagnostics, out),
        ErrorFormat::GitlabCodeQuality => gitlab::render(diagnostics, out),
        ErrorFormat::Msvs => msvs::render(diagnostics, out),
        ErrorFormat::ConfigIgnoreYaml => config_ignore_yaml::render(diagnostics, out),
    }
}
