use std::cell::RefCell;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

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

/// Source locations indexed by descriptor path, so a lookup is one hash probe. A location
/// under an option the pool interpreted is found at the path of what the option sets (see
/// `SourceInfo::option_moves`), not at the path it was recorded at.
pub(crate) struct SourceIndex<'a> {
    paths: KeyedPaths<'a>,
    /// The key of the first location at each path: a table of small keys, built for every
    /// file, rather than a map holding each path and location.
    by_path: HashTable<Key>,
    hasher: foldhash::fast::RandomState,
    /// The locations' comments, taken out of them: the declaration of an element moves its
    /// leading comment from here rather than copying it (see `locate_declaration`).
    comments: RefCell<Vec<Comments>>,
}

/// A location in a `SourceIndex`, at the path it was recorded at (by its place among the
/// locations), or at its new path (by its place among the moved ones).
#[derive(Clone, Copy)]
enum Key {
    Recorded(usize),
    Moved(usize),
}

/// A file's locations, with the new paths of those that moved with their options.
struct KeyedPaths<'a> {
    locations: &'a SourceLocations,
    /// The new paths, one after another.
    moved_numbers: Vec<i32>,
    /// The moved locations, in the order recorded.
    moved: Vec<MovedLocation>,
}

struct MovedLocation {
    /// The location's place among the locations.
    location: usize,
    /// Where its new path ends in `moved_numbers` (it starts where the previous one ends).
    path_end: usize,
}

impl<'a> KeyedPaths<'a> {
    /// Finds the new path of each location that `moves` moves.
    fn new(locations: &'a SourceLocations, moves: Option<&OptionLocationMoves>) -> Self {
        let mut paths = KeyedPaths {
            locations,
            moved_numbers: Vec::new(),
            moved: Vec::new(),
        };
        let Some(moves) = moves else {
            return paths;
        };
        let mut moved_path = Vec::new();
        for (index, location) in locations.iter().enumerate() {
            if moves.may_move(location.path) {
                moved_path.clear();
                moved_path.extend_from_slice(location.path);
                moves.apply(&mut moved_path);
                paths.moved_numbers.extend_from_slice(&moved_path);
                paths.moved.push(MovedLocation {
                    location: index,
                    path_end: paths.moved_numbers.len(),
                });
            }
        }
        paths
    }

    /// The key of every location, in the order they were recorded.
    fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        let mut moved = self.moved.iter().enumerate().peekable();
        (0..self.locations.len()).map(move |location| {
            match moved.next_if(|(_, next_moved)| next_moved.location == location) {
                Some((place, _)) => Key::Moved(place),
                None => Key::Recorded(location),
            }
        })
    }

    fn path(&self, key: Key) -> &[i32] {
        match key {
            Key::Recorded(_) => self.location(key).path,
            Key::Moved(place) => {
                let start = place
                    .checked_sub(1)
                    .map_or(0, |previous| self.moved[previous].path_end);
                &self.moved_numbers[start..self.moved[place].path_end]
            }
        }
    }

    /// The location of `key`. For a moved one, its span and comments; its `path` is still
    /// the one recorded (`path` gives the new one).
    fn location(&self, key: Key) -> LocationRef<'a> {
        let location = match key {
            Key::Recorded(location) => location,
            Key::Moved(place) => self.moved[place].location,
        };
        self.locations
            .get(location)
            .expect("every key is made from the place of a recorded location")
    }
}

impl<'a> SourceIndex<'a> {
    /// The index of the locations of `info`, whose comments `take_comments` took as
    /// `comments`.
    pub(crate) fn new(info: &'a SourceInfo, comments: Vec<Comments>) -> Self {
        let paths = KeyedPaths::new(&info.locations, info.option_moves.as_ref());
        let hasher = foldhash::fast::RandomState::default();
        let mut by_path = HashTable::with_capacity(info.locations.len());
        for key in paths.keys() {
            let path = paths.path(key);
            let hash = hasher.hash_one(path);
            // The first location for a path is the declaration itself; later ones are
            // repeats such as a second `option` block.
            if let Entry::Vacant(vacant) = by_path.entry(
                hash,
                |&other| paths.path(other) == path,
                |&other| hasher.hash_one(paths.path(other)),
            ) {
                vacant.insert(key);
            }
        }
        SourceIndex {
            paths,
            by_path,
            hasher,
            comments: RefCell::new(comments),
        }
    }

    /// The first location at `path`.
    fn find(&self, path: &[i32]) -> Option<LocationRef<'a>> {
        let hash = self.hasher.hash_one(path);
        let &key = self
            .by_path
            .find(hash, |&key| self.paths.path(key) == path)?;
        Some(self.paths.location(key))
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
        let location = self.find(path)?;
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
    pub(crate) fn descendants_of(&self, path: &[i32]) -> Vec<&[i32]> {
        let mut found: Vec<(&[i32], LocationRef<'a>)> = self
            .by_path
            .iter()
            .map(|&key| (self.paths.path(key), key))
            .filter(|(p, _)| p.len() > path.len() && p.starts_with(path))
            .map(|(p, key)| (p, self.paths.location(key)))
            .collect();
        found.sort_by(|(a, x), (b, y)| x.span.get(..2).cmp(&y.span.get(..2)).then(a.cmp(b)));
        found.into_iter().map(|(p, _)| p).collect()
    }

    pub(crate) fn contains(&self, path: &[i32]) -> bool {
        self.find(path).is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> Option<Comments> {
        Comments::if_any(Some(text.to_string()), None, Vec::new())
    }

    /// The first location recorded at a path is the one found; lookups by every path reach
    /// their own span, and the paths below a path come in source order.
    #[test]
    fn the_first_location_at_a_path_is_found() {
        let mut locations = SourceLocations::default();
        locations.push(&[4, 0], &[0, 0, 9, 1], comment(" First.\n"));
        locations.push(&[4, 0, 7, 3], &[2, 2, 20], None);
        locations.push(&[4, 0, 7, 1], &[1, 2, 20], None);
        locations.push(&[4, 0], &[5, 0, 9], comment(" Again.\n"));
        let comments = locations.take_comments();
        let info = SourceInfo::from(locations);
        let index = SourceIndex::new(&info, comments);
        let declaration = index.locate_declaration(&[4, 0]);
        assert_eq!(declaration.leading_comments, " First.\n");
        assert_eq!(declaration.span.map(|s| s.start_line), Some(1));
        assert_eq!(
            index.locate(&[4, 0, 7, 3]).span.map(|s| s.start_line),
            Some(3)
        );
        assert!(index.contains(&[4, 0, 7, 1]));
        assert!(!index.contains(&[4, 0, 7]));
        assert_eq!(index.locate(&[4, 1]), Location::default());
        assert_eq!(
            index.descendants_of(&[4, 0]),
            vec![&[4, 0, 7, 1][..], &[4, 0, 7, 3][..]]
        );
    }
}
