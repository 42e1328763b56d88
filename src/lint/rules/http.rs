//! What the HTTP rules share: standard method names and path templates.

use crate::model::{Location, Method};

/// A standard method (AIP-131 to AIP-135) and the HTTP methods it maps to.
pub struct StandardMethod {
    pub prefix: &'static str,
    pub http_methods: &'static [&'static str],
}

const STANDARD_METHODS: [StandardMethod; 5] = [
    StandardMethod {
        prefix: "Get",
        http_methods: &["get"],
    },
    StandardMethod {
        prefix: "List",
        http_methods: &["get"],
    },
    StandardMethod {
        prefix: "Create",
        http_methods: &["post"],
    },
    StandardMethod {
        prefix: "Update",
        http_methods: &["patch", "put"],
    },
    StandardMethod {
        prefix: "Delete",
        http_methods: &["delete"],
    },
];

/// The standard method an RPC name follows: a prefix followed by an upper-case letter
/// (`GetUser`, not `Getaway`).
pub fn standard_method(rpc: &str) -> Option<&'static StandardMethod> {
    STANDARD_METHODS.iter().find(|standard| {
        rpc.strip_prefix(standard.prefix)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_uppercase)
    })
}

/// True when the path ends in a custom method's `:verb` (outside any `{variable}`).
pub fn has_custom_verb(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    // After the last variable, if any: `{name=books/*}:publish` or `books:batchGet`.
    let tail = last.rsplit_once('}').map_or(last, |(_, tail)| tail);
    tail.contains(':')
}

/// Where to report an HTTP finding: the `google.api.http` option, else the RPC.
pub fn http_location(method: &Method) -> &Location {
    match &method.http {
        Some(http) if http.location.span.is_some() => &http.location,
        _ => &method.location,
    }
}

/// The literal segments of a path template: no variables, no custom-method suffix.
/// `/v1/{name=users/*}/books:publish` → `["v1", "books"]`.
pub fn literal_segments(path: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    let bytes: Vec<char> = path.chars().collect();
    let mut offset = 0;
    for (i, c) in bytes.iter().enumerate() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                if let Some(s) = start.take() {
                    segments.push(&path[s..offset]);
                }
                start = Some(offset + 1);
            }
            _ => {}
        }
        offset += c.len_utf8();
        if i + 1 == bytes.len()
            && let Some(s) = start.take()
        {
            segments.push(&path[s..]);
        }
    }
    segments
        .into_iter()
        .map(|segment| segment.split(':').next().unwrap_or(segment))
        .filter(|segment| {
            !segment.is_empty() && !segment.starts_with('{') && *segment != "*" && *segment != "**"
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_segments() {
        assert_eq!(
            literal_segments("/v1/{name=users/*}/books:publish"),
            vec!["v1", "books"]
        );
        assert_eq!(
            literal_segments("/v1/users/{user}/getProfile"),
            vec!["v1", "users", "getProfile"]
        );
        assert_eq!(
            literal_segments("/v1/{parent=projects/*/locations/*}/keys"),
            vec!["v1", "keys"]
        );
    }

    #[test]
    fn finds_custom_verbs() {
        assert!(has_custom_verb("/v1/{resource=projects/*}:getIamPolicy"));
        assert!(has_custom_verb("/v22:listPlannableLocations"));
        assert!(!has_custom_verb("/v1/{name=projects/*/books/*}"));
        assert!(!has_custom_verb("/v1/books"));
    }

    #[test]
    fn recognises_standard_methods() {
        assert_eq!(standard_method("GetUser").map(|s| s.prefix), Some("Get"));
        assert_eq!(standard_method("ListBooks").map(|s| s.prefix), Some("List"));
        assert!(standard_method("Getaway").is_none());
        assert!(standard_method("Publish").is_none());
    }
}
