//! Test helpers: the engine's analyzer with the embedded model and only the built-in
//! knowledge base (a user's config directory never changes a test's figures), and the
//! engine's readers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use annals_actors::{ActorResolver, KnowledgeBase};
use annals_coder::EventCoder;
use annals_core::Document;
use annals_ingest::ReaderOptions;
use annals_nlp::pipeline::Pipeline;
use annals_pipeline::{read_documents, Analyzer, Silent, Stages};

/// The embedded model, else the shipped model file (a build whose build script ran while
/// the model file was being rewritten has no embedded copy).
pub fn load_pipeline() -> Pipeline {
    Pipeline::embedded().unwrap_or_else(|_| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/en_ewt.annals");
        Pipeline::new(annals_nlp::model::NlpModel::load(&path).expect("shipped model"))
    })
}

/// The whole analysis with the built-in actors and event coder.
pub fn analyzer() -> Analyzer {
    Analyzer::with_stages(Stages {
        nlp: load_pipeline(),
        actors: ActorResolver::new(Arc::new(KnowledgeBase::builtin().unwrap())),
        coder: EventCoder::builtin().unwrap(),
    })
}

/// Every document of `path`, cleaned as ingest does (not yet split).
pub fn read(path: &Path) -> Vec<Document> {
    let mut docs = Vec::new();
    let paths = [path.display().to_string()];
    let counts = read_documents(&paths, &ReaderOptions::default(), &Silent, |d| {
        docs.push(d);
        Ok::<(), ()>(())
    })
    .unwrap();
    assert_eq!(counts.failed, 0, "{}: unreadable records", path.display());
    docs
}
