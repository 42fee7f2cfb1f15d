//! End to end on the two reference reports in `$ANNALS_SHARED/seeds` (read in place):
//! ingest cleaning, the embedded parser, the actor resolver and the coder, through the
//! engine's analyzer.
//!
//! Needs `ANNALS_SHARED`: ignored by a plain `cargo test`, run by CI with `--include-ignored`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use annals_core::{ActorMention, Document, Event, Modality};
use annals_nlp::pipeline::Scratch;

struct Coded {
    doc: Document,
    mentions: Vec<ActorMention>,
    events: Vec<Event>,
}

fn seed(name: &str) -> Coded {
    let shared = std::env::var_os("ANNALS_SHARED").unwrap_or_else(|| {
        panic!("ANNALS_SHARED must point at ../shared (these tests are ignored without it)")
    });
    let dir = PathBuf::from(shared).join("seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(name))
        })
        .unwrap_or_else(|| panic!("seed {name} missing in {}", dir.display()));
    let mut docs = common::read(&path);
    assert_eq!(docs.len(), 1, "{}", path.display());
    let doc = docs.remove(0);
    let analyzed = common::analyzer().analyze(doc, &mut Scratch::default());
    let (doc, mentions, events) = (analyzed.doc, analyzed.mentions, analyzed.events);
    Coded {
        doc,
        mentions,
        events,
    }
}

impl Coded {
    /// Events whose source and target countries and CAMEO prefix match.
    fn find(&self, src: &str, tgt: &str, code: &str) -> Vec<&Event> {
        self.events
            .iter()
            .filter(|e| {
                e.source.as_ref().and_then(|a| a.country.as_deref()) == Some(src)
                    && e.target.as_ref().and_then(|a| a.country.as_deref()) == Some(tgt)
                    && e.cameo.starts_with(code)
            })
            .collect()
    }

    /// Events of the sentence containing `phrase`.
    fn in_sentence(&self, phrase: &str) -> Vec<&Event> {
        self.events
            .iter()
            .filter(|e| e.sentence_text.contains(phrase))
            .collect()
    }

    fn explain(&self) -> String {
        let mut s = String::new();
        for e in &self.events {
            s.push_str(&format!(
                "  s{} {}→{} {} {} {:?} {:?} | {}\n",
                e.sentence,
                e.source
                    .as_ref()
                    .and_then(|a| a.code.clone())
                    .unwrap_or_default(),
                e.target
                    .as_ref()
                    .and_then(|a| a.code.clone())
                    .unwrap_or_default(),
                e.cameo,
                e.modality.as_str(),
                e.date.value,
                e.attribution.as_ref().map(|a| a.text.clone()),
                e.trigger.text
            ));
        }
        s
    }

