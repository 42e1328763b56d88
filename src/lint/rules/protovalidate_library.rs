//! The string predicates of protovalidate's CEL library (`isEmail`, `isHostname`, `isIp`,
//! `isIpPrefix`, `isUri`, `isUriRef`, `isHostAndPort`), with the semantics protovalidate
//! documents for them.

use std::net::{Ipv4Addr, Ipv6Addr};

/// An email address as the WHATWG HTML standard defines a valid one: a local part of
/// `a-z A-Z 0-9 .!#$%&'*+/=?^_`{|}~-`, `@`, and a domain of letter-digit-hyphen labels.
pub fn is_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    local_ok && domain.split('.').all(is_label)
}

/// One label of a domain: 1 to 63 letters, digits and hyphens, not starting or ending with
/// a hyphen.
fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A hostname (RFC 1034): at most 253 characters of labels separated by dots, with an
/// optional trailing dot, whose last label is not all digits.
pub fn is_hostname(name: &str) -> bool {
    if name.len() > 253 {
        return false;
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    let labels: Vec<&str> = name.split('.').collect();
    labels.iter().all(|label| is_label(label))
        && labels
            .last()
            .is_some_and(|last| !last.chars().all(|c| c.is_ascii_digit()))
}

/// An IP address of `version` 4 or 6, or of either with 0: IPv4 in dotted decimal without
/// leading zeros, IPv6 in any RFC 4291 text form with an optional `%zone`.
pub fn is_ip(address: &str, version: i64) -> bool {
    match version {
        0 => is_ipv4(address) || is_ipv6(address),
        4 => is_ipv4(address),
        6 => is_ipv6(address),
        _ => false,
    }
}

fn is_ipv4(address: &str) -> bool {
    address.parse::<Ipv4Addr>().is_ok()
}

fn is_ipv6(address: &str) -> bool {
    match address.split_once('%') {
        Some((address, zone)) => !zone.is_empty() && address.parse::<Ipv6Addr>().is_ok(),
        None => address.parse::<Ipv6Addr>().is_ok(),
    }
}

/// An IP prefix `address/length` of `version` 4, 6 or either (0). With `strict`, the address
/// must be the network address: no bits set after the prefix.
pub fn is_ip_prefix(prefix: &str, version: i64, strict: bool) -> bool {
    let Some((address, length)) = prefix.split_once('/') else {
        return false;
    };
    let Some(length) = prefix_length(length) else {
        return false;
    };
    let v4 = || {
        address.parse::<Ipv4Addr>().ok().is_some_and(|ip| {
            length <= 32 && (!strict || u32::from(ip).checked_shl(length).unwrap_or(0) == 0)
        })
    };
    let v6 = || {
        address.parse::<Ipv6Addr>().ok().is_some_and(|ip| {
            length <= 128 && (!strict || u128::from(ip).checked_shl(length).unwrap_or(0) == 0)
        })
    };
    match version {
        0 => v4() || v6(),
        4 => v4(),
        6 => v6(),
        _ => false,
    }
}

/// A prefix length: decimal digits without a leading zero (except `0` itself).
fn prefix_length(text: &str) -> Option<u32> {
    if text.is_empty()
        || text.len() > 3
        || !text.bytes().all(|b| b.is_ascii_digit())
        || (text.len() > 1 && text.starts_with('0'))
    {
        return None;
    }
    text.parse().ok()
}

/// `host:port` where host is a hostname, an IPv4 address or a bracketed IPv6 address, and
/// port a decimal number up to 65535 without leading zeros; the port may be left out
/// unless `port_required`.
pub fn is_host_and_port(value: &str, port_required: bool) -> bool {
    if value.is_empty() {
        return false;
    }
    let split = value.rfind(':');
    if let Some(inner) = value.strip_prefix('[') {
        let Some(end) = inner.rfind(']') else {
            return false;
        };
        let (host, rest) = (&inner[..end], &inner[end + 1..]);
        return match rest.strip_prefix(':') {
            _ if rest.is_empty() => !port_required && is_ipv6(host),
            Some(port) => is_ipv6(host) && is_port(port),
            None => false,
        };
    }
    match split {
        None => !port_required && (is_hostname(value) || is_ipv4(value)),
        Some(index) => {
            let (host, port) = (&value[..index], &value[index + 1..]);
            (is_hostname(host) || is_ipv4(host)) && is_port(port)
        }
    }
}

fn is_port(port: &str) -> bool {
    !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && (port.len() == 1 || !port.starts_with('0'))
        && port.parse::<u16>().is_ok()
}

/// An absolute URI (RFC 3986 `URI`): a scheme, `:`, and a hierarchical part, with an
/// optional query and fragment.
pub fn is_uri(text: &str) -> bool {
    match split_scheme(text) {
        Some(rest) => is_relative_part(rest, true),
        None => false,
    }
}

/// A URI reference (RFC 3986 `URI-reference`): an absolute URI or a relative reference.
pub fn is_uri_ref(text: &str) -> bool {
    match split_scheme(text) {
        Some(rest) => is_relative_part(rest, true),
        None => is_relative_part(text, false),
    }
}

/// What follows `scheme:`, when the text starts with a valid scheme.
fn split_scheme(text: &str) -> Option<&str> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(rest)
}

