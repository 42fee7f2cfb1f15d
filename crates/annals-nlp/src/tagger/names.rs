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
    for (w, t) in words.iter().zip(tags.iter_mut()) {
        let capitalised = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase);
        // "-ly" words are adverbs whatever the dictionary says ("Separately, …").
        let adverb_form = w.to_lowercase().ends_with("ly");
        let lower = w.to_lowercase();
        let false_auxiliary = t.upos == Upos::AUX && !AUXILIARIES.contains(&lower.as_str());
        let unknown = CLOSED.contains(&t.upos) && !adverb_form && !tagger.knows(w);
        if capitalised && (false_auxiliary || unknown) {
            *t = TagOut {
                upos: Upos::PROPN,
                xpos: nnp,
                feats,
            };
            changed += 1;
        }
    }
    changed
}
