//! English NLP for annals: sentence splitting, tokenization, POS tagging, lemmatization
//! and dependency parsing, trained on Universal Dependencies English-EWT.
//!
//! Data flows one way: [`splitter`] → [`tokenizer`] → [`tagger`] → [`lemmatizer`] →
//! [`parser`]; [`pipeline::Pipeline`] runs them all with the model of [`model`].

pub mod clusters;
pub mod codec;
pub mod conllu;
pub mod eval;
pub mod lemmatizer;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod pipeline;
pub mod score;
pub mod splitter;
pub mod tagger;
pub mod tokenizer;
pub mod train;
pub mod ud_text;
mod wordlist;
