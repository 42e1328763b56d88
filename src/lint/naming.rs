//! Case conventions shared by the naming rules.

/// Splits a name into words at underscores, at lower-to-upper changes (`fooBar`) and at the
/// start of a capitalised word after an acronym or digits (`HTTPServer` → `HTTP`, `Server`;
/// `Ipv6Google` → `Ipv6`, `Google`). Digits otherwise stay inside a word: `WITHIN_700M`.
/// `ascii_lower_snake_case` applies the same boundaries to bytes; change both together.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split('_').filter(|part| !part.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut current = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let starts_word = c.is_uppercase()
                && prev.is_some_and(|p| {
                    p.is_lowercase()
                        || ((p.is_uppercase() || p.is_ascii_digit())
                            && next.is_some_and(char::is_lowercase))
                });
            if starts_word && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

/// `FooBar` → `foo_bar`.
pub fn to_lower_snake_case(name: &str) -> String {
    if name.is_ascii() {
        return ascii_lower_snake_case(name);
    }
    lower_snake_case_of_words(name)
}

fn lower_snake_case_of_words(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// `to_lower_snake_case` for ASCII names (nearly all), in one pass over the bytes with the
/// word boundaries of `words`: an upper-case letter after a lower-case one, or after an
/// upper-case letter or digit when a lower-case letter follows.
fn ascii_lower_snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for part in name.split('_').filter(|part| !part.is_empty()) {
        if !snake.is_empty() {
            snake.push('_');
        }
        let bytes = part.as_bytes();
        for (i, &c) in bytes.iter().enumerate() {
            let next = bytes.get(i + 1);
            let starts_word = c.is_ascii_uppercase()
                && i.checked_sub(1).map(|p| bytes[p]).is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || ((p.is_ascii_uppercase() || p.is_ascii_digit())
                            && next.is_some_and(u8::is_ascii_lowercase))
                });
            if starts_word {
                snake.push('_');
            }
            snake.push(char::from(c.to_ascii_lowercase()));
        }
    }
    snake
}

/// `fooBar` → `FOO_BAR`.
pub fn to_upper_snake_case(name: &str) -> String {
    let mut snake = to_lower_snake_case(name);
    if snake.is_ascii() {
        snake.make_ascii_uppercase();
        return snake;
    }
    snake.to_uppercase()
}

/// `foo_bar` → `FooBar`: each underscore-separated part gets an upper-case first letter; the
/// rest of each part is kept as written.
pub fn to_pascal_case(name: &str) -> String {
    name.split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

pub fn is_lower_snake_case(name: &str) -> bool {
    snake_case_without_converting(name, |b| b.is_ascii_lowercase())
        .unwrap_or_else(|| name == to_lower_snake_case(name))
}

pub fn is_upper_snake_case(name: &str) -> bool {
    snake_case_without_converting(name, |b| b.is_ascii_uppercase())
        .unwrap_or_else(|| name == to_upper_snake_case(name))
}

/// Answers the snake-case predicates for the common ASCII names without building the
/// converted name. A name made only of `letter_case` letters, digits and underscores converts
/// to itself unless it has a leading, trailing or doubled underscore (the conversion drops
/// empty words); a name with an ASCII letter of the other case never does (the conversion
/// changes its case). None for anything else, which the conversion decides.
fn snake_case_without_converting(name: &str, letter_case: fn(&u8) -> bool) -> Option<bool> {
    let bytes = name.as_bytes();
    if bytes
        .iter()
        .all(|b| letter_case(b) || b.is_ascii_digit() || *b == b'_')
    {
        return Some(!name.starts_with('_') && !name.ends_with('_') && !name.contains("__"));
    }
    if bytes
        .iter()
        .any(|b| b.is_ascii_alphabetic() && !letter_case(b))
    {
        return Some(false);
    }
    None
}

/// Whether `to_pascal_case` leaves the name as it is: it has no underscore (the conversion
/// drops every one) and its first character is its own upper case.
pub fn is_pascal_case(name: &str) -> bool {
    if name.contains('_') {
        return false;
    }
    name.chars().next().is_none_or(|first| {
        let mut upper = first.to_uppercase();
        upper.next() == Some(first) && upper.next().is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_conversions() {
        assert_eq!(to_lower_snake_case("FooBar"), "foo_bar");
        assert_eq!(to_lower_snake_case("fooBAR"), "foo_bar");
        assert_eq!(to_lower_snake_case("HTTPServer"), "http_server");
        assert_eq!(to_lower_snake_case("foo__bar"), "foo_bar");
        assert_eq!(to_lower_snake_case("field1"), "field1");
        assert_eq!(to_upper_snake_case("fooBar"), "FOO_BAR");
        assert_eq!(to_upper_snake_case("V1Alpha"), "V1_ALPHA");
        assert_eq!(
            to_upper_snake_case("Ipv6GoogleAccess"),
            "IPV6_GOOGLE_ACCESS"
        );
    }

    /// Every name of at most `longest` characters from `alphabet`, the empty name included.
    fn every_name(alphabet: &[char], longest: usize) -> Vec<String> {
        let mut names = vec![String::new()];
        let mut longer = vec![String::new()];
        for _ in 0..longest {
            longer = longer
                .iter()
                .flat_map(|name| alphabet.iter().map(move |c| format!("{name}{c}")))
                .collect();
            names.extend(longer.iter().cloned());
        }
        names
    }

    /// The shortcuts agree with the conversions on every name made of these characters, up to
    /// four long ('ß' upper-cases to two letters, 'ǅ' is title case).
    #[test]
    fn predicates_agree_with_the_conversions() {
        for name in &every_name(&['a', 'B', 'c', 'D', '1', '_', 'é', 'ß', 'ǅ'], 4) {
            assert_eq!(
                is_lower_snake_case(name),
                *name == to_lower_snake_case(name),
                "{name}"
            );
            assert_eq!(
                is_upper_snake_case(name),
                *name == to_upper_snake_case(name),
                "{name}"
            );
            assert_eq!(
                is_pascal_case(name),
                *name == to_pascal_case(name),
                "{name}"
            );
        }
    }

    /// The one-pass conversion of ASCII names agrees with the conversion by words on every
    /// name made of these characters, up to five long.
    #[test]
    fn ascii_conversion_agrees_with_the_words() {
        for name in &every_name(&['a', 'B', 'c', 'D', '1', '_', '.', '-'], 5) {
            assert_eq!(
                ascii_lower_snake_case(name),
                lower_snake_case_of_words(name),
                "{name}"
            );
        }
    }

    #[test]
    fn predicates() {
        assert!(is_lower_snake_case("page_size"));
        assert!(!is_lower_snake_case("pageSize"));
        assert!(!is_lower_snake_case("_leading"));
        assert!(is_upper_snake_case("FOO_BAR_1"));
        assert!(is_upper_snake_case("WITHIN_700M"));
        assert!(!is_upper_snake_case("Foo_BAR"));
        assert!(is_pascal_case("FooBar"));
        assert!(is_pascal_case("HTTPRule"));
        assert!(!is_pascal_case("fooBar"));
        assert!(!is_pascal_case("Foo_Bar"));
    }
}
