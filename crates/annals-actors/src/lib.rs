//! Actors: the knowledge base annals ships (states, IGOs, people with dated roles,
//! organisations, sector nouns), mention finding over parsed sentences, resolution to
//! CAMEO-style actor codes, and within-document coreference.
