//! data/regions.toml against PETRARCH-2's Phoenix.Countries.actors.txt: a sub-national
//! place must belong to the same state as in Phoenix wherever Phoenix lists its name (as an
//! entry or a `+` alternative of an entry whose codes name one country).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};

const REGIONS: &str = include_str!("../data/regions.toml");

/// (code, name) of every region, in file order.
fn regions() -> Vec<(String, String)> {
    let table: toml::Table = toml::from_str(REGIONS).expect("regions.toml parses");
    let mut out = Vec::new();
    for a in table["alias"].as_array().expect("[[alias]] blocks") {
        let code = a["code"].as_str().expect("code").to_string();
        assert_eq!(
            a.get("territory").and_then(|t| t.as_bool()),
            Some(true),
            "{code}: territory"
        );
        for n in a["names"].as_array().expect("names") {
            out.push((code.clone(), n.as_str().expect("a name").to_string()));
        }
    }
    out
}

/// Upper-case phrase ("NEW SOUTH WALES") → the three-letter country prefixes of the codes of
/// the entries that list it.
fn phoenix_index(text: &str) -> HashMap<String, HashSet<String>> {
    let mut entries: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for line in text.lines() {
        let body = line.split('#').next().unwrap_or("");
        let mut codes = Vec::new();
        let mut plain = String::new();
        let mut rest = body;
        while let Some(open) = rest.find('[') {
            plain.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find(']').unwrap_or(after.len());
            codes.push(after[..close].trim().to_string());
            rest = after.get(close + 1..).unwrap_or("");
        }
        plain.push_str(rest);
        let plain = plain.trim();
        if plain.is_empty() {
            if let Some(e) = entries.last_mut() {
                e.1.extend(codes);
            }
        } else if let Some(alts) = plain.strip_prefix('+') {
            if let Some(e) = entries.last_mut() {
                e.0.extend(alts.split('+').map(|a| a.trim().to_string()));
                e.1.extend(codes);
            }
        } else {
            entries.push((vec![plain.to_string()], codes));
        }
    }
    let mut index: HashMap<String, HashSet<String>> = HashMap::new();
    for (names, codes) in entries {
        let countries: HashSet<String> = codes
            .iter()
            .filter_map(|c| c.split_whitespace().next())
            .filter_map(|c| c.get(..3))
            .map(str::to_string)
            .collect();
        for n in names {
            let key = n.trim_matches('_').replace('_', " ").to_uppercase();
            index
                .entry(key)
                .or_default()
                .extend(countries.iter().cloned());
        }
    }
    index
}

#[test]
fn region_names_are_unique() {
    let mut seen = HashSet::new();
    for (code, name) in regions() {
        assert!(seen.insert(name.clone()), "{name} ({code}) listed twice");
    }
    assert!(seen.len() > 350, "{} region names", seen.len());
}

#[test]
#[ignore = "needs ../shared"]
fn regions_agree_with_phoenix() {
    let shared = std::env::var_os("ANNALS_SHARED")
        .expect("ANNALS_SHARED must point at ../shared (this test is ignored without it)");
    let path = std::path::Path::new(&shared)
        .join("data/petrarch2-dictionaries/Phoenix.Countries.actors.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let index = phoenix_index(&text);
    let mut agree = 0;
    let mut disagree = Vec::new();
    for (code, name) in regions() {
        match index.get(&name.to_uppercase()) {
            Some(c) if c.contains(&code) => agree += 1,
            Some(c) => disagree.push(format!("{name}: {code}, Phoenix {c:?}")),
            None => {}
        }
    }
    assert!(disagree.is_empty(), "{disagree:#?}");
    // 264 of the names are in Phoenix (2026-12-07); the rest are checked by hand only.
    assert_eq!(agree, 264);
}
