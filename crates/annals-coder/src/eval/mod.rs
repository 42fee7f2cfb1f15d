//! Scoring coded events against a gold file.
//!
//! A gold file is JSONL, one line per annotated sentence (sentences with no event are kept:
//! they measure precision):
//!
//! ```json
//! {"doc_id": "…", "sentence": 3, "start": 412, "end": 530, "split": "dev",
//!  "events": [{"source": "RUS", "target": "PRK", "cameo": "042", "plover": "CONSULT",
//!              "mode": "visit", "modality": "asserted", "attribution": null,
//!              "source_span": [399, 404], "target_span": [412, 421], "trigger_span": [405, 412]}]}
//! ```
//!
//! `sentence` is 1-based as in event records; `start`/`end` are the sentence's byte offsets
//! in the clean text (checked, so a changed sentence splitter shows up as a mismatch rather
//! than as wrong scores); `source`/`target` are countries (or IGO codes such as `EU`), `""`
//! when the sentence leaves the side unstated; `attribution` is the attributed actor's
//! country or code. `plover`, `mode` and the byte spans are optional (the older
//! `wikinews-dev.jsonl` has none).
//!
//! A predicted event matches a gold event of the same sentence with the same source and
//! target country (a missing side is `""` on both) and the same CAMEO root (root level),
//! full code (code level) or PLOVER type (PLOVER level); each event matches at most once.
//! Modality and attribution accuracy are measured over the root-level matches. Two kinds of
//! gold events are kept in the file but not scored, as the annotation guide says: bare
//! statements (root `01`) with no target, and events with neither side stated.

mod report;

pub use report::{calibration, confusion, per_type, CalibrationBin, TypeRow};

use std::collections::HashMap;

use annals_core::Event;
use serde::{Deserialize, Serialize};

/// One gold event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldEvent {
    pub source: String,
    pub target: String,
    pub cameo: String,
    pub modality: String,
    pub attribution: Option<String>,
    /// PLOVER type, derived from the CAMEO code by the project's mapping table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
    /// PLOVER mode, likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Byte offsets of the source's words in the clean text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_span: Option<[usize; 2]>,
    /// Byte offsets of the target's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_span: Option<[usize; 2]>,
    /// Byte offsets of the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_span: Option<[usize; 2]>,
}

impl GoldEvent {
    /// Whether the event counts in scores: bare statements without a target and events
    /// with neither side stated are annotated but not scored (see the module docs).
    pub fn scored(&self) -> bool {
        let bare_statement = self.cameo.starts_with("01") && self.target.is_empty();
        let no_actor = self.source.is_empty() && self.target.is_empty();
        !bare_statement && !no_actor
    }

    fn root(&self) -> &str {
        self.cameo.get(..2).unwrap_or(&self.cameo)
    }
}

/// One annotated sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldSentence {
    pub doc_id: String,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub split: String,
    pub events: Vec<GoldEvent>,
}

/// A malformed gold line.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct GoldError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Parse a gold file's text; `name` goes into error messages.
pub fn parse_gold(name: &str, text: &str) -> Result<Vec<GoldSentence>, GoldError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut s: GoldSentence = serde_json::from_str(line).map_err(|e| GoldError {
            file: name.to_string(),
            line: i + 1,
            message: e.to_string(),
        })?;
        // Older files give no PLOVER type: it follows from the code by the same table.
        for e in &mut s.events {
            if e.plover.is_none() {
                let mapped = crate::ontology::Ontology::builtin().plover_for(&e.cameo);
                e.plover = mapped.map(|p| p.plover.clone());
                e.mode = e
                    .mode
                    .take()
                    .or_else(|| mapped.and_then(|p| p.mode.clone()));
            }
        }
        out.push(s);
    }
    Ok(out)
}

/// Precision, recall and F1 of one matching level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(matched: usize, predicted: usize, gold: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(matched, predicted);
        let recall = ratio(matched, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            matched,
            predicted,
            gold,
            precision,
            recall,
            f1,
        }
    }
}

/// Scores of one split.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SplitScores {
    pub split: String,
    pub sentences: usize,
    pub root: Prf,
    pub code: Prf,
    /// PLOVER type with both actors (events whose code has no PLOVER type are left out).
    pub plover: Prf,
    /// Share of root-level matches with the gold modality.
    pub modality_accuracy: Option<f64>,
    /// Share of root-level matches where gold or prediction has an attribution that agree.
    pub attribution_accuracy: Option<f64>,
}

