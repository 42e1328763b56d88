//! The shared comparison behind RESERVED_MESSAGE_NO_DELETE and RESERVED_ENUM_NO_DELETE.

use crate::breaking::rules::describe_range;
use crate::lint::Findings;
use crate::model::{Location, ProtoFile};

/// Ranges are inclusive `(start, end)`. Every previously reserved number must still be
/// reserved, and every reserved name too.
pub fn report_deleted_reservations(
    previous: (&[(i32, i32)], &[String]),
    current: (&[(i32, i32)], &[String]),
    owner: &str,
    file: &ProtoFile,
    location: &Location,
    out: &mut Findings,
) {
    for &(start, end) in previous.0 {
        let missing = uncovered(start, end, current.0);
        if !missing.is_empty() {
            let missing: Vec<String> = missing.iter().map(|&(s, e)| describe_range(s, e)).collect();
            out.report_in(
                file,
                location,
                format!(
                    "Reserved range {} of {owner} no longer reserves {}.",
                    describe_range(start, end),
                    missing.join(", ")
                ),
            );
        }
    }
    for name in previous.1 {
        if !current.1.contains(name) {
            out.report_in(
                file,
                location,
                format!("Reserved name \"{name}\" was deleted from {owner}."),
            );
        }
    }
}

/// The parts of the inclusive range `start..=end` that no range of `ranges` covers.
fn uncovered(start: i32, end: i32, ranges: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut sorted = ranges.to_vec();
    sorted.sort();
    let mut gaps = Vec::new();
    let mut next = i64::from(start);
    for (s, e) in sorted {
        let (s, e) = (i64::from(s), i64::from(e));
        if e < next {
            continue;
        }
        if s > i64::from(end) {
            break;
        }
        if s > next {
            gaps.push((next, s - 1));
        }
        next = next.max(e + 1);
    }
    if next <= i64::from(end) {
        gaps.push((next, i64::from(end)));
    }
    gaps.into_iter()
        .map(|(s, e)| (s as i32, e as i32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::uncovered;

    #[test]
    fn finds_the_numbers_no_longer_reserved() {
        assert_eq!(uncovered(10, 20, &[(10, 15)]), vec![(16, 20)]);
        assert_eq!(uncovered(10, 20, &[(10, 15), (16, 20)]), vec![]);
        assert_eq!(
            uncovered(100, 200, &[(100, 149), (151, 300)]),
            vec![(150, 150)]
        );
        assert_eq!(uncovered(5, 5, &[]), vec![(5, 5)]);
    }
}
