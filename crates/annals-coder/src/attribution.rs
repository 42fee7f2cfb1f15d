//! Attribution: who the reported content comes from, as text plus a resolved actor code.

use annals_core::Attribution;

use crate::extract::SentenceMentions;
use crate::tree::Tree;

/// The attribution for a speaker token found by the modality reader: the actor mention
/// at that token when there is one ("U.S. officials" → USAGOV), else the noun phrase's
/// text with no code ("analysts").
pub fn attribution(
    tree: &Tree,
    mentions: &SentenceMentions,
    clean_text: &str,
    speaker: usize,
) -> Option<Attribution> {
    if let Some(m) = mentions.at(speaker).and_then(|i| mentions.get(i)) {
        return Some(Attribution {
            text: m.text.clone(),
            code: m.actors.first().map(|a| a.code.clone()),
        });
    }
    // Pronoun speakers ("he said") without a resolved mention say nothing useful.
    if tree.upos(speaker) == Some(annals_core::Upos::PRON) {
        return None;
    }
    let text = phrase_text(tree, clean_text, speaker)?;
    Some(Attribution { text, code: None })
}

/// The text of a nominal's phrase without its preposition ("to officials" → "officials")
/// and without clauses hanging off it.
pub fn phrase_text(tree: &Tree, clean_text: &str, head: usize) -> Option<String> {
    let mut lo = head;
    let mut hi = head;
    let mut stack = vec![head];
    while let Some(t) = stack.pop() {
        lo = lo.min(t);
        hi = hi.max(t);
        for &c in tree.children(t) {
            let rel = tree.base_rel(c);
            if matches!(rel, "case" | "punct" | "acl" | "cc" | "advcl" | "parataxis")
                || tree.deprel(c) == "acl:relcl"
            {
                continue;
            }
            stack.push(c);
        }
    }
    // Keep the phrase contiguous: stop at the first gap left by an excluded dependent.
    let start = tree.token(lo)?.span.start;
    let end = tree.token(hi)?.span.end;
    clean_text.get(start..end).map(str::to_string)
}
