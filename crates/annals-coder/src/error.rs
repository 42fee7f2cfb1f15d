//! Errors of the event coder.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum CoderError {
    /// A malformed line in a pattern or lexicon file.
    #[error("{file}:{line}: {message}")]
    Pattern {
        file: String,
        line: usize,
        message: String,
    },
    /// A pattern names a CAMEO code the ontology does not have.
    #[error("{file}:{line}: CAMEO code {code} is not in the CAMEO table")]
    UnknownCode {
        file: String,
        line: usize,
        code: String,
    },
    /// The compiled-in ontology tables failed to parse.
    #[error("ontology: {0}")]
    Ontology(#[from] crate::ontology::TableError),
}