    fn mentions_of(&self, phrase: &str) -> String {
        let Some(i) = self
            .doc
            .sentences
            .iter()
            .position(|s| self.doc.text_of(s.span).is_some_and(|t| t.contains(phrase)))
        else {
            return format!("no sentence contains {phrase:?}");
        };
        let kind = self
            .doc
            .sentences
            .get(i)
            .map(|s| s.kind.as_str())
            .unwrap_or("");
        format!("sentence {i} ({kind}): ")
            + &self
                .mentions
                .iter()
                .filter(|m| m.sentence == i)
                .map(|m| {
                    format!(
                        "{}[{:?} head {}]={:?}",
                        m.text,
                        m.tokens,
                        m.head,
                        m.actors.iter().map(|a| &a.code).collect::<Vec<_>>()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
    }
}

#[test]
#[ignore = "needs ../shared"]
fn report_000() {
    let c = seed("000");
    let ex = c.explain();
    // The state visit of September 2023.
    let visit = c.find("RUS", "PRK", "042");
    assert!(
        !visit.is_empty(),
        "no visit:\n{ex}\n{}",
        c.mentions_of("historic state visit")
    );
    assert!(
        visit
            .iter()
            .any(|e| e.date.value.as_deref() == Some("2023-09")),
        "visit not dated 2023-09:\n{ex}"
    );
    // The partnership agreement, both directions.
    let signed: Vec<_> = c.in_sentence("signed a comprehensive strategic partnership");
    assert!(
        signed.iter().any(|e| e.cameo == "057"
            && e.source.as_ref().and_then(|a| a.country.as_deref()) == Some("RUS")),
        "{ex}"
    );
    assert!(
        signed.iter().any(|e| e.cameo == "057"
            && e.source.as_ref().and_then(|a| a.country.as_deref()) == Some("PRK")),
        "{ex}"
    );
    // Soviet recognition in 1948 and Cold-War aid: historical.
    let recognition: Vec<_> = c
        .in_sentence("recognise")
        .into_iter()
        .filter(|e| e.cameo == "054")
        .collect();
    assert!(!recognition.is_empty(), "no recognition:\n{ex}");
    for e in &recognition {
        assert_eq!(e.date.value.as_deref(), Some("1948"), "{ex}");
        assert!(e.historical, "recognition not historical:\n{ex}");
    }
    let aid: Vec<_> = c
        .in_sentence("During the Cold War")
        .into_iter()
        .filter(|e| e.cameo_root == "07")
        .collect();
    assert!(!aid.is_empty(), "no Cold-War aid:\n{ex}");
    assert!(aid.iter().all(|e| e.historical), "{ex}");
    // "limited its ability to provide extensive aid" is coded, but not as asserted.
    let limited = c.in_sentence("limited its ability");
    assert!(
        limited.iter().any(|e| e.cameo_root == "07"),
        "no hedged aid event:\n{ex}"
    );
    for e in limited {
        assert_ne!(e.modality, Modality::Asserted, "{ex}");
    }
    // "is expected to enhance …, potentially including the transfer": not asserted.
    for e in c.in_sentence("is expected to enhance") {
        assert_ne!(e.modality, Modality::Asserted, "{ex}");
    }
    // Nothing from the "ALSO READ" line.
    assert!(c.in_sentence("ALSO READ").is_empty(), "{ex}");
    assert!(c.in_sentence("Alckmin").is_empty(), "{ex}");
}

#[test]
#[ignore = "needs ../shared"]
fn report_003() {
    let c = seed("003");
    let ex = c.explain();
    // The visit.
    assert!(
        !c.find("RUS", "PRK", "042").is_empty(),
        "no visit:\n{ex}\n{}",
        c.mentions_of("recent visit")
    );
    // The partnership agreement in both directions, reported by TASS.
    let tass: Vec<_> = c
        .in_sentence("TASS")
        .into_iter()
        .filter(|e| e.cameo == "057")
        .collect();
    for (s, t) in [("RUS", "PRK"), ("PRK", "RUS")] {
        let e = tass
            .iter()
            .find(|e| {
                e.source.as_ref().and_then(|a| a.country.as_deref()) == Some(s)
                    && e.target.as_ref().and_then(|a| a.country.as_deref()) == Some(t)
            })
            .unwrap_or_else(|| panic!("no 057 {s}→{t} in the TASS sentence:\n{ex}"));
        assert_eq!(e.modality, Modality::Reported, "{ex}");
        assert_eq!(
            e.attribution.as_ref().and_then(|a| a.code.as_deref()),
            Some("RUSMED"),
            "{ex}"
        );
    }
    // "is reportedly providing Russia with … munitions": reported military aid.
    let providing: Vec<_> = c
        .in_sentence("reportedly providing")
        .into_iter()
        .filter(|e| e.cameo_root == "07")
        .collect();
    assert!(
        providing.iter().any(|e| e.modality == Modality::Reported
            && e.source.as_ref().and_then(|a| a.country.as_deref()) == Some("PRK")),
        "{ex}"
    );
    // "U.S. officials have reported that North Korea has supplied Russia with 11,000
    // containers …": reported, attributed to USAGOV, with the quantity.
    let supplied: Vec<_> = c
        .in_sentence("11,000")
        .into_iter()
        .filter(|e| e.cameo_root == "07")
        .collect();
    let e = supplied
        .first()
        .unwrap_or_else(|| panic!("no supply event:\n{ex}"));
    assert_eq!(e.modality, Modality::Reported, "{ex}");
    assert_eq!(
        e.attribution.as_ref().and_then(|a| a.code.as_deref()),
        Some("USAGOV"),
        "{ex}"
    );
    assert!(
        e.quantities
            .iter()
            .any(|q| q.value == 11000.0 && q.unit.as_deref() == Some("containers")),
        "quantities {:?}",
        e.quantities
    );
    // Hedged and intended statements are not asserted.
    for cue in [
        "is expected to offer",
        "likely includes",
        "may compel",
        "aims to obtain",
    ] {
        for e in c.in_sentence(cue) {
            assert_ne!(e.modality, Modality::Asserted, "{cue}:\n{ex}");
        }
    }
    // Sanctions of the US and the EU on Russia.
    assert!(!c.find("USA", "RUS", "163").is_empty(), "{ex}");
    assert!(
        !c.find("EU", "RUS", "163").is_empty()
            || c.events.iter().any(|e| e.cameo == "163"
                && e.source
                    .as_ref()
                    .and_then(|a| a.code.as_deref())
                    .is_some_and(|x| x.starts_with("EU"))),
        "{ex}"
    );
    // Russia's invasion of Ukraine, 2022.
    let invasion = c.find("RUS", "UKR", "19");
    assert!(
        invasion
            .iter()
            .any(|e| e.date.value.as_deref() == Some("2022")),
        "{ex}"
    );
    // US and EU military support for Ukraine.
    assert!(!c.find("USA", "UKR", "07").is_empty(), "{ex}");
    // Nothing from the related-link lines.
    assert!(c.in_sentence("Think tank analysis").is_empty(), "{ex}");
    assert!(c.in_sentence("Rail Traffic Surge").is_empty(), "{ex}");
}
