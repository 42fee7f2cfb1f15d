//! The built-in knowledge base and users' files.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use std::path::PathBuf;

use annals_actors::{KbError, KnowledgeBase};

#[test]
fn builtin_files_parse_without_duplicates_or_overlapping_roles() {
    let kb = KnowledgeBase::builtin().unwrap();
    assert!(
        kb.overrides().is_empty(),
        "duplicate keys across built-in files: {:#?}",
        kb.overrides()
    );
    assert!(
        kb.role_overlaps().is_empty(),
        "overlapping role dates: {:#?}",
        kb.role_overlaps()
    );
    assert!(kb.summary().contains("countries"));
}

#[test]
fn codes_are_unique_across_countries_and_igos() {
    let kb = KnowledgeBase::builtin().unwrap();
    for code in ["RUS", "PRK", "EU", "NATO", "UN", "SUN"] {
        let kinds: Vec<&str> = kb
            .find(code)
            .iter()
            .filter(|e| e.key == code && matches!(e.kind, "country" | "igo"))
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds.len(), 1, "{code}: {kinds:?}");
    }
}

#[test]
fn every_alias_names_an_existing_entry() {
    let kb = KnowledgeBase::builtin().unwrap();
    let aliases: toml::Table = toml::from_str(include_str!("../data/aliases.toml")).unwrap();
    let list = aliases.get("alias").and_then(|a| a.as_array()).unwrap();
    for alias in list {
        let code = alias.get("code").and_then(|c| c.as_str()).unwrap();
        assert!(
            kb.find(code).iter().any(|e| e.key == code),
            "alias for unknown code {code}"
        );
    }
}

#[test]
fn find_shows_roles_over_time() {
    let kb = KnowledgeBase::builtin().unwrap();
    let office = kb.find("RUS/president");
    let holders: Vec<&str> = office
        .first()
        .unwrap()
        .roles
        .iter()
        .map(|r| r.holder.as_str())
        .collect();
    assert!(
        holders.contains(&"Dmitry Medvedev") && holders.contains(&"Vladimir Putin"),
        "{holders:?}"
    );
    let putin = kb.find("Putin");
    assert!(putin
        .iter()
        .any(|e| e.kind == "person" && e.name == "Vladimir Putin"));
    let tass = kb.find("tass");
    assert!(tass.iter().any(|e| e.code.as_deref() == Some("RUSMED")));
    assert!(kb.find("no such actor anywhere").is_empty());
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn user_files_add_and_override_entries() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "mine.toml",
        "[[country]]\ncode = \"XKE\"\nname = \"Kelmoria\"\nadjectives = [\"Kelmorian\"]\ncapitals = [\"Varnholt\"]\n\n\
         [[org]]\ncode = \"RUSMED\"\ncountry = \"RUS\"\nsector = \"MED\"\nname = \"TASS\"\nnames = [\"TASS\"]\nwikidata = \"Q999\"\n",
    );
    let tsv = write(&dir, "nouns.tsv", "# mine\nharbour pilot\tBUS\n");
    let kb = KnowledgeBase::with_user_files(&[file, tsv]).unwrap();
    assert_eq!(
        kb.find("XKE").first().map(|e| e.name.as_str()),
        Some("Kelmoria")
    );
    assert_eq!(
        kb.find("TASS")
            .iter()
            .find(|e| e.kind == "org")
            .and_then(|e| e.wikidata.as_deref()),
        Some("Q999")
    );
    assert_eq!(kb.overrides().len(), 1, "{:?}", kb.overrides());
    assert!(kb
        .find("harbour pilot")
        .iter()
        .any(|e| e.sector.as_deref() == Some("BUS")));
}

