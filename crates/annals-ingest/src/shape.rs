//! Shape tests on one cleaned line: capitalisation, final punctuation, list markers.
//!
//! Layout (headings, labels) and boilerplate (link lists, repeats) both decide from these
//! surface cues; no model is involved, so every decision can be explained in one sentence.

/// Lowercase words that title-case headings leave lowercase.
const FUNCTION_WORDS: &[&str] = &[
    "a", "al", "amid", "among", "an", "and", "as", "at", "between", "bin", "but", "by", "de",
    "der", "du", "el", "for", "from", "in", "into", "la", "le", "nor", "of", "on", "onto", "or",
    "over", "per", "the", "to", "upon", "van", "via", "von", "vs", "with",
];

fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

/// How the words of a line are capitalised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CaseStats {
    pub words: usize,
    /// Words with an uppercase letter ("Korea", "U.S.", "al-Assad", "iPhone").
    pub capitalised: usize,
    /// Lowercase words that are not function words.
    pub lowercase: usize,
    /// The first word is capitalised or starts with a digit.
    pub first_ok: bool,
    /// The last word is a lowercase function word ("… in the"), typical of a wrapped line.
    pub ends_with_function_word: bool,
}

impl CaseStats {
    /// Every content word capitalised: "Sanctions and International Isolation".
    pub fn is_title_case(&self) -> bool {
        self.first_ok && self.capitalised > 0 && self.lowercase == 0
    }

    /// At least 60 % of content words capitalised: "Think tank analysis: Is North Korea …".
    pub fn is_mostly_capitalised(&self) -> bool {
        self.first_ok
            && self.capitalised > 0
            && self.capitalised * 10 >= (self.capitalised + self.lowercase) * 6
    }
}

pub(crate) fn case_stats(text: &str) -> CaseStats {
    let mut stats = CaseStats::default();
    for (i, raw) in text.split_whitespace().enumerate() {
        stats.words += 1;
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let has_upper = word.chars().any(char::is_uppercase);
        let has_lower = word.chars().any(char::is_lowercase);
        let starts_digit = word.starts_with(|c: char| c.is_ascii_digit());
        let function = !has_upper && is_function_word(word);
        if has_upper {
            stats.capitalised += 1;
        } else if has_lower && !function {
            stats.lowercase += 1;
        }
        if i == 0 {
            stats.first_ok = has_upper || starts_digit;
        }
        stats.ends_with_function_word = function;
    }
    stats
}

/// Characters that may close a sentence after its final punctuation.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '’' | '”' | '»' | '›' | ')' | ']' | '}' | '*' | '_'
    )
}

/// The last character once closing quotes and brackets are set aside.
pub(crate) fn last_significant(text: &str) -> Option<char> {
    text.trim_end_matches(is_closer).chars().next_back()
}

/// The line ends like a sentence: `.`, `!`, `?` or `…`, possibly inside quotes.
pub(crate) fn ends_sentence(text: &str) -> bool {
    matches!(last_significant(text), Some('.' | '!' | '?' | '…'))
}

/// The line could start a sentence or a heading: uppercase letter, digit, or an opening
/// quote or bracket.
pub(crate) fn starts_capital(text: &str) -> bool {
    match text.chars().next() {
        Some(c) if c.is_uppercase() || c.is_ascii_digit() => true,
        Some('"' | '\'' | '“' | '‘' | '«' | '(' | '[') => text
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()),
        _ => false,
    }
}

/// The line starts with a lowercase letter: the continuation of a wrapped sentence.
pub(crate) fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// Byte length of a list marker at the start of the line, including the space after it:
/// `-`, `*`, `+`, `•`, `‣`, `◦`, `▪`, or a number of up to three digits with `.` or `)`.
pub(crate) fn bullet_len(line: &str) -> Option<usize> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    let marker_end = match first {
        '-' | '*' | '+' | '•' | '‣' | '◦' | '▪' => first.len_utf8(),
        '0'..='9' => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 3 {
                return None;
            }
            match line.as_bytes().get(digits) {
                Some(b'.' | b')') => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    let rest = line.get(marker_end..)?;
    let after = rest.strip_prefix(' ')?;
    if after.is_empty() {
        return None;
    }
    Some(marker_end + 1)
}

/// The text of a Markdown ATX heading (`## Title ##` → `Title`).
pub(crate) fn markdown_heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = line.get(hashes..)?.strip_prefix(' ')?;
    let text = rest.trim_end_matches('#').trim_end();
    if text.is_empty() {
        None
    } else {
        Some(text)
    }
}

