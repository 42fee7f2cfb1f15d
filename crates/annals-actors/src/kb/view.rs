//! Read-only views of knowledge-base entries, for `annals actor CODE|NAME`.

use serde::Serialize;

use super::KnowledgeBase;

/// One entry as `annals actor` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KbEntryView {
    /// `country`, `igo`, `person`, `office`, `org` or `sector`.
    pub kind: &'static str,
    /// The entry's key: code, id, or (organisations) name.
    pub key: String,
    /// The actor code mentions of this entry carry (for a person: of the latest role).
    pub code: Option<String>,
    pub name: String,
    pub names: Vec<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub wikidata: Option<String>,
    /// Roles over time: a person's offices, or an office's holders.
    pub roles: Vec<RoleView>,
    /// Status, dates, successors, parent organisation, where the entry has them.
    pub notes: Vec<String>,
    /// `file:line` the entry was read from.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleView {
    pub office: String,
    pub code: String,
    pub holder: String,
    pub from: Option<String>,
    pub until: Option<String>,
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

fn any_name<'a>(q: &str, mut names: impl Iterator<Item = &'a String>) -> bool {
    names.any(|n| eq(n, q))
}

fn country_notes(c: &super::Country) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(s) = &c.status {
        notes.push(format!("status: {s}"));
    }
    if c.from.is_some() || c.until.is_some() {
        notes.push(format!(
            "existed {} to {}",
            c.from.as_deref().unwrap_or("?"),
            c.until.as_deref().unwrap_or("?")
        ));
    }
    if !c.successors.is_empty() {
        notes.push(format!("successors: {}", c.successors.join(", ")));
    }
    if !c.capitals.is_empty() {
        notes.push(format!("capital: {}", c.capitals.join(", ")));
    }
    notes
}

pub(super) fn find(kb: &KnowledgeBase, q: &str) -> Vec<KbEntryView> {
    let q = q.trim();
    let mut out = Vec::new();
    let office_code = |id: &str| {
        kb.office_index
            .get(id)
            .and_then(|&i| kb.offices.get(i))
            .map(|o| format!("{}{}", o.country, o.sector))
            .unwrap_or_default()
    };
    for c in &kb.countries {
        if eq(&c.code, q)
            || eq(&c.name, q)
            || any_name(q, c.names.iter().chain(&c.adjectives).chain(&c.capitals))
        {
            out.push(KbEntryView {
                kind: "country",
                key: c.code.clone(),
                code: Some(c.code.clone()),
                name: c.name.clone(),
                names: c.names.clone(),
                country: Some(c.code.clone()),
                sector: None,
                wikidata: c.wikidata.clone(),
                roles: Vec::new(),
                notes: country_notes(c),
                source: format!("{}:{}", c.origin.file, c.origin.line),
            });
        }
    }
    for g in &kb.igos {
        if eq(&g.code, q) || eq(&g.name, q) || any_name(q, g.names.iter()) {
            out.push(KbEntryView {
                kind: "igo",
                key: g.code.clone(),
                code: Some(g.code.clone()),
                name: g.name.clone(),
                names: g.names.clone(),
                country: Some(g.code.clone()),
                sector: Some(g.sector.clone()),
                wikidata: g.wikidata.clone(),
                roles: Vec::new(),
                notes: g.parent.iter().map(|p| format!("part of {p}")).collect(),
                source: format!("{}:{}", g.origin.file, g.origin.line),
            });
        }
    }
    for p in &kb.people {
        let surname = p.name.split_whitespace().any(|w| eq(w, q));
        if eq(&p.id, q) || eq(&p.name, q) || any_name(q, p.names.iter()) || surname {
            let roles: Vec<RoleView> = p
                .roles
                .iter()
                .map(|r| RoleView {
                    office: r.office.clone(),
                    code: office_code(&r.office),
                    holder: p.name.clone(),
                    from: r.from.clone(),
                    until: r.until.clone(),
                })
                .collect();
            out.push(KbEntryView {
                kind: "person",
                key: p.id.clone(),
                code: roles.last().map(|r| r.code.clone()),
                name: p.name.clone(),
                names: p.names.clone(),
                country: p.country.clone(),
                sector: p.sector.clone(),
                wikidata: p.wikidata.clone(),
                roles,
                notes: p
                    .verified
                    .iter()
                    .map(|v| format!("open roles known to {v}"))
                    .collect(),
                source: format!("{}:{}", p.origin.file, p.origin.line),
            });
        }
    }
    for o in &kb.offices {
        let code = format!("{}{}", o.country, o.sector);
        if eq(&o.id, q) || eq(&code, q) {
            let mut roles: Vec<RoleView> = kb
                .people
                .iter()
                .flat_map(|p| {
                    p.roles
                        .iter()
                        .filter(|r| r.office == o.id)
                        .map(|r| RoleView {
                            office: o.id.clone(),
                            code: code.clone(),
                            holder: p.name.clone(),
                            from: r.from.clone(),
                            until: r.until.clone(),
                        })
                })
                .collect();
            roles.sort_by(|a, b| a.from.cmp(&b.from));
            out.push(KbEntryView {
                kind: "office",
                key: o.id.clone(),
                code: Some(code),
                name: o.titles.first().cloned().unwrap_or_else(|| o.id.clone()),
                names: o.titles.clone(),
                country: Some(o.country.clone()),
                sector: Some(o.sector.clone()),
                wikidata: None,
                roles,
                notes: Vec::new(),
                source: format!("{}:{}", o.origin.file, o.origin.line),
            });
        }
    }
    for o in &kb.orgs {
        if eq(&o.code, q) || eq(&o.name, q) || any_name(q, o.names.iter()) {
            out.push(KbEntryView {
                kind: "org",
                key: o.name.clone(),
                code: Some(o.code.clone()),
                name: o.name.clone(),
                names: o.names.clone(),
                country: o.country.clone(),
                sector: o.sector.clone(),
                wikidata: o.wikidata.clone(),
                roles: Vec::new(),
                notes: Vec::new(),
                source: format!("{}:{}", o.origin.file, o.origin.line),
            });
        }
    }
    for s in &kb.sectors {
        if eq(&s.phrase, q) {
            out.push(KbEntryView {
                kind: "sector",
                key: s.phrase.clone(),
                code: None,
                name: s.phrase.clone(),
                names: Vec::new(),
                country: None,
                sector: Some(s.sector.clone()),
                wikidata: None,
                roles: Vec::new(),
                notes: Vec::new(),
                source: format!("{}:{}", s.origin.file, s.origin.line),
            });
        }
    }
    out
}
