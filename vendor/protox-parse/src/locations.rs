//! protogate patch: source locations in a compact form.
//!
//! A [`prost_types::source_code_info::Location`] holds its path and span in two vectors of
//! their own and three comment fields, about 170 bytes and two allocations for each of the
//! hundreds of thousands of locations a large tree has. Here the paths of all of a file's
//! locations share one vector, each span is inline, and comments are kept only for the
//! locations that have some.

use prost_types::{source_code_info::Location, SourceCodeInfo};

/// The source locations of one file, in the order they were recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLocations {
    /// The paths of all locations, one after another.
    path_numbers: Vec<i32>,
    entries: Vec<Entry>,
    comments: Vec<Comments>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// Where this location's path ends in `path_numbers` (it starts where the previous ends).
    path_end: u32,
    /// `[line, column, end_column]` or `[line, column, end_line, end_column]`, 0-based.
    span: [i32; 4],
    span_len: u8,
    /// Index into `comments`, or `NO_COMMENTS`.
    comments: u32,
}

const NO_COMMENTS: u32 = u32::MAX;

/// The comments of a location, as in [`Location`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comments {
    /// The comment just before the element.
    pub leading: Option<String>,
    /// The comment just after it.
    pub trailing: Option<String>,
    /// Comments before the element, separated from it by a blank line.
    pub leading_detached: Vec<String>,
}

impl Comments {
    /// The comments, or None when there are none at all.
    pub fn if_any(
        leading: Option<String>,
        trailing: Option<String>,
        leading_detached: Vec<String>,
    ) -> Option<Self> {
        let any = leading.is_some() || trailing.is_some() || !leading_detached.is_empty();
        any.then_some(Comments {
            leading,
            trailing,
            leading_detached,
        })
    }
}

/// One location of a [`SourceLocations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocationRef<'a> {
    /// The path of the element, as in [`Location::path`].
    pub path: &'a [i32],
    /// The span, as in [`Location::span`]: three or four numbers.
    pub span: &'a [i32],
    /// The comments, when the location has any.
    pub comments: Option<&'a Comments>,
    /// Where the comments are in the list `take_comments` gives, when the location has any.
    pub comments_index: Option<usize>,
}

impl SourceLocations {
    /// Room for `locations` locations.
    pub fn with_capacity(locations: usize) -> Self {
        SourceLocations {
            path_numbers: Vec::with_capacity(locations * 5),
            entries: Vec::with_capacity(locations),
            comments: Vec::new(),
        }
    }

    /// Adds a location; `span` should have three or four numbers.
    pub fn push(&mut self, path: &[i32], span: &[i32], comments: Option<Comments>) {
        self.path_numbers.extend_from_slice(path);
        let mut inline = [0; 4];
        // A span of any other length is invalid; it is kept as an empty one.
        let span_len = if span.len() <= 4 { span.len() } else { 0 };
        inline[..span_len].copy_from_slice(&span[..span_len]);
        let comments = match comments {
            Some(comments) => {
                self.comments.push(comments);
                u32::try_from(self.comments.len() - 1).unwrap_or(NO_COMMENTS)
            }
            None => NO_COMMENTS,
        };
        self.entries.push(Entry {
            path_end: u32::try_from(self.path_numbers.len()).unwrap_or(u32::MAX),
            span: inline,
            span_len: span_len as u8,
            comments,
        });
    }

    /// How many locations there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no location.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The locations, in the order they were recorded.
    pub fn iter(&self) -> impl Iterator<Item = LocationRef<'_>> + '_ {
        let mut path_start = 0;
        self.entries.iter().map(move |entry| {
            let location = self.location(path_start, entry);
            path_start = entry.path_end as usize;
            location
        })
    }

    /// The location recorded `index`-th (counting from 0), as `iter` gives it.
    pub fn get(&self, index: usize) -> Option<LocationRef<'_>> {
        let entry = self.entries.get(index)?;
        let path_start = match index.checked_sub(1) {
            Some(previous) => self.entries[previous].path_end as usize,
            None => 0,
        };
        Some(self.location(path_start, entry))
    }

    /// `entry`, whose path starts at `path_start` in `path_numbers`.
    fn location<'a>(&'a self, path_start: usize, entry: &'a Entry) -> LocationRef<'a> {
        LocationRef {
            path: &self.path_numbers[path_start..entry.path_end as usize],
            span: &entry.span[..entry.span_len as usize],
            comments: self.comments.get(entry.comments as usize),
            comments_index: (entry.comments != NO_COMMENTS).then_some(entry.comments as usize),
        }
    }

    /// Takes the comments out, for a caller that moves them on instead of copying them; each
    /// location's `comments_index` says which are its. The locations keep no comments
    /// afterwards.
    pub fn take_comments(&mut self) -> Vec<Comments> {
        std::mem::take(&mut self.comments)
    }

    /// The locations as `source_code_info`.
    pub fn into_source_code_info(self) -> SourceCodeInfo {
        let mut comments: Vec<Option<Comments>> = self.comments.into_iter().map(Some).collect();
        let mut path_start = 0;
        let location = self
            .entries
            .iter()
            .map(|entry| {
                let path_end = entry.path_end as usize;
                let path = self.path_numbers[path_start..path_end].to_vec();
                path_start = path_end;
                let comments = comments
                    .get_mut(entry.comments as usize)
                    .and_then(Option::take)
                    .unwrap_or_default();
                Location {
                    path,
                    span: entry.span[..entry.span_len as usize].to_vec(),
                    leading_comments: comments.leading,
                    trailing_comments: comments.trailing,
                    leading_detached_comments: comments.leading_detached,
                }
            })
            .collect();
        SourceCodeInfo { location }
    }
}

impl From<SourceCodeInfo> for SourceLocations {
    fn from(info: SourceCodeInfo) -> Self {
        let mut locations = SourceLocations::with_capacity(info.location.len());
        for location in info.location {
            let comments = Comments::if_any(
                location.leading_comments,
                location.trailing_comments,
                location.leading_detached_comments,
            );
            locations.push(&location.path, &location.span, comments);
        }
        locations
    }
}

impl From<&SourceCodeInfo> for SourceLocations {
    fn from(info: &SourceCodeInfo) -> Self {
        let mut locations = SourceLocations::with_capacity(info.location.len());
        for location in &info.location {
            let comments = Comments::if_any(
                location.leading_comments.clone(),
                location.trailing_comments.clone(),
                location.leading_detached_comments.clone(),
            );
            locations.push(&location.path, &location.span, comments);
        }
        locations
    }
}
