//! COPY of the analysis rows (mentions, events, signatures, LSH bands) of documents whose
//! old rows are already deleted.

use std::collections::HashSet;

use annals_core::{ActorMention, Document, Event};
use postgres::types::{ToSql, Type};
use postgres::Transaction;

use super::write::{copy_in, unique_event_positions};
use crate::error::DriverError;
use crate::model::Analysis;
use crate::rows::{event_row, mention_rows};

/// A document id with its MinHash signature and LSH band keys.
type Signed<'a> = (&'a str, &'a [u8], &'a [(u16, u64)]);

/// Write the analysis of each document (whose previous analysis rows are gone).
pub(super) fn copy_analysis<'a>(
    tx: &mut Transaction<'_>,
    items: impl Iterator<Item = (&'a Document, &'a Analysis<'a>)> + Clone,
) -> Result<(), DriverError> {
    copy_mentions(tx, items.clone().map(|(d, a)| (d.id.as_str(), a.mentions)))?;
    copy_events(tx, items.clone().map(|(d, a)| (d.id.as_str(), a.events)))?;
    let with_sig: Vec<Signed> = items
        .filter_map(|(d, a)| a.signature.map(|s| (d.id.as_str(), s, a.bands)))
        .collect();
    if with_sig.is_empty() {
        return Ok(());
    }
    let mut w = copy_in(
        tx,
        "doc_signatures",
        "doc_id, signature",
        &[Type::TEXT, Type::BYTEA],
    )?;
    for (id, sig, _) in &with_sig {
        w.write(&[id, sig])?;
    }
    w.finish()?;
    let mut w = copy_in(
        tx,
        "lsh_bands",
        "band, key, doc_id",
        &[Type::INT8, Type::INT8, Type::TEXT],
    )?;
    for (id, _, bands) in &with_sig {
        let mut seen = HashSet::new();
        for &(band, key) in bands.iter() {
            // Stored bit for bit as a signed 64-bit integer, as in SQLite.
            let (band, key) = (i64::from(band), key as i64);
            if seen.insert((band, key)) {
                w.write(&[&band, &key, id])?;
            }
        }
    }
    w.finish()?;
    Ok(())
}

/// COPY the mention rows of each `(doc_id, mentions)`.
pub(super) fn copy_mentions<'a>(
    tx: &mut Transaction<'_>,
    docs: impl Iterator<Item = (&'a str, &'a [ActorMention])>,
) -> Result<(), DriverError> {
    let (t, i) = (Type::TEXT, Type::INT8);
    let mut w = copy_in(
        tx,
        "mentions",
        "doc_id, idx, sentence, start_byte, end_byte, text, code, country, sector, name, \
         wikidata, via, antecedent_start, antecedent_end",
        &[
            t.clone(),
            i.clone(),
            i.clone(),
            i.clone(),
            i.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t,
            i.clone(),
            i,
        ],
    )?;
    for (doc_id, mentions) in docs {
        for r in mention_rows(mentions) {
            let (ante_start, ante_end) = (r.antecedent.map(|a| a.0), r.antecedent.map(|a| a.1));
            let row: [&(dyn ToSql + Sync); 14] = [
                &doc_id,
                &r.idx,
                &r.sentence,
                &r.start,
                &r.end,
                &r.text,
                &r.code,
                &r.country,
                &r.sector,
                &r.name,
                &r.wikidata,
                &r.via,
                &ante_start,
                &ante_end,
            ];
            w.write(&row)?;
        }
    }
    w.finish()?;
    Ok(())
}

/// Delete any stored event with an id of these, then COPY them (an event id moves to the
/// document that codes it last, as SQLite's `INSERT OR REPLACE` does).
pub(super) fn copy_events<'a>(
    tx: &mut Transaction<'_>,
    docs: impl Iterator<Item = (&'a str, &'a [Event])>,
) -> Result<(), DriverError> {
    let all: Vec<(&str, &Event)> = docs
        .flat_map(|(id, events)| events.iter().map(move |e| (id, e)))
        .collect();
    if all.is_empty() {
        return Ok(());
    }
    let (ids, keep) = unique_event_positions(all.iter().map(|(_, e)| e.event_id.as_str()));
    tx.execute("DELETE FROM events WHERE event_id = ANY($1)", &[&ids])?;
    let (t, i, f) = (Type::TEXT, Type::INT8, Type::FLOAT8);
    let mut types = vec![t.clone(), t.clone(), i.clone(), i.clone(), i.clone()];
    types.extend(std::iter::repeat_n(t.clone(), 13));
    types.extend([Type::BOOL, f.clone(), i, f, t]);
    let mut w = copy_in(
        tx,
        "events",
        "event_id, doc_id, sentence, trigger_start, trigger_end, cameo, cameo_root, plover, \
         source_code, source_country, target_code, target_country, modality, attribution, \
         date_value, date_basis, date_first, date_last, historical, goldstein, quad_class, \
         confidence, record",
        &types,
    )?;
    for (pos, (doc_id, e)) in all.iter().enumerate() {
        if !keep.contains(&pos) {
            continue;
        }
        let r = event_row(e)?;
        let quad = i64::from(e.quad_class);
        let row: [&(dyn ToSql + Sync); 23] = [
            &e.event_id,
            doc_id,
            &r.sentence,
            &r.trigger_start,
            &r.trigger_end,
            &e.cameo,
            &e.cameo_root,
            &e.plover,
            &r.source_code,
            &r.source_country,
            &r.target_code,
            &r.target_country,
            &r.modality,
            &r.attribution,
            &e.date.value,
            &r.date_basis,
            &r.date_first,
            &r.date_last,
            &e.historical,
            &e.goldstein,
            &quad,
            &e.confidence,
            &r.record,
        ];
        w.write(&row)?;
    }
    w.finish()?;
    Ok(())
}
