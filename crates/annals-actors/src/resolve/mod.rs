//! Mention finding and resolution over a parsed document.
//!
//! Per sentence: longest knowledge-base phrase matches → ambiguity rules → names glued to
//! unknown proper nouns become one unknown name ("Michael Jordan") → a left-to-right scan
//! that reads phrases (determiner, country adjective or possessive, titles and sector
//! nouns, a name), bare names, group descriptions, pronouns, and unknown proper-noun runs.
//! Each mention becomes a record later mentions may refer back to.

mod actors;
mod ambiguity;
mod chain;
mod collective;
mod coref;
mod institution;
mod metonym;
mod modifiers;
mod sentence;

use std::sync::Arc;

use annals_core::{
    Actor, ActorMention, Document, ParsedSentence, ResolvedVia, SentenceKind, Span, Token,
};

use crate::kb::{Gender, KnowledgeBase};

/// Resolves actor mentions in documents. Cheap to clone and share across threads.
#[derive(Debug, Clone)]
pub struct ActorResolver {
    kb: Arc<KnowledgeBase>,
}

impl ActorResolver {
    pub fn new(kb: Arc<KnowledgeBase>) -> Self {
        ActorResolver { kb }
    }

    pub fn knowledge_base(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// One call per document; `parsed[i]` is the parse of `doc.sentences[i]`.
    ///
    /// Roles ("the Russian president") are resolved as of the publication date; an
    /// undated document gets the office's code without a holder's name, unless the
    /// document itself named a person who held that office.
    pub fn resolve_document(&self, doc: &Document, parsed: &[ParsedSentence]) -> Vec<ActorMention> {
        let day = actors::document_day(doc.published.as_deref());
        let ctx_of = |i: usize, ps| sentence_ctx(&self.kb, doc, ps, i, day.as_deref());
        // First the knowledge-base phrases of every sentence, so the whole document's
        // countries are known before "the government" is read.
        let units: Vec<Vec<sentence::Unit>> = parsed
            .iter()
            .enumerate()
            .map(|(i, ps)| sentence::prepare_units(&ctx_of(i, ps)))
            .collect();
        let doc_country = collective::document_country(&self.kb, &units);
        let doc_codes = collective::document_codes(&self.kb, &units);
        let mut state = DocState::default();
        for ((i, ps), list) in parsed.iter().enumerate().zip(units) {
            let ctx = Ctx {
                doc_country: doc_country.as_deref(),
                doc_codes: &doc_codes,
                ..ctx_of(i, ps)
            };
            sentence::resolve_sentence(&ctx, &mut state, list);
        }
        if let Some(message) = state.capped.message() {
            tracing::warn!("document {}: {message}", doc.id);
        }
        state.records.into_iter().map(|r| r.mention).collect()
    }
}

fn sentence_ctx<'a>(
    kb: &'a KnowledgeBase,
    doc: &'a Document,
    ps: &'a ParsedSentence,
    i: usize,
    day: Option<&'a str>,
) -> Ctx<'a> {
    Ctx {
        kb,
        tokens: &ps.tokens,
        sentence: i,
        day,
        doc_text: &doc.clean_text,
        sentence_text: ps.span.slice(&doc.clean_text).unwrap_or(""),
        heading: doc
            .sentences
            .get(i)
            .is_some_and(|s| s.kind == SentenceKind::Heading),
        doc_country: None,
        doc_codes: &[],
    }
}

/// What one sentence's resolution needs to see.
pub(crate) struct Ctx<'a> {
    pub kb: &'a KnowledgeBase,
    pub tokens: &'a [Token],
    pub sentence: usize,
    pub day: Option<&'a str>,
    pub doc_text: &'a str,
    pub sentence_text: &'a str,
    pub heading: bool,
    /// The country the document is about, if one stands out ([`collective::document_country`]).
    pub doc_country: Option<&'a str>,
    /// Countries and IGOs the document names by something other than a capital or a lone
    /// surname ([`collective::document_codes`]), sorted.
    pub doc_codes: &'a [String],
}

/// A mention plus what coreference needs to know about it.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub mention: ActorMention,
    /// The knowledge-base person it names, if any.
    pub person: Option<usize>,
    pub gender: Option<Gender>,
    /// A plural noun phrase ("U.S. officials") or a group ("the two countries").
    pub plural: bool,
    /// Words of an unknown multi-word name, for its later short form ("Jordan").
    pub name_words: Vec<String>,
    /// That unknown name is a person's by its words and its parse ("Paris Jaquier").
    pub person_name: bool,
    /// A place in this sentence ("fighting in Ukraine"), not a participant.
    pub locative: bool,
}

/// Most actor mentions kept per sentence. A real sentence has a handful; a sentence at
/// the splitter's cap made of names has hundreds, and every mention costs work per token
/// of its sentence in resolution and in the coder.
pub const MAX_MENTIONS_PER_SENTENCE: usize = 100;

/// Most actor mentions kept per document; the rest of the document is still stored and
/// searchable, without mentions or events. A long news article has a few hundred; the
/// parser's own cap (4 MB of text a document) yields fewer than this on ordinary news.
pub const MAX_MENTIONS_PER_DOCUMENT: usize = 200_000;

/// How many of the most recent mentions coreference looks back over (a short name, a
/// pronoun, "the two countries"). Antecedents are near; without a bound every reference
/// in a long document would scan all the mentions before it.
pub const COREF_LOOKBACK: usize = 1_000;

/// Mentions left out of one document by the caps.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MentionsCapped {
    /// Sentences that had more than [`MAX_MENTIONS_PER_SENTENCE`] mentions.
    pub sentences: usize,
    /// Mentions dropped by the per-sentence cap.
    pub in_sentences: usize,
    /// Mentions dropped by the per-document cap.
    pub in_document: usize,
}

