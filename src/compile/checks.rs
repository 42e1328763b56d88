//! Checks protoc makes that protox leaves out: reserved and extension ranges that overlap,
//! and reserved names that a field or an enum value still uses.

use foldhash::{HashMap, HashMapExt};

use prost_reflect::DescriptorPool;
use prost_reflect::types::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};
use rayon::prelude::*;

use crate::model::SourceInfos;
use crate::report::{COMPILE_RULE_ID, Diagnostic, Span};

// Field numbers of the descriptor messages, for source_code_info paths.
const FILE_MESSAGE_TYPE: i32 = 4;
const FILE_ENUM_TYPE: i32 = 5;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_NESTED_TYPE: i32 = 3;
const MESSAGE_ENUM_TYPE: i32 = 4;
const MESSAGE_EXTENSION_RANGE: i32 = 5;
const MESSAGE_RESERVED_RANGE: i32 = 9;
const MESSAGE_RESERVED_NAME: i32 = 10;
const ENUM_VALUE: i32 = 2;
const ENUM_RESERVED_RANGE: i32 = 4;
const ENUM_RESERVED_NAME: i32 = 5;
const NAME: i32 = 1;

const MAX_FIELD_NUMBER: i32 = 536_870_911;

/// The problems in the files named `names`, as COMPILE diagnostics on `display(name)`.
/// A file's locations are read from `source_infos` when it is there, else from the pool.
/// Files are checked in parallel; the problems come back in the order of `names`.
pub fn check_files(
    pool: &DescriptorPool,
    names: &[String],
    source_infos: &SourceInfos,
    display: &(dyn Fn(&str) -> String + Sync),
) -> Vec<Diagnostic> {
    names
        .par_iter()
        .flat_map_iter(|name| {
            let Some(file) = pool.get_file_by_name(name) else {
                return Vec::new();
            };
            let proto = file.raw_proto();
            if !may_have_problems(proto) {
                return Vec::new();
            }
            let spans = match source_infos.get(name) {
                Some(info) => spans_of(info.locations.iter().map(|l| (l.path, l.span))),
                None => spans_of(
                    proto
                        .source_code_info
                        .iter()
                        .flat_map(|info| &info.location)
                        .map(|l| (l.path.as_slice(), l.span.as_slice())),
                ),
            };
            let mut checker = Checker {
                spans,
                path: display(name),
                out: Vec::new(),
            };
            for (i, message) in proto.message_type.iter().enumerate() {
                checker.message(message, &[FILE_MESSAGE_TYPE, index(i)]);
            }
            for (i, enumeration) in proto.enum_type.iter().enumerate() {
                checker.enumeration(enumeration, &[FILE_ENUM_TYPE, index(i)]);
            }
            checker.out
        })
        .collect()
}

/// Whether any message or enum of the file has two or more ranges or any reserved name:
/// the only places these problems can be. Most files have neither, and need no span index.
fn may_have_problems(file: &FileDescriptorProto) -> bool {
    fn message(m: &DescriptorProto) -> bool {
        m.reserved_range.len() + m.extension_range.len() > 1
            || !m.reserved_name.is_empty()
            || m.nested_type.iter().any(message)
            || m.enum_type.iter().any(enumeration)
    }
    fn enumeration(e: &EnumDescriptorProto) -> bool {
        e.reserved_range.len() > 1 || !e.reserved_name.is_empty()
    }
    file.message_type.iter().any(message) || file.enum_type.iter().any(enumeration)
}

fn index(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

/// Start positions (1-based) by source_code_info path, from (path, span) pairs.
fn spans_of<'a>(
    locations: impl Iterator<Item = (&'a [i32], &'a [i32])>,
) -> HashMap<Vec<i32>, Span> {
    let mut spans = HashMap::new();
    for (path, span) in locations {
        if let [line, column, ..] = span[..] {
            let point = Span::point(
                u32::try_from(line).unwrap_or(0) + 1,
                u32::try_from(column).unwrap_or(0) + 1,
            );
            spans.entry(path.to_vec()).or_insert(point);
        }
    }
    spans
}

/// A range of numbers with its end inclusive, and where it was declared.
struct Range {
    start: i32,
    end: i32,
    what: &'static str,
    /// The number `max` stands for in this kind of range.
    max: i32,
    path: Vec<i32>,
}

