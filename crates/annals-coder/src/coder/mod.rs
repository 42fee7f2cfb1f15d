//! The event coder: patterns, argument extraction, modality, attribution, dates,
//! quantities and scores, assembled into [`Event`] records.

mod context;

use annals_core::{
    event_id, Actor, ActorMention, Document, Event, EventActor, ParsedSentence, SentenceKind,
    TextSpan,
};

use crate::attribution::attribution;
use crate::confidence::confidence;
use crate::error::CoderError;
use crate::extract::{candidates, Arg, Candidate, SentenceMentions};
use crate::modality::{analyze, Lexicon};
use crate::ontology::Ontology;
use crate::patterns::{PatternSet, TriggerKind};
use crate::tree::Tree;

/// Codes events from parsed, actor-resolved documents. Immutable after construction, so
/// one coder serves many threads.
#[derive(Debug)]
pub struct EventCoder {
    patterns: PatternSet,
    lexicon: Lexicon,
    ontology: &'static Ontology,
}

impl EventCoder {
    /// The coder with the patterns, modality lexicon and ontology compiled into the crate.
    /// Fails when a pattern names a CAMEO code the ontology does not have.
    pub fn builtin() -> Result<EventCoder, CoderError> {
        // Surface a broken ontology table as an error rather than empty lookups.
        Ontology::parse_builtin()?;
        EventCoder::new(PatternSet::builtin()?, Lexicon::builtin()?)
    }

    /// A coder with custom patterns and lexicon (the ontology is the built-in one).
    pub fn new(patterns: PatternSet, lexicon: Lexicon) -> Result<EventCoder, CoderError> {
        let ontology = Ontology::builtin();
        for p in patterns.iter() {
            for code in std::iter::once(&p.code).chain(p.host_code.as_ref()) {
                if ontology.cameo(code).is_none() {
                    return Err(CoderError::UnknownCode {
                        file: "patterns".to_string(),
                        line: p.line,
                        code: code.clone(),
                    });
                }
            }
        }
        Ok(EventCoder {
            patterns,
            lexicon,
            ontology,
        })
    }

    pub fn patterns(&self) -> &PatternSet {
        &self.patterns
    }

