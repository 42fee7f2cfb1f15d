//! NLP targets: tokenizer, sentence splitter and the parser on arbitrary token sequences.

use std::sync::OnceLock;

use annals_core::Span;
use annals_nlp::pipeline::{Pipeline, Scratch};
use annals_nlp::tokenizer::Tokenizer;

use crate::check::{lossy, ordered_disjoint, span_within};
use crate::readers::sentence_splitter;

/// The pipeline with the built-in model, loaded once per process.
pub(crate) fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| match Pipeline::embedded() {
        Ok(p) => p,
        Err(e) => panic!("the built-in NLP model does not load: {e}"),
    })
}

/// The tokenizer over the whole text and over every sentence the splitter finds: tokens
/// non-empty, ordered, disjoint, inside their sentence and on char boundaries.
pub fn tokenizer(data: &[u8]) {
    static TOKENIZER: OnceLock<Tokenizer> = OnceLock::new();
    let tokenizer = TOKENIZER.get_or_init(Tokenizer::new);
    let text = lossy(data);
    let whole = Span::new(0, text.len());
    let sentences = sentence_splitter().split(&text);
    for sentence in std::iter::once(whole).chain(sentences) {
        let tokens = tokenizer.tokenize(&text, sentence);
        ordered_disjoint(&text, &tokens, "token");
        for &t in &tokens {
            span_within(sentence, t, "token");
        }
    }
}

/// The sentence splitter on raw text: sentences non-empty, ordered, disjoint.
pub fn splitter(data: &[u8]) {
    let text = lossy(data);
    let sentences = sentence_splitter().split(&text);
    ordered_disjoint(&text, &sentences, "sentence");
}

/// Tagger, lemmatizer and parser on an arbitrary sequence of words (one per line, empty
/// lines dropped, so words may hold spaces or punctuation the tokenizer would split):
/// one analysis per word and the heads form a tree with exactly one root.
pub fn parser(data: &[u8]) {
    let text = lossy(data);
    let words: Vec<&str> = text.split('\n').filter(|w| !w.is_empty()).collect();
    let mut scratch = Scratch::default();
    let analysis = pipeline().analyze_words(&words, &mut scratch);
    assert_eq!(analysis.len(), words.len(), "one analysis per word");
    let heads: Vec<usize> = analysis.iter().map(|a| a.head).collect();
    check_tree(&heads);
}

/// `heads` (1-based, 0 = root) form a tree: every head in range, exactly one root, no
/// cycle.
pub(crate) fn check_tree(heads: &[usize]) {
    let n = heads.len();
    if n == 0 {
        return;
    }
    let roots = heads.iter().filter(|&&h| h == 0).count();
    assert_eq!(roots, 1, "exactly one word attached to the root: {heads:?}");
    for (i, &h) in heads.iter().enumerate() {
        assert!(h <= n, "word {}: head {h} beyond {n} words", i + 1);
        assert!(h != i + 1, "word {}: its own head", i + 1);
    }
    // Following heads from any word reaches the root within n steps.
    for start in 1..=n {
        let mut at = start;
        let mut steps = 0;
        while at != 0 {
            at = heads[at - 1];
            steps += 1;
            assert!(steps <= n, "cycle through word {start}: {heads:?}");
        }
    }
}
