//! Evaluations of the rule-based front end on a UD treebank: sentence splitting on the
//! rebuilt raw text, and tokenisation given the gold sentences.

use std::path::Path;

use crate::conllu::ConlluError;
use crate::splitter::SentenceSplitter;
use crate::tokenizer::Tokenizer;
use crate::ud_text::{self, UdText};

use super::{score, sentence_prf, Prf, SystemSentence, SystemWord};

/// Split the rebuilt text of a CoNLL-U file into sentences and score the boundaries.
pub fn eval_sentences(conllu_path: impl AsRef<Path>) -> Result<Prf, ConlluError> {
    let gold = ud_text::read_file(conllu_path)?;
    Ok(score_splitter(&gold, &SentenceSplitter::new()))
}

/// Tokenise every gold sentence of a CoNLL-U file and score the syntactic words.
pub fn eval_tokens(conllu_path: impl AsRef<Path>) -> Result<Prf, ConlluError> {
    let gold = ud_text::read_file(conllu_path)?;
    Ok(score_tokenizer(&gold, &Tokenizer::new()))
}

/// Sentence boundaries of `splitter` on `gold`'s text.
pub fn score_splitter(gold: &UdText, splitter: &SentenceSplitter) -> Prf {
    sentence_prf(gold, splitter.split(&gold.text))
}

/// Syntactic words of `tokenizer` on `gold`'s sentences (tags left empty).
pub fn score_tokenizer(gold: &UdText, tokenizer: &Tokenizer) -> Prf {
    let system: Vec<SystemSentence> = gold
        .sentences
        .iter()
        .map(|s| SystemSentence {
            span: s.span,
            words: tokenizer
                .tokenize(&gold.text, s.span)
                .into_iter()
                .map(|span| SystemWord {
                    span,
                    ..SystemWord::default()
                })
                .collect(),
        })
        .collect();
    score(gold, &system).tokens
}