/// The country an event actor is scored by: its country, else its code; `""` when the
/// side is missing.
pub fn actor_key(a: Option<&annals_core::EventActor>) -> String {
    a.and_then(|a| a.country.clone().or_else(|| a.code.clone()))
        .unwrap_or_default()
}

/// The attribution an event is scored by: the code's country part where the code starts
/// with a three-letter country (`USAGOV` → `USA`), else the code, else the text.
fn attribution_key(e: &Event) -> Option<String> {
    let a = e.attribution.as_ref()?;
    Some(match &a.code {
        Some(code) if code.len() > 3 && code.is_char_boundary(3) => {
            code.get(..3).unwrap_or(code).to_string()
        }
        Some(code) => code.clone(),
        None => a.text.clone(),
    })
}

/// The (source, target) key of a predicted event.
pub fn pair_key(e: &Event) -> (String, String) {
    (actor_key(e.source.as_ref()), actor_key(e.target.as_ref()))
}

/// Gold sentences of a split (`None` = all) with the predictions of each.
pub fn aligned<'a>(
    gold: &'a [GoldSentence],
    predicted: &'a [Event],
    split: Option<&str>,
) -> Vec<(&'a GoldSentence, Vec<&'a Event>)> {
    let mut by_sentence: HashMap<(&str, usize), Vec<&Event>> = HashMap::new();
    for e in predicted {
        by_sentence
            .entry((e.doc_id.as_str(), e.sentence))
            .or_default()
            .push(e);
    }
    gold.iter()
        .filter(|g| split.is_none_or(|s| g.split == s))
        .map(|g| {
            let preds = by_sentence
                .get(&(g.doc_id.as_str(), g.sentence))
                .cloned()
                .unwrap_or_default();
            (g, preds)
        })
        .collect()
}

/// Match the scored gold events of one sentence to predictions with `same`; returns, per
/// gold event, the index of its prediction.
pub fn match_events<'g>(
    gold: &'g [GoldEvent],
    preds: &[&Event],
    same: impl Fn(&GoldEvent, &Event) -> bool,
) -> Vec<(&'g GoldEvent, Option<usize>)> {
    let mut used = vec![false; preds.len()];
    gold.iter()
        .filter(|g| g.scored())
        .map(|ge| {
            let hit = preds.iter().enumerate().position(|(i, e)| {
                !used[i] && pair_key(e) == (ge.source.clone(), ge.target.clone()) && same(ge, e)
            });
            if let Some(i) = hit {
                used[i] = true;
            }
            (ge, hit)
        })
        .collect()
}

