//! A small store with hand-made documents and events covering each shape of field:
//! day-, month-, year-dated and undated events, with and without actors, PLOVER, location.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use annals_core::{
    content_hash, ActorMention, Attribution, Block, BlockKind, DateBasis, DatePrecision, Document,
    Event, EventActor, EventDate, Location, Modality, Quantity, ResolvedVia, Sentence,
    SentenceKind, Span, TextSpan,
};
use annals_store::{Analysis, Mode, Store};

pub const TEXT_A: &str = "Russia sent aid to North Korea. Kim met Putin.";
pub const TEXT_B: &str = "In 2023, China criticised Iran.";

fn actor(text: &str, code: &str, start: usize) -> EventActor {
    EventActor {
        text: text.to_owned(),
        code: Some(format!("{code}GOV")),
        country: Some(code.to_owned()),
        sector: Some("GOV".to_owned()),
        name: Some(text.to_owned()),
        start,
        end: start + text.len(),
    }
}

fn event(doc: &str, text: &str, sentence: usize, trigger: (&str, usize), cameo: &str) -> Event {
    Event {
        event_id: annals_core::event_id(
            doc,
            sentence,
            trigger.1,
            trigger.1 + trigger.0.len(),
            cameo,
            None,
            None,
        ),
        doc_id: doc.to_owned(),
        sentence,
        sentence_text: text.into(),
        trigger: TextSpan {
            text: trigger.0.to_owned(),
            start: trigger.1,
            end: trigger.1 + trigger.0.len(),
        },
        source: None,
        target: None,
        cameo: cameo.to_owned(),
        cameo_root: cameo[..2].to_owned(),
        plover: None,
        plover_mode: None,
        goldstein: 0.0,
        quad_class: 1,
        modality: Modality::Asserted,
        attribution: None,
        date: EventDate::unknown(),
        historical: false,
        quantities: vec![],
        location: None,
        confidence: 0.5,
    }
}

/// Document `a` (published 2024-06-19): a day-dated aid event RUS→PRK with PLOVER, a
/// location, an attribution and a quantity; and an undated meeting with no target.
/// Document `b`: a month-dated and a year-dated criticism CHN→IRN.
pub fn fixture() -> Vec<(Document, Vec<Event>)> {
    let mut aid = event(
        "doc-a",
        "Russia sent aid to North Korea.",
        0,
        ("sent aid", 7),
        "070",
    );
    aid.source = Some(actor("Russia", "RUS", 0));
    aid.target = Some(actor("North Korea", "PRK", 19));
    aid.plover = Some("AID".into());
    aid.plover_mode = Some("humanitarian".into());
    aid.goldstein = 7.0;
    aid.quad_class = 2;
    aid.modality = Modality::Reported;
    aid.attribution = Some(Attribution {
        text: "officials, said".into(),
        code: Some("USAGOV".into()),
    });
    aid.quantities = vec![Quantity {
        value: 2.0,
        unit: Some("ships".into()),
        of: None,
        text: "two ships".into(),
    }];
    aid.location = Some(Location {
        text: "Pyongyang".into(),
        start: 0,
        end: 9,
        country: Some("PRK".into()),
    });
    aid.date = EventDate {
        value: Some("2024-06-19".into()),
        precision: Some(DatePrecision::Day),
        basis: DateBasis::Publication,
        text: None,
    };
    aid.confidence = 0.9;
    let mut met = event("doc-a", "Kim met Putin.", 1, ("met", 36), "040");
    met.source = Some(actor("Kim", "PRK", 32));
    met.goldstein = 1.0;
    let mut month = event("doc-b", TEXT_B, 0, ("criticised", 15), "111");
    month.source = Some(actor("China", "CHN", 9));
    month.target = Some(actor("Iran", "IRN", 26));
    month.goldstein = -2.0;
    month.quad_class = 3;
    month.date = EventDate {
        value: Some("2023-09".into()),
        precision: Some(DatePrecision::Month),
        basis: DateBasis::Explicit,
        text: Some("September 2023".into()),
    };
    let mut year = month.clone();
    year.event_id = "00000000000000ff".into();
    year.trigger.start = 16;
    year.date = EventDate {
        value: Some("2023".into()),
        precision: Some(DatePrecision::Year),
        basis: DateBasis::Explicit,
        text: Some("In 2023".into()),
    };
    vec![
        (doc("doc-a", TEXT_A, Some("2024-06-19")), vec![aid, met]),
        (doc("doc-b", TEXT_B, None), vec![month, year]),
    ]
}

fn doc(id: &str, text: &str, published: Option<&str>) -> Document {
    Document {
        id: id.to_owned(),
        url: Some(format!("https://example.org/{id}")),
        title: Some(format!("Title of {id}, with a comma")),
        published: published.map(str::to_owned),
        publisher: Some("Example Wire".into()),
        raw_text: text.to_owned(),
        clean_text: text.to_owned(),
        content_hash: content_hash(text),
        blocks: vec![Block {
            span: Span::new(0, text.len()),
            kind: BlockKind::Paragraph,
        }],
        sentences: vec![Sentence {
            span: Span::new(0, text.len()),
            kind: SentenceKind::Body,
        }],
        ..Document::default()
    }
}

/// Store the fixture (with one mention in doc-a) in `store`.
pub fn fill(store: &mut dyn Store) {
    let data = fixture();
    let mentions = vec![ActorMention {
        sentence: 0,
        span: Span::new(0, 6),
        tokens: (0, 1),
        head: 0,
        text: "Russia".into(),
        actors: vec![],
        via: ResolvedVia::Unresolved,
        antecedent: None,
    }];
    let none: Vec<ActorMention> = vec![];
    let analyses: Vec<Analysis> = data
        .iter()
        .map(|(d, events)| Analysis {
            events,
            mentions: if d.id == "doc-a" { &mentions } else { &none },
            language: Some("en"),
            ..Analysis::default()
        })
        .collect();
    let items: Vec<(&Document, &Analysis)> = data.iter().map(|(d, _)| d).zip(&analyses).collect();
    store.insert_analyzed(&items).expect("insert the fixture");
}

/// A SQLite store with the fixture, in `dir`.
pub fn sqlite_store(dir: &std::path::Path) -> Box<dyn Store> {
    let path = dir.join("fixture.db");
    let mut store = annals_store::open(&path.to_string_lossy(), Mode::ReadWrite).expect("open");
    fill(store.as_mut());
    store
}

/// A new, empty PostgreSQL database on the server `admin_url` names (dropped first if a
/// crashed run left it), opened read-write. The caller drops it with [`drop_pg`].
pub fn fresh_pg(admin_url: &str) -> (Box<dyn Store>, String) {
    let name = format!("annals_export_test_{}", std::process::id());
    let mut admin = postgres::Client::connect(admin_url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to ANNALS_TEST_PG_URL: {e}"));
    // Two statements: DROP DATABASE cannot run inside the implicit transaction of a batch.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .expect("drop a leftover test database");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create the test database");
    let (scheme, rest) = admin_url.split_once("://").expect("a postgres:// URL");
    let path_at = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(path_at);
    let query = path.find('?').map_or("", |q| &path[q..]);
    let url = format!("{scheme}://{authority}/{name}{query}");
    (
        annals_store::open(&url, Mode::ReadWrite).expect("open PostgreSQL"),
        name,
    )
}

/// Drop the database [`fresh_pg`] made.
pub fn drop_pg(admin_url: &str, name: &str) {
    if let Ok(mut admin) = postgres::Client::connect(admin_url, postgres::NoTls) {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
    }
}
