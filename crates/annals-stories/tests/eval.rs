//! The scorer on small gold files with hand-computed values.

use std::collections::BTreeMap;

use annals_core::Modality;
use annals_stories::eval::{adjusted_rand, b_cubed, score, Gold};
use annals_stories::{
    ClusterMention, Contradiction, ContradictionKind, EventCluster, Evidence, Story, StoryDoc,
};

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn b_cubed_and_ari_by_hand() {
    // gold {d1,d2} {d3}; predicted {d1} {d2,d3}.
    let gold = labels(&[("d1", "A"), ("d2", "A"), ("d3", "B")]);
    let pred = labels(&[("d1", "X"), ("d2", "Y"), ("d3", "Y")]);
    let b3 = b_cubed(&gold, &pred);
    // d1: P 1, R 1/2; d2: P 1/2, R 1/2; d3: P 1/2, R 1 → P = R = 2/3.
    assert!(close(b3.precision, 2.0 / 3.0), "{b3:?}");
    assert!(close(b3.recall, 2.0 / 3.0), "{b3:?}");
    assert!(close(b3.f1, 2.0 / 3.0), "{b3:?}");
    // Index 0, expected 1·1/3, max 1 → (0 − 1/3)/(1 − 1/3) = −0.5.
    assert!(close(adjusted_rand(&gold, &pred), -0.5));

    // gold {d1,d2} {d3,d4}; predicted {d1,d2,d3} {d4}.
    let gold = labels(&[("d1", "A"), ("d2", "A"), ("d3", "B"), ("d4", "B")]);
    let pred = labels(&[("d1", "X"), ("d2", "X"), ("d3", "X"), ("d4", "Y")]);
    let b3 = b_cubed(&gold, &pred);
    // P = (2/3 + 2/3 + 1/3 + 1)/4 = 2/3; R = (1 + 1 + 1/2 + 1/2)/4 = 3/4; F1 = 12/17.
    assert!(close(b3.precision, 2.0 / 3.0), "{b3:?}");
    assert!(close(b3.recall, 0.75), "{b3:?}");
    assert!(close(b3.f1, 12.0 / 17.0), "{b3:?}");
    // Index 1, expected 2·3/6 = 1, max 2.5 → 0.
    assert!(close(adjusted_rand(&gold, &pred), 0.0));

    assert!(close(adjusted_rand(&gold, &gold), 1.0));
    let singletons = labels(&[("d1", "A"), ("d2", "B")]);
    assert!(close(adjusted_rand(&singletons, &singletons), 1.0));
    assert!(close(
        adjusted_rand(&singletons, &labels(&[("d1", "X"), ("d2", "X")])),
        0.0
    ));
}

const GOLD: &str = r#"{"type":"document","doc_id":"a","story":"S1"}
{"type":"document","doc_id":"b","story":"S1"}
{"type":"document","doc_id":"c","story":"S2"}

{"type":"cluster","story":"S1","cluster":"S1-E1","mentions":[{"doc_id":"a","sentence":1},{"doc_id":"b","sentence":2},{"doc_id":"b","sentence":9}]}
{"type":"cluster","story":"S1","cluster":"S1-E2","mentions":[{"doc_id":"a","sentence":4},{"doc_id":"b","sentence":5}]}
{"type":"contradiction","cluster":"S1-E1","kind":"date","a":{"doc_id":"b","sentence":2},"b":{"doc_id":"a","sentence":1}}
{"type":"contradiction","cluster":"S1-E2","kind":"quantity","a":{"doc_id":"a","sentence":4},"b":{"doc_id":"b","sentence":5}}
"#;

fn mention(doc: &str, sentence: usize) -> ClusterMention {
    ClusterMention {
        event_id: format!("{doc}{sentence}"),
        doc_id: doc.into(),
        sentence,
        start: 0,
        end: 1,
        source: None,
        target: None,
        cameo: "042".into(),
        modality: Modality::Asserted,
        date: None,
    }
}

fn cluster(id: &str, mentions: &[(&str, usize)]) -> EventCluster {
    EventCluster {
        cluster_id: id.into(),
        story_id: "P1".into(),
        actor_a: "RUS".into(),
        actor_b: "PRK".into(),
        cameo_root: "04".into(),
        cameo: "042".into(),
        plover: None,
        goldstein: 0.0,
        quad_class: 1,
        historical: false,
        mentions: mentions.iter().map(|(d, s)| mention(d, *s)).collect(),
        sentences: Vec::new(),
        n_sources: 2,
        earliest_doc: "a".into(),
        earliest_published: None,
        best_date: None,
        best_date_precision: None,
        best_date_sources: 0,
        modality: Modality::Asserted,
        modality_sources: 2,
    }
}

fn story(id: &str, docs: &[&str]) -> Story {
    Story {
        story_id: id.into(),
        label: String::new(),
        docs: docs
            .iter()
            .map(|d| StoryDoc {
                doc_id: d.to_string(),
                copy_of: None,
                score: 1.0,
            })
            .collect(),
        n_sources: docs.len(),
        first_published: None,
        last_published: None,
        actors: Vec::new(),
    }
}

fn contradiction(kind: ContradictionKind, a: (&str, usize), b: (&str, usize)) -> Contradiction {
    let ev = |(doc, sentence): (&str, usize)| Evidence {
        doc_id: doc.into(),
        sentence,
        event_id: String::new(),
        value: String::new(),
        text: String::new(),
    };
    Contradiction {
        contradiction_id: String::new(),
        cluster_id: String::new(),
        story_id: String::new(),
        kind,
        a: ev(a),
        b: ev(b),
    }
}