/// How a line looks as a heading, judged on the line alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadingShape {
    No,
    /// Mostly capitalised words: a heading wherever it stands.
    TitleCase,
    /// Sentence case, at most six words, no comma or colon: a heading only when a new
    /// sentence follows it ("Wider regional effects").
    SentenceCase,
}

/// Short (≤ 12 words, ≤ 100 characters), no sentence-final punctuation (a trailing `:` is
/// allowed when capitalised), starts with a capital or digit, does not end with a comma or a
/// lowercase function word, not a URL.
pub(crate) fn heading_shape(line: &str) -> HeadingShape {
    let (text, colon) = match line.strip_suffix(':') {
        Some(t) => (t.trim_end(), true),
        None => (line, false),
    };
    // Cheap tests first: most lines are paragraphs ending in a period.
    if text.is_empty() || text.len() > 400 || !starts_capital(text) {
        return HeadingShape::No;
    }
    if ends_sentence(text) || matches!(last_significant(text), Some(',' | ';' | ':')) {
        return HeadingShape::No;
    }
    if text.chars().count() > 100 {
        return HeadingShape::No;
    }
    if text.contains("://") || text.starts_with("www.") {
        return HeadingShape::No;
    }
    let stats = case_stats(text);
    if stats.words > 12 || stats.ends_with_function_word {
        return HeadingShape::No;
    }
    if stats.is_mostly_capitalised() {
        HeadingShape::TitleCase
    } else if !colon && stats.words <= 6 && !text.contains(',') {
        HeadingShape::SentenceCase
    } else {
        HeadingShape::No
    }
}

/// Split a "Label: sentence" line: returns the byte length of the label when the part
/// before the first `": "` is at most six title-case words without sentence punctuation
/// and the rest starts with a capital, a digit or a quote.
pub(crate) fn label_len(line: &str) -> Option<usize> {
    // Six words fit well within 200 bytes; no need to scan a long paragraph for ": ".
    let window = line.as_bytes().get(..line.len().min(200)).unwrap_or(&[]);
    let colon = memchr::memmem::find(window, b": ")?;
    let label = line.get(..colon)?;
    let rest = line.get(colon + 2..)?.trim_start();
    if label.is_empty() || rest.is_empty() {
        return None;
    }
    let rest_ok = starts_capital(rest) || rest.starts_with(['"', '“', '‘', '\'', '«']);
    if !rest_ok {
        return None;
    }
    if label.contains(['!', '?', ',', ';', '"', '“', '”']) {
        return None;
    }
    // A period is allowed only inside abbreviations such as "U.S." or "E.U.".
    for word in label.split_whitespace() {
        if word.contains('.') && !is_abbreviation(word) {
            return None;
        }
    }
    let stats = case_stats(label);
    if stats.words > 6 || !stats.is_title_case() {
        return None;
    }
    Some(colon)
}