    /// Code every body sentence of a document. `parsed[i]` is the parse of
    /// `doc.sentences[i]`; `mentions` come from the actor resolver. Headings and list items
    /// never yield events.
    pub fn code_document(
        &self,
        doc: &Document,
        parsed: &[ParsedSentence],
        mentions: &[ActorMention],
    ) -> Vec<Event> {
        let published = context::published_date(doc);
        let mut contexts: Vec<Option<context::SentenceContext>> = doc
            .sentences
            .iter()
            .zip(parsed)
            .map(|(sentence, parse)| {
                (sentence.kind == SentenceKind::Body)
                    .then(|| context::SentenceContext::new(doc, parse, &published))
            })
            .collect();
        if doc.published.is_none() {
            let latest = contexts
                .iter()
                .flatten()
                .filter_map(|c| c.latest_explicit())
                .max();
            if let Some(reference) = latest {
                for c in contexts.iter_mut().flatten() {
                    c.mark_historical_before(reference);
                }
            }
        }
        let mut events = Vec::new();
        for (i, ((sentence, parse), ctx)) in
            doc.sentences.iter().zip(parsed).zip(&contexts).enumerate()
        {
            let Some(ctx) = ctx else { continue };
            if sentence.kind != SentenceKind::Body {
                continue;
            }
            let sm = SentenceMentions::new(mentions, i);
            if sm.mentions.iter().filter(|m| m.is_resolved()).count() < 2
                && !sm.mentions.iter().any(|m| m.actors.len() > 1)
            {
                // No two actors, no interaction.
                continue;
            }
            let tree = Tree::new(parse);
            for cand in candidates(&self.patterns, &tree, &sm) {
                let pairs = directed_pairs(&cand);
                let code = cand.pattern.code.as_str();
                self.emit(doc, i, &tree, &sm, ctx, &cand, code, &pairs, &mut events);
                if let Some(host) = &cand.pattern.host_code {
                    let converse: Vec<(Arg, Arg)> = pairs.iter().map(|&(s, t)| (t, s)).collect();
                    self.emit(doc, i, &tree, &sm, ctx, &cand, host, &converse, &mut events);
                }
            }
        }
        events
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        doc: &Document,
        index: usize,
        tree: &Tree,
        sm: &SentenceMentions,
        ctx: &context::SentenceContext,
        cand: &Candidate,
        code: &str,
        pairs: &[(Arg, Arg)],
        out: &mut Vec<Event>,
    ) {
        if pairs.is_empty() {
            return;
        }
        let Some(trig) = tree.token(cand.trigger) else {
            return;
        };
        let Some(cameo) = self.ontology.cameo(code) else {
            return;
        };
        let plover = self.ontology.plover_for(code);
        let nominal = cand.pattern.kind == TriggerKind::Noun;
        let reading = analyze(&self.lexicon, tree, cand.trigger, cand.theme, nominal);
        let attribution = reading
            .speaker
            .and_then(|s| attribution(tree, sm, &doc.clean_text, s));
        let mention_tokens: Vec<(usize, usize)> = sm.mentions.iter().map(|m| m.tokens).collect();
        let (date, historical) = ctx.date_for(tree, cand.trigger);
        let quantities = ctx.quantities_for(tree, cand.trigger, cand.theme, &mention_tokens);
        let sentence_text = doc
            .sentences
            .get(index)
            .and_then(|s| doc.text_of(s.span))
            .unwrap_or_default()
            .to_string();
        for &(src, tgt) in pairs {
            let (Some(ms), Some(mt)) = (sm.get(src.mention), sm.get(tgt.mention)) else {
                continue;
            };
            for a in &ms.actors {
                for b in &mt.actors {
                    if a.code == b.code {
                        continue;
                    }
                    let id = event_id(
                        &doc.id,
                        index + 1,
                        trig.span.start,
                        trig.span.end,
                        code,
                        Some(&a.code),
                        Some(&b.code),
                    );
                    if out.iter().any(|e| e.event_id == id) {
                        continue;
                    }
                    out.push(Event {
                        event_id: id,
                        doc_id: doc.id.clone(),
                        sentence: index + 1,
                        sentence_text: sentence_text.clone(),
                        trigger: TextSpan {
                            text: doc
                                .text_of(trig.span)
                                .unwrap_or(trig.form.as_str())
                                .to_string(),
                            start: trig.span.start,
                            end: trig.span.end,
                        },
                        source: Some(event_actor(ms, a)),
                        target: Some(event_actor(mt, b)),
                        cameo: code.to_string(),
                        cameo_root: cameo.root().to_string(),
                        plover: plover.map(|p| p.plover.clone()),
                        plover_mode: plover.and_then(|p| p.mode.clone()),
                        goldstein: cameo.goldstein,
                        quad_class: cameo.quad_class,
                        modality: reading.modality,
                        attribution: attribution.clone(),
                        date: date.clone(),
                        historical,
                        quantities: quantities.clone(),
                        location: None,
                        confidence: confidence(
                            cand.pattern.specificity(),
                            src.support,
                            tgt.support,
                            ms.via,
                            mt.via,
                        ),
                    });
                }
            }
        }
    }
}

/// Source → target pairs of a candidate: every source with every target (and back for a
/// symmetric code); for a symmetric code with coordinated actors on one side only ("X and
/// Y signed", "talks between X and Y"), every ordered pair among them.
fn directed_pairs(c: &Candidate) -> Vec<(Arg, Arg)> {
    let mut out = Vec::new();
    let sym = c.pattern.symmetric;
    if !c.sources.is_empty() && !c.targets.is_empty() {
        for s in &c.sources {
            for t in &c.targets {
                if s.mention == t.mention {
                    continue;
                }
                out.push((*s, *t));
                if sym {
                    out.push((*t, *s));
                }
            }
        }
    } else if sym {
        let side = if c.sources.len() >= 2 && c.mutual {
            &c.sources
        } else if c.between {
            &c.targets
        } else {
            return out;
        };
        for s in side {
            for t in side {
                if s.mention != t.mention {
                    out.push((*s, *t));
                }
            }
        }
    }
    out
}

fn event_actor(m: &ActorMention, a: &Actor) -> EventActor {
    EventActor {
        text: m.text.clone(),
        code: Some(a.code.clone()),
        country: a.country.clone(),
        sector: a.sector.clone(),
        name: a.name.clone(),
        start: m.span.start,
        end: m.span.end,
    }
}
