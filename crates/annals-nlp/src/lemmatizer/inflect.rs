//! English spelling rules run backwards: the base forms a regular inflection could have
//! come from. Each candidate is an edit on the end of the word; the lexicon then keeps
//! the ones that are words and picks the most frequent.
//!
//! The rules also rule out bases the forward rules would not have spelled that way: a
//! one-syllable base ending in one vowel and one consonant doubles it ("car" → "carred"),
//! so "cared" cannot come from "car"; a base ending in a consonant and "y" takes "-ied"
//! ("carry" → "carried"), so "carryed" is not a past of "carry".

/// The inflections whose lemma the lexicon can find, from the Penn Treebank tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inflection {
    /// VBD, VBN: "-ed".
    Past,
    /// VBG: "-ing".
    Ing,
    /// VBZ: "-s".
    Third,
    /// NNS: "-s" and the plural spellings of nouns ("-ves", "-men", "-a", "-i").
    Plural,
    /// JJR, RBR: "-er".
    Comparative,
    /// JJS, RBS: "-est".
    Superlative,
}

impl Inflection {
    /// The inflection a Penn Treebank XPOS marks, if the lexicon handles it.
    pub(crate) fn of_xpos(xpos: &str) -> Option<Inflection> {
        Some(match xpos {
            "VBD" | "VBN" => Inflection::Past,
            "VBG" => Inflection::Ing,
            "VBZ" => Inflection::Third,
            "NNS" => Inflection::Plural,
            "JJR" | "RBR" => Inflection::Comparative,
            "JJS" | "RBS" => Inflection::Superlative,
            _ => return None,
        })
    }
}

/// An edit from the inflected form to a candidate base: strip `strip` bytes, append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub strip: usize,
    pub append: &'static str,
}

/// At most [`Candidates::CAP`] candidates, without allocating.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidates {
    items: [Candidate; Candidates::CAP],
    len: usize,
}

impl Candidates {
    const CAP: usize = 8;

    fn new() -> Self {
        let none = Candidate {
            strip: 0,
            append: "",
        };
        Candidates {
            items: [none; Candidates::CAP],
            len: 0,
        }
    }

    fn push(&mut self, strip: usize, append: &'static str) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = Candidate { strip, append };
            self.len += 1;
        }
    }
}