#[test]
fn a_small_gold_file_scored_by_hand() {
    let gold = match Gold::parse(GOLD, "gold.jsonl") {
        Ok(g) => g,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(gold.docs.len(), 3);
    assert_eq!(gold.contradictions.len(), 2);

    // Documents: a and b together, c missing from the prediction (its own story); x is not
    // in the gold and is ignored.
    let stories = [story("P1", &["a", "b", "x"])];
    // Clusters: a1+b2 right but b9 put with a4+b5 (two wrong pairs); b7 is not annotated
    // and ignored.
    let clusters = [
        cluster("E1", &[("a", 1), ("b", 2)]),
        cluster("E2", &[("a", 4), ("b", 5), ("b", 7), ("b", 9)]),
    ];
    let contradictions = [
        contradiction(ContradictionKind::Date, ("a", 1), ("b", 2)), // right, order ignored
        contradiction(ContradictionKind::Modality, ("a", 4), ("b", 5)), // wrong kind
        contradiction(ContradictionKind::Date, ("x", 1), ("a", 1)), // x not in gold: ignored
    ];
    let s = score(&gold, &stories, &clusters, &contradictions);
    assert_eq!(s.documents, 3);
    assert_eq!(s.missing_documents, 1);
    // B³: gold {a,b}{c} vs predicted {a,b}{c} → perfect.
    assert!(close(s.b_cubed.f1, 1.0), "{:?}", s.b_cubed);
    assert!(close(s.ari, 1.0));
    // Gold pairs: (a1,b2) (a1,b9) (b2,b9) (a4,b5) = 4. Predicted over annotated mentions:
    // (a1,b2), and in E2 {a4,b5,b9}: (a4,b5) (a4,b9) (b5,b9) = 4; correct 2.
    assert_eq!(
        (
            s.event_pairs.correct,
            s.event_pairs.predicted,
            s.event_pairs.gold
        ),
        (2, 4, 4)
    );
    assert!(close(s.event_pairs.f1, 0.5));
    assert_eq!(
        (
            s.contradictions.correct,
            s.contradictions.predicted,
            s.contradictions.gold
        ),
        (1, 2, 2)
    );
    assert!(close(s.contradictions.precision, 0.5));
    assert!(close(s.contradictions.recall, 0.5));
}

#[test]
fn malformed_gold_lines_name_file_line_and_key() {
    let bad_kind = r#"{"type":"contradiction","cluster":"c","kind":"colour","a":{"doc_id":"a","sentence":1},"b":{"doc_id":"b","sentence":1}}"#;
    let err = Gold::parse(&format!("\n{bad_kind}\n"), "g.jsonl").err();
    let msg = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.starts_with("g.jsonl:2: kind: unknown"), "{msg}");
    let twice = "{\"type\":\"document\",\"doc_id\":\"a\",\"story\":\"S1\"}\n\
                 {\"type\":\"document\",\"doc_id\":\"a\",\"story\":\"S2\"}";
    let msg = Gold::parse(twice, "g.jsonl")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.starts_with("g.jsonl:2: doc_id: a is already"), "{msg}");
    let msg = Gold::parse("{\"type\":\"document\"}", "g.jsonl")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.starts_with("g.jsonl:1: missing field"), "{msg}");
}

#[test]
fn the_split_is_by_story_hash_and_partitions_the_gold() {
    use annals_stories::eval::Split;
    assert!(Split::Dev.holds("S021") && !Split::Test.holds("S021"));
    assert!(Split::Test.holds("S047") && !Split::Dev.holds("S047"));
    assert!(Split::All.holds("S047"));
    assert_eq!(Split::parse("test"), Some(Split::Test));
    assert_eq!(Split::parse("train"), None);
    let text = [
        r#"{"type":"document","doc_id":"a","story":"S021"}"#,
        r#"{"type":"document","doc_id":"b","story":"S021"}"#,
        r#"{"type":"document","doc_id":"c","story":"S047"}"#,
        r#"{"type":"document","doc_id":"d","story":"S047"}"#,
        r#"{"type":"cluster","story":"S021","cluster":"S021-E1","mentions":[{"doc_id":"a","sentence":1},{"doc_id":"b","sentence":2}]}"#,
        r#"{"type":"cluster","story":"S047","cluster":"S047-E1","mentions":[{"doc_id":"c","sentence":1},{"doc_id":"d","sentence":1}]}"#,
        r#"{"type":"contradiction","cluster":"S047-E1","kind":"direction","a":{"doc_id":"c","sentence":1},"b":{"doc_id":"d","sentence":1}}"#,
    ]
    .join("\n");
    let gold = Gold::parse(&text, "g.jsonl").unwrap();
    let (dev, test) = (gold.split(Split::Dev), gold.split(Split::Test));
    assert_eq!(dev.docs.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(test.docs.keys().collect::<Vec<_>>(), ["c", "d"]);
    assert_eq!(dev.clusters.keys().collect::<Vec<_>>(), ["S021-E1"]);
    assert!(dev.contradictions.is_empty());
    assert_eq!(test.contradictions.len(), 1);
    assert_eq!(gold.split(Split::All), gold);
    // A contradiction on a cluster not annotated above it is an error with its line.
    let bad = r#"{"type":"contradiction","cluster":"S1-E1","kind":"date","a":{"doc_id":"a","sentence":1},"b":{"doc_id":"b","sentence":1}}"#;
    let e = Gold::parse(bad, "g.jsonl").unwrap_err().to_string();
    assert!(e.starts_with("g.jsonl:1: cluster: S1-E1"), "{e}");
}
