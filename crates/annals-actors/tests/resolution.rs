//! Table-driven resolution cases (tests/cases.toml) through the real embedded parser.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use annals_core::ActorMention;
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    date: Option<String>,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
}

struct Expect {
    text: String,
    codes: Option<Vec<String>>,
    name: Option<Option<String>>,
    via: Option<String>,
}

fn parse_expect(line: &str) -> Expect {
    let (text, rest) = match line.split_once(" => ") {
        Some((t, r)) => (t.trim(), Some(r.trim())),
        None => (line.trim(), None),
    };
    let mut codes = None;
    let mut name = None;
    let mut via = None;
    if let Some(rest) = rest {
        let (rest, v) = match rest.split_once(" #") {
            Some((r, v)) => (r, Some(v.trim().to_string())),
            None => (rest, None),
        };
        via = v;
        let (code_part, n) = match rest.split_once(" @") {
            Some((c, n)) => (c, Some(n.trim())),
            None => (rest, None),
        };
        name = n.map(|n| if n == "-" { None } else { Some(n.to_string()) });
        let code_part = code_part.trim();
        codes = Some(if code_part == "-" {
            Vec::new()
        } else {
            code_part.split('+').map(str::to_string).collect()
        });
    }
    Expect {
        text: text.to_string(),
        codes,
        name,
        via,
    }
}

fn codes(m: &ActorMention) -> Vec<String> {
    m.actors.iter().map(|a| a.code.clone()).collect()
}

fn check(mentions: &[ActorMention], e: &Expect) -> Result<(), String> {
    let same_text: Vec<&ActorMention> = mentions.iter().filter(|m| m.text == e.text).collect();
    if same_text.is_empty() {
        return Err(format!("no mention {:?}", e.text));
    }
    let fits = |m: &&ActorMention| {
        e.codes.as_ref().is_none_or(|c| codes(m) == *c)
            && e.name
                .as_ref()
                .is_none_or(|n| m.actors.first().and_then(|a| a.name.clone()) == *n)
            && e.via.as_ref().is_none_or(|v| m.via.as_str() == v)
    };
    if same_text.iter().any(fits) {
        Ok(())
    } else {
        Err(format!("{:?} resolved otherwise", e.text))
    }
}

#[test]
fn resolution_cases() {
    let cases: Cases = toml::from_str(include_str!("cases.toml")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in &cases.case {
        let mentions = common::resolve(&case.text, case.date.as_deref());
        let got: Vec<String> = mentions.iter().map(common::describe).collect();
        for line in &case.expect {
            checked += 1;
            if let Err(why) = check(&mentions, &parse_expect(line)) {
                failures.push(format!(
                    "{}\n  expected {line}: {why}\n  got {got:#?}",
                    case.text
                ));
            }
        }
        for line in &case.absent {
            checked += 1;
            let e = parse_expect(line);
            let bad = mentions.iter().any(|m| {
                m.text == e.text
                    && e.codes
                        .as_ref()
                        .is_none_or(|c| c.iter().all(|c| codes(m).contains(c)))
            });
            if bad {
                failures.push(format!(
                    "{}\n  expected no {line}\n  got {got:#?}",
                    case.text
                ));
            }
        }
    }
    assert!(checked >= 200, "only {checked} checks");
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn mentions_point_into_the_clean_text() {
    let text = "Russian President Vladimir Putin met Kim Jong Un. The two leaders spoke; U.S. officials said they worried.";
    let doc = common::document(text, Some("2024-06-19"));
    let mentions = common::resolve_with(common::resolver(), &doc);
    assert!(mentions.len() >= 4);
    for m in &mentions {
        assert_eq!(doc.text_of(m.span), Some(m.text.as_str()));
        assert!(m.tokens.0 < m.tokens.1);
        assert!(m.tokens.0 <= m.head && m.head < m.tokens.1);
        assert_eq!(
            m.is_resolved(),
            m.via != annals_core::ResolvedVia::Unresolved
        );
        if m.via == annals_core::ResolvedVia::Coreference {
            assert!(m.antecedent.is_some_and(|a| a.end <= m.span.start), "{m:?}");
        }
    }
}
