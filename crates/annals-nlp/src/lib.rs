//! English NLP for annals: sentence splitting, tokenization, POS tagging, lemmatization
//! and dependency parsing, trained on Universal Dependencies English-EWT.

pub mod codec;
pub mod conllu;
