//! Targets for the stages after parsing: actor resolution, the event coder, and the date
//! and quantity grammars. Input: an optional first line `published: <value>` (read as a
//! record's `published` field is), then the document text.

use std::sync::{Arc, OnceLock};

use annals_actors::{ActorResolver, KnowledgeBase};
use annals_coder::dates::{find_dates, parse_published};
use annals_coder::quantities::find_quantities;
use annals_coder::EventCoder;
use annals_core::{Document, ParsedSentence, Span};
use annals_ingest::normalize_published;
use annals_nlp::pipeline::Scratch;

use crate::check::{lossy, ordered_disjoint, phrase_tokens, span_in, span_within};
use crate::nlp::{check_tree, pipeline};
use crate::readers::text_document;

fn resolver() -> &'static ActorResolver {
    static RESOLVER: OnceLock<ActorResolver> = OnceLock::new();
    RESOLVER.get_or_init(|| match KnowledgeBase::builtin() {
        Ok(kb) => ActorResolver::new(Arc::new(kb)),
        Err(e) => panic!("the built-in knowledge base does not load: {e}"),
    })
}

fn event_coder() -> &'static EventCoder {
    static CODER: OnceLock<EventCoder> = OnceLock::new();
    CODER.get_or_init(|| match EventCoder::builtin() {
        Ok(c) => c,
        Err(e) => panic!("the built-in event coder does not load: {e}"),
    })
}

/// A document as ingest builds it (cleaned, laid out, split), parsed; `None` when the
/// text is empty after cleaning.
fn parsed_document(data: &[u8]) -> Option<(Document, Vec<ParsedSentence>)> {
    let input = lossy(data);
    let (published, text) = match input.strip_prefix("published:") {
        Some(rest) => {
            let (line, text) = rest.split_once('\n').unwrap_or((rest, ""));
            (normalize_published(line), text.to_owned())
        }
        None => (None, input),
    };
    let doc = text_document(text, published)?;
    let parsed = pipeline().parse_document(&doc, &mut Scratch::default());
    assert_eq!(parsed.len(), doc.sentences.len(), "one parse per sentence");
    for (sentence, parse) in doc.sentences.iter().zip(&parsed) {
        check_parse(&doc.clean_text, sentence.span, parse);
    }
    Some((doc, parsed))
}

/// Tokens inside their sentence, ordered, on char boundaries, forms as in the text, and a
/// tree.
fn check_parse(text: &str, sentence: Span, parse: &ParsedSentence) {
    assert_eq!(parse.span, sentence, "parse keeps its sentence's span");
    let spans: Vec<Span> = parse.tokens.iter().map(|t| t.span).collect();
    ordered_disjoint(text, &spans, "token");
    for t in &parse.tokens {
        span_within(sentence, t.span, "token");
        assert_eq!(Some(t.form.as_str()), t.span.slice(text), "token form");
    }
    let heads: Vec<usize> = parse.tokens.iter().map(|t| t.head).collect();
    check_tree(&heads);
}

/// Actor resolution: every mention in a sentence of the document, its token range inside
/// that sentence's parse, its span inside the sentence, any antecedent inside the text.
pub fn actors(data: &[u8]) {
    let Some((doc, parsed)) = parsed_document(data) else {
        return;
    };
    let mentions = resolver().resolve_document(&doc, &parsed);
    for m in &mentions {
        let (Some(sentence), Some(parse)) = (doc.sentences.get(m.sentence), parsed.get(m.sentence))
        else {
            panic!(
                "mention {:?}: sentence {} does not exist",
                m.text, m.sentence
            );
        };
        span_in(&doc.clean_text, m.span, "mention");
        span_within(sentence.span, m.span, "mention");
        let (start, end) = m.tokens;
        assert!(
            start < end && end <= parse.tokens.len(),
            "mention {:?}: tokens {start}..{end} of {}",
            m.text,
            parse.tokens.len()
        );
        assert!(
            m.head < parse.tokens.len(),
            "mention {:?}: head {} of {}",
            m.text,
            m.head,
            parse.tokens.len()
        );
        if let Some(a) = m.antecedent {
            span_in(&doc.clean_text, a, "antecedent");
        }
    }
}

/// The event coder: every event in an existing sentence, its trigger, source, target and
/// location inside the text on char boundaries, the trigger text as written.
pub fn coder(data: &[u8]) {
    let Some((doc, parsed)) = parsed_document(data) else {
        return;
    };
    let mentions = resolver().resolve_document(&doc, &parsed);
    let events = event_coder().code_document(&doc, &parsed, &mentions);
    let text = &doc.clean_text;
    for e in &events {
        assert!(
            (1..=doc.sentences.len()).contains(&e.sentence),
            "event {}: sentence {} of {}",
            e.event_id,
            e.sentence,
            doc.sentences.len()
        );
        let trigger = Span::new(e.trigger.start, e.trigger.end);
        span_in(text, trigger, "trigger");
        assert_eq!(
            trigger.slice(text),
            Some(e.trigger.text.as_str()),
            "trigger text"
        );
        for actor in e.source.iter().chain(&e.target) {
            span_in(text, Span::new(actor.start, actor.end), "event actor");
        }
        if let Some(l) = &e.location {
            span_in(text, Span::new(l.start, l.end), "location");
        }
        assert!(
            e.confidence.is_finite() && (0.0..=1.0).contains(&e.confidence),
            "event {}: confidence {}",
            e.event_id,
            e.confidence
        );
        for q in &e.quantities {
            assert!(
                q.value.is_finite(),
                "quantity {:?}: value {}",
                q.text,
                q.value
            );
        }
    }
}

/// The date grammars: ingest's `published` normaliser (its output must be readable by the
/// coder) and the coder's date phrases in every sentence, ordered, disjoint and inside
/// their sentence, with first day ≤ last day.
pub fn dates(data: &[u8]) {
    let input = lossy(data);
    let first_line = input.lines().next().unwrap_or("");
    if let Some(normal) = normalize_published(first_line) {
        assert!(
            parse_published(&normal).is_some(),
            "normalize_published({first_line:?}) = {normal:?}, which the coder cannot read"
        );
    }
    let published = parse_published(first_line);
    let Some((doc, parsed)) = parsed_document(data) else {
        return;
    };
    for parse in &parsed {
        let mut last_end = 0;
        for d in find_dates(parse, &doc.clean_text, published) {
            last_end = phrase_tokens(d.tokens, last_end, parse, "date");
            span_in(&doc.clean_text, d.span, "date");
            span_within(parse.span, d.span, "date");
            if let (Some(first), Some(last)) = (d.first, d.last) {
                assert!(
                    first <= last,
                    "date {:?}: {first} after {last}",
                    d.date.text
                );
            }
        }
    }
}

/// The quantity grammar in every sentence: phrases ordered and inside the sentence, the
/// head a token of the sentence, the value a finite number.
pub fn quantities(data: &[u8]) {
    let Some((doc, parsed)) = parsed_document(data) else {
        return;
    };
    for parse in &parsed {
        let mut last_end = 0;
        for q in find_quantities(parse, &doc.clean_text) {
            last_end = phrase_tokens(q.tokens, last_end, parse, "quantity");
            assert!(
                q.head < parse.tokens.len(),
                "quantity {:?}: head {}",
                q.quantity.text,
                q.head
            );
            span_in(&doc.clean_text, q.span, "quantity");
            span_within(parse.span, q.span, "quantity");
            assert!(
                q.quantity.value.is_finite(),
                "quantity {:?}: value {}",
                q.quantity.text,
                q.quantity.value
            );
        }
    }
}
