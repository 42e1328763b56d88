use foldhash::{HashMap, HashMapExt};

use std::cell::RefCell;

use prost_reflect::OptionLocationMoves;
use protox_parse::{Comments, LocationRef, SourceLocations};

use crate::report::Span;

/// Where an element sits in its file, with the comment written above it (the one rules
/// read: documentation, and `buf:lint:ignore` and allow-breaking directives).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// Absent when the descriptor carries no source info (images, well-known types).
    pub span: Option<Span>,
    pub leading_comments: String,
}

/// A file's source info as the model reads it: its locations, kept apart from the pool, and
/// where the pool said the locations of its interpreted options move.
#[derive(Default)]
pub struct SourceInfo {
    pub locations: SourceLocations,
    pub option_moves: Option<OptionLocationMoves>,
}

impl From<SourceLocations> for SourceInfo {
    fn from(locations: SourceLocations) -> Self {
        SourceInfo {
            locations,
            option_moves: None,
        }
    }
}

impl SourceInfo {
    /// The locations, with those of options at the paths of the fields they set.
    pub(crate) fn into_moved_locations(self) -> SourceLocations {
        match self.option_moves {
            Some(moves) => self.locations.rewrite_paths(|path, moved| {
                if !moves.may_move(path) {
                    return false;
                }
                moved.extend_from_slice(path);
                moves.apply(moved);
                true
            }),
            None => self.locations,
        }
    }
}

/// Source locations indexed by descriptor path, so a lookup is one hash probe.
pub(crate) struct SourceIndex<'a> {
    by_path: PathMap<'a, LocationRef<'a>>,
    /// The locations' comments, taken out of them: the declaration of an element moves its
    /// leading comment from here rather than copying it (see `locate_declaration`).
    comments: RefCell<Vec<Comments>>,
}

/// A map keyed by descriptor paths (a few small integers). Every element of every file is
/// looked up here several times; foldhash hashes such keys several times faster than the
/// default SipHash.
type PathMap<'a, V> = HashMap<&'a [i32], V>;

impl<'a> SourceIndex<'a> {
    /// The index of `locations`, whose comments `take_comments` took as `comments`.
    pub(crate) fn new(locations: &'a SourceLocations, comments: Vec<Comments>) -> Self {
        let mut by_path = PathMap::with_capacity(locations.len());
        for location in locations.iter() {
            // The first location for a path is the declaration itself; later ones are
            // repeats such as a second `option` block.
            by_path.entry(location.path).or_insert(location);
        }
        SourceIndex {
            by_path,
            comments: RefCell::new(comments),
        }
    }

    /// The location at `path`; the default (no span, no comment) when there is none.
    pub(crate) fn locate(&self, path: &[i32]) -> Location {
        self.locate_if_present(path).unwrap_or_default()
    }

    pub(crate) fn locate_if_present(&self, path: &[i32]) -> Option<Location> {
        self.located(path, |comments| comments.leading.clone())
    }

    /// `locate` for the declaration of a message, field, oneof, enum, enum value, service
    /// or method: its leading comment is moved into the location, not copied. Nothing else
    /// looks up such a path, and each element is declared once, so no later lookup misses
    /// the comment. Most of a tree's comments are such documentation.
    pub(crate) fn locate_declaration(&self, path: &[i32]) -> Location {
        self.located(path, |comments| comments.leading.take())
            .unwrap_or_default()
    }

    /// The location at `path`, with the leading comment `leading` gives from its comments.
    fn located(
        &self,
        path: &[i32],
        leading: impl FnOnce(&mut Comments) -> Option<String>,
    ) -> Option<Location> {
        let location = self.by_path.get(path)?;
        let mut comments = self.comments.borrow_mut();
        let comments = location
            .comments_index
            .and_then(|index| comments.get_mut(index));
        Some(Location {
            span: span_from_proto(location.span),
            leading_comments: comments.and_then(leading).unwrap_or_default(),
        })
    }

    /// The paths strictly below `path` that have a location, in source order.
    pub(crate) fn descendants_of(&self, path: &[i32]) -> Vec<&'a [i32]> {
        let mut found: Vec<(&'a [i32], LocationRef<'a>)> = self
            .by_path
            .iter()
            .filter(|(p, _)| p.len() > path.len() && p.starts_with(path))
            .map(|(p, location)| (*p, *location))
            .collect();
        found.sort_by(|(a, x), (b, y)| x.span.get(..2).cmp(&y.span.get(..2)).then(a.cmp(b)));
        found.into_iter().map(|(p, _)| p).collect()
    }

    pub(crate) fn contains(&self, path: &[i32]) -> bool {
        self.by_path.contains_key(path)
    }
}

/// SourceCodeInfo spans are 0-based `[line, col, end_col]` or `[line, col, end_line, end_col]`.
fn span_from_proto(span: &[i32]) -> Option<Span> {
    let to_u32 = |v: i32| u32::try_from(v).ok().map(|v| v + 1);
    match *span {
        [line, col, end_col] => Some(Span {
            start_line: to_u32(line)?,
            start_column: to_u32(col)?,
            end_line: to_u32(line)?,
            end_column: to_u32(end_col)?,
        }),
        [line, col, end_line, end_col] => Some(Span {
            start_line: to_u32(line)?,
            start_column: to_u32(col)?,
            end_line: to_u32(end_line)?,
            end_column: to_u32(end_col)?,
        }),
        _ => None,
    }
}
