//! Per-sentence context for events: the dates and quantities written in the sentence, and
//! which of them belong to a given trigger.

use annals_core::{Document, EventDate, ParsedSentence, Quantity};

use crate::tree::Tree;

/// The publication date of the document as an event date (basis `publication`), or an
/// unknown date when the document has none. Never "today".
pub fn published_date(doc: &Document) -> EventDate {
    published_parts(doc).map_or_else(EventDate::unknown, |(_, d)| d)
}

fn published_parts(doc: &Document) -> Option<(Option<jiff::civil::Date>, EventDate)> {
    let raw = doc.published.as_deref()?;
    let parsed = crate::dates::parse_published(raw);
    Some((parsed, crate::dates::publication_date(parsed)))
}

/// A date found in the sentence: its tokens, its value and whether it lies in the past
/// of the report (an era, or years well before publication).
struct DateSpan {
    tokens: (usize, usize),
    date: EventDate,
    last: Option<jiff::civil::Date>,
    historical: bool,
}

struct QuantitySpan {
    tokens: (usize, usize),
    head: usize,
    quantity: Quantity,
}

/// Dates and quantities of one sentence.
pub struct SentenceContext {
    dates: Vec<DateSpan>,
    quantities: Vec<QuantitySpan>,
    publication: EventDate,
}

impl SentenceContext {
    pub fn new(doc: &Document, parse: &ParsedSentence, publication: &EventDate) -> Self {
        let published = published_parts(doc).and_then(|(d, _)| d);
        let dates = crate::dates::find_dates(parse, &doc.clean_text, published)
            .into_iter()
            .map(|d| DateSpan {
                tokens: d.tokens,
                last: d.last,
                historical: d.historical,
                date: d.date,
            })
            .collect();
        let quantities = crate::quantities::find_quantities(parse, &doc.clean_text)
            .into_iter()
            .map(|q| QuantitySpan {
                tokens: q.tokens,
                head: q.head,
                quantity: q.quantity,
            })
            .collect();
        SentenceContext {
            dates,
            quantities,
            publication: publication.clone(),
        }
    }

    /// The last day of the latest explicit date in the sentence.
    pub fn latest_explicit(&self) -> Option<jiff::civil::Date> {
        self.dates
            .iter()
            .filter(|d| d.date.basis == annals_core::DateBasis::Explicit)
            .filter_map(|d| d.last)
            .max()
    }

    /// Mark dates ending more than a year before `reference` as historical. For an undated
    /// report the coder passes the latest date the report itself mentions: a report is
    /// written after the events it dates, so "in 1948" in a text that also mentions
    /// 2024 is background.
    pub fn mark_historical_before(&mut self, reference: jiff::civil::Date) {
        let Ok(cutoff) = reference.checked_sub(jiff::Span::new().days(365)) else {
            return;
        };
        for d in &mut self.dates {
            if d.last.is_some_and(|last| last < cutoff) {
                d.historical = true;
            }
        }
    }

    /// The date of the event at `trigger`: a date in the trigger's own phrase or clause
    /// (nearest first), else a date modifying the clause the trigger is in, else the
    /// publication date.
    pub fn date_for(&self, tree: &Tree, trigger: usize) -> (EventDate, bool) {
        let in_subtree =
            |d: &DateSpan| (d.tokens.0..d.tokens.1).any(|t| tree.dominates(trigger, t));
        let distance = |d: &DateSpan| {
            if d.tokens.1 <= trigger {
                trigger - d.tokens.1
            } else {
                d.tokens.0.saturating_sub(trigger)
            }
        };
        let own = self
            .dates
            .iter()
            .filter(|d| in_subtree(d))
            .min_by_key(|d| distance(d));
        // The clause above a nominal trigger ("During the Cold War, … provided aid").
        let clause = || {
            let verb = tree
                .ancestors(trigger)
                .into_iter()
                .find(|&a| tree.upos(a) == Some(annals_core::Upos::VERB))?;
            self.dates
                .iter()
                .filter(|d| {
                    (d.tokens.0..d.tokens.1)
                        .any(|t| tree.head(t) == Some(verb) && !tree.dominates(trigger, t))
                })
                .min_by_key(|d| distance(d))
        };
        match own.or_else(clause) {
            Some(d) => (d.date.clone(), d.historical),
            None => (self.publication.clone(), false),
        }
    }

    /// Quantities inside the trigger's arguments ("11,000 containers of munitions"), not
    /// inside an actor mention and not in a clause of their own.
    pub fn quantities_for(
        &self,
        tree: &Tree,
        trigger: usize,
        theme: Option<usize>,
        mention_tokens: &[(usize, usize)],
    ) -> Vec<Quantity> {
        let in_mention = |t: usize| mention_tokens.iter().any(|&(a, b)| a <= t && t < b);
        let in_date = |t: usize| self.dates.iter().any(|d| d.tokens.0 <= t && t < d.tokens.1);
        self.quantities
            .iter()
            .filter(|q| !in_mention(q.head) && !in_date(q.head))
            .filter(|q| {
                theme.is_some_and(|th| tree.dominates(th, q.head))
                    || tree.dominates(trigger, q.head) && !crosses_clause(tree, trigger, q.head)
            })
            .filter(|q| q.tokens.0 <= q.tokens.1)
            .map(|q| q.quantity.clone())
            .collect()
    }
}

/// Whether the path from `top` down to `node` passes through a clause of its own.
fn crosses_clause(tree: &Tree, top: usize, node: usize) -> bool {
    let mut cur = node;
    while cur != top {
        if matches!(
            tree.base_rel(cur),
            "ccomp" | "xcomp" | "advcl" | "acl" | "parataxis" | "csubj"
        ) {
            return true;
        }
        match tree.head(cur) {
            Some(h) => cur = h,
            None => return false,
        }
    }
    false
}
