//! Office holders since 2014 (data/roles-2014.toml and the newer roles in people.toml):
//! titles resolve to the holder on the publication date, and never to a holder past the
//! date their open role was last verified.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::collections::HashSet;
use std::sync::Arc;

use annals_actors::{ActorResolver, KnowledgeBase};

/// The first mention with this text: its first actor's code and name.
fn first(text: &str, date: &str, mention: &str) -> (String, Option<String>) {
    let mentions = common::resolve(text, Some(date));
    let m = mentions
        .iter()
        .find(|m| m.text == mention)
        .unwrap_or_else(|| {
            let all: Vec<String> = mentions.iter().map(common::describe).collect();
            panic!("no mention {mention:?} in {text:?}: {all:#?}")
        });
    let a = m.actors.first().expect("an actor");
    (a.code.clone(), a.name.clone())
}

fn holder(text: &str, date: &str, mention: &str) -> Option<String> {
    first(text, date, mention).1
}

#[test]
fn the_french_president_by_date() {
    let text = "The French president met union leaders.";
    assert_eq!(
        first(text, "2016-05-01", "The French president"),
        ("FRAGOV".to_string(), Some("François Hollande".to_string()))
    );
    assert_eq!(
        holder(text, "2018-01-01", "The French president").as_deref(),
        Some("Emmanuel Macron")
    );
}

