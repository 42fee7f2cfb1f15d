//! English NLP for annals: sentence splitting, tokenization, POS tagging, lemmatization
//! and dependency parsing, trained on Universal Dependencies English-EWT.

pub mod codec;
pub mod conllu;
pub mod lemmatizer;
pub mod parser;
pub mod perceptron;
pub mod score;
pub mod splitter;
pub mod tagger;
pub mod tokenizer;
pub mod ud_text;
