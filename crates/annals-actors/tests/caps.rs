//! The caps on actor mentions (issue 18): a sentence or a document full of names keeps
//! at most a fixed number of mentions, whatever its length, and everything before the cap
//! is resolved as usual.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use annals_actors::{MAX_MENTIONS_PER_DOCUMENT, MAX_MENTIONS_PER_SENTENCE};
use common::{document, resolve_with, resolver};

/// Mentions per sentence index.
fn per_sentence(mentions: &[annals_core::ActorMention], sentences: usize) -> Vec<usize> {
    let mut counts = vec![0; sentences];
    for m in mentions {
        counts[m.sentence] += 1;
    }
    counts
}

#[test]
fn a_sentence_of_names_keeps_at_most_the_cap() {
    // 300 countries in one sentence, then an ordinary one.
    let names = ["Russia", "China", "France", "Japan", "Brazil"];
    let list: Vec<&str> = names.iter().copied().cycle().take(300).collect();
    let text = format!(
        "{} met in Geneva. Putin met Kim Jong Un.",
        list.join(" and ")
    );
    let doc = document(&text, Some("2024-06-19"));
    assert_eq!(doc.sentences.len(), 2);
    let mentions = resolve_with(resolver(), &doc);
    let counts = per_sentence(&mentions, 2);
    assert_eq!(counts[0], MAX_MENTIONS_PER_SENTENCE);
    // The sentence after the cap is resolved as usual.
    let codes: Vec<&str> = mentions
        .iter()
        .filter(|m| m.sentence == 1)
        .flat_map(|m| m.actors.iter().map(|a| a.code.as_str()))
        .collect();
    assert_eq!(codes, vec!["RUSGOV", "PRKGOV"]);
}

#[test]
fn a_document_of_names_keeps_at_most_the_cap() {
    // Sentences of 60 names each: the document cap is reached before the sentence cap.
    let sentence = format!("{} met.", vec!["Russia"; 60].join(" and "));
    let n = MAX_MENTIONS_PER_DOCUMENT / 60 + 20;
    let text = vec![sentence.as_str(); n].join(" ");
    let doc = document(&text, None);
    assert_eq!(doc.sentences.len(), n);
    let mentions = resolve_with(resolver(), &doc);
    assert_eq!(mentions.len(), MAX_MENTIONS_PER_DOCUMENT);
    let counts = per_sentence(&mentions, n);
    assert_eq!(counts[0], 60);
    assert_eq!(counts[n - 1], 0);
}