impl IntoIterator for Candidates {
    type Item = Candidate;
    type IntoIter = std::iter::Take<std::array::IntoIter<Candidate, { Candidates::CAP }>>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().take(self.len)
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn last(w: &[u8], back: usize) -> Option<u8> {
    w.len()
        .checked_sub(back + 1)
        .and_then(|i| w.get(i).copied())
}

fn is_consonant_at(w: &[u8], back: usize) -> bool {
    last(w, back).is_some_and(|b| !is_vowel(b))
}

/// Vowel groups, "y" counting as a vowel after a consonant: the number of syllables,
/// near enough to tell one syllable from more.
fn syllables(w: &[u8]) -> usize {
    let mut n = 0;
    let mut prev_vowel = false;
    for (i, &b) in w.iter().enumerate() {
        let v = is_vowel(b) || (b == b'y' && i > 0 && !prev_vowel);
        if v && !prev_vowel {
            n += 1;
        }
        prev_vowel = v;
    }
    n
}

fn has_vowel(w: &[u8]) -> bool {
    syllables(w) > 0
}

/// Ends in one vowel and one consonant that can double ("stop", "shel", "admit").
fn ends_cvc(w: &[u8]) -> bool {
    let c = last(w, 0).is_some_and(|b| !is_vowel(b) && !matches!(b, b'w' | b'x' | b'y'));
    // "qu" is a consonant: "quiz" → "quizzes".
    let qu = last(w, 2) == Some(b'u') && last(w, 3) == Some(b'q');
    c && last(w, 1).is_some_and(is_vowel) && (qu || !last(w, 2).is_some_and(is_vowel))
}

/// A one-syllable base ending in one vowel and one consonant: its final consonant
/// doubles before a vowel suffix ("stop" → "stopped"), so it cannot be the base of an
/// undoubled form ("hoped" is not a past of "hop").
fn must_double(w: &[u8]) -> bool {
    ends_cvc(w) && syllables(w) == 1
}

/// Ends in a doubled consonant ("stopp", "shell").
fn ends_doubled(w: &[u8]) -> bool {
    matches!((last(w, 0), last(w, 1)), (Some(a), Some(b)) if a == b && !is_vowel(a))
}

/// Ends in a consonant and "y" ("carry"): such bases take "-ies", "-ied", "-ier".
fn ends_consonant_y(w: &[u8]) -> bool {
    last(w, 0) == Some(b'y') && is_consonant_at(w, 1)
}

/// Ends in a sibilant that takes "-es" ("tax", "bus", "church", "dish", "quiz").
fn ends_sibilant(w: &[u8]) -> bool {
    match last(w, 0) {
        Some(b's' | b'x' | b'z') => true,
        Some(b'h') => matches!(last(w, 1), Some(b'c' | b's')),
        _ => false,
    }
}

/// Candidate bases of `word` (lowercase a–z) inflected as `infl`.
pub(crate) fn candidates(word: &[u8], infl: Inflection) -> Candidates {
    let mut out = Candidates::new();
    match infl {
        Inflection::Past => vowel_suffix(word, b"ed", true, &mut out),
        Inflection::Comparative => vowel_suffix(word, b"er", false, &mut out),
        Inflection::Superlative => vowel_suffix(word, b"est", false, &mut out),
        Inflection::Ing => ing(word, &mut out),
        Inflection::Third => s_suffix(word, &mut out),
        Inflection::Plural => {
            s_suffix(word, &mut out);
            plural_only(word, &mut out);
        }
    }
    out
}

/// "-ed", "-er", "-est": a suffix starting with "e" that merges with a final "e".
fn vowel_suffix(word: &[u8], suffix: &[u8], ck: bool, out: &mut Candidates) {
    let Some(stem) = word.strip_suffix(suffix) else {
        return;
    };
    let n = suffix.len();
    if stem.len() < 2 {
        return;
    }
    // "blamed" → "blame", "nicest" → "nice", "agreed" → "agree".
    if has_vowel(stem) {
        out.push(n - 1, "");
    }
    // "raided" → "raid": not after "e" or "i" ("died" is not a past of "di"), not
    // "carryed", not an undoubled "hoped" → "hop".
    if has_vowel(stem)
        && !matches!(last(stem, 0), Some(b'e' | b'i'))
        && !ends_consonant_y(stem)
        && !must_double(stem)
    {
        out.push(n, "");
    }
    // "ratified" → "ratify", "happier" → "happy".
    if last(stem, 0) == Some(b'i') && is_consonant_at(stem, 1) && stem.len() > 2 {
        out.push(n + 1, "y");
    }
    undoubled(stem, n, ck, out);
}

/// "shelled" → "shel" (the lexicon prefers "shell"), "stopped" → "stop"; with `ck`,
/// "panicked" → "panic".
fn undoubled(stem: &[u8], n: usize, ck: bool, out: &mut Candidates) {
    if let Some(base) = stem.get(..stem.len().saturating_sub(1)) {
        if ends_doubled(stem) && ends_cvc(base) {
            out.push(n + 1, "");
        }
        if ck && stem.ends_with(b"ck") && base.ends_with(b"ic") && syllables(base) >= 2 {
            out.push(n + 1, "");
        }
    }
}

/// "-ing": drops a final "e" ("making") but not "ee", "oe", "ye" ("agreeing").
fn ing(word: &[u8], out: &mut Candidates) {
    let Some(stem) = word.strip_suffix(b"ing") else {
        return;
    };
    if stem.len() < 2 || !has_vowel(stem) && last(stem, 0) != Some(b'y') {
        return;
    }
    let keeps_e = matches!(last(stem, 1), Some(b'e' | b'o' | b'y'));
    // "raiding" → "raid", "agreeing" → "agree", "studying" → "study" (but "dying" is
    // not a form of "dy").
    let short_y = stem.len() == 2 && last(stem, 0) == Some(b'y');
    if has_vowel(stem) && !must_double(stem) && !short_y && (last(stem, 0) != Some(b'e') || keeps_e)
    {
        out.push(3, "");
    }
    // "blaming" → "blame", "continuing" → "continue"; not "runne".
    if !matches!(last(stem, 0), Some(b'e' | b'w' | b'y')) && has_vowel(stem) && !ends_doubled(stem)
    {
        out.push(3, "e");
    }
    // "dying" → "die", "lying" → "lie".
    if last(stem, 0) == Some(b'y') {
        out.push(4, "ie");
    }
    undoubled(stem, 3, true, out);
}

/// "-s" and "-es" of verbs and nouns.
fn s_suffix(word: &[u8], out: &mut Candidates) {
    let Some(base) = word.strip_suffix(b"s") else {
        return;
    };
    if base.len() < 2 || !has_vowel(base) {
        return;
    }
    // "raids" → "raid", "blames" → "blame", "movies" → "movie".
    if !ends_sibilant(base) && !ends_consonant_y(base) && !base.ends_with(b"ss") {
        out.push(1, "");
    }
    if let Some(stem) = base.strip_suffix(b"e") {
        // "taxes" → "tax", "embargoes" → "embargo".
        let o = last(stem, 0) == Some(b'o') && is_consonant_at(stem, 1);
        if (ends_sibilant(stem) || o) && has_vowel(stem) {
            out.push(2, "");
        }
        // "quizzes" → "quiz" (not "asses" → "as").
        if let Some(single) = stem.get(..stem.len().saturating_sub(1)) {
            if stem.ends_with(b"zz") && ends_cvc(single) {
                out.push(3, "");
            }
        }
    }
    // "casualties" → "casualty".
    if base.ends_with(b"ie") && is_consonant_at(base, 2) && base.len() > 3 {
        out.push(3, "y");
    }
}

/// Plural spellings nouns alone have.
fn plural_only(word: &[u8], out: &mut Candidates) {
    if let Some(stem) = word.strip_suffix(b"ves") {
        // "wolves" → "wolf", "thieves" → "thief", but "knives" → "knife" (not "motif").
        match last(stem, 0) {
            Some(b'i') => out.push(3, "fe"),
            Some(b'l' | b'r' | b'a' | b'e' | b'o') => out.push(3, "f"),
            _ => {}
        }
    } else if word.ends_with(b"ses") && word.len() > 5 {
        // "crises" → "crisis".
        out.push(2, "is");
    } else if word.ends_with(b"ices") && word.len() > 6 {
        // "indices" → "index", "matrices" → "matrix".
        out.push(4, "ex");
        out.push(4, "ix");
    } else if word.ends_with(b"men") && word.len() > 3 {
        // "gunmen" → "gunman", "women" → "woman".
        out.push(2, "an");
    } else if word.ends_with(b"ae") && word.len() > 4 {
        // "larvae" → "larva".
        out.push(1, "");
    } else if word.ends_with(b"a") && word.len() > 4 {
        // "referenda" → "referendum", "phenomena" → "phenomenon".
        out.push(1, "um");
        out.push(1, "on");
    } else if word.ends_with(b"i") && word.len() > 4 {
        // "fungi" → "fungus", "nuclei" → "nucleus".
        out.push(1, "us");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases(word: &str, infl: Inflection) -> Vec<String> {
        candidates(word.as_bytes(), infl)
            .into_iter()
            .map(|c| format!("{}{}", &word[..word.len() - c.strip], c.append))
            .collect()
    }

    #[test]
    fn past_forms() {
        use Inflection::Past;
        assert_eq!(bases("shelled", Past), ["shelle", "shell", "shel"]);
        assert_eq!(bases("blamed", Past), ["blame"]);
        assert_eq!(bases("cared", Past), ["care"]);
        assert_eq!(bases("ratified", Past), ["ratifie", "ratify"]);
        assert_eq!(bases("boycotted", Past), ["boycotte", "boycott", "boycot"]);
        assert_eq!(bases("panicked", Past), ["panicke", "panick", "panic"]);
        assert_eq!(bases("agreed", Past), ["agree"]);
        assert_eq!(bases("died", Past), ["die"]);
        assert!(bases("bled", Past).is_empty());
    }

    #[test]
    fn ing_forms() {
        use Inflection::Ing;
        assert_eq!(bases("raiding", Ing), ["raid", "raide"]);
        assert_eq!(bases("hoping", Ing), ["hope"]);
        assert_eq!(bases("running", Ing), ["runn", "run"]);
        assert_eq!(bases("agreeing", Ing), ["agree"]);
        assert_eq!(bases("dying", Ing), ["die"]);
        assert_eq!(bases("studying", Ing), ["study", "studie"]);
        assert_eq!(bases("continuing", Ing), ["continu", "continue"]);
    }

    #[test]
    fn s_forms() {
        use Inflection::{Plural, Third};
        assert_eq!(bases("embargoes", Plural), ["embargoe", "embargo"]);
        assert_eq!(bases("taxes", Third), ["taxe", "tax"]);
        assert_eq!(bases("quizzes", Plural), ["quizze", "quizz", "quiz"]);
        assert_eq!(bases("casualties", Plural), ["casualtie", "casualty"]);
        assert_eq!(bases("wolves", Plural), ["wolve", "wolf"]);
        assert_eq!(bases("knives", Plural), ["knive", "knife"]);
        assert_eq!(bases("crises", Plural), ["crise", "cris", "crisis"]);
        assert_eq!(bases("gunmen", Plural), ["gunman"]);
        assert_eq!(bases("referenda", Plural), ["referendum", "referendon"]);
        assert!(bases("boss", Plural).is_empty());
        assert_eq!(bases("asses", Plural), ["asse", "ass"]);
    }

    #[test]
    fn comparatives() {
        assert_eq!(
            bases("bigger", Inflection::Comparative),
            ["bigge", "bigg", "big"]
        );
        assert_eq!(
            bases("happiest", Inflection::Superlative),
            ["happie", "happy"]
        );
    }
}