#[test]
fn malformed_user_files_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let syntax = write(
        &dir,
        "broken.toml",
        "[[country]]\ncode = \"XKE\"\nname = \"Kelmoria\n",
    );
    let err = KnowledgeBase::with_user_files(&[syntax])
        .unwrap_err()
        .to_string();
    assert!(err.contains("broken.toml:3"), "{err}");

    let date = write(
        &dir,
        "dates.toml",
        "[[person]]\nid = \"someone\"\nname = \"Some One\"\n\n[[person]]\nid = \"ana-k\"\nname = \"Ana K\"\n\
         roles = [{ office = \"RUS/president\", from = \"last May\" }]\n",
    );
    let err = KnowledgeBase::with_user_files(&[date]).unwrap_err();
    assert!(
        matches!(&err, KbError::Entry { line: 6, key, .. } if key == "ana-k"),
        "{err}"
    );
    assert!(err.to_string().contains("dates.toml:6: ana-k:"), "{err}");

    let office = write(
        &dir,
        "office.toml",
        "[[person]]\nid = \"x\"\nname = \"X Y\"\nroles = [{ office = \"ZZZ/king\" }]\n",
    );
    let err = KnowledgeBase::with_user_files(&[office])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("office.toml:2: x: role names unknown office `ZZZ/king`"),
        "{err}"
    );

    let dup = write(
        &dir,
        "dup.toml",
        "[[igo]]\ncode = \"ZZ\"\nname = \"A\"\n\n[[igo]]\ncode = \"ZZ\"\nname = \"B\"\n",
    );
    let err = KnowledgeBase::with_user_files(&[dup])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("dup.toml:6: ZZ: duplicate igo key (first on line 2)"),
        "{err}"
    );

    let unknown = write(
        &dir,
        "field.toml",
        "[[country]]\ncode = \"XKE\"\nname = \"K\"\ncapital = \"V\"\n",
    );
    let err = KnowledgeBase::with_user_files(&[unknown])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!("{}:", dir.path().join("field.toml").display())),
        "{err}"
    );

    let kind = write(&dir, "notes.txt", "hello");
    assert!(matches!(
        KnowledgeBase::with_user_files(&[kind]),
        Err(KbError::UnknownKind { .. })
    ));
    let missing = dir.path().join("missing.toml");
    assert!(matches!(
        KnowledgeBase::with_user_files(&[missing]),
        Err(KbError::Io { .. })
    ));
}

#[test]
fn user_actors_are_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "mine.toml",
        "[[country]]\ncode = \"XKE\"\nname = \"Kelmoria\"\nadjectives = [\"Kelmorian\"]\ncapitals = [\"Varnholt\"]\n",
    );
    let kb = KnowledgeBase::with_user_files(&[file]).unwrap();
    let resolver = annals_actors::ActorResolver::new(std::sync::Arc::new(kb));
    let doc = common::document(
        "Kelmorian troops crossed the border and Varnholt said Kelmoria would respond.",
        None,
    );
    let got: Vec<String> = common::resolve_with(&resolver, &doc)
        .iter()
        .map(common::describe)
        .collect();
    assert!(
        got.iter()
            .any(|g| g.starts_with("\"Kelmorian troops\" s0 => XKEMIL")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|g| g.starts_with("\"Varnholt\" s0 => XKEGOV (metonym)")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|g| g.starts_with("\"Kelmoria\" s0 => XKE (name)")),
        "{got:?}"
    );
}

mod common;