/// A hierarchical part after a scheme, or a relative reference without one, each with an
/// optional query and fragment.
fn is_relative_part(text: &str, has_scheme: bool) -> bool {
    let (text, fragment) = text.split_once('#').unwrap_or((text, ""));
    let (text, query) = text.split_once('?').unwrap_or((text, ""));
    let query_ok = |part: &str| is_encoded(part, |c| is_pchar(c) || matches!(c, '/' | '?'));
    if !query_ok(fragment) || !query_ok(query) {
        return false;
    }
    let path = match text.strip_prefix("//") {
        Some(rest) => {
            let end = rest.find('/').unwrap_or(rest.len());
            if !is_authority(&rest[..end]) {
                return false;
            }
            &rest[end..]
        }
        None => text,
    };
    // Without a scheme, a colon in the first segment would be read as one (`path-noscheme`).
    if !has_scheme
        && !path.starts_with('/')
        && path.split('/').next().is_some_and(|s| s.contains(':'))
    {
        return false;
    }
    is_encoded(path, |c| is_pchar(c) || c == '/')
}

/// `[ userinfo "@" ] host [ ":" port ]`.
fn is_authority(authority: &str) -> bool {
    let (userinfo, host_port) = match authority.split_once('@') {
        Some((userinfo, rest)) => (Some(userinfo), rest),
        None => (None, authority),
    };
    if userinfo.is_some_and(|u| !is_encoded(u, |c| is_unreserved(c) || is_sub_delim(c) || c == ':'))
    {
        return false;
    }
    let (host, port) = if let Some(inner) = host_port.strip_prefix('[') {
        let Some((literal, rest)) = inner.split_once(']') else {
            return false;
        };
        if !is_ip_literal(literal) {
            return false;
        }
        match rest.strip_prefix(':') {
            Some(port) => ("", port),
            None if rest.is_empty() => ("", ""),
            None => return false,
        }
    } else {
        host_port.split_once(':').unwrap_or((host_port, ""))
    };
    port.bytes().all(|b| b.is_ascii_digit()) && is_reg_name(host)
}

/// `reg-name`, whose percent-encoded octets must decode to UTF-8. An IPv4 address is a
/// `reg-name` too.
fn is_reg_name(host: &str) -> bool {
    is_encoded(host, |c| is_unreserved(c) || is_sub_delim(c))
        && String::from_utf8(percent_decode(host)).is_ok()
}

/// The inside of `[...]`: an IPv6 address with an optional `%25zone` (RFC 6874), or
/// `v<hex>.<text>` (IPvFuture).
fn is_ip_literal(literal: &str) -> bool {
    if let Some(future) = literal.strip_prefix(['v', 'V']) {
        let Some((version, text)) = future.split_once('.') else {
            return false;
        };
        return !version.is_empty()
            && version.chars().all(|c| c.is_ascii_hexdigit())
            && !text.is_empty()
            && text
                .chars()
                .all(|c| is_unreserved(c) || is_sub_delim(c) || c == ':');
    }
    match literal.split_once("%25") {
        Some((address, zone)) => {
            !zone.is_empty()
                && is_encoded(zone, is_unreserved)
                && address.parse::<Ipv6Addr>().is_ok()
        }
        None => literal.parse::<Ipv6Addr>().is_ok(),
    }
}

/// Every character is allowed or part of a `%XX` escape.
fn is_encoded(text: &str, allowed: impl Fn(char) -> bool) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            let hex = |c: Option<char>| c.is_some_and(|c| c.is_ascii_hexdigit());
            if !hex(chars.next()) || !hex(chars.next()) {
                return false;
            }
        } else if !allowed(c) {
            return false;
        }
    }
    true
}

/// The bytes of text whose `%XX` escapes (already checked) are decoded.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    decoded
}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}

fn is_sub_delim(c: char) -> bool {
    matches!(
        c,
        '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '='
    )
}

