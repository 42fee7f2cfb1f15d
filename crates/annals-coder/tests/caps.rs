//! The cap on candidate events per sentence (issue 18): a sentence with more triggers
//! than the cap proposes the first ones and no more, so the coder's work per sentence is
//! bounded whatever its length.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use annals_coder::extract::{candidates, SentenceMentions, MAX_CANDIDATES_PER_SENTENCE};
use annals_coder::tree::Tree;
use support::{coder, prepare};

/// Candidates of the first sentence of `text`, and the number of sentences.
fn first_sentence_candidates(text: &str) -> (usize, usize) {
    let (doc, parsed, mentions) = prepare(text);
    let tree = Tree::new(&parsed[0]);
    let sm = SentenceMentions {
        mentions: mentions.iter().filter(|m| m.sentence == 0).collect(),
    };
    let found = candidates(coder().patterns(), &tree, &sm);
    (found.len(), doc.sentences.len())
}

#[test]
fn a_sentence_of_many_triggers_proposes_at_most_the_cap() {
    // 60 clauses in one sentence (no sentence end), each an attack.
    let text = vec!["Russia attacked Ukraine"; 60].join(" and ");
    assert_eq!(
        first_sentence_candidates(&text),
        (MAX_CANDIDATES_PER_SENTENCE, 1)
    );
}

#[test]
fn sentences_under_the_cap_are_untouched() {
    // Each "attacked" proposes several codes (the model picks among them); two clauses
    // stay under the cap and keep all of theirs, twice one clause's.
    let (one, _) = first_sentence_candidates("Russia attacked Ukraine.");
    let (two, _) =
        first_sentence_candidates("Russia attacked Ukraine and Russia attacked Ukraine.");
    assert!(one >= 1 && two < MAX_CANDIDATES_PER_SENTENCE);
    assert_eq!((one, two), (3, 6));
}
