//! Test support: parse written sentences with the embedded model and resolve actors with
//! a small hand-written gazetteer (the tests of the coder do not depend on the actor
//! resolver crate).
#![allow(dead_code)]

use std::sync::OnceLock;

use annals_core::{
    Actor, ActorMention, Document, Event, Modality, ParsedSentence, ResolvedVia, Sentence,
    SentenceKind, Span,
};
use annals_nlp::pipeline::{Pipeline, Scratch};

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(load_pipeline)
}

/// The embedded model, else the shipped model file (a build whose build script ran while
/// the model file was being rewritten has no embedded copy).
pub fn load_pipeline() -> Pipeline {
    Pipeline::embedded().unwrap_or_else(|_| {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/en_ewt.annals");
        Pipeline::new(annals_nlp::model::NlpModel::load(&path).expect("shipped model"))
    })
}

pub fn coder() -> &'static annals_coder::EventCoder {
    static C: OnceLock<annals_coder::EventCoder> = OnceLock::new();
    C.get_or_init(|| annals_coder::EventCoder::builtin().expect("builtin coder"))
}

/// Phrase, actor code, country, sector. Longest phrases are matched first.
const GAZETTEER: &[(&str, &str, &str, &str)] = &[
    ("U.S. officials", "USAGOV", "USA", "GOV"),
    ("Kim Jong Un", "PRKGOV", "PRK", "GOV"),
    ("Vladimir Putin", "RUSGOV", "RUS", "GOV"),
    ("the Soviet Union", "SUN", "SUN", ""),
    ("Soviet Union", "SUN", "SUN", ""),
    ("the United States", "USA", "USA", ""),
    ("United States", "USA", "USA", ""),
    ("North Korean", "PRK", "PRK", ""),
    ("North Korea", "PRK", "PRK", ""),
    ("South Korea", "KOR", "KOR", ""),
    ("the EU", "EU", "EU", "IGO"),
    ("EU", "EU", "EU", "IGO"),
    ("Putin", "RUSGOV", "RUS", "GOV"),
    ("Russia", "RUS", "RUS", ""),
    ("Russian", "RUS", "RUS", ""),
    ("Ukraine", "UKR", "UKR", ""),
    ("China", "CHN", "CHN", ""),
    ("Japan", "JPN", "JPN", ""),
    ("Germany", "DEU", "DEU", ""),
    ("France", "FRA", "FRA", ""),
    ("TASS", "RUSMED", "RUS", "MED"),
    ("Moscow", "RUSGOV", "RUS", "GOV"),
];

/// A one-paragraph document of `text`, split and parsed, with gazetteer mentions.
pub fn prepare(text: &str) -> (Document, Vec<ParsedSentence>, Vec<ActorMention>) {
    prepare_with_kinds(text, &[])
}

/// As [`prepare`], with the kinds of the first sentences given (headings, list items).
pub fn prepare_with_kinds(
    text: &str,
    kinds: &[SentenceKind],
) -> (Document, Vec<ParsedSentence>, Vec<ActorMention>) {
    let p = pipeline();
    let mut scratch = Scratch::default();
    let parsed = p.parse_text(text, &mut scratch);
    let sentences = parsed
        .iter()
        .enumerate()
        .map(|(i, s)| Sentence {
            span: s.span,
            kind: kinds.get(i).copied().unwrap_or(SentenceKind::Body),
        })
        .collect();
    let doc = Document {
        id: "test-doc".into(),
        published: Some("2024-06-20".into()),
        clean_text: text.into(),
        raw_text: text.into(),
        sentences,
        ..Document::default()
    };
    let mut mentions = Vec::new();
    for (si, s) in parsed.iter().enumerate() {
        mentions.extend(gazetteer_mentions(text, si, s));
    }
    (doc, parsed, mentions)
}

fn gazetteer_mentions(text: &str, si: usize, s: &ParsedSentence) -> Vec<ActorMention> {
    let forms: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
    let mut used = vec![false; forms.len()];
    let mut out = Vec::new();
    let mut entries: Vec<_> = GAZETTEER.to_vec();
    entries.sort_by_key(|e| std::cmp::Reverse(e.0.split(' ').count()));
    for (phrase, code, country, sector) in entries {
        let words: Vec<&str> = phrase.split(' ').collect();
        let n = words.len();
        let mut i = 0;
        while i + n <= forms.len() {
            let hit = forms[i..i + n] == words[..] && used[i..i + n].iter().all(|u| !u);
            if hit {
                let range = (i, i + n);
                used[i..i + n].iter_mut().for_each(|u| *u = true);
                // The head is the token whose own head lies outside the range.
                let head = (i..i + n)
                    .find(|&k| {
                        let h = s.tokens[k].head;
                        h == 0 || h - 1 < i || h > i + n
                    })
                    .unwrap_or(i + n - 1);
                let span = Span::new(s.tokens[i].span.start, s.tokens[i + n - 1].span.end);
                out.push(ActorMention {
                    sentence: si,
                    span,
                    tokens: range,
                    head,
                    text: text[span.start..span.end].to_string(),
                    actors: vec![Actor {
                        code: code.into(),
                        country: Some(country.into()),
                        sector: (!sector.is_empty()).then(|| sector.to_string()),
                        name: None,
                        wikidata: None,
                    }],
                    via: ResolvedVia::Name,
                    antecedent: None,
                });
                i += n;
            } else {
                i += 1;
            }
        }
    }
    out
}

/// Code a text and return its events.
pub fn code(text: &str) -> Vec<Event> {
    let (doc, parsed, mentions) = prepare(text);
    coder().code_document(&doc, &parsed, &mentions)
}

/// Every candidate the patterns propose for `text`, before the event model decides: what
/// a construction test of the extraction checks.
pub fn candidates(text: &str) -> Vec<Event> {
    static C: OnceLock<annals_coder::EventCoder> = OnceLock::new();
    let coder = C.get_or_init(|| {
        annals_coder::EventCoder::builtin()
            .expect("builtin coder")
            .with_model(None)
    });
    let (doc, parsed, mentions) = prepare(text);
    coder.code_document(&doc, &parsed, &mentions)
}

/// `source→target:cameo:modality` for each event, for compact assertions.
pub fn summary(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| {
            format!(
                "{}→{}:{}:{}",
                e.source
                    .as_ref()
                    .and_then(|a| a.code.as_deref())
                    .unwrap_or("-"),
                e.target
                    .as_ref()
                    .and_then(|a| a.code.as_deref())
                    .unwrap_or("-"),
                e.cameo,
                e.modality.as_str()
            )
        })
        .collect()
}

pub fn has(events: &[Event], src: &str, tgt: &str, root: &str) -> Option<Event> {
    events
        .iter()
        .find(|e| {
            e.source.as_ref().and_then(|a| a.code.as_deref()) == Some(src)
                && e.target.as_ref().and_then(|a| a.code.as_deref()) == Some(tgt)
                && e.cameo.starts_with(root)
        })
        .cloned()
}

pub fn modality_of(events: &[Event], src: &str, tgt: &str, root: &str) -> Option<Modality> {
    has(events, src, tgt, root).map(|e| e.modality)
}
