//! Command-line interface: one file per subcommand. This layer owns printing and exit codes.

mod baseline;
mod breaking;
mod build;
mod color;
mod completions;
mod fmt;
mod generate;
mod history;
mod init;
mod lint;
mod progress;
mod release;
mod rules;
mod signals;

pub use signals::exit_cleanly_on_signals;
#[cfg(unix)]
pub use signals::restore_default_signal_actions;

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::PathIgnores;
use crate::error::ToolError;
use crate::report::{
    Diagnostic, ErrorFormat, render, render_baseline, render_terminal, sort_and_dedup, summary,
};
use crate::workspace::Module;

#[derive(Parser)]
#[command(
    name = "protogate",
    version,
    about = "Governs protobuf contracts: compile, lint, and detect breaking changes."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour, source snippets and a summary in text output: auto (on a terminal; NO_COLOR
    /// turns colour off), always (also when piped), never (no colour).
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: color::ColorChoice,
}

#[derive(Subcommand)]
enum Command {
    /// Check .proto files against the lint rules.
    Lint(lint::LintArgs),
    /// Find changes that break clients of a previous version.
    Breaking(breaking::BreakingArgs),
    /// Compile .proto files into a FileDescriptorSet image.
    Build(build::BuildArgs),
    /// Format .proto files in the canonical (buf format) style.
    Fmt(fmt::FmtArgs),
    /// Generate a Rust crate (prost + tonic) with a runnable reference server.
    Generate(generate::GenerateArgs),
    /// Check every field and enum value number against its whole history of versions.
    History(history::HistoryArgs),
    /// Classify the changes since the last release, suggest the version, write the changelog.
    Release(release::ReleaseArgs),
    /// List the rules.
    Rules(rules::RulesArgs),
    /// Print the documentation of one rule.
    Explain(rules::ExplainArgs),
    /// Write a commented protogate.yaml, or convert an existing buf.yaml (--from-buf).
    Init(init::InitArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff) of protogate or one of its subcommands.
    Man(completions::ManArgs),
}

/// What a command concluded, before it becomes an exit code.
pub enum Outcome {
    Clean,
    Findings,
}

/// Parses the arguments, runs the command and maps the result to the exit code: 0, 1 or 2.
pub fn run() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return code;
        }
    };
    color::set_choice(cli.color);
    match &cli.command {
        Command::Lint(_) => progress::start_activity("linting"),
        Command::Breaking(_) => progress::start_activity("comparing"),
        _ => {}
    }
    let result = match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Breaking(args) => breaking::run(args),
        Command::Build(args) => build::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Generate(args) => generate::run(args),
        Command::History(args) => history::run(args),
        Command::Release(args) => release::run(args),
        Command::Rules(args) => rules::run_rules(args),
        Command::Explain(args) => rules::run_explain(args),
        Command::Init(args) => init::run(args),
        Command::Completions(args) => completions::run_completions(args),
        Command::Man(args) => completions::run_man(args),
    };
    progress::stop_activity();
    match result {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::Findings) => 1,
        Err(error) => {
            eprintln!("protogate: {error}");
            2
        }
    }
}

/// The PATH arguments, defaulting to the current directory.
fn paths_or_current(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

/// Drops the findings that the module's `ignore` and `ignore_only` switch off, matching a
/// deleted file's finding by the deleted path (which it leaves relative to the config, for
/// the baseline). Findings about files outside the module (or no file at all) are kept.
fn without_ignored(
    module: &Module,
    ignores: &PathIgnores,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let paths = module.paths_from_config();
    baseline::record(module, &paths);
    for d in &mut diagnostics {
        if let Some(name) = &d.deleted_file {
            d.deleted_file = Some(module.path_from_config(name));
        }
    }
    // Filtered in place: most configs ignore nothing, and then no finding moves.
    if !ignores.is_empty() {
        diagnostics.retain(|d| {
            let path = match &d.deleted_file {
                Some(deleted) => Some(deleted),
                None => paths.get(d.path.as_str()),
            };
            path.is_none_or(|path| !ignores.is_ignored(&d.rule, path))
        });
    }
    diagnostics
}

/// Adds `more` to the findings gathered so far, taking the list whole when there are none
/// yet: lint on googleapis gathers 90,000 findings, and each copy of them (about 12 MB, into
/// fresh memory) cost the single thread that makes it about 9 ms.
fn gather(findings: &mut Vec<Diagnostic>, more: Vec<Diagnostic>) {
    if findings.is_empty() {
        *findings = more;
    } else {
        findings.extend(more);
    }
}

/// Prints `text`. A closed pipe (`| head`) is not an error; `print!` would panic on it.
pub(crate) fn write_stdout(text: &str) -> Result<(), ToolError> {
    progress::stop_activity();
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(ToolError::new(format!("cannot write output: {error}")))
        }
        _ => Ok(()),
    }
}

/// Sorts, prints and classifies diagnostics. A closed pipe (`| head`) ends output quietly.
fn print_diagnostics(
    mut diagnostics: Vec<Diagnostic>,
    format: ErrorFormat,
) -> Result<Outcome, ToolError> {
    sort_and_dedup(&mut diagnostics);
    progress::stop_activity();
    let shown = color::presentation();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match format {
        ErrorFormat::Text if shown.snippets => {
            render_terminal(&diagnostics, shown.colour, &mut out)
        }
        ErrorFormat::ConfigIgnoreYaml => {
            let (findings, version) = baseline::config_relative(&diagnostics);
            render_baseline(&findings, version, &mut out)
        }
        _ => render(format, &diagnostics, &mut out),
    };
    let written = written.and_then(|_| out.flush());
    if format == ErrorFormat::Text
        && shown.summary
        && let Some(line) = summary(&diagnostics, shown.summary_colour)
    {
        eprintln!("{line}");
    }
    match written {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            return Err(ToolError::new(format!("cannot write output: {error}")));
        }
        _ => {}
    }
    // Findings approved in source are shown but do not fail the run.
    let outcome = if diagnostics.iter().all(|d| d.allowed.is_some()) {
        Outcome::Clean
    } else {
        Outcome::Findings
    };
    crate::compile::release_when_done(diagnostics);
    Ok(outcome)
}
