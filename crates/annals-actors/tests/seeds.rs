//! The reference documents in ../shared/seeds/, read in place (ANNALS_SHARED).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use annals_core::ActorMention;
use annals_ingest::{ReadItem, ReaderOptions};

fn seed_mentions() -> Vec<(String, ActorMention)> {
    let shared = std::env::var_os("ANNALS_SHARED").unwrap_or_else(|| {
        panic!("ANNALS_SHARED must point at ../shared (these tests are ignored without it)")
    });
    let dir = std::path::Path::new(&shared).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("ANNALS_SHARED set but {} unreadable: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seed documents in {}", dir.display());
    let mut out = Vec::new();
    for path in files {
        let (inputs, errors) = annals_ingest::expand_inputs(&[path.display().to_string()]);
        assert!(errors.is_empty(), "{errors:?}");
        for input in &inputs {
            annals_ingest::read_input(input, &ReaderOptions::default(), &mut |item| {
                if let ReadItem::Record(source, record, format) = item {
                    let mut doc = annals_ingest::prepare_document(record, &source, format).unwrap();
                    doc.sentences = common::pipeline()
                        .splitter
                        .split_blocks(&doc.clean_text, &doc.blocks);
                    for m in common::resolve_with(common::resolver(), &doc) {
                        out.push((doc.id.clone(), m));
                    }
                }
            });
        }
    }
    out
}

/// A mention containing `text` resolved to `codes`; a bare country code also accepts a
/// sector of that country ("South Korea military" → KORMIL for KOR).
fn has(mentions: &[(String, ActorMention)], text: &str, codes: &[&str]) -> bool {
    mentions.iter().any(|(_, m)| {
        m.text.contains(text)
            && m.actors.len() == codes.len()
            && m.actors.iter().zip(codes).all(|(a, c)| {
                a.code == *c
                    || (c.len() == 3 && a.country.as_deref() == Some(*c) && a.sector.is_some())
            })
    })
}

#[test]
#[ignore = "needs ../shared"]
fn seed_actors_are_resolved() {
    let mentions = seed_mentions();
    let dump: Vec<String> = mentions
        .iter()
        .map(|(d, m)| format!("{d} {}", common::describe(m)))
        .collect();
    let expected: &[(&str, &[&str])] = &[
        ("Russian President Vladimir Putin", &["RUSGOV"]),
        ("Putin", &["RUSGOV"]),
        ("Kim Jong Un", &["PRKGOV"]),
        ("TASS", &["RUSMED"]),
        ("U.S. officials", &["USAGOV"]),
        ("Soviet Union", &["SUN"]),
        ("European Union", &["EU"]),
        ("EU", &["EU"]),
        ("Ukraine", &["UKR"]),
        ("China", &["CHN"]),
        ("South Korea", &["KOR"]),
    ];
    for (text, codes) in expected {
        assert!(
            has(&mentions, text, codes),
            "{text} → {codes:?} not found in\n{dump:#?}"
        );
    }
    let groups: Vec<&ActorMention> = mentions
        .iter()
        .map(|(_, m)| m)
        .filter(|m| {
            m.text.eq_ignore_ascii_case("the two countries")
                || m.text.eq_ignore_ascii_case("both countries")
        })
        .collect();
    assert!(groups.len() >= 3, "{dump:#?}");
    for g in groups {
        let codes: Vec<&str> = g.actors.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["RUS", "PRK"], "{g:?}");
        assert!(g.antecedent.is_some());
    }
}
