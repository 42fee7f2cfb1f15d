//! The phrases of promotional, navigation and trailing lines, and how they are matched.

/// A phrase a promotional line starts with, and the longest line (in words) it may be.
struct Prefix {
    phrase: &'static str,
    max_words: usize,
}

const PROMO_PREFIXES: &[Prefix] = &[
    Prefix {
        phrase: "also read",
        max_words: 30,
    },
    Prefix {
        phrase: "read also",
        max_words: 30,
    },
    Prefix {
        phrase: "read more",
        max_words: 30,
    },
    Prefix {
        phrase: "see also",
        max_words: 30,
    },
    Prefix {
        phrase: "related:",
        max_words: 30,
    },
    Prefix {
        phrase: "subscribe",
        max_words: 20,
    },
    Prefix {
        phrase: "sign up for our",
        max_words: 20,
    },
    Prefix {
        phrase: "sign up to our",
        max_words: 20,
    },
    Prefix {
        phrase: "sign up for free",
        max_words: 20,
    },
    Prefix {
        phrase: "click here",
        max_words: 25,
    },
    Prefix {
        phrase: "share this article",
        max_words: 12,
    },
    Prefix {
        phrase: "share this story",
        max_words: 12,
    },
    Prefix {
        phrase: "share on",
        max_words: 6,
    },
    Prefix {
        phrase: "follow us on",
        max_words: 15,
    },
    Prefix {
        phrase: "follow us:",
        max_words: 15,
    },
    Prefix {
        phrase: "advertisement",
        max_words: 6,
    },
];

/// Lines that are promotional or navigation on their own (trailing `:`/`.`/`»` ignored).
const PROMO_LINES: &[&str] = &[
    "advertisement",
    "back to top",
    "comments",
    "continue reading",
    "more news",
    "more stories",
    "most popular",
    "most read",
    "print",
    "recommended",
    "recommended for you",
    "recommended stories",
    "related",
    "related articles",
    "related content",
    "related coverage",
    "related news",
    "related posts",
    "related stories",
    "share",
    "share this",
    "skip to content",
    "sponsored",
    "sponsored content",
    "trending now",
    "you may also like",
    "you might also like",
];

const TRAILING_PREFIXES: &[Prefix] = &[
    Prefix {
        phrase: "©",
        max_words: 40,
    },
    Prefix {
        phrase: "(c)",
        max_words: 40,
    },
    Prefix {
        phrase: "copyright",
        max_words: 40,
    },
    Prefix {
        phrase: "tags:",
        max_words: 60,
    },
    Prefix {
        phrase: "tag:",
        max_words: 60,
    },
    Prefix {
        phrase: "topics:",
        max_words: 60,
    },
    Prefix {
        phrase: "keywords:",
        max_words: 60,
    },
    Prefix {
        phrase: "categories:",
        max_words: 60,
    },
    Prefix {
        phrase: "category:",
        max_words: 60,
    },
    Prefix {
        phrase: "filed under",
        max_words: 60,
    },
    Prefix {
        phrase: "posted in",
        max_words: 20,
    },
];

const TRAILING_CONTAINS: &[&str] = &["all rights reserved"];

/// The prefix of `line` matching `phrase` case-insensitively on a word boundary.
fn match_prefix<'a>(line: &'a str, phrase: &str) -> Option<&'a str> {
    let head = line.get(..phrase.len())?;
    if !head.eq_ignore_ascii_case(phrase) {
        return None;
    }
    let rest = line.get(phrase.len()..)?;
    let phrase_ends_word = phrase
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    if phrase_ends_word && rest.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(head)
}

fn match_prefixes(line: &str, rules: &[Prefix]) -> Option<String> {
    let words = || line.split_whitespace().count();
    for rule in rules {
        if let Some(head) = match_prefix(line, rule.phrase) {
            if words() > rule.max_words {
                return None;
            }
            // Show the colon that follows the phrase, as in `starts with "ALSO READ:"`.
            let shown = match line.get(head.len()..) {
                Some(rest) if rest.starts_with(':') && !head.ends_with(':') => {
                    line.get(..=head.len()).unwrap_or(head)
                }
                _ => head,
            };
            return Some(format!("starts with \"{shown}\""));
        }
    }
    None
}

fn match_promo_line(line: &str) -> Option<String> {
    let core = line
        .trim_end_matches([':', '.', '!', '»', '›', '>', '|', '-', '–', '—'])
        .trim_end();
    PROMO_LINES
        .iter()
        .any(|p| core.eq_ignore_ascii_case(p))
        .then(|| format!("is \"{core}\""))
}

/// A promotional line: starts with a promo phrase (and is short enough) or is one.
pub(super) fn match_promo(line: &str) -> Option<String> {
    match_prefixes(line, PROMO_PREFIXES).or_else(|| match_promo_line(line))
}

/// A line that is boilerplate when it trails the article.
pub(super) fn match_trailing(line: &str) -> Option<String> {
    match_prefixes(line, TRAILING_PREFIXES).or_else(|| {
        let lower = line.to_lowercase();
        TRAILING_CONTAINS
            .iter()
            .find(|p| lower.contains(*p))
            .map(|p| format!("contains \"{p}\""))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_match_on_word_boundaries_only() {
        assert_eq!(
            match_prefix("Subscribe now", "subscribe"),
            Some("Subscribe")
        );
        assert_eq!(match_prefix("Subscribers fell", "subscribe"), None);
        assert_eq!(match_prefix("Read more…", "read more"), Some("Read more"));
        assert_eq!(match_prefix("Related: x", "related:"), Some("Related:"));
        assert_eq!(match_prefix("Rel", "related:"), None);
        assert_eq!(match_prefix("Süd", "s"), None);
    }

    #[test]
    fn details_show_the_matched_text() {
        assert_eq!(
            match_promo("ALSO READ: Grain Prices Rise").as_deref(),
            Some("starts with \"ALSO READ:\"")
        );
        assert_eq!(
            match_promo("You may also like »").as_deref(),
            Some("is \"You may also like\"")
        );
        assert_eq!(
            match_promo("Advertisement - scroll to continue").as_deref(),
            Some("starts with \"Advertisement\"")
        );
        assert_eq!(
            match_trailing("Copyright 2031 Example Post").as_deref(),
            Some("starts with \"Copyright\"")
        );
        assert_eq!(match_trailing("The ministers met."), None);
    }
}
