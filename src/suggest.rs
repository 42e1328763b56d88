/// The candidate closest to `input`, if any is close enough to be a plausible typo.
pub fn closest<'a>(input: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let input_upper = input.to_uppercase();
    candidates
        .map(|candidate| {
            let score = strsim::jaro_winkler(&input_upper, &candidate.to_uppercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_a_typo_and_rejects_noise() {
        let keys = ["use", "except", "ignore", "ignore_only"];
        assert_eq!(closest("excpet", keys.into_iter()), Some("except"));
        assert_eq!(
            closest("ignore_onyl", keys.into_iter()),
            Some("ignore_only")
        );
        assert_eq!(closest("zzzzzz", keys.into_iter()), None);
    }
}