fn is_pchar(c: char) -> bool {
    is_unreserved(c) || is_sub_delim(c) || matches!(c, ':' | '@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for valid in [
            "a@b.com",
            "a..b@c.com",
            "a@b",
            ".a@b.com",
            "x+y@sub.example.org",
        ] {
            assert!(is_email(valid), "{valid}");
        }
        for invalid in [
            "nope",
            "a@b.c-",
            "\"a\"@b.com",
            "a@-b.com",
            "a@b..com",
            "a b@c.com",
            "a@b.com.",
            "a@[1.2.3.4]",
            "ü@b.com",
            "a@b_c.com",
            "@b.com",
            "a@",
        ] {
            assert!(!is_email(invalid), "{invalid}");
        }
    }

    #[test]
    fn hostnames() {
        for valid in [
            "a.com.",
            "123.a",
            "xn--bcher-kva.example",
            "localhost",
            "a-b.c",
        ] {
            assert!(is_hostname(valid), "{valid}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        for invalid in [
            "a..com",
            "1.2.3.4",
            "a.123",
            "a_b.com",
            "a-.com",
            "-a.com",
            ".a.com",
            "",
            long_label.as_str(),
        ] {
            assert!(!is_hostname(invalid), "{invalid}");
        }
        assert!(!is_hostname(&"a.".repeat(127)));
    }

    #[test]
    fn ip_addresses() {
        for valid in [
            "1.2.3.4",
            "::",
            "fe80::1%eth0",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8",
        ] {
            assert!(is_ip(valid, 0), "{valid}");
        }
        for invalid in [
            "01.2.3.4",
            "1.2.3.256",
            "fe80::1%",
            "1::2::3",
            "[::1]",
            "1.2.3.4 ",
        ] {
            assert!(!is_ip(invalid, 0), "{invalid}");
        }
        assert!(is_ip("1.2.3.4", 4));
        assert!(!is_ip("1.2.3.4", 6));
        assert!(is_ip("::1", 6));
        assert!(!is_ip("::1", 4));
        assert!(!is_ip("::1", 5));
    }

    #[test]
    fn ip_prefixes() {
        assert!(is_ip_prefix("1.2.3.0/24", 4, true));
        assert!(!is_ip_prefix("1.2.3.4/24", 4, true));
        assert!(is_ip_prefix("1.2.3.4/24", 4, false));
        assert!(is_ip_prefix("1.2.3.4/0", 4, false));
        assert!(is_ip_prefix("1.2.3.4/32", 4, true));
        assert!(is_ip_prefix("0.0.0.0/0", 4, true));
        for invalid in ["1.2.3.0/024", "1.2.3.0/33", "1.2.3.0", "1.2.3.0/"] {
            assert!(!is_ip_prefix(invalid, 4, false), "{invalid}");
        }
        assert!(is_ip_prefix("::1/128", 6, true));
        assert!(is_ip_prefix("fe80::/10", 6, true));
        assert!(!is_ip_prefix("fe80::1/10", 6, true));
        assert!(!is_ip_prefix("::1/129", 6, false));
        assert!(!is_ip_prefix("fe80::1%eth0/64", 6, false));
        assert!(is_ip_prefix("::1/64", 0, false));
        assert!(!is_ip_prefix("::1/64", 4, false));
    }

    #[test]
    fn uris() {
        for valid in [
            "http://a.com",
            "http://a.com:80/p?q#f",
            "mailto:a@b.com",
            "urn:isbn:123",
            "http://[::1]:80",
            "http://[fe80::1%25eth0]/",
            "http://[v1.x]/",
            "http://%C3%BC.com/",
            "http:",
            "file:///etc/hosts",
        ] {
            assert!(is_uri(valid), "{valid}");
        }
        for invalid in [
            "nope",
            "http://a b.com",
            "http://a.com/%zz",
            "1http://a",
            "http://user@a.com@b",
            "http://a.com:8a/",
            "http://%ff.com/",
            "//a.com",
            "http://a.com/ü",
            "http://a.com#a#b",
            "foo://a.com?x=[1]",
            "http://[::1/",
        ] {
            assert!(!is_uri(invalid), "{invalid}");
        }
    }

    #[test]
    fn uri_references() {
        for valid in [
            "//a.com/p",
            "./a:b",
            "a:b",
            "?q",
            "#f",
            "",
            "a/b:c",
            "../a",
            "/a/b?c#d",
        ] {
            assert!(is_uri_ref(valid), "{valid}");
        }
        for invalid in ["%zz", "/a b", "a b", "1a:b"] {
            assert!(!is_uri_ref(invalid), "{invalid}");
        }
    }

    #[test]
    fn hosts_and_ports() {
        for valid in ["a.com:80", "[::1]:80", "1.2.3.4:0", "a.com:65535"] {
            assert!(is_host_and_port(valid, true), "{valid}");
        }
        for invalid in [
            "a.com",
            "[::1]",
            "::1",
            "a.com:080",
            "a.com:65536",
            "a.com:",
            "[::1]x:80",
            "1.2.3:80",
            "",
        ] {
            assert!(!is_host_and_port(invalid, true), "{invalid}");
        }
        assert!(is_host_and_port("a.com", false));
        assert!(is_host_and_port("[::1]", false));
        assert!(!is_host_and_port("::1", false));
    }
}
