//! Names the tagger read as function words.
//!
//! Trained on web text, the tagger guesses from context for a word it never saw, and a
//! sentence-initial place before a rare verb comes out as an adverb or an auxiliary:
//! "Moscow/ADV recalled its ambassador", "Beijing/AUX recalled …". Function words are a
//! closed class: every one is in the treebank's tag dictionary. A capitalised word that
//! the dictionary lacks, tagged with a function-word class or as an adverb, is a proper
//! noun.

use annals_core::Upos;

use super::{TagOut, Tagger};

/// Classes only words of the treebank's dictionary take.
const CLOSED: &[Upos] = &[
    Upos::ADV,
    Upos::AUX,
    Upos::DET,
    Upos::PRON,
    Upos::ADP,
    Upos::CCONJ,
    Upos::SCONJ,
    Upos::PART,
];

/// Acronyms of news actors that are also function words in lower case: the World Health
/// Organization, the United States, the Islamic State.
const NAME_ACRONYMS: &[&str] = &["WHO", "US", "IS", "ISIS"];

/// Every English auxiliary, modal and their contracted forms: an "auxiliary" outside
/// this list is a misread word whatever the dictionary knows of it ("Beijing/AUX").
const AUXILIARIES: &[&str] = &[
    "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do",
    "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
    "ought", "get", "gets", "got", "gotten", "getting", "wo", "ca", "'s", "'re", "'ve", "'m", "'d",
    "'ll", "need", "dare", "used",
];

/// Retag as `PROPN`/`NNP` every capitalised word unknown to the tag dictionary that the
/// tagger put in a closed class (see the module). Returns how many words changed.
pub fn restore_names(tagger: &Tagger, words: &[&str], tags: &mut [TagOut]) -> usize {
    let (Some(nnp), Some(feats)) = (tagger.xpos_id("NNP"), tagger.feats_id("Number=Sing")) else {
        return 0;
    };
    let mut changed = 0;
    // Acronyms spelled like a function word ("the WHO's call", "US troops") are names
    // unless the whole sentence is in capitals (a headline). Only these: web text writes
    // function words in capitals for emphasis ("IT IS"), and on the treebank's dev set a
    // rule for every all-capital word cost 0.1 UPOS and 0.1 UAS.
    let mixed_case = words.iter().any(|w| w.chars().any(char::is_lowercase));
    let mut restored = Vec::new();
    for (i, (w, t)) in words.iter().zip(tags.iter_mut()).enumerate() {
        let acronym = mixed_case && NAME_ACRONYMS.contains(w);
        let capitalised = acronym
            || (w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase));
        // "-ly" words are adverbs whatever the dictionary says ("Separately, …").
        let adverb_form = w.to_lowercase().ends_with("ly");
        let lower = w.to_lowercase();
        let false_auxiliary = t.upos == Upos::AUX && !AUXILIARIES.contains(&lower.as_str());
        // An acronym in a closed class is a name whatever the dictionary knows of its
        // lower-case twin ("WHO" is not "who", "US" not "us").
        let unknown = CLOSED.contains(&t.upos) && !adverb_form && (acronym || !tagger.knows(w));
        if capitalised && (false_auxiliary || unknown) {
            *t = TagOut {
                upos: Upos::PROPN,
                xpos: nnp,
                feats,
            };
            changed += 1;
            restored.push(i);
        }
    }
    // "the WHO's call": after a determiner and a name, "'s" is the possessive, which the
    // tagger, having read a pronoun, took for "is".
    if let Some(pos) = tagger.xpos_id("POS") {
        for i in restored {
            let determiner = i
                .checked_sub(1)
                .and_then(|p| words.get(p))
                .is_some_and(|w| matches!(w.to_lowercase().as_str(), "the" | "a" | "an"));
            let clitic = words.get(i + 1).is_some_and(|w| *w == "'s" || *w == "’s");
            if let (true, true, Some(t)) = (determiner, clitic, tags.get_mut(i + 1)) {
                *t = TagOut {
                    upos: Upos::PART,
                    xpos: pos,
                    feats: tagger.feats_id("_").unwrap_or(t.feats),
                };
                changed += 1;
            }
        }
    }
    changed
}
