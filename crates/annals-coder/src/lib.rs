//! The event coder: from parsed sentences and resolved actor mentions to CAMEO/PLOVER
//! events, each with its evidence, modality, attribution, date and quantities.

pub mod ontology;