/// The count before `label` in `KnowledgeBase::summary` ("17456 people").
fn count(summary: &str, label: &str) -> usize {
    let words: Vec<&str> = summary
        .split([',', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let at = words
        .iter()
        .position(|w| *w == label)
        .unwrap_or_else(|| panic!("no {label} in {summary}"));
    words[at - 1].parse().unwrap()
}

/// The built-in knowledge base plus the opt-in Phoenix tables, loaded as user files.
fn with_phoenix() -> KnowledgeBase {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let files: Vec<std::path::PathBuf> = annals_actors::PHOENIX_FILES
        .iter()
        .map(|f| dir.join(f))
        .collect();
    KnowledgeBase::with_user_files(&files).unwrap()
}

/// Issue 13's targets for the knowledge base grown from PETRARCH-2's Phoenix dictionaries
/// (before: 774 people, 302 organisations, 65 IGOs, 229 sector nouns).
#[test]
fn phoenix_files_meet_the_size_targets() {
    let kb = with_phoenix();
    let summary = kb.summary();
    assert!(count(&summary, "people") >= 15_000, "{summary}");
    assert!(kb.people_with_dated_roles() >= 15_000, "{summary}");
    assert!(count(&summary, "organisations") >= 2_000, "{summary}");
    assert!(count(&summary, "sector") >= 1_900, "{summary}");
}

#[test]
fn phoenix_entries_resolve_with_their_dates_and_sectors() {
    let kb = with_phoenix();
    let kekkonen = kb.find("Urho Kekkonen");
    let person = kekkonen.iter().find(|e| e.kind == "person").unwrap();
    let file = person.source.split(':').next().unwrap_or_default();
    assert!(file.ends_with("phoenix-people.tsv"), "{file}");
    assert_eq!(person.country.as_deref(), Some("FIN"));
    let role = person.roles.first().unwrap();
    assert_eq!(
        (
            role.code.as_str(),
            role.from.as_deref(),
            role.until.as_deref()
        ),
        ("FINGOV", Some("1956-03-01"), Some("1982-01-27"))
    );
    let club = kb.find("Sierra Club");
    assert!(club
        .iter()
        .any(|e| e.kind == "org" && e.code.as_deref() == Some("NGO")));
    let noun = kb.find("sharecropper");
    assert!(noun.iter().any(|e| e.sector.as_deref() == Some("CVL")));
    // Hand-written entries win: Putin comes from people.toml only.
    let putin: Vec<_> = kb
        .find("Vladimir Putin")
        .into_iter()
        .filter(|e| e.kind == "person")
        .collect();
    assert_eq!(putin.len(), 1);
    assert!(putin[0].source.starts_with("people.toml:"));
}

#[test]
fn shared_offices_may_have_overlapping_holders() {
    let dir = tempfile::tempdir().unwrap();
    let people = "[[person]]\nid = \"a\"\nname = \"Ana A\"\nroles = [{ office = \"XKE/member\", from = \"2001\" }]\n\n\
                  [[person]]\nid = \"b\"\nname = \"Bo B\"\nroles = [{ office = \"XKE/member\", from = \"2002\" }]\n";
    let shared = write(
        &dir,
        "shared.toml",
        &format!("[[office]]\nid = \"XKE/member\"\ncountry = \"XKE\"\nsector = \"GOV\"\nshared = true\n\n{people}"),
    );
    let kb = KnowledgeBase::with_user_files(&[shared]).unwrap();
    assert!(kb.role_overlaps().is_empty(), "{:?}", kb.role_overlaps());
    let single = write(
        &dir,
        "single.toml",
        &format!(
            "[[office]]\nid = \"XKE/member\"\ncountry = \"XKE\"\nsector = \"GOV\"\n\n{people}"
        ),
    );
    let kb = KnowledgeBase::with_user_files(&[single]).unwrap();
    assert_eq!(kb.role_overlaps().len(), 1, "{:?}", kb.role_overlaps());
}

#[test]
fn org_periods_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        &dir,
        "periods.toml",
        "[[org]]\ncode = \"XKEREB\"\ncountry = \"XKE\"\nsector = \"REB\"\nname = \"Kelmorian Front\"\n\n\
         [[org]]\ncode = \"AFGREB\"\ncountry = \"AFG\"\nsector = \"REB\"\nname = \"Varn Movement\"\n\
         periods = [{ until = \"2001-12\", sector = \"gov\" }]\n",
    );
    let err = KnowledgeBase::with_user_files(&[bad]).unwrap_err();
    assert!(
        err.to_string().contains("periods.toml:8: Varn Movement:"),
        "{err}"
    );
    let bad_date = write(
        &dir,
        "dates2.toml",
        "[[org]]\ncode = \"AFGREB\"\ncountry = \"AFG\"\nsector = \"REB\"\nname = \"Varn Movement\"\n\
         periods = [{ until = \"December 2001\", sector = \"GOV\" }]\n",
    );
    let err = KnowledgeBase::with_user_files(&[bad_date]).unwrap_err();
    assert!(
        err.to_string().contains("dates2.toml:2: Varn Movement:"),
        "{err}"
    );
}

/// An office's own code must be a country or IGO the knowledge base knows; the error names
/// the file, line and office.
#[test]
fn office_codes_must_be_known() {
    let text =
        "[[office]]\nid = \"UN/envoy\"\ncountry = \"UN\"\nsector = \"GOV\"\ncode = \"UNXX\"\n";
    let err = KnowledgeBase::from_sources(&[("user.toml".to_string(), text.to_string())])
        .expect_err("an unknown office code is an error");
    let message = err.to_string();
    assert!(message.contains("user.toml:2: UN/envoy"), "{message}");
    assert!(message.contains("office code `UNXX`"), "{message}");
    let ok = text.replace("UNXX", "UNSEC");
    KnowledgeBase::from_sources(&[("user.toml".to_string(), ok)]).expect("UNSEC is an IGO code");
}
