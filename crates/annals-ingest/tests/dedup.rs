//! Near-duplicate detection on wire copies and same-topic stories written for this test,
//! and timing on Wikinews (when `ANNALS_SHARED` is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Instant;

use annals_ingest::dedup::{
    jaccard_estimate, LshIndex, MinHashParams, MinHasher, Signature, DEFAULT_THRESHOLD,
};

/// A wire story as the agency sent it.
const WIRE: &str = "\
The governments of Norland and Estovia signed an agreement on Tuesday to reopen the \
border crossing at Varna Bridge, which has been closed to trucks since a dispute over \
customs fees began in March.
Under the deal, inspectors from both countries will work side by side at a single \
checkpoint, and freight vehicles will be cleared within four hours instead of the two \
days drivers have reported waiting in recent months.
Norland's trade minister, Ilse Marten, said the accord would save exporters about \
forty million euros a year and called it a practical answer to a problem that had \
hurt farmers on both sides of the river.
Her Estovian counterpart, Pavel Drogan, told reporters that the first trucks could \
cross as early as next Monday, once new scanners are installed on the bridge.
The dispute started when Estovia raised inspection fees on agricultural goods, citing \
the cost of new sanitary rules. Norland responded by limiting the number of Estovian \
trucks allowed through each day, and traffic at the crossing fell by more than half.
Business groups in both countries welcomed the agreement but warned that the backlog \
of perishable goods would take weeks to clear. A spokesman for the regional hauliers' \
association said several hundred vehicles were still parked along the approach roads.
The two ministers said a joint committee would review the arrangement after six \
months and could extend the shared checkpoint model to two smaller crossings further \
north.";

/// The same story as three outlets ran it: own intro line, byline, site boilerplate.
fn syndicated_copies() -> Vec<String> {
    vec![
        format!(
            "By Mara Lind, Northern Herald\nUpdated 14:05\n\
             Trucks will soon roll again across the Varna Bridge.\n{WIRE}\n\
             Share this article\nSubscribe to our morning newsletter for more regional news."
        ),
        format!(
            "VARNA BRIDGE (Wire Service) —\n{WIRE}\n\
             Reporting by the regional desk; editing by J. Okafor.\n\
             Read more: Farmers count the cost of the border dispute\n\
             © 2026 River Valley Times. All rights reserved."
        ),
        format!(
            "In brief: a deal to end months of queues at a key crossing.\n{WIRE}\n\
             Advertisement\nRelated: Estovia's new sanitary rules explained"
        ),
    ]
}

/// Other stories on the same topic, written independently: same names and facts,
/// different sentences.
const SAME_TOPIC: &[&str] = &[
    "\
Estovia and Norland have agreed to end the standoff at the Varna Bridge crossing, \
where trucks have been stuck for months because of a fight over customs charges.
Pavel Drogan, Estovia's trade minister, said scanners would be fitted on the bridge \
this week and that he expected freight to move again by Monday. His Norland \
counterpart Ilse Marten put the annual savings for exporters at around forty million \
euros.
Drivers interviewed at the approach roads were sceptical. Several said they had \
heard promises before and would believe the deal when the barrier lifted. One farmer \
said half of his cabbage harvest had rotted while he waited for clearance.
The row began in the spring when Estovia increased fees on food imports to pay for \
stricter sanitary checks, and Norland answered with a daily cap on Estovian lorries.
Under the new arrangement the two customs services will share one checkpoint. A \
committee will look at the results in six months.",
    "\
Farmers along the Varna river say the border dispute between Norland and Estovia has \
cost them dearly, even as the two governments prepare to reopen the crossing.
Since March, fruit and vegetable growers on the Estovian bank have watched prices \
collapse as their produce sat in trucks for days. Some switched to selling at local \
markets; others let crops go unharvested.
The agreement signed on Tuesday by trade ministers Ilse Marten and Pavel Drogan \
promises clearance within four hours at a shared checkpoint. Growers welcomed the \
news but said they wanted compensation for the losses of the past eight months.
The hauliers' association estimates that several hundred vehicles are still waiting \
near the bridge. Clearing them could take until the end of the year, it said.",
];

fn hasher() -> MinHasher {
    MinHasher::new(MinHashParams::default()).unwrap()
}