impl MentionsCapped {
    /// The warning to give, if any mention was dropped.
    pub fn message(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.in_sentences > 0 {
            parts.push(format!(
                "{} sentences had more than {MAX_MENTIONS_PER_SENTENCE} actor mentions ({} left out)",
                self.sentences, self.in_sentences
            ));
        }
        if self.in_document > 0 {
            parts.push(format!(
                "more than {MAX_MENTIONS_PER_DOCUMENT} actor mentions ({} left out)",
                self.in_document
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

#[derive(Debug, Default)]
pub(crate) struct DocState {
    pub records: Vec<Record>,
    /// The sentence being resolved and how many mentions it has so far.
    current: (usize, usize),
    /// What the caps left out.
    pub capped: MentionsCapped,
    /// Plural noun phrases that are no actor here ("the protesters" with no earlier
    /// protesters), as (sentence, token): a "they" after one does not skip back past it.
    pub plural_blockers: Vec<(usize, usize)>,
    /// Singular nouns that are a subject and no actor ("the yen reached its …"), for "it".
    pub neuter_blockers: Vec<(usize, usize)>,
}

/// Extra facts about a mention being emitted.
#[derive(Debug, Default, Clone)]
pub(crate) struct Extra {
    pub person: Option<usize>,
    pub gender: Option<Gender>,
    pub plural: Option<bool>,
    pub name_words: Vec<String>,
    pub person_name: bool,
}

impl Ctx<'_> {
    /// Does the document name this country or IGO code outright ([`Ctx::doc_codes`])?
    pub fn names_code(&self, code: &str) -> bool {
        self.doc_codes
            .binary_search_by(|c| c.as_str().cmp(code))
            .is_ok()
    }

    pub fn token(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    /// Is token `i` the word `w` (ASCII case-insensitive)?
    pub fn is_word(&self, i: usize, w: &str) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.form.eq_ignore_ascii_case(w))
    }

    /// Is token `i`'s lemma `w` (ASCII case-insensitive)?
    pub fn is_lemma(&self, i: usize, w: &str) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.lemma.eq_ignore_ascii_case(w))
    }

    pub fn is_possessive(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.xpos == "POS" || matches!(t.form.as_str(), "'s" | "’s" | "'" | "’"))
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        let a = self.tokens.get(start).map_or(0, |t| t.span.start);
        let b = end
            .checked_sub(1)
            .and_then(|e| self.tokens.get(e))
            .map_or(a, |t| t.span.end);
        Span::new(a, b.max(a))
    }

    pub fn text(&self, start: usize, end: usize) -> String {
        let span = self.span(start, end);
        match span.slice(self.doc_text) {
            Some(t) => t.to_string(),
            None => self
                .tokens
                .get(start..end.min(self.tokens.len()))
                .unwrap_or(&[])
                .iter()
                .map(|t| t.form.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// The token of `[start, end)` whose head lies outside the range (the first such).
    pub fn head_of(&self, start: usize, end: usize) -> usize {
        (start..end)
            .find(|&i| {
                self.tokens
                    .get(i)
                    .is_some_and(|t| t.head == 0 || t.head - 1 < start || t.head > end)
            })
            .unwrap_or(start)
    }

    /// Is token `i` the object of a place preposition ("in Ukraine")?
    pub fn is_locative(&self, i: usize) -> bool {
        self.tokens.iter().any(|c| {
            c.head == i + 1
                && c.deprel == "case"
                && self
                    .kb
                    .rules
                    .place_prepositions
                    .contains(&c.form.to_lowercase())
        })
    }

    pub fn is_plural(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.feats.contains("Number=Plur") || t.feats.contains("Number=Ptan"))
    }
}

impl DocState {
    /// The last [`COREF_LOOKBACK`] records, oldest first: what coreference may refer to.
    pub fn recent(&self) -> &[Record] {
        let from = self.records.len().saturating_sub(COREF_LOOKBACK);
        self.records.get(from..).unwrap_or(&[])
    }

    /// Whether one more mention of `sentence` fits under the caps (counting it if so).
    fn admit(&mut self, sentence: usize) -> bool {
        if self.current.0 != sentence {
            self.current = (sentence, 0);
        }
        if self.records.len() >= MAX_MENTIONS_PER_DOCUMENT {
            self.capped.in_document += 1;
            return false;
        }
        if self.current.1 >= MAX_MENTIONS_PER_SENTENCE {
            if self.current.1 == MAX_MENTIONS_PER_SENTENCE {
                self.capped.sentences += 1;
            }
            self.current.1 += 1;
            self.capped.in_sentences += 1;
            return false;
        }
        self.current.1 += 1;
        true
    }

    pub fn emit(
        &mut self,
        ctx: &Ctx,
        range: (usize, usize),
        actors: Vec<Actor>,
        via: ResolvedVia,
        antecedent: Option<Span>,
        extra: Extra,
    ) {
        let (start, end) = range;
        if end <= start || !self.admit(ctx.sentence) {
            return;
        }
        let head = ctx.head_of(start, end);
        let via = if actors.is_empty() {
            ResolvedVia::Unresolved
        } else {
            via
        };
        let mention = ActorMention {
            sentence: ctx.sentence,
            span: ctx.span(start, end),
            tokens: (start, end),
            head,
            text: ctx.text(start, end),
            actors,
            via,
            antecedent,
        };
        let plural = extra.plural.unwrap_or_else(|| ctx.is_plural(head));
        self.records.push(Record {
            mention,
            person: extra.person,
            gender: extra.gender,
            plural,
            name_words: extra.name_words,
            person_name: extra.person_name,
            locative: ctx.is_locative(head),
        });
    }
}
