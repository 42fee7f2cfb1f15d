//! The detail tables of `annals eval events`: per PLOVER type, the confusion matrix of
//! types, and calibration.

use std::collections::BTreeSet;
use std::io::Write;

use anyhow::Result;

use annals_coder::eval::{calibration, confusion, per_type, GoldSentence};
use annals_core::Event;

use crate::output::write_table;

/// Print the three detail tables of one split.
pub fn write_details(
    out: &mut impl Write,
    gold: &[GoldSentence],
    events: &[Event],
    split: &str,
) -> Result<()> {
    let pct = |x: f64| format!("{:.1}", 100.0 * x);
    writeln!(out, "\n{split}: per PLOVER type (actors must match)")?;
    let rows: Vec<Vec<String>> = per_type(gold, events, Some(split))
        .into_iter()
        .map(|r| {
            vec![
                r.plover,
                format!("{}/{}/{}", r.prf.matched, r.prf.predicted, r.prf.gold),
                pct(r.prf.precision),
                pct(r.prf.recall),
                pct(r.prf.f1),
            ]
        })
        .collect();
    write_table(out, &["type", "match/pred/gold", "P", "R", "F1"], &rows)?;

    let conf = confusion(gold, events, Some(split));
    let labels: BTreeSet<&String> = conf.keys().flat_map(|(g, p)| [g, p]).collect();
    let labels: Vec<&String> = labels.into_iter().collect();
    writeln!(
        out,
        "\n{split}: confusion of types (rows gold, columns predicted, - = none)"
    )?;
    let short = |l: &str| l.chars().take(5).collect::<String>();
    let mut header: Vec<String> = vec!["gold \\ pred".to_string()];
    header.extend(labels.iter().map(|l| short(l)));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = labels
        .iter()
        .map(|g| {
            let mut row = vec![(*g).clone()];
            row.extend(labels.iter().map(|p| {
                conf.get(&((*g).clone(), (*p).clone()))
                    .map_or_else(|| ".".to_string(), |n| n.to_string())
            }));
            row
        })
        .collect();
    write_table(out, &header_refs, &rows)?;

    writeln!(
        out,
        "\n{split}: calibration (share of events correct at root level per confidence bin)"
    )?;
    let rows: Vec<Vec<String>> = calibration(gold, events, Some(split))
        .into_iter()
        .map(|b| {
            vec![
                format!("{:.1}-{:.1}", b.low, b.high),
                b.events.to_string(),
                b.correct.to_string(),
                b.share_correct.map_or_else(|| "-".to_string(), pct),
            ]
        })
        .collect();
    write_table(
        out,
        &["confidence", "events", "correct", "% correct"],
        &rows,
    )?;
    Ok(())
}
