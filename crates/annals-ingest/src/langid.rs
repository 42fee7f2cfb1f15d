//! Language identification of document text (`whatlang`: script detection, then trigram
//! profiles for Latin and Cyrillic scripts; 69 languages, no model files).
//!
//! Only a prefix of the text is looked at ([`PREFIX_CHARS`] characters): a news article's
//! language is settled in its first paragraphs, and the cost then stays flat however long
//! the document is. Texts with fewer than [`MIN_LETTERS`] letters get no guess at all,
//! since trigram statistics on a few words are noise.
//!
//! whatlang judges a text as a whole, so a text alternating between two languages can
//! come back as one of them with full confidence. The prefix is therefore also cut into
//! sentences (at `.`, `!`, `?`, `。` and line breaks) and each sentence of at least
//! [`MIN_SENTENCE_LETTERS`] letters is identified on its own: when the sentences agreeing
//! with the overall guess hold less than [`MIN_AGREEMENT`] of those sentences' letters,
//! the guess is marked not `reliable`.

/// Characters of the text examined.
pub const PREFIX_CHARS: usize = 2_000;
/// Fewest alphabetic characters (in the prefix) worth a guess.
pub const MIN_LETTERS: usize = 16;

/// Letters a sentence needs to get a vote in the mixed-language check.
pub const MIN_SENTENCE_LETTERS: usize = 40;
/// Most sentences identified separately in the mixed-language check.
pub const MAX_VOTES: usize = 4;
/// Share of voting letters that must agree with the overall guess for it to stay reliable.
pub const MIN_AGREEMENT: f64 = 0.6;

/// A language guess for a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LanguageGuess {
    /// ISO 639-1 code (`"en"`, `"de"`, …); for the few languages without one, the
    /// ISO 639-3 code whatlang uses.
    pub code: &'static str,
    /// whatlang's confidence, 0–1: how far the best language is ahead of the second.
    pub confidence: f64,
    /// whatlang's judgement that the guess can be trusted (enough text, clear margin).
    pub reliable: bool,
}

/// Guess the language of `text` from its first [`PREFIX_CHARS`] characters; `None` when
/// there is too little text (see [`MIN_LETTERS`]) or no script/language is recognised.
///
/// Plainly English text (see [`plainly_english`]) is settled from its first
/// [`QUICK_PREFIX_CHARS`] characters without whatlang, which costs several times more.
pub fn detect_language(text: &str) -> Option<LanguageGuess> {
    if plainly_english(char_prefix(text, QUICK_PREFIX_CHARS)) {
        return Some(LanguageGuess {
            code: "en",
            confidence: 1.0,
            reliable: true,
        });
    }
    detect_language_thoroughly(text)
}

/// [`detect_language`] without the quick English check: whatlang on the whole prefix and
/// on its sentences. For comparing the two; ingest wants [`detect_language`].
pub fn detect_language_thoroughly(text: &str) -> Option<LanguageGuess> {
    let prefix = char_prefix(text, PREFIX_CHARS);
    if prefix.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return None;
    }
    let info = whatlang::detect(prefix)?;
    Some(LanguageGuess {
        code: iso_639_1(info.lang()),
        confidence: info.confidence(),
        reliable: info.is_reliable() && sentence_agreement(prefix, info.lang()) >= MIN_AGREEMENT,
    })
}

/// Share of letters, among the voting sentences, in sentences identified as `lang`; 1
/// when no sentence is long enough. At most [`MAX_VOTES`] sentences vote, spread evenly
/// over the prefix: each call into whatlang has a fixed cost, and four sentences are
/// enough to catch a text that alternates languages.
fn sentence_agreement(text: &str, lang: whatlang::Lang) -> f64 {
    let voters: Vec<(&str, usize)> = text
        .split(['.', '!', '?', '\n', '。'])
        .map(|s| (s, s.chars().filter(|c| c.is_alphabetic()).count()))
        .filter(|&(_, letters)| letters >= MIN_SENTENCE_LETTERS)
        .collect();
    let step = voters.len().div_ceil(MAX_VOTES).max(1);
    let (mut agree, mut total) = (0usize, 0usize);
    for &(sentence, letters) in voters.iter().step_by(step) {
        total += letters;
        if whatlang::detect_lang(sentence) == Some(lang) {
            agree += letters;
        }
    }
    if total == 0 {
        1.0
    } else {
        agree as f64 / total as f64
    }
}

