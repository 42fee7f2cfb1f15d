//! Integrity of the compiled-in CAMEO / PLOVER tables.

use annals_coder::ontology::{parent_code, quad_class_of_root, Ontology};

fn ontology() -> Ontology {
    match Ontology::parse_builtin() {
        Ok(o) => o,
        Err(e) => panic!("built-in tables do not parse: {e}"),
    }
}

#[test]
fn tables_parse_and_builtin_is_not_empty() {
    ontology();
    assert!(!Ontology::builtin().cameo_codes().is_empty());
}

#[test]
fn counts() {
    let ont = ontology();
    let roots = ont
        .cameo_codes()
        .iter()
        .filter(|c| c.code.len() == 2)
        .count();
    assert_eq!(roots, 20);
    assert!(
        ont.cameo_codes().len() >= 280,
        "{}",
        ont.cameo_codes().len()
    );
    assert_eq!(ont.plover_types().len(), 16);
    let names: Vec<&str> = ont.plover_types().iter().map(|t| t.name.as_str()).collect();
    for expected in [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ] {
        assert!(names.contains(&expected), "{expected} missing");
    }
}

#[test]
fn goldstein_range_and_quad_class_follow_the_root() {
    for c in ontology().cameo_codes() {
        assert!(
            (-10.0..=10.0).contains(&c.goldstein),
            "{}: {}",
            c.code,
            c.goldstein
        );
        assert!((1..=4).contains(&c.quad_class), "{}", c.code);
        assert_eq!(
            Some(c.quad_class),
            quad_class_of_root(c.root()),
            "{}",
            c.code
        );
        assert!(
            !c.name.is_empty() && !c.description.is_empty(),
            "{}",
            c.code
        );
    }
}

#[test]
fn every_parent_exists_and_codes_are_sorted() {
    let ont = ontology();
    for c in ont.cameo_codes() {
        if let Some(p) = c.parent() {
            assert!(ont.cameo(p).is_some(), "{} has no parent {p}", c.code);
        }
    }
    let codes: Vec<&str> = ont.cameo_codes().iter().map(|c| c.code.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
}

#[test]
fn mapping_targets_exist() {
    let ont = ontology();
    for m in ont.mappings() {
        assert!(
            ont.cameo(&m.cameo).is_some(),
            "mapping for unknown code {}",
            m.cameo
        );
        let Some(ty) = ont.plover_type(&m.plover) else {
            panic!("{} maps to unknown PLOVER type {}", m.cameo, m.plover);
        };
        if let Some(mode) = &m.mode {
            assert!(
                ty.has_mode(mode),
                "{}: {} has no mode {mode}",
                m.cameo,
                m.plover
            );
        }
    }
}

#[test]
fn every_code_maps_except_statements() {
    let ont = ontology();
    for c in ont.cameo_codes() {
        let mapped = ont.plover_for(&c.code);
        if c.root() == "01" {
            assert!(mapped.is_none(), "{} (statement) should not map", c.code);
        } else {
            assert!(mapped.is_some(), "{} maps to no PLOVER type", c.code);
        }
    }
}

#[test]
fn known_facts() {
    let ont = ontology();
    let sign = ont.cameo("057");
    assert_eq!(sign.map(|c| c.goldstein), Some(8.0));
    assert_eq!(sign.map(|c| c.quad_class), Some(1));
    assert_eq!(ont.cameo("0874").map(|c| c.goldstein), Some(10.0));
    assert_eq!(ont.cameo("2042").map(|c| c.quad_class), Some(4));
    assert_eq!(
        ont.cameo("042").map(|c| c.name.as_str()),
        Some("Make a visit")
    );
    let visit = ont.plover_for("042");
    assert_eq!(visit.map(|m| m.plover.as_str()), Some("CONSULT"));
    assert_eq!(visit.and_then(|m| m.mode.as_deref()), Some("visit"));
    assert_eq!(
        ont.plover_for("163").map(|m| m.plover.as_str()),
        Some("COERCE")
    );
    assert_eq!(
        ont.plover_for("0832").map(|m| m.plover.as_str()),
        Some("CONCEDE")
    );
    assert_eq!(
        ont.plover_for("0841").map(|m| m.plover.as_str()),
        Some("RETREAT")
    );
    assert_eq!(
        ont.plover_for("0231").and_then(|m| m.context.as_deref()),
        Some("economic")
    );
    assert_eq!(ont.plover_for("999"), None);
    assert_eq!(parent_code("0874"), Some("087"));
}

#[test]
fn codes_without_a_row_fall_back_to_parent_then_root() {
    let ont = ontology();
    // Every listed code has its own row, so a code the table does not list shows the rule.
    let via_parent = ont.plover_for("0579").map(|m| m.cameo.as_str());
    assert_eq!(via_parent, Some("057"));
    let via_root = ont.plover_for("0999").map(|m| m.cameo.as_str());
    assert_eq!(via_root, Some("09"));
}
