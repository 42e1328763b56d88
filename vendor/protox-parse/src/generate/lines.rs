use std::cell::Cell;

use crate::{index_to_i32, Span};

#[derive(Debug, Clone)]
pub(crate) struct LineResolver {
    lines: Vec<i32>,
    /// protogate patch: the line the last offset was on. Spans are resolved mostly in
    /// source order, so the next offset is usually on that line or the one after, found
    /// without a binary search.
    last_line: Cell<usize>,
}

impl LineResolver {
    pub fn new(source_code: &str) -> Self {
        // protogate patch: newlines found with the `memchr` crate's vectorised search; the
        // standard library's `match_indices` restarts a scan for each one.
        let lines = memchr::memchr_iter(b'\n', source_code.as_bytes())
            .map(|index| index_to_i32(index + 1))
            .collect();
        LineResolver {
            lines,
            last_line: Cell::new(0),
        }
    }

    /// The 0-based line and column of a byte offset. The line is the number of line starts
    /// (the offsets just after each newline) at or before the offset.
    pub fn resolve(&self, offset: usize) -> (i32, i32) {
        let offset = index_to_i32(offset);
        let last = self.last_line.get();
        let line = if self.is_on_line(offset, last) {
            last
        } else if self.is_on_line(offset, last + 1) {
            last + 1
        } else {
            self.lines.partition_point(|&start| start <= offset)
        };
        self.last_line.set(line);
        match line {
            0 => (0, offset),
            _ => (index_to_i32(line), offset - self.lines[line - 1]),
        }
    }

    fn is_on_line(&self, offset: i32, line: usize) -> bool {
        let starts_before = line == 0 || self.lines.get(line - 1).is_some_and(|&s| s <= offset);
        let ends_after = self.lines.get(line).is_none_or(|&next| next > offset);
        starts_before && ends_after
    }

    /// protogate patch: the span's numbers are returned in an array (the first three, or all
    /// four, are the span) instead of a new vector each.
    pub fn resolve_span(&self, span: Span) -> ([i32; 4], usize) {
        let (start_line, start_col) = self.resolve(span.start);
        let (end_line, end_col) = self.resolve(span.end);

        if start_line == end_line {
            ([start_line, start_col, end_col, 0], 3)
        } else {
            ([start_line, start_col, end_line, end_col], 4)
        }
    }
}

#[test]
fn resolve_line_number() {
    let resolver = LineResolver::new("hello\nworld\nfoo");

    assert_eq!(resolver.resolve(0), (0, 0));
    assert_eq!(resolver.resolve(4), (0, 4));
    assert_eq!(resolver.resolve(5), (0, 5));
    assert_eq!(resolver.resolve(6), (1, 0));
    assert_eq!(resolver.resolve(7), (1, 1));
    assert_eq!(resolver.resolve(10), (1, 4));
    assert_eq!(resolver.resolve(11), (1, 5));
    assert_eq!(resolver.resolve(12), (2, 0));
    assert_eq!(resolver.resolve(13), (2, 1));
    assert_eq!(resolver.resolve(14), (2, 2));
    assert_eq!(resolver.resolve(15), (2, 3));

    let resolver = LineResolver::new("f\n\noo\r\nbar");

    assert_eq!(resolver.resolve(0), (0, 0));
    assert_eq!(resolver.resolve(1), (0, 1));
    assert_eq!(resolver.resolve(2), (1, 0));
    assert_eq!(resolver.resolve(3), (2, 0));
    assert_eq!(resolver.resolve(4), (2, 1));
    assert_eq!(resolver.resolve(5), (2, 2));
    assert_eq!(resolver.resolve(6), (2, 3));
    assert_eq!(resolver.resolve(7), (3, 0));
    assert_eq!(resolver.resolve(8), (3, 1));
    assert_eq!(resolver.resolve(9), (3, 2));
    assert_eq!(resolver.resolve(10), (3, 3));
}