/// Characters looked at by the quick English check.
pub const QUICK_PREFIX_CHARS: usize = 800;
/// Fewest words the quick English check decides on.
const QUICK_MIN_WORDS: usize = 60;
/// Share of words (in hundredths) that must be English function words.
const QUICK_MIN_FUNCTION_WORDS_PCT: usize = 20;
/// Function words of English that are not words of the other languages whatlang knows
/// in Latin script (no "a", "in", "on", "die", …). In English news they make up a quarter
/// to a third of the words; in German, French or Spanish text almost none.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "that", "for", "with", "was", "were", "said", "from", "his", "has",
    "have", "had", "which", "been", "their", "this", "they", "would", "will", "are", "it", "its",
    "he", "she", "who", "by", "at", "after", "not", "but",
];

/// A cheap, conservative test for text whatlang would call English reliably: every letter
/// is ASCII, at least [`QUICK_MIN_WORDS`] words, at least
/// [`QUICK_MIN_FUNCTION_WORDS_PCT`]% of them English function words, and every sentence
/// long enough to vote in the mixed-language check ([`MIN_SENTENCE_LETTERS`]) has two of
/// them — so text alternating with another language is left to the full check. `false`
/// only means "not settled here": the full check then decides.
fn plainly_english(prefix: &str) -> bool {
    let (mut words, mut function) = (0usize, 0usize);
    for sentence in prefix.split(['.', '!', '?', '\n']) {
        let (mut letters, mut sentence_function) = (0usize, 0usize);
        for word in sentence.split(|c: char| !c.is_alphabetic()) {
            if word.is_empty() {
                continue;
            }
            if !word.is_ascii() {
                return false;
            }
            words += 1;
            letters += word.len();
            if word.len() <= 5
                && ENGLISH_FUNCTION_WORDS
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(word))
            {
                sentence_function += 1;
            }
        }
        // The last sentence may be cut off by the prefix; a long one still votes.
        if letters >= MIN_SENTENCE_LETTERS && sentence_function < 2 {
            return false;
        }
        function += sentence_function;
    }
    words >= QUICK_MIN_WORDS && function * 100 >= words * QUICK_MIN_FUNCTION_WORDS_PCT
}

/// Whether `text` is detected as English (reliably or not). Undetermined text (too
/// short, no letters) is not English by this test; a caller that wants to drop only
/// what is clearly foreign should look at [`detect_language`]'s `reliable` instead.
pub fn is_english(text: &str) -> bool {
    detect_language(text).is_some_and(|g| g.code == "en")
}

/// The longest prefix of `text` with at most `n` characters.
fn char_prefix(text: &str, n: usize) -> &str {
    match text.char_indices().nth(n) {
        Some((end, _)) => text.get(..end).unwrap_or(text),
        None => text,
    }
}

/// whatlang's ISO 639-3 language as ISO 639-1 where one exists.
fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_two_letter_code() {
        for &lang in whatlang::Lang::all() {
            let code = iso_639_1(lang);
            assert_eq!(code.len(), 2, "{lang:?} → {code}");
            assert!(code.bytes().all(|b| b.is_ascii_lowercase()));
        }
    }

    #[test]
    fn prefix_respects_char_boundaries() {
        assert_eq!(char_prefix("añb", 2), "añ");
        assert_eq!(char_prefix("ab", 5), "ab");
        assert_eq!(char_prefix("", 5), "");
        assert_eq!(char_prefix("Привет", 3), "При");
    }

    #[test]
    fn the_quick_check_settles_only_plain_english() {
        let en = "The foreign ministers met in the capital on Thursday to discuss the new \
                  trade agreement. Officials said the talks would continue next month, \
                  although several questions about tariffs remain open. The ministers \
                  said that they had agreed on a timetable, and that the talks were \
                  expected to end with a treaty which both parliaments will have to \
                  ratify by the end of the year.";
        assert!(plainly_english(en));
        // Too few words, a letter outside ASCII, or a long sentence without English
        // function words: left to whatlang.
        assert!(!plainly_english(
            "The ministers met and said that it was over."
        ));
        assert!(!plainly_english(&en.replace("capital", "capitál")));
        let with_german =
            format!("{en} Die Gespräche sollen im nächsten Monat fortgesetzt werden.");
        assert!(!plainly_english(&with_german));
        let with_latin = format!("{en} Gallia est omnis divisa in partes tres quarum unam.");
        assert!(!plainly_english(&with_latin));
        // Quick or full, English text gets the same code.
        assert_eq!(
            detect_language(en).map(|g| (g.code, g.reliable)),
            Some(("en", true))
        );
    }

    #[test]
    fn too_little_text_gets_no_guess() {
        for t in ["", "ok", "12345 67890 !!! ???", "Yes, sir."] {
            assert_eq!(detect_language(t), None, "{t:?}");
            assert!(!is_english(t));
        }
    }
}
