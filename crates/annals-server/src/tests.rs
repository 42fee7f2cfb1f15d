//! The OpenAPI document and the router describe the same API.

use std::collections::BTreeSet;

use crate::api::{routes, OPENAPI};

fn documented() -> BTreeSet<(String, String)> {
    let spec: serde_json::Value = match serde_json::from_str(OPENAPI) {
        Ok(v) => v,
        Err(e) => panic!("assets/openapi.json is not JSON: {e}"),
    };
    assert_eq!(spec["openapi"].as_str().map(|v| &v[..2]), Some("3."));
    let Some(paths) = spec["paths"].as_object() else {
        panic!("openapi.json has no paths");
    };
    let mut out = BTreeSet::new();
    for (path, item) in paths {
        let Some(ops) = item.as_object() else {
            panic!("{path}: not an object");
        };
        for method in ops.keys() {
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

#[test]
fn every_route_is_documented_and_every_documented_route_exists() {
    let routed: BTreeSet<(String, String)> = routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    let documented = documented();
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let missing: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from openapi.json: {undocumented:?}"
    );
    assert!(
        missing.is_empty(),
        "openapi.json documents routes the router lacks: {missing:?}"
    );
    assert_eq!(routed.len(), 16);
}

#[test]
fn every_documented_reference_resolves() {
    let spec: serde_json::Value = serde_json::from_str(OPENAPI).unwrap_or_default();
    let mut refs = Vec::new();
    collect_refs(&spec, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let Some(name) = r.strip_prefix("#/components/schemas/") else {
            panic!("unexpected $ref {r}");
        };
        assert!(
            spec["components"]["schemas"].get(name).is_some(),
            "$ref {r} points nowhere"
        );
    }
}

fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v.as_str()) {
                    ("$ref", Some(r)) => out.push(r.to_string()),
                    _ => collect_refs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
