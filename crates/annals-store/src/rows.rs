//! Mentions and events flattened into the column values both backends store, so the two
//! write the same rows.

use annals_core::{ActorMention, Event};

use crate::dates::date_bounds;

/// One `mentions` row (see `StoredMention` for the meaning of each column).
pub(crate) struct MentionRow<'a> {
    pub idx: i64,
    pub sentence: i64,
    pub start: i64,
    pub end: i64,
    pub text: &'a str,
    pub code: Option<&'a str>,
    pub country: Option<&'a str>,
    pub sector: Option<&'a str>,
    pub name: Option<&'a str>,
    pub wikidata: Option<&'a str>,
    pub via: &'static str,
    pub antecedent: Option<(i64, i64)>,
}

/// Store a count or offset as a 64-bit signed integer.
pub(crate) fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// One row per (mention, actor); an unresolved mention gives one row with no code.
pub(crate) fn mention_rows(mentions: &[ActorMention]) -> Vec<MentionRow<'_>> {
    let mut out = Vec::with_capacity(mentions.len());
    for m in mentions {
        let actors: Vec<Option<&annals_core::Actor>> = if m.actors.is_empty() {
            vec![None]
        } else {
            m.actors.iter().map(Some).collect()
        };
        for actor in actors {
            out.push(MentionRow {
                idx: int(out.len()),
                sentence: int(m.sentence),
                start: int(m.span.start),
                end: int(m.span.end),
                text: &m.text,
                code: actor.map(|a| a.code.as_str()),
                country: actor.and_then(|a| a.country.as_deref()),
                sector: actor.and_then(|a| a.sector.as_deref()),
                name: actor.and_then(|a| a.name.as_deref()),
                wikidata: actor.and_then(|a| a.wikidata.as_deref()),
                via: m.via.as_str(),
                antecedent: m.antecedent.map(|s| (int(s.start), int(s.end))),
            });
        }
    }
    out
}

/// The columns of one `events` row besides `event_id` and `doc_id`.
pub(crate) struct EventRow<'a> {
    pub sentence: i64,
    pub trigger_start: i64,
    pub trigger_end: i64,
    pub source_code: Option<&'a str>,
    pub source_country: Option<&'a str>,
    pub target_code: Option<&'a str>,
    pub target_country: Option<&'a str>,
    pub modality: &'static str,
    /// The attribution's code, else its text.
    pub attribution: Option<&'a str>,
    pub date_basis: String,
    pub date_first: Option<String>,
    pub date_last: Option<String>,
    /// The event exactly as `annals code --format jsonl` emits it.
    pub record: String,
}

pub(crate) fn event_row(e: &Event) -> Result<EventRow<'_>, serde_json::Error> {
    let record = serde_json::to_string(e)?;
    let (date_first, date_last) = e
        .date
        .value
        .as_deref()
        .and_then(date_bounds)
        .map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let src = e.source.as_ref();
    let tgt = e.target.as_ref();
    let date_basis = serde_json::to_value(e.date.basis)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(EventRow {
        sentence: int(e.sentence),
        trigger_start: int(e.trigger.start),
        trigger_end: int(e.trigger.end),
        source_code: src.and_then(|a| a.code.as_deref()),
        source_country: src.and_then(|a| a.country.as_deref()),
        target_code: tgt.and_then(|a| a.code.as_deref()),
        target_country: tgt.and_then(|a| a.country.as_deref()),
        modality: e.modality.as_str(),
        attribution: e
            .attribution
            .as_ref()
            .map(|a| a.code.as_deref().unwrap_or(&a.text)),
        date_basis,
        date_first,
        date_last,
        record,
    })
}

/// Stable names of block kinds (annals-core names sentence kinds and removal reasons; the
/// block names follow the same snake_case rule as its serde form).
pub(crate) fn block_kind_name(kind: annals_core::BlockKind) -> &'static str {
    use annals_core::BlockKind;
    match kind {
        BlockKind::Paragraph => "paragraph",
        BlockKind::Heading => "heading",
        BlockKind::ListItem => "list_item",
    }
}

pub(crate) fn parse_block_kind(name: &str) -> Option<annals_core::BlockKind> {
    use annals_core::BlockKind;
    Some(match name {
        "paragraph" => BlockKind::Paragraph,
        "heading" => BlockKind::Heading,
        "list_item" => BlockKind::ListItem,
        _ => return None,
    })
}
