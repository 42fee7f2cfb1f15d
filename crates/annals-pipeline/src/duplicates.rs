//! Near-duplicate linking on the writer thread, in input order, so the earlier copy is the
//! original.
//!
//! A document is compared with stored documents sharing an LSH band (through the store's
//! `lsh_bands` index) and with earlier documents of the batch being written (not yet in
//! the store). At an estimated similarity of [`DEFAULT_THRESHOLD`] or more it is linked to
//! the most similar one.
//!
//! **Near-identical copies are linked but not indexed.** A copy at [`COPY_THRESHOLD`] or
//! more adds nothing a later document could be matched against that its original does not
//! already offer, so its signature and band keys are not stored: it is linked to the root
//! of its match (the document the match is itself linked to, followed to the end of the
//! chain), and any later copy finds that root directly. Without this, every copy of a wire
//! story syndicated `n` times is indexed, each band lookup of the next copy returns all
//! `n` earlier ones, and the writer's per-document cost grows with the corpus (on the
//! benchmark's repeated corpus, 45 copies of every story).
//!
//! The trade-off: a later document similar to such a copy but less so to its original is
//! no longer found. Jaccard distance is a metric, so a document at the link threshold
//! (0.8) to a copy at 0.9 or more is at least 0.7 to the original: only documents between
//! 0.7 and 0.8 to the original can be missed, and they are then stored as originals of
//! their own — a missed link, never a wrong one. The threshold of 0.9 sits above the
//! ≈0.85 of a copy with its own intro line and byline (see `annals_ingest::dedup`), so
//! such edited versions stay indexed and findable, and 0.1 above the link threshold —
//! three standard errors of the estimate (0.03 at 128 hashes) — so a document at the link
//! threshold is almost never taken for a copy. One at 0.85 is, about one time in twenty;
//! that costs only its indexing, with the trade-off above.

use std::collections::HashMap;

use annals_ingest::dedup::{jaccard_estimate, LshIndex, Signature, DEFAULT_THRESHOLD};

use crate::analyze::near_duplicate_index;
use crate::sink::BatchSink;

/// Estimated similarity from which a near-duplicate is a copy: linked to the root of its
/// match and not indexed itself.
pub const COPY_THRESHOLD: f64 = 0.9;

/// Stored candidates compared in full per document; documents sharing the most bands first.
const MAX_CANDIDATES: usize = 20;

/// Most `duplicate_of` links followed to find a root; chains are one link long when the
/// store was written by this linker, so this only bounds a damaged or hand-edited one.
const MAX_HOPS: usize = 8;

/// A document's near-duplicate link.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The earlier document linked to.
    pub of: String,
    /// Estimated Jaccard similarity to `of`.
    pub similarity: f64,
    /// A near-identical copy: its signature and bands are not stored.
    pub copy: bool,
}

/// Links the documents of one batch, in order.
pub struct BatchLinker {
    /// The batch's documents that are not copies, for later documents of the batch.
    index: LshIndex,
    /// Their signatures by id, to compare a copy with its root.
    signatures: HashMap<String, Signature>,
    /// Links decided in this batch (not yet readable from the store).
    links: HashMap<String, String>,
}

impl Default for BatchLinker {
    fn default() -> Self {
        BatchLinker {
            index: near_duplicate_index(),
            signatures: HashMap::new(),
            links: HashMap::new(),
        }
    }
}

impl BatchLinker {
    /// The link of document `doc_id`, if it nearly duplicates an earlier one; remembers
    /// the document (indexed unless it is a copy) for the rest of the batch.
    pub fn link(
        &mut self,
        store: &(impl BatchSink + ?Sized),
        doc_id: &str,
        signature: &Signature,
        bands: &[(u16, u64)],
    ) -> Option<Link> {
        let link = self
            .best_match(store, doc_id, signature, bands)
            .map(|(of, similarity)| {
                if similarity >= COPY_THRESHOLD {
                    self.to_root(store, of, similarity, signature)
                } else {
                    Link {
                        of,
                        similarity,
                        copy: false,
                    }
                }
            });
        if let Some(link) = &link {
            self.links.insert(doc_id.to_owned(), link.of.clone());
        }
        if !link.as_ref().is_some_and(|l| l.copy) {
            self.index.insert(doc_id, signature);
            self.signatures.insert(doc_id.to_owned(), signature.clone());
        }
        link
    }

