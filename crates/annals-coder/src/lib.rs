//! The event coder: from parsed sentences and resolved actor mentions to CAMEO/PLOVER
//! events, each with its evidence, modality, attribution, date and quantities.

pub mod attribution;
pub mod coder;
pub mod confidence;
pub mod dates;
pub mod decide;
pub mod error;
pub mod eval;
pub mod extract;
pub mod modality;
pub mod ontology;
pub mod patterns;
pub mod quantities;
pub mod tree;

pub use coder::EventCoder;
pub use error::CoderError;
