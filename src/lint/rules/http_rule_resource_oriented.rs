//! HTTP_RULE_RESOURCE_ORIENTED: HTTP paths name resources, not actions.

use crate::catalog::RuleInfo;
use crate::lint::rules::API_DESIGN;
use crate::lint::rules::http::{http_location, literal_segments};
use crate::lint::{Check, Context, Findings, LintRule};
use crate::model::{Method, Service};

pub const RULE: LintRule = LintRule {
    info: RuleInfo {
        id: "HTTP_RULE_RESOURCE_ORIENTED",
        purpose: "google.api.http paths name resources, not actions; custom methods use the :verb suffix.",
        categories: API_DESIGN,
        v1_categories: Some(API_DESIGN),
        deprecated: false,
        doc: include_str!("../../../rules/HTTP_RULE_RESOURCE_ORIENTED.md"),
    },
    check: Check::Method(check),
};

/// Verbs that, at the start of a camelCase or snake_case segment, make it an action.
const ACTION_VERBS: [&str; 16] = [
    "get", "list", "create", "update", "delete", "set", "add", "remove", "fetch", "find", "search",
    "do", "make", "put", "post", "patch",
];

fn check(_context: &Context, _service: &Service, method: &Method, out: &mut Findings) {
    let Some(http) = &method.http else {
        return;
    };
    if let Some(segment) = literal_segments(&http.path)
        .into_iter()
        .find(|s| is_action(s))
    {
        out.report(
            http_location(method),
            format!(
                "Path \"{}\" of RPC \"{}\" names an action (\"{segment}\"); name the resource and let the HTTP method act on it, or use a custom method suffix such as \":{}\".",
                http.path,
                method.name,
                lower_first(&method.name)
            ),
        );
    }
}

/// `getUsers`, `create_user` or `deleteAll` are actions; `users` or `getaways` are not.
fn is_action(segment: &str) -> bool {
    ACTION_VERBS.iter().any(|verb| {
        segment
            .strip_prefix(verb)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_uppercase() || c == '_' || c == '-')
    })
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::is_action;

    #[test]
    fn tells_actions_from_resources() {
        assert!(is_action("getUsers"));
        assert!(is_action("create_user"));
        assert!(!is_action("users"));
        assert!(!is_action("getaways"));
        assert!(!is_action("settings"));
    }
}
