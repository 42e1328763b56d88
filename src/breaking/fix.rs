//! `breaking --fix`: reserve the numbers and names of fields and enum values deleted since
//! the previous version, the one fix that is always safe. Edits keep the file's formatting
//! and comments: numbers and names join an existing `reserved` statement, or a new one goes
//! right after the opening brace.

use std::collections::BTreeMap;

use crate::model::{Enum, Location, Message, ProtoFile};

/// What one message or enum must reserve, and where its source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    /// The message or enum name, for the report.
    pub owner: String,
    pub numbers: Vec<i32>,
    pub names: Vec<String>,
    element: Location,
    numbers_statement: Location,
    names_statement: Location,
}

impl Reservation {
    /// `reserved 2, 5 and "nickname" in message Person`.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self.numbers.iter().map(i32::to_string).collect();
        parts.extend(self.names.iter().map(|n| format!("\"{n}\"")));
        format!("reserved {} in {}", parts.join(", "), self.owner)
    }

    fn line(&self) -> u32 {
        self.element.span.map_or(0, |s| s.start_line)
    }
}

/// The reservations each current file needs, keyed by import path.
pub fn plan(previous: &[ProtoFile], current: &[ProtoFile]) -> BTreeMap<String, Vec<Reservation>> {
    let previous_messages: BTreeMap<&str, &Message> = previous
        .iter()
        .flat_map(ProtoFile::all_messages)
        .map(|m| (m.full_name.as_str(), m))
        .collect();
    let previous_enums: BTreeMap<&str, &Enum> = previous
        .iter()
        .flat_map(ProtoFile::all_enums)
        .map(|e| (e.full_name.as_str(), e))
        .collect();
    let mut plans: BTreeMap<String, Vec<Reservation>> = BTreeMap::new();
    for file in current {
        let mut reservations = Vec::new();
        for message in file.all_messages().into_iter().filter(|m| !m.is_map_entry) {
            if let Some(before) = previous_messages.get(message.full_name.as_str()) {
                reservations.extend(message_reservation(before, message));
            }
        }
        for enumeration in file.all_enums() {
            if let Some(before) = previous_enums.get(enumeration.full_name.as_str()) {
                reservations.extend(enum_reservation(before, enumeration));
            }
        }
        if !reservations.is_empty() {
            plans.insert(file.name.clone(), reservations);
        }
    }
    plans
}