/// Score `predicted` events against the gold sentences of one split (`None` = all).
/// Predictions outside the gold sentences are ignored.
pub fn score(gold: &[GoldSentence], predicted: &[Event], split: Option<&str>) -> SplitScores {
    let mut out = SplitScores {
        split: split.unwrap_or("all").to_string(),
        ..SplitScores::default()
    };
    let (mut root_m, mut code_m, mut n_pred, mut n_gold) = (0, 0, 0, 0);
    let (mut pl_m, mut pl_pred, mut pl_gold) = (0, 0, 0);
    let (mut mod_ok, mut att_ok, mut att_n) = (0, 0, 0);
    for (g, preds) in aligned(gold, predicted, split) {
        out.sentences += 1;
        n_pred += preds.len();
        n_gold += g.events.iter().filter(|e| e.scored()).count();
        code_m += match_events(&g.events, &preds, |ge, e| e.cameo == ge.cameo)
            .iter()
            .filter(|(_, hit)| hit.is_some())
            .count();
        let typed: Vec<&Event> = preds
            .iter()
            .copied()
            .filter(|e| e.plover.is_some())
            .collect();
        pl_pred += typed.len();
        let pl = match_events(&g.events, &typed, |ge, e| {
            ge.plover.is_some() && e.plover == ge.plover
        });
        pl_gold += g
            .events
            .iter()
            .filter(|e| e.scored() && e.plover.is_some())
            .count();
        pl_m += pl.iter().filter(|(_, hit)| hit.is_some()).count();
        for (ge, hit) in match_events(&g.events, &preds, |ge, e| e.cameo_root == ge.root()) {
            let Some(e) = hit.and_then(|i| preds.get(i)) else {
                continue;
            };
            root_m += 1;
            if e.modality.as_str() == ge.modality {
                mod_ok += 1;
            }
            let pa = attribution_key(e);
            if pa.is_some() || ge.attribution.is_some() {
                att_n += 1;
                if pa == ge.attribution {
                    att_ok += 1;
                }
            }
        }
    }
    out.root = Prf::new(root_m, n_pred, n_gold);
    out.code = Prf::new(code_m, n_pred, n_gold);
    out.plover = Prf::new(pl_m, pl_pred, pl_gold);
    out.modality_accuracy = (root_m > 0).then(|| mod_ok as f64 / root_m as f64);
    out.attribution_accuracy = (att_n > 0).then(|| att_ok as f64 / att_n as f64);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use annals_core::{DateBasis, EventActor, EventDate, Modality, TextSpan};

    fn ev(doc: &str, sentence: usize, src: &str, tgt: &str, cameo: &str) -> Event {
        let actor = |c: &str| EventActor {
            text: c.into(),
            code: Some(format!("{c}GOV")),
            country: Some(c.into()),
            sector: None,
            name: None,
            start: 0,
            end: 0,
        };
        Event {
            event_id: String::new(),
            doc_id: doc.into(),
            sentence,
            sentence_text: "".into(),
            trigger: TextSpan {
                text: String::new(),
                start: 0,
                end: 0,
            },
            source: Some(actor(src)),
            target: Some(actor(tgt)),
            cameo: cameo.into(),
            cameo_root: cameo.get(..2).unwrap_or_default().into(),
            plover: None,
            plover_mode: None,
            goldstein: 0.0,
            quad_class: 1,
            modality: Modality::Asserted,
            attribution: None,
            date: EventDate {
                value: None,
                precision: None,
                basis: DateBasis::Unknown,
                text: None,
            },
            historical: false,
            quantities: vec![],
            location: None,
            confidence: 1.0,
        }
    }

    fn gold_line(
        doc: &str,
        sentence: usize,
        split: &str,
        events: &[(&str, &str, &str)],
    ) -> GoldSentence {
        GoldSentence {
            doc_id: doc.into(),
            sentence,
            start: 0,
            end: 0,
            split: split.into(),
            events: events
                .iter()
                .map(|(s, t, c)| GoldEvent {
                    source: s.to_string(),
                    target: t.to_string(),
                    cameo: c.to_string(),
                    modality: "asserted".into(),
                    ..GoldEvent::default()
                })
                .collect(),
        }
    }

    #[test]
    fn root_and_code_levels() {
        let gold = vec![
            gold_line(
                "d",
                1,
                "dev",
                &[("RUS", "PRK", "042"), ("PRK", "RUS", "043")],
            ),
            gold_line("d", 2, "dev", &[]),
            gold_line("d", 3, "test", &[("USA", "RUS", "163")]),
        ];
        let pred = vec![
            ev("d", 1, "RUS", "PRK", "040"),
            ev("d", 2, "USA", "CHN", "111"),
            ev("d", 3, "USA", "RUS", "163"),
            ev("d", 9, "USA", "RUS", "163"),
        ];
        let dev = score(&gold, &pred, Some("dev"));
        assert_eq!(dev.sentences, 2);
        assert_eq!(
            (dev.root.matched, dev.root.predicted, dev.root.gold),
            (1, 2, 2)
        );
        assert_eq!(dev.code.matched, 0);
        assert_eq!(dev.root.precision, 0.5);
        assert_eq!(dev.modality_accuracy, Some(1.0));
        let all = score(&gold, &pred, None);
        assert_eq!(
            (all.root.matched, all.code.matched, all.root.predicted),
            (2, 1, 3)
        );
    }

    #[test]
    fn each_event_matches_once() {
        let gold = vec![gold_line("d", 1, "dev", &[("RUS", "PRK", "057")])];
        let pred = vec![
            ev("d", 1, "RUS", "PRK", "057"),
            ev("d", 1, "RUS", "PRK", "057"),
        ];
        let s = score(&gold, &pred, None);
        assert_eq!((s.code.matched, s.code.predicted), (1, 2));
    }

    #[test]
    fn bare_statements_and_actorless_events_are_not_scored() {
        let gold = vec![gold_line(
            "d",
            1,
            "dev",
            &[("RUS", "", "010"), ("", "", "190"), ("RUS", "", "173")],
        )];
        let mut one_sided = ev("d", 1, "RUS", "X", "173");
        one_sided.target = None;
        let s = score(&gold, &[one_sided], None);
        assert_eq!((s.root.matched, s.root.gold, s.root.predicted), (1, 1, 1));
    }

    #[test]
    fn gold_errors_name_the_line() {
        let e = parse_gold("g.jsonl", "\n{\"doc_id\": 1}\n").err();
        assert!(e.is_some_and(|e| e.to_string().starts_with("g.jsonl:2:")));
    }
}