    /// The most similar earlier document at or above the link threshold.
    fn best_match(
        &self,
        store: &(impl BatchSink + ?Sized),
        doc_id: &str,
        signature: &Signature,
        bands: &[(u16, u64)],
    ) -> Option<(String, f64)> {
        let mut best: Option<(String, f64)> = self
            .index
            .query(signature)
            .into_iter()
            .find(|(id, _)| id != doc_id);
        let stored = store
            .near_duplicate_candidates(bands, MAX_CANDIDATES)
            .unwrap_or_default();
        for (id, bytes) in stored {
            if id == doc_id {
                continue;
            }
            let Some(sim) = stored_similarity(signature, &bytes) else {
                continue;
            };
            if sim >= DEFAULT_THRESHOLD && best.as_ref().is_none_or(|b| sim > b.1) {
                best = Some((id, sim));
            }
        }
        best
    }

    /// A copy of `matched` is linked to the root of `matched`'s chain, with the
    /// similarity estimated against that root; to `matched` itself when the root is too
    /// far from the copy (or its signature is unknown), which keeps every link at or
    /// above the link threshold.
    fn to_root(
        &self,
        store: &(impl BatchSink + ?Sized),
        matched: String,
        similarity: f64,
        sig: &Signature,
    ) -> Link {
        let direct = |of: String| Link {
            of,
            similarity,
            copy: true,
        };
        let mut root = matched.clone();
        for _ in 0..MAX_HOPS {
            let next = match self.links.get(&root) {
                Some(of) => Some(of.clone()),
                None => store.duplicate_of(&root).ok().flatten(),
            };
            match next {
                Some(of) if of != root => root = of,
                _ => break,
            }
        }
        if root == matched {
            return direct(matched);
        }
        let root_sim = match self.signatures.get(&root) {
            Some(other) => jaccard_estimate(sig, other),
            None => store
                .signature(&root)
                .ok()
                .flatten()
                .and_then(|bytes| stored_similarity(sig, &bytes)),
        };
        match root_sim {
            Some(s) if s >= DEFAULT_THRESHOLD => Link {
                of: root,
                similarity: s,
                copy: true,
            },
            _ => direct(matched),
        }
    }
}

