//! The cap on candidate events per sentence (issue 18): a sentence with more triggers
//! than the cap codes the first ones and no more, and the coder's work stays linear.

mod support;

use annals_coder::extract::MAX_CANDIDATES_PER_SENTENCE;
use std::collections::HashSet;
use support::{coder, prepare};

/// Distinct triggers (sentence, start byte) among the candidates of `text`.
fn triggers(text: &str) -> HashSet<(usize, usize)> {
    let (doc, parsed, mentions) = prepare(text);
    coder()
        .candidate_events(&doc, &parsed, &mentions)
        .iter()
        .map(|c| (c.event.sentence, c.event.trigger.start))
        .collect()
}

#[test]
fn a_sentence_of_many_triggers_proposes_at_most_the_cap() {
    // 60 clauses in one sentence (no sentence end), each an attack.
    let text = vec!["Russia attacked Ukraine"; 60].join(" and ");
    let found = triggers(&text);
    assert!(found.iter().all(|t| t.0 == 1), "{found:?}");
    assert_eq!(found.len(), MAX_CANDIDATES_PER_SENTENCE);
}

#[test]
fn sentences_under_the_cap_are_untouched() {
    let text = vec!["Russia attacked Ukraine"; 10].join(" and ") + ".";
    assert_eq!(triggers(&text).len(), 10);
}