#[test]
fn syndicated_copies_link_to_the_wire_story() {
    let h = hasher();
    let wire = h.signature(WIRE);
    let mut index = LshIndex::new();
    assert!(index.insert("wire", &wire));
    for (i, copy) in syndicated_copies().iter().enumerate() {
        let sig = h.signature(copy);
        let sim = jaccard_estimate(&wire, &sig).unwrap();
        println!("syndicated copy {i}: estimated Jaccard {sim:.3}");
        assert!(sim >= DEFAULT_THRESHOLD, "copy {i}: {sim}");
        let hits = index.query(&sig);
        assert_eq!(hits.first().map(|h| h.0.as_str()), Some("wire"), "copy {i}");
        index.insert(format!("copy-{i}"), &sig);
    }
    // Every copy finds the wire story and the other copies.
    let last = h.signature(&syndicated_copies()[2]);
    let found: Vec<String> = index.query(&last).into_iter().map(|h| h.0).collect();
    for id in ["wire", "copy-0", "copy-1", "copy-2"] {
        assert!(found.iter().any(|f| f == id), "{id} not in {found:?}");
    }
}

#[test]
fn same_topic_stories_do_not_link() {
    let h = hasher();
    let mut index = LshIndex::new();
    index.insert("wire", &h.signature(WIRE));
    for (i, copy) in syndicated_copies().iter().enumerate() {
        index.insert(format!("copy-{i}"), &h.signature(copy));
    }
    for (i, story) in SAME_TOPIC.iter().enumerate() {
        let sig = h.signature(story);
        let sim = jaccard_estimate(&h.signature(WIRE), &sig).unwrap();
        println!("same-topic story {i}: estimated Jaccard {sim:.3}");
        assert!(sim < 0.3, "story {i}: {sim}");
        assert!(index.query(&sig).is_empty(), "story {i}");
    }
    let a = h.signature(SAME_TOPIC[0]);
    let b = h.signature(SAME_TOPIC[1]);
    assert!(jaccard_estimate(&a, &b).unwrap() < 0.3);
}

#[test]
fn stored_signatures_compare_like_fresh_ones() {
    let h = hasher();
    let copy = &syndicated_copies()[0];
    let stored = Signature::from_bytes(&h.signature(WIRE).to_bytes()).unwrap();
    assert_eq!(
        jaccard_estimate(&stored, &h.signature(copy)),
        jaccard_estimate(&h.signature(WIRE), &h.signature(copy))
    );
    // Deterministic: a second hasher built from the same parameters agrees exactly.
    assert_eq!(hasher().signature(copy), h.signature(copy));
}

/// Wikinews: signature time per document; every article links to a syndicated copy of
/// itself, and distinct articles rarely link to each other. Run with
/// `ANNALS_SHARED=../shared cargo test --release -p annals-ingest --test dedup --
/// --nocapture wikinews`.
#[test]
#[ignore = "needs ../shared"]
fn wikinews_copies_link_and_articles_stay_apart() {
    let shared = PathBuf::from(std::env::var_os("ANNALS_SHARED").unwrap_or_else(|| {
        panic!("ANNALS_SHARED must point at ../shared (these tests are ignored without it)")
    }));
    let path = shared.join("data/wikinews/wikinews_en.jsonl");
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let docs: Vec<(String, String)> = data
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_owned(),
                v["text"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(docs.len() > 100);
    let h = hasher();
    let words: usize = docs.iter().map(|(_, t)| t.split_whitespace().count()).sum();
    let start = Instant::now();
    let sigs: Vec<Signature> = docs.iter().map(|(_, t)| h.signature(t)).collect();
    let elapsed = start.elapsed();
    println!(
        "minhash on {} Wikinews articles ({} words): {:.1} µs per document, {:.0} documents/s",
        docs.len(),
        words,
        elapsed.as_secs_f64() * 1e6 / docs.len() as f64,
        docs.len() as f64 / elapsed.as_secs_f64()
    );

    let mut index = LshIndex::new();
    for ((id, _), sig) in docs.iter().zip(&sigs) {
        index.insert(id.clone(), sig);
    }
    // Distinct articles linked to each other (Wikinews has a few genuine follow-ups).
    let mut linked_pairs = 0;
    for ((id, _), sig) in docs.iter().zip(&sigs) {
        linked_pairs += index.query(sig).iter().filter(|(o, _)| o > id).count();
    }
    // A syndicated copy of each article with at least 150 words links back to it.
    let mut long = 0;
    let mut found = 0;
    for (id, text) in &docs {
        if text.split_whitespace().count() < 150 {
            continue;
        }
        long += 1;
        let copy = format!(
            "By Staff Writer, Example Daily\nOur correspondent reports on today's events.\n\
             {text}\nSubscribe to our newsletter. © 2026 Example Daily."
        );
        if index
            .query(&h.signature(&copy))
            .iter()
            .any(|(o, _)| o == id)
        {
            found += 1;
        }
    }
    println!(
        "{found} of {long} syndicated copies linked; {linked_pairs} pairs of distinct articles linked"
    );
    assert!(found * 100 >= long * 97, "{found} of {long}");
    assert!(linked_pairs * 100 <= docs.len(), "{linked_pairs} pairs");
}
