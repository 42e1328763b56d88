//! Shell integration: completion scripts (clap_complete) and man pages (clap_mangen), both
//! printed to stdout.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Outcome, write_stdout};
use crate::error::ToolError;

#[derive(Args)]
#[command(after_help = "Examples:
  protogate completions bash > ~/.local/share/bash-completion/completions/protogate
  protogate completions zsh > \"${fpath[1]}/_protogate\"
  protogate completions fish > ~/.config/fish/completions/protogate.fish
  protogate completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell to write a completion script for.
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(Args)]
#[command(after_help = "Example: protogate man | man -l -")]
pub struct ManArgs {
    /// A subcommand whose page to print (as protogate-SUBCOMMAND); the main page otherwise.
    subcommand: Option<String>,
}

pub fn run_completions(args: CompletionsArgs) -> Result<Outcome, ToolError> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "protogate", &mut script);
    write_stdout(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Clean)
}

pub fn run_man(args: ManArgs) -> Result<Outcome, ToolError> {
    let mut command = Cli::command().disable_help_subcommand(true);
    // Building names each subcommand `protogate-NAME`, as its page is titled.
    command.build();
    let page = match &args.subcommand {
        None => command,
        Some(name) => command
            .find_subcommand(name)
            .cloned()
            .ok_or_else(|| ToolError::new(format!("no subcommand \"{name}\"")))?,
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut roff)
        .map_err(|e| ToolError::new(format!("cannot render the man page: {e}")))?;
    write_stdout(&String::from_utf8_lossy(&roff))?;
    Ok(Outcome::Clean)
}
