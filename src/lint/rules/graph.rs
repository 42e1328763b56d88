use std::collections::{BTreeMap, BTreeSet};

/// A shortest path of nodes from `from` to `to` (both included), if one exists.
pub fn path_between<'a>(
    edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    from: &'a str,
    to: &'a str,
) -> Option<Vec<&'a str>> {
    let mut previous: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    let mut seen = BTreeSet::from([from]);
    while let Some(node) = queue.pop_front() {
        if node == to {
            let mut path = vec![to];
            let mut current = to;
            while let Some(&before) = previous.get(current) {
                path.push(before);
                current = before;
            }
            path.reverse();
            return Some(path);
        }
        for &next in edges.get(node).into_iter().flatten() {
            if seen.insert(next) {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cycle_path() {
        let mut edges = BTreeMap::new();
        edges.insert("a", BTreeSet::from(["b"]));
        edges.insert("b", BTreeSet::from(["c"]));
        edges.insert("c", BTreeSet::from(["a"]));
        assert_eq!(path_between(&edges, "b", "a"), Some(vec!["b", "c", "a"]));
        assert_eq!(path_between(&edges, "a", "z"), None);
    }
}