/// "U.S.", "U.K.", "E.U.": uppercase letters separated by periods.
fn is_abbreviation(word: &str) -> bool {
    let word = word.trim_matches(|c: char| matches!(c, '(' | ')' | '\'' | '’'));
    word.len() <= 8
        && word.contains('.')
        && word
            .split('.')
            .all(|p| p.is_empty() || (p.chars().count() == 1 && p.chars().all(char::is_uppercase)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_stats_counts_content_words() {
        let s = case_stats("Sanctions and International Isolation");
        assert_eq!((s.words, s.capitalised, s.lowercase), (4, 3, 0));
        assert!(s.is_title_case());
        let s = case_stats("Think tank analysis: Is North Korea Still a Threat in 2030?");
        assert!(!s.is_title_case());
        assert!(s.is_mostly_capitalised());
        let s = case_stats("the talks began in the");
        assert!(!s.first_ok && s.ends_with_function_word);
        assert!(case_stats("Post-Soviet Era (1991-Present)").is_title_case());
        assert!(case_stats("2030 Outlook").is_title_case());
    }

    #[test]
    fn sentence_end_sees_through_quotes() {
        assert!(ends_sentence("He said “no.”"));
        assert!(ends_sentence("Is it over?"));
        assert!(ends_sentence("And then…"));
        assert!(!ends_sentence("Economic Ties (2000-2010)"));
        assert!(!ends_sentence("Recent Talks:"));
    }

    #[test]
    fn bullets_and_numbers() {
        assert_eq!(bullet_len("- Item"), Some(2));
        assert_eq!(bullet_len("• Item"), Some(4));
        assert_eq!(bullet_len("12. Item"), Some(4));
        assert_eq!(bullet_len("3) Item"), Some(3));
        assert_eq!(bullet_len("2030. The year"), None);
        assert_eq!(bullet_len("-Item"), None);
        assert_eq!(bullet_len("- "), None);
        assert_eq!(bullet_len("Item"), None);
    }

    #[test]
    fn markdown_headings() {
        assert_eq!(
            markdown_heading("## Talks in Moscow ##"),
            Some("Talks in Moscow")
        );
        assert_eq!(markdown_heading("# Summit"), Some("Summit"));
        assert_eq!(markdown_heading("#hashtag"), None);
        assert_eq!(markdown_heading("####### Too deep"), None);
        assert_eq!(markdown_heading("#  "), None);
    }

    #[test]
    fn heading_shapes() {
        use HeadingShape::*;
        assert_eq!(
            heading_shape("Overview of the Ministers’ Meeting"),
            TitleCase
        );
        assert_eq!(heading_shape("Soviet Era (1948-1991):"), TitleCase);
        assert_eq!(heading_shape("Looking Ahead"), TitleCase);
        assert_eq!(heading_shape("Wider regional effects"), SentenceCase);
        // Sentence-case lines ending with a colon introduce something; not headings.
        assert_eq!(heading_shape("The ministers agreed on:"), No);
        assert_eq!(heading_shape("The talks ended."), No);
        assert_eq!(heading_shape("Did the Talks Fail?"), No);
        assert_eq!(heading_shape("In conclusion, the ministers agreed"), No);
        assert_eq!(
            heading_shape("Talks between the two foreign ministers in"),
            No
        );
        assert_eq!(heading_shape("the rest of a wrapped line"), No);
        assert_eq!(heading_shape("https://example.org/News"), No);
        assert_eq!(
            heading_shape(
                "Here is a summary of the main points that both delegations raised in Geneva:"
            ),
            No
        );
        assert_eq!(
            heading_shape("The delegation from the southern provinces arrived late in the day"),
            No
        );
    }

    #[test]
    fn labels() {
        let line = "Trade Routes: Officials in Cairo said the port would reopen.";
        assert_eq!(label_len(line), Some("Trade Routes".len()));
        assert_eq!(
            label_len("Balance of Power: The ministers disagreed."),
            Some("Balance of Power".len())
        );
        assert_eq!(
            label_len("U.S. Position: Washington declined to comment."),
            Some("U.S. Position".len())
        );
        assert_eq!(label_len("Grain Deal: “We will sign,” she said."), Some(10));
        // Lowercase content word in the label.
        assert_eq!(label_len("Trade routes: Officials said so."), None);
        // Rest starts lowercase.
        assert_eq!(label_len("Trade Routes: officials said so."), None);
        // Too many words.
        assert_eq!(
            label_len("One Two Three Four Five Six Seven: The rest follows."),
            None
        );
        // Sentence punctuation in the label.
        assert_eq!(label_len("In Short, Nothing: The rest follows."), None);
        assert_eq!(label_len("No colon here at all."), None);
        assert_eq!(label_len("Time 10:30 Local: Fine."), Some(16));
    }
}
