//! The order in which the file's statements are written: the header (syntax, package,
//! imports, then file options sorted by name, built-in before custom), then the
//! definitions as they come.

use super::lexer::Token;
use super::tree::{File, Piece, Statement, StatementKind};

/// Header statements first, options sorted, as the printer writes them.
pub fn statements_in_print_order<'f>(tokens: &[Token], file: &'f File) -> Vec<&'f Statement> {
    let of_kind = |kind: StatementKind| {
        file.statements
            .iter()
            .filter(move |statement| statement.kind == kind)
    };
    let mut options: Vec<&Statement> = of_kind(StatementKind::Option).collect();
    options.sort_by_cached_key(|option| option_sort_key(tokens, option));
    of_kind(StatementKind::Syntax)
        .chain(of_kind(StatementKind::Package))
        .chain(of_kind(StatementKind::Import))
        .chain(options)
        .chain(of_kind(StatementKind::Definition))
        .collect()
}

/// File options sort by name as written, built-in options before custom ones.
fn option_sort_key(tokens: &[Token], option: &Statement) -> (bool, String) {
    let mut name = String::new();
    for piece in &option.pieces[1..] {
        match piece {
            Piece::Token { tok, .. } if !tokens[*tok].is("=") => name.push_str(tokens[*tok].text),
            _ => break,
        }
    }
    (name.starts_with('('), name)
}