impl Range {
    fn describe(&self) -> String {
        if self.start == self.end {
            format!("{} {}", self.what, self.start)
        } else if self.end == self.max {
            format!("{} {} to max", self.what, self.start)
        } else {
            format!("{} {} to {}", self.what, self.start, self.end)
        }
    }
}

struct Checker {
    spans: HashMap<Vec<i32>, Span>,
    path: String,
    out: Vec<Diagnostic>,
}

impl Checker {
    fn report(&mut self, path: &[i32], message: String) {
        let span = self.spans.get(path).copied();
        self.out.push(Diagnostic::new(
            self.path.clone(),
            span,
            COMPILE_RULE_ID,
            message,
        ));
    }

    fn message(&mut self, message: &DescriptorProto, at: &[i32]) {
        let child = |kind: i32, i: usize| [at, &[kind, index(i)]].concat();
        // Message ranges are stored with an exclusive end.
        let mut ranges: Vec<Range> = message
            .reserved_range
            .iter()
            .enumerate()
            .map(|(i, r)| Range {
                start: r.start(),
                end: r.end() - 1,
                what: "reserved range",
                max: MAX_FIELD_NUMBER,
                path: child(MESSAGE_RESERVED_RANGE, i),
            })
            .collect();
        ranges.extend(
            message
                .extension_range
                .iter()
                .enumerate()
                .map(|(i, r)| Range {
                    start: r.start(),
                    end: r.end() - 1,
                    what: "extension range",
                    max: MAX_FIELD_NUMBER,
                    path: child(MESSAGE_EXTENSION_RANGE, i),
                }),
        );
        self.overlaps(ranges);
        self.reserved_names(
            &message.reserved_name,
            message.field.iter().map(|f| f.name()),
            "field name",
            &|i| [child(MESSAGE_FIELD, i), vec![NAME]].concat(),
            &|i| child(MESSAGE_RESERVED_NAME, i),
        );
        for (i, nested) in message.nested_type.iter().enumerate() {
            self.message(nested, &child(MESSAGE_NESTED_TYPE, i));
        }
        for (i, enumeration) in message.enum_type.iter().enumerate() {
            self.enumeration(enumeration, &child(MESSAGE_ENUM_TYPE, i));
        }
    }

    fn enumeration(&mut self, enumeration: &EnumDescriptorProto, at: &[i32]) {
        let child = |kind: i32, i: usize| [at, &[kind, index(i)]].concat();
        // Enum ranges are stored with an inclusive end.
        let ranges = enumeration
            .reserved_range
            .iter()
            .enumerate()
            .map(|(i, r)| Range {
                start: r.start(),
                end: r.end(),
                what: "reserved range",
                max: i32::MAX,
                path: child(ENUM_RESERVED_RANGE, i),
            })
            .collect();
        self.overlaps(ranges);
        self.reserved_names(
            &enumeration.reserved_name,
            enumeration.value.iter().map(|v| v.name()),
            "enum value name",
            &|i| [child(ENUM_VALUE, i), vec![NAME]].concat(),
            &|i| child(ENUM_RESERVED_NAME, i),
        );
    }

    /// Reports each range that overlaps one declared before it.
    fn overlaps(&mut self, mut ranges: Vec<Range>) {
        let position = |r: &Range, spans: &HashMap<Vec<i32>, Span>| spans.get(&r.path).copied();
        ranges.sort_by_key(|r| position(r, &self.spans));
        for (j, later) in ranges.iter().enumerate() {
            if let Some(earlier) = ranges[..j]
                .iter()
                .find(|e| e.start <= later.end && later.start <= e.end)
            {
                let message = format!("{} overlaps {}", later.describe(), earlier.describe());
                self.report(&later.path, message);
            }
        }
    }

    /// Reports names that are reserved and still used, and names reserved twice.
    fn reserved_names<'a>(
        &mut self,
        reserved: &[String],
        used: impl Iterator<Item = &'a str>,
        what: &str,
        used_path: &dyn Fn(usize) -> Vec<i32>,
        reserved_path: &dyn Fn(usize) -> Vec<i32>,
    ) {
        for (i, name) in used.enumerate() {
            if reserved.iter().any(|r| r == name) {
                self.report(&used_path(i), format!("{what} \"{name}\" is reserved"));
            }
        }
        for (j, name) in reserved.iter().enumerate() {
            if reserved[..j].contains(name) {
                self.report(
                    &reserved_path(j),
                    format!("name \"{name}\" is reserved more than once"),
                );
            }
        }
    }
}