#[test]
fn holders_added_since_2014_resolve_by_date() {
    let cases = [
        (
            "The Nigerian president spoke.",
            "2014-06-01",
            "The Nigerian president",
            "Goodluck Jonathan",
        ),
        (
            "The Nigerian president spoke.",
            "2016-06-01",
            "The Nigerian president",
            "Muhammadu Buhari",
        ),
        (
            "The Austrian chancellor spoke.",
            "2018-06-01",
            "The Austrian chancellor",
            "Sebastian Kurz",
        ),
        (
            "The Austrian chancellor spoke.",
            "2019-09-01",
            "The Austrian chancellor",
            "Brigitte Bierlein",
        ),
        (
            "The Egyptian prime minister spoke.",
            "2016-01-01",
            "The Egyptian prime minister",
            "Sherif Ismail",
        ),
        (
            "The Iraqi foreign minister spoke.",
            "2016-01-01",
            "The Iraqi foreign minister",
            "Ibrahim al-Jaafari",
        ),
        (
            "The Syrian defence minister spoke.",
            "2019-01-01",
            "The Syrian defence minister",
            "Ali Abdullah Ayyoub",
        ),
        (
            "The Chadian president spoke.",
            "2019-01-01",
            "The Chadian president",
            "Idriss Déby",
        ),
        (
            "The Spanish king spoke.",
            "2015-01-01",
            "The Spanish king",
            "Felipe VI",
        ),
        (
            "The Spanish king spoke.",
            "2013-01-01",
            "The Spanish king",
            "Juan Carlos I",
        ),
        (
            "The Indian defence minister spoke.",
            "2017-06-01",
            "The Indian defence minister",
            "Arun Jaitley",
        ),
        (
            "The Israeli defence minister spoke.",
            "2019-06-01",
            "The Israeli defence minister",
            "Benjamin Netanyahu",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, date, mention, want) in cases {
        let got = holder(text, date, mention);
        if got.as_deref() != Some(want) {
            wrong.push(format!("{mention} on {date}: {got:?}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn no_holder_past_the_verified_date() {
    // Macron's open presidency is verified to 2025-10: in 2030 the title is the office.
    let text = "The French president met union leaders.";
    assert_eq!(
        first(text, "2025-06-01", "The French president")
            .1
            .as_deref(),
        Some("Emmanuel Macron")
    );
    assert_eq!(
        first(text, "2030-01-01", "The French president"),
        ("FRAGOV".to_string(), None)
    );
    // A holder first recorded in roles-2014.toml, verified to 2025-10.
    let text = "The Chadian president spoke.";
    assert_eq!(
        holder(text, "2022-01-01", "The Chadian president").as_deref(),
        Some("Mahamat Déby")
    );
    assert_eq!(
        first(text, "2031-01-01", "The Chadian president"),
        ("TCDGOV".to_string(), None)
    );
}

#[test]
fn verified_bounds_only_open_roles() {
    let user = r#"
[[country]]
code = "XXA"
name = "Xanadu"
adjectives = ["Xanadian"]
status = "member"

[[office]]
id = "XXA/president"
country = "XXA"
sector = "GOV"
titles = ["president"]

[[person]]
id = "test-person"
name = "Kublai Testperson"
gender = "m"
country = "XXA"
verified = "2011-05"
roles = [
  { office = "XXA/president", from = "2010", until = "2012" },
  { office = "XXA/president", from = "2018-01-01" },
]
"#;
    let kb = KnowledgeBase::from_sources(&[("user.toml".to_string(), user.to_string())]).unwrap();
    let person = kb.find("test-person");
    let p = person.iter().find(|e| e.kind == "person").unwrap();
    assert_eq!(p.notes, vec!["open roles known to 2011-05-31".to_string()]);
    let resolver = ActorResolver::new(Arc::new(kb));
    let on = |date: &str| {
        let doc = common::document("The Xanadian president spoke.", Some(date));
        let mentions = common::resolve_with(&resolver, &doc);
        let m = mentions
            .iter()
            .find(|m| m.text == "The Xanadian president")
            .expect("the title is a mention");
        let a = m.actors.first().expect("an actor");
        (a.code.clone(), a.name.clone())
    };
    // A closed role holds to its `until`, even past `verified`.
    assert_eq!(
        on("2012-06-01"),
        ("XXAGOV".to_string(), Some("Kublai Testperson".to_string()))
    );
    // An open role begun after `verified` is not assumed.
    assert_eq!(on("2019-01-01"), ("XXAGOV".to_string(), None));
    let bad = "[[person]]\nid = \"x\"\nname = \"X\"\nverified = \"June 2020\"\n";
    let err = KnowledgeBase::from_sources(&[("bad.toml".to_string(), bad.to_string())])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.starts_with("bad.toml:2: x: date `June 2020`"), "{err}");
}

/// Office slugs of heads of state or government.
const HEADS: &[&str] = &[
    "president",
    "prime-minister",
    "king",
    "monarch",
    "emir",
    "emperor",
    "leader",
    "supreme-leader",
    "chief-adviser",
    "council-president",
    "state-counsellor",
    "presidential-council-chairman",
];

/// Every role of these offices, from `annals actor` views.
fn holders_of(kb: &KnowledgeBase, office: &str) -> usize {
    kb.find(office)
        .iter()
        .filter(|e| e.kind == "office")
        .map(|e| e.roles.len())
        .sum()
}

#[test]
fn coverage_floors() {
    let kb = KnowledgeBase::builtin().unwrap();
    let summary = kb.summary();
    let people: usize = summary
        .split(", ")
        .find_map(|part| part.strip_suffix(" people"))
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(people >= 1900, "{summary}");
    // The G20 states and the P5: a head of government or state, a foreign minister and a
    // defence minister (or their office) on 2020-01-01, found through their offices.
    let g20 = [
        "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX",
        "RUS", "SAU", "ZAF", "TUR", "GBR", "USA",
    ];
    let mut missing = Vec::new();
    for c in g20 {
        for slug in ["foreign-minister", "defence-minister"] {
            let office = format!("{c}/{slug}");
            let held = kb.find(&office).iter().any(|e| {
                e.roles.iter().any(|r| {
                    r.from.as_deref().is_some_and(|f| f <= "2020-01-01")
                        && r.until.as_deref().is_none_or(|u| u >= "2020-01-01")
                })
            });
            if !held {
                missing.push(office);
            }
        }
    }
    assert!(missing.is_empty(), "no holder on 2020-01-01: {missing:?}");
    // Heads of state or government since 2014 for (nearly) every UN member.
    let countries: toml::Value = toml::from_str(include_str!("../data/countries.toml")).unwrap();
    let members: Vec<&str> = countries["country"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("status").and_then(|s| s.as_str()) == Some("member"))
        .filter_map(|c| c["code"].as_str())
        .collect();
    assert_eq!(members.len(), 193);
    let head = |office: &str| {
        let slug = office.rsplit('/').next().unwrap_or("");
        HEADS.contains(&slug)
    };
    let covered: HashSet<&str> = members
        .iter()
        .copied()
        .filter(|c| {
            kb.find(&format!("{c}GOV")).iter().any(|o| {
                head(&o.key)
                    && o.roles
                        .iter()
                        .any(|r| r.until.as_deref().is_none_or(|u| u >= "2014-01-01"))
            })
        })
        .collect();
    assert!(covered.len() >= 190, "{} members covered", covered.len());
    assert!(holders_of(&kb, "FRA/prime-minister") >= 10);
}