/// Estimated similarity of `signature` and stored signature bytes (`None` when the bytes
/// are no signature or one made with other parameters).
fn stored_similarity(signature: &Signature, bytes: &[u8]) -> Option<f64> {
    let other = Signature::from_bytes(bytes).ok()?;
    jaccard_estimate(signature, &other)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use annals_core::{Document, Sentence, SentenceKind, Span};
    use annals_ingest::dedup::{MinHashParams, MinHasher};
    use annals_store::{Analysis, Store};

    use super::*;

    /// `n` distinct words after `prefix` distinct intro words: dropping or adding the
    /// intro moves the Jaccard similarity of 4-word shingles by a known amount.
    fn text(intro: usize, n: usize) -> String {
        let intro = (0..intro).map(|i| format!("intro{i}"));
        let body = (0..n).map(|i| format!("word{i}"));
        intro.chain(body).collect::<Vec<_>>().join(" ")
    }

    fn signed(text: &str) -> (Signature, Vec<(u16, u64)>) {
        let sig = MinHasher::new(MinHashParams::default())
            .unwrap()
            .signature(text);
        let bands = near_duplicate_index().band_keys(&sig).collect();
        (sig, bands)
    }

    /// Link `id` as the writer does, then store it (indexed unless a copy).
    fn ingest(store: &mut Store, linker: &mut BatchLinker, id: &str, text: &str) -> Option<Link> {
        let (sig, bands) = signed(text);
        let link = linker.link(store, id, &sig, &bands);
        let doc = Document {
            id: id.to_owned(),
            raw_text: text.to_owned(),
            clean_text: text.to_owned(),
            content_hash: annals_core::content_hash(text),
            sentences: vec![Sentence {
                span: Span::new(0, text.len()),
                kind: SentenceKind::Body,
            }],
            ..Document::default()
        };
        let copy = link.as_ref().is_some_and(|l| l.copy);
        let bytes = sig.to_bytes();
        let analysis = Analysis {
            duplicate_of: link.as_ref().map(|l| (l.of.as_str(), l.similarity)),
            signature: (!copy).then_some(bytes.as_slice()),
            bands: if copy { &[] } else { &bands },
            ..Analysis::default()
        };
        store.insert_analyzed(&[(&doc, &analysis)]).unwrap();
        link
    }

    #[test]
    fn copies_link_to_the_original_and_are_not_indexed() {
        let mut store = Store::open_in_memory().unwrap();
        let original = text(0, 300);
        assert_eq!(
            ingest(&mut store, &mut BatchLinker::default(), "a", &original),
            None
        );

        // A copy in a later batch, and two in one batch: all point at "a", none indexed.
        let link = ingest(&mut store, &mut BatchLinker::default(), "b", &original).unwrap();
        assert_eq!(
            (link.of.as_str(), link.similarity, link.copy),
            ("a", 1.0, true)
        );
        let mut batch = BatchLinker::default();
        for id in ["c", "d"] {
            let link = ingest(&mut store, &mut batch, id, &original).unwrap();
            assert_eq!((link.of.as_str(), link.copy), ("a", true), "{id}");
        }
        for id in ["b", "c", "d"] {
            assert_eq!(store.signature(id).unwrap(), None, "{id}");
            assert_eq!(store.duplicate_of(id).unwrap().as_deref(), Some("a"));
        }
        // So a later copy's band lookups find the original alone.
        let (_, bands) = signed(&original);
        let found = store.near_duplicate_candidates(&bands, 20).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "a");
    }

    #[test]
    fn a_copy_of_a_near_duplicate_links_to_the_root() {
        let mut store = Store::open_in_memory().unwrap();
        let original = text(0, 300);
        let edited = text(50, 300);
        ingest(&mut store, &mut BatchLinker::default(), "a", &original);
        // An edited version (own intro) is a near-duplicate, not a copy: linked and indexed.
        let link = ingest(&mut store, &mut BatchLinker::default(), "b", &edited).unwrap();
        assert_eq!((link.of.as_str(), link.copy), ("a", false));
        assert!(link.similarity >= DEFAULT_THRESHOLD && link.similarity < COPY_THRESHOLD);
        assert!(store.signature("b").unwrap().is_some());

        // A copy of the edited version matches "b" best but is linked to the root "a",
        // with its similarity to "a"; in the same batch as "b" it is the same.
        let link = ingest(&mut store, &mut BatchLinker::default(), "c", &edited).unwrap();
        assert_eq!(link.of, "a");
        assert!(link.copy);
        assert!(link.similarity < COPY_THRESHOLD, "{}", link.similarity);
        let mut batch = BatchLinker::default();
        ingest(&mut store, &mut batch, "b2", &text(50, 299));
        let link = ingest(&mut store, &mut batch, "c2", &text(50, 299)).unwrap();
        assert_eq!((link.of.as_str(), link.copy), ("a", true));
    }

    #[test]
    fn a_copy_whose_root_is_too_far_links_to_its_match() {
        let mut store = Store::open_in_memory().unwrap();
        ingest(&mut store, &mut BatchLinker::default(), "a", &text(0, 300));
        // "b" was linked to "a" though unlike it (a link from older data, say).
        let b = (0..300)
            .map(|i| format!("other{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let (sig, bands) = signed(&b);
        let doc = Document {
            id: "b".into(),
            raw_text: b.clone(),
            clean_text: b.clone(),
            content_hash: annals_core::content_hash(&b),
            sentences: vec![Sentence {
                span: Span::new(0, b.len()),
                kind: SentenceKind::Body,
            }],
            ..Document::default()
        };
        let bytes = sig.to_bytes();
        let analysis = Analysis {
            duplicate_of: Some(("a", 0.85)),
            signature: Some(&bytes),
            bands: &bands,
            ..Analysis::default()
        };
        store.insert_analyzed(&[(&doc, &analysis)]).unwrap();
        // A copy of "b" keeps every link at or above the threshold: it points at "b".
        let link = ingest(&mut store, &mut BatchLinker::default(), "c", &b).unwrap();
        assert_eq!(
            (link.of.as_str(), link.similarity, link.copy),
            ("b", 1.0, true)
        );
    }
}
