//! RSS and Atom feeds: one record per item, summary-only items flagged, bad feeds named.

mod common;

use std::path::{Path, PathBuf};

use annals_ingest::feed::parse_feed;
use annals_ingest::Format;
use common::{opts, read_named, read_path};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn rss_items_become_records() {
    let out = read_path(&fixture("world.rss"), &opts());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.records.len(), 2);
    let (source, first, format) = &out.records[0];
    assert_eq!(*format, Format::Feed);
    assert!(source.to_string().ends_with("world.rss:1"));
    assert_eq!(first.id.as_deref(), Some("ledger-2025-0314-01"));
    assert_eq!(
        first.title.as_deref(),
        Some("Harbour talks end with fishing accord")
    );
    assert_eq!(
        first.publisher.as_deref(),
        Some("The Quayside Ledger: World")
    );
    assert_eq!(first.published.as_deref(), Some("2025-03-14T09:30:00Z"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://ledger.example.org/2025/03/harbour-talks-accord")
    );
    // content:encoded wins over the description, and its paragraphs stay apart.
    assert_eq!(
        first.text,
        "Negotiators from Norland and Vestmark signed a five-year fishing accord in Kelby on Thursday.\n\n\
         The agreement sets joint quotas for cod and herring in the Grey Sound."
    );
    let second = &out.records[1].1;
    // A long guid is hashed into a short id.
    let id = second.id.as_deref().unwrap();
    assert!(id.starts_with("feed-") && id.len() == 21, "{id}");
    assert_eq!(second.published.as_deref(), Some("2025-03-13T17:05:00Z"));
    assert_eq!(
        second.text,
        "Ferry crews on the Kelby route called off a planned strike after a late pay offer."
    );
    // The summary-only item and the empty item are reported.
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("world.rss:2: item has only a summary")),
        "{:?}",
        out.warnings
    );
    assert!(out
        .warnings
        .iter()
        .any(|w| w.contains("skipped 1 feed item(s) without any text")));
    assert!(out.documents().iter().all(Result::is_ok));
}

#[test]
fn atom_entries_become_records() {
    let out = read_path(&fixture("world.atom"), &opts());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.records.len(), 2);
    let first = &out.records[0].1;
    assert_eq!(
        first.id.as_deref(),
        Some("tag:courier.example.net,2025:inspectors")
    );
    assert_eq!(first.publisher.as_deref(), Some("Grey Sound Courier"));
    assert_eq!(first.published.as_deref(), Some("2025-03-15T08:00:00Z"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://courier.example.net/inspectors")
    );
    assert!(first.text.starts_with("The six inspectors"));
    assert!(first.text.contains(".\n\nThree come from Norland"));
    // No `published`: `updated` stands in.
    assert_eq!(
        out.records[1].1.published.as_deref(),
        Some("2025-03-15T12:00:00Z")
    );
    let bytes = std::fs::read(fixture("world.atom")).unwrap();
    let (items, empty) = parse_feed(bytes.as_slice()).unwrap();
    assert_eq!(empty, 0);
    assert_eq!(items[0].authors, ["Tomas Reyes"]);
    assert!(!items[0].summary_only);
    assert!(items[1].summary_only);
}

#[test]
fn rdf_feed_and_sniffing() {
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://wire.example.com/"><title>Wire Desk</title><link>https://wire.example.com/</link><description>d</description></channel>
  <item rdf:about="https://wire.example.com/1"><title>Port reopens</title><link>https://wire.example.com/1</link>
    <description>The port of Kelby reopened on Monday after the storm.</description></item>
</rdf:RDF>"#;
    // Unnamed input: sniffed from the root element.
    let out = read_named("-", rdf.as_bytes(), &opts());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.records.len(), 1);
    assert_eq!(out.records[0].2, Format::Feed);
    assert_eq!(out.records[0].1.publisher.as_deref(), Some("Wire Desk"));
    assert_eq!(
        out.records[0].1.url.as_deref(),
        Some("https://wire.example.com/1")
    );
}

#[test]
fn bad_feeds_are_named_errors() {
    let cases: [(&str, &[u8], &str); 4] = [
        ("plain.rss", b"This is not XML at all.", "not XML"),
        (
            "sitemap.xml",
            b"<?xml version=\"1.0\"?><urlset><url><loc>x</loc></url></urlset>",
            "root element <urlset>",
        ),
        (
            "cut.rss",
            b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A",
            "",
        ),
        (
            "garbage.atom",
            b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><<<>>></feed>",
            "",
        ),
    ];
    for (name, bytes, message) in cases {
        let out = read_named(name, bytes, &opts());
        assert!(out.records.is_empty(), "{name}: {:?}", out.records);
        assert_eq!(out.errors.len(), 1, "{name}: {:?}", out.errors);
        let e = &out.errors[0];
        assert!(
            e.starts_with(&format!("{name}: not a readable RSS/Atom/RDF feed: ")),
            "{e}"
        );
        assert!(e.contains(message), "{e}");
    }
}

#[test]
fn undefined_entities_are_dropped_with_a_warning() {
    // Billion laughs: the DTD's entities are never expanded, and their references are not
    // stored as text either.
    let rss = br#"<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol9 "&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>Wire</title>
<item><guid>a1</guid><title>Talks &lol9;resume</title>
<description>Officials met in Geneva on Monday&lol9; and agreed to meet again.&nbsp;Q&amp;A later.</description></item>
<item><guid>a2</guid><description>&lol9;&lol9;</description></item>
</channel></rss>"#;
    let out = read_named("lol.rss", rss, &opts());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.records.len(), 1, "{:?}", out.records);
    let record = &out.records[0].1;
    assert_eq!(record.title.as_deref(), Some("Talks resume"));
    assert!(record.text.contains("Q&A later."), "{}", record.text);
    assert!(!record.text.contains("lol"), "{}", record.text);
    assert!(
        record
            .text
            .starts_with("Officials met in Geneva on Monday and agreed to meet again."),
        "{}",
        record.text
    );
    assert!(
        out.warnings.iter().any(|w| w.contains("lol.rss")
            && w.contains("dropped references to undefined entities")
            && w.contains("&lol9; ×4")),
        "{:?}",
        out.warnings
    );
    // The item that was nothing but references is an item without text.
    assert!(
        out.warnings.iter().any(|w| w.contains("without any text")),
        "{:?}",
        out.warnings
    );
}