fn message_reservation(before: &Message, now: &Message) -> Option<Reservation> {
    let reserved_number = |n: i32| now.reserved_ranges.iter().any(|&(s, e)| s <= n && n < e);
    // A number now inside an `extensions` range cannot also be reserved: it would not compile.
    let extension_number = |n: i32| now.extension_ranges.iter().any(|&(s, e)| s <= n && n < e);
    let deleted: Vec<_> = before
        .fields
        .iter()
        .filter(|f| !now.fields.iter().any(|c| c.number == f.number))
        .collect();
    let mut numbers: Vec<i32> = deleted
        .iter()
        .map(|f| f.number)
        .filter(|&n| !reserved_number(n) && !extension_number(n))
        .collect();
    let mut names: Vec<String> = deleted
        .iter()
        .map(|f| f.name.clone())
        .filter(|name| {
            !now.reserved_names.contains(name) && !now.fields.iter().any(|f| &f.name == name)
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    names.sort();
    names.dedup();
    (!numbers.is_empty() || !names.is_empty()).then(|| Reservation {
        owner: format!("message {}", now.name),
        numbers,
        names,
        element: now.location.clone(),
        numbers_statement: now.reserved_ranges_location.clone(),
        names_statement: now.reserved_names_location.clone(),
    })
}

fn enum_reservation(before: &Enum, now: &Enum) -> Option<Reservation> {
    // Enum reserved ranges include their end.
    let reserved_number = |n: i32| now.reserved_ranges.iter().any(|&(s, e)| s <= n && n <= e);
    let deleted: Vec<_> = before
        .values
        .iter()
        .filter(|v| !now.values.iter().any(|c| c.number == v.number))
        .collect();
    let mut numbers: Vec<i32> = deleted
        .iter()
        .map(|v| v.number)
        .filter(|&n| !reserved_number(n))
        .collect();
    let mut names: Vec<String> = deleted
        .iter()
        .map(|v| v.name.clone())
        .filter(|name| {
            !now.reserved_names.contains(name) && !now.values.iter().any(|v| &v.name == name)
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    names.sort();
    names.dedup();
    (!numbers.is_empty() || !names.is_empty()).then(|| Reservation {
        owner: format!("enum {}", now.name),
        numbers,
        names,
        element: now.location.clone(),
        numbers_statement: now.reserved_ranges_location.clone(),
        names_statement: now.reserved_names_location.clone(),
    })
}

/// One text insertion at a byte offset.
struct Insertion {
    offset: usize,
    text: String,
}

/// Applies the reservations to a file's source. Returns None when an element cannot be
/// found in the text (no source info), so nothing half-done is written.
pub fn apply(source: &str, reservations: &[Reservation]) -> Option<String> {
    let mut insertions = Vec::new();
    for reservation in reservations {
        let numbers = reservation
            .numbers
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>();
        let names = reservation
            .names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>();
        let mut new_statements = Vec::new();
        for (items, statement) in [
            (numbers, &reservation.numbers_statement),
            (names, &reservation.names_statement),
        ] {
            if items.is_empty() {
                continue;
            }
            match statement.span {
                Some(_) => insertions.push(Insertion {
                    offset: statement_end(source, statement)?,
                    text: format!(", {}", items.join(", ")),
                }),
                None => new_statements.push(format!("reserved {};", items.join(", "))),
            }
        }
        if !new_statements.is_empty() {
            let place = body_start(source, &reservation.element)?;
            let mut text: String = new_statements
                .iter()
                .map(|s| format!("{}{s}", place.before_each))
                .collect();
            text.push_str(&place.after_last);
            insertions.push(Insertion {
                offset: place.offset,
                text,
            });
        }
    }
    // From the end backwards, so earlier offsets stay valid.
    insertions.sort_by_key(|insertion| std::cmp::Reverse(insertion.offset));
    let mut fixed = source.to_string();
    for insertion in insertions {
        fixed.insert_str(insertion.offset, &insertion.text);
    }
    Some(fixed)
}

/// The byte offset of a 1-based line and column (columns count characters).
fn offset_of(source: &str, line: u32, column: u32) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        source.match_indices('\n').nth(line as usize - 2)?.0 + 1
    };
    let rest = &source[line_start..];
    let within = rest
        .char_indices()
        .nth(column as usize - 1)
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// Just before the `;` that ends a `reserved` statement.
fn statement_end(source: &str, statement: &Location) -> Option<usize> {
    let span = statement.span?;
    let start = offset_of(source, span.start_line, span.start_column)?;
    Some(start + source[start..].find(';')?)
}

/// Where new `reserved` statements go in an element's body, and what surrounds each.
struct BodyPlace {
    offset: usize,
    before_each: String,
    after_last: String,
}

/// New statements open the element's body. They go at the end of the line holding the `{`,
/// so a comment after the brace stays on the brace's line (and stays the element's
/// comment). An empty body on one line (`message Empty {}`) opens onto lines of its own; a
/// body that goes on after the brace on the same line gets the statements inline. Lines end
/// as the file's lines do (`\r\n` or `\n`), and the indentation is the body's own.
fn body_start(source: &str, element: &Location) -> Option<BodyPlace> {
    let span = element.span?;
    let start = offset_of(source, span.start_line, span.start_column)?;
    let brace = start + source[start..].find('{')? + 1;
    let newline = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let element_indent: String = source[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let unit = if element_indent.contains('\t') {
        "\t"
    } else {
        "  "
    };
    let rest_of_line = source[brace..]
        .split('\n')
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    let after_brace = rest_of_line.trim();
    if after_brace.starts_with('}') {
        return Some(BodyPlace {
            offset: brace,
            before_each: format!("{newline}{element_indent}{unit}"),
            after_last: format!("{newline}{element_indent}"),
        });
    }
    if !after_brace.is_empty() && !after_brace.starts_with("//") {
        return Some(BodyPlace {
            offset: brace,
            before_each: " ".to_string(),
            after_last: String::new(),
        });
    }
    let first_body_line = source[brace..]
        .lines()
        .skip(1)
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default();
    let indent = if first_body_line.trim_start().starts_with('}') {
        format!("{element_indent}{unit}")
    } else {
        first_body_line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect()
    };
    Some(BodyPlace {
        offset: brace + rest_of_line.len(),
        before_each: format!("{newline}{indent}"),
        after_last: String::new(),
    })
}

/// Sorts reservations by position, for a stable report.
pub fn in_source_order(reservations: &mut [Reservation]) {
    reservations.sort_by_key(Reservation::line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Span;

    fn at(line: u32, column: u32) -> Location {
        Location {
            span: Some(Span::point(line, column)),
            ..Location::default()
        }
    }

    #[test]
    fn joins_an_existing_statement_and_adds_a_new_one() {
        let source = "message User {\n  reserved 4;\n  string id = 1;\n}\n";
        let reservation = Reservation {
            owner: "message User".to_string(),
            numbers: vec![2],
            names: vec!["email".to_string()],
            element: at(1, 1),
            numbers_statement: at(2, 3),
            names_statement: Location::default(),
        };
        let fixed = apply(source, &[reservation]).unwrap();
        assert_eq!(
            fixed,
            "message User {\n  reserved \"email\";\n  reserved 4, 2;\n  string id = 1;\n}\n"
        );
    }
}
