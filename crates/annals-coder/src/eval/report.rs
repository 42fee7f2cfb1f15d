//! The detailed reports of `annals eval events`: scores per PLOVER type, the confusion of
//! types between gold and prediction, and the calibration of confidences.

use std::collections::BTreeMap;

use annals_core::Event;
use serde::Serialize;

use super::{aligned, match_events, pair_key, GoldSentence, Prf};

/// The label of an event with no PLOVER type (CAMEO root 01, statements).
const STATEMENT: &str = "STATEMENT";
/// The label of "no event" in the confusion matrix.
pub const NONE: &str = "-";

/// Precision, recall and F1 of one PLOVER type (actors must match too).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeRow {
    pub plover: String,
    pub prf: Prf,
}

fn label(plover: Option<&String>) -> String {
    plover.cloned().unwrap_or_else(|| STATEMENT.to_string())
}

/// Scores per PLOVER type (statements under `STATEMENT`), sorted by type.
pub fn per_type(gold: &[GoldSentence], predicted: &[Event], split: Option<&str>) -> Vec<TypeRow> {
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (g, preds) in aligned(gold, predicted, split) {
        for e in &preds {
            counts.entry(label(e.plover.as_ref())).or_default().1 += 1;
        }
        let matches = match_events(&g.events, &preds, |ge, e| ge.plover == e.plover);
        for (ge, hit) in matches {
            let c = counts.entry(label(ge.plover.as_ref())).or_default();
            c.2 += 1;
            if hit.is_some() {
                c.0 += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|(plover, (m, p, g))| TypeRow {
            plover,
            prf: Prf::new(m, p, g),
        })
        .collect()
}

/// Counts of (gold type, predicted type) pairs. Events of one sentence are paired first by
/// actors and type, then by actors alone (a type confusion); what is left pairs with
/// [`NONE`] (a miss or a spurious event).
pub fn confusion(
    gold: &[GoldSentence],
    predicted: &[Event],
    split: Option<&str>,
) -> BTreeMap<(String, String), usize> {
    let mut out: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (g, preds) in aligned(gold, predicted, split) {
        let mut used = vec![false; preds.len()];
        let mut open = Vec::new();
        for (ge, hit) in match_events(&g.events, &preds, |ge, e| ge.plover == e.plover) {
            match hit {
                Some(i) => {
                    used[i] = true;
                    let l = label(ge.plover.as_ref());
                    *out.entry((l.clone(), l)).or_default() += 1;
                }
                None => open.push(ge),
            }
        }
        for ge in open {
            let key = (ge.source.clone(), ge.target.clone());
            let hit = (0..preds.len()).find(|&i| !used[i] && pair_key(preds[i]) == key);
            let pred_label = match hit {
                Some(i) => {
                    used[i] = true;
                    label(preds[i].plover.as_ref())
                }
                None => NONE.to_string(),
            };
            *out.entry((label(ge.plover.as_ref()), pred_label))
                .or_default() += 1;
        }
        for (i, e) in preds.iter().enumerate() {
            if !used[i] {
                *out.entry((NONE.to_string(), label(e.plover.as_ref())))
                    .or_default() += 1;
            }
        }
    }
    out
}

/// One confidence bin: predictions with `low <= confidence < high` and the share of them
/// that match a gold event at the root level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationBin {
    pub low: f64,
    pub high: f64,
    pub events: usize,
    pub correct: usize,
    pub share_correct: Option<f64>,
}

/// Calibration over five bins of width 0.2 (the last includes 1.0).
pub fn calibration(
    gold: &[GoldSentence],
    predicted: &[Event],
    split: Option<&str>,
) -> Vec<CalibrationBin> {
    let mut bins: Vec<CalibrationBin> = (0..5)
        .map(|i| CalibrationBin {
            low: i as f64 * 0.2,
            high: (i + 1) as f64 * 0.2,
            events: 0,
            correct: 0,
            share_correct: None,
        })
        .collect();
    for (g, preds) in aligned(gold, predicted, split) {
        let matches = match_events(&g.events, &preds, |ge, e| {
            e.cameo_root == ge.cameo.get(..2).unwrap_or(&ge.cameo)
        });
        for (i, e) in preds.iter().enumerate() {
            let b = ((e.confidence.clamp(0.0, 1.0) * 5.0) as usize).min(4);
            let correct = matches.iter().any(|(_, hit)| *hit == Some(i));
            if let Some(bin) = bins.get_mut(b) {
                bin.events += 1;
                bin.correct += usize::from(correct);
            }
        }
    }
    for b in &mut bins {
        b.share_correct = (b.events > 0).then(|| b.correct as f64 / b.events as f64);
    }
    bins
}
