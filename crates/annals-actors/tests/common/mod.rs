//! Shared helpers: documents from text, parsed with the embedded model, resolved with the
//! built-in knowledge base.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, OnceLock};

use annals_actors::{ActorResolver, KnowledgeBase};
use annals_core::{ActorMention, Document, InputRecord, SourceRef};
use annals_ingest::Format;
use annals_nlp::pipeline::{Pipeline, Scratch};

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::embedded().unwrap())
}

pub fn resolver() -> &'static ActorResolver {
    static R: OnceLock<ActorResolver> = OnceLock::new();
    R.get_or_init(|| ActorResolver::new(Arc::new(KnowledgeBase::builtin().unwrap())))
}

pub fn document(text: &str, published: Option<&str>) -> Document {
    let record = InputRecord {
        id: Some("test".to_string()),
        text: text.to_string(),
        published: published.map(str::to_string),
        ..InputRecord::default()
    };
    let source = SourceRef {
        path: "test".to_string(),
        line: None,
    };
    let mut doc = annals_ingest::prepare_document(record, &source, Format::Text).unwrap();
    doc.sentences = pipeline()
        .splitter
        .split_blocks(&doc.clean_text, &doc.blocks);
    doc
}

pub fn resolve_with(resolver: &ActorResolver, doc: &Document) -> Vec<ActorMention> {
    let parsed = pipeline().parse_document(doc, &mut Scratch::default());
    resolver.resolve_document(doc, &parsed)
}

pub fn resolve(text: &str, published: Option<&str>) -> Vec<ActorMention> {
    resolve_with(resolver(), &document(text, published))
}

/// One line per mention: `text => CODE[,CODE] (via) [name]`.
pub fn describe(m: &ActorMention) -> String {
    let codes: Vec<&str> = m.actors.iter().map(|a| a.code.as_str()).collect();
    let names: Vec<&str> = m.actors.iter().filter_map(|a| a.name.as_deref()).collect();
    format!(
        "{:?} s{} => {} ({}) [{}]",
        m.text,
        m.sentence,
        codes.join(","),
        m.via.as_str(),
        names.join("; ")
    )
}
