//! Merging knowledge-base files into one [`KnowledgeBase`]: parsing, checking each entry
//! (keys, dates, genders, offices), and replacing entries by key.

use rustc_hash::FxHashMap as HashMap;

use super::file::{self, normalise_date, parse_sectors_tsv, parse_toml, DateField, KbFile};
use super::{
    Country, Gender, Igo, KbError, KnowledgeBase, Lexicon, Office, Org, OrgPeriod, Origin, Person,
    Role, Rules, SectorNoun,
};

#[derive(Default)]
pub(super) struct Builder {
    countries: Vec<Country>,
    igos: Vec<Igo>,
    people: Vec<Person>,
    offices: Vec<Office>,
    orgs: Vec<Org>,
    sectors: Vec<SectorNoun>,
    /// (kind, key) → index in its table.
    keys: HashMap<(&'static str, String), usize>,
    overrides: Vec<(String, String, Origin, Origin)>,
}

fn entry_err(file: &str, line: usize, key: &str, message: impl Into<String>) -> KbError {
    KbError::Entry {
        file: file.to_string(),
        line,
        key: key.to_string(),
        message: message.into(),
    }
}

fn date(
    file: &str,
    line: usize,
    key: &str,
    d: &Option<DateField>,
    end: bool,
) -> Result<Option<String>, KbError> {
    match d {
        None => Ok(None),
        Some(d) => {
            let text = d.as_text();
            normalise_date(&text, end).map(Some).ok_or_else(|| {
                entry_err(
                    file,
                    line,
                    key,
                    format!("date `{text}` is not YYYY, YYYY-MM or YYYY-MM-DD"),
                )
            })
        }
    }
}

fn opt(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

impl Builder {
    pub(super) fn add(&mut self, name: &str, text: &str) -> Result<(), KbError> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".tsv") && file::is_people_tsv(text) {
            return self.add_people_tsv(name, text);
        }
        if lower.ends_with(".tsv") {
            let mut seen = HashMap::default();
            for s in parse_sectors_tsv(name, text)? {
                let origin = Origin {
                    file: name.to_string(),
                    line: s.line,
                };
                if let Some(first) = seen.insert(s.phrase.clone(), s.line) {
                    return Err(entry_err(
                        name,
                        s.line,
                        &s.phrase,
                        format!("duplicate phrase (first on line {first})"),
                    ));
                }
                let entry = SectorNoun {
                    phrase: s.phrase.clone(),
                    sector: s.sector,
                    origin,
                };
                self.put("sector", s.phrase, entry, |b| &mut b.sectors, |e| &e.origin);
            }
            return Ok(());
        }
        if !lower.ends_with(".toml") {
            return Err(KbError::UnknownKind {
                file: name.to_string(),
            });
        }
        let parsed: KbFile = parse_toml(name, text)?;
        self.add_parsed(name, text, parsed)
    }

    /// Adds a TOML file already parsed ([`parse_toml`]) from `text`, which gives the lines.
    pub(super) fn add_parsed(
        &mut self,
        name: &str,
        text: &str,
        parsed: KbFile,
    ) -> Result<(), KbError> {
        let mut seen: HashMap<(&str, String), usize> = HashMap::default();
        let mut check_dup = |kind: &'static str, key: &str, line: usize| -> Result<(), KbError> {
            if key.trim().is_empty() {
                return Err(entry_err(
                    name,
                    line,
                    key,
                    format!("{kind} with an empty key"),
                ));
            }
            match seen.insert((kind, key.to_string()), line) {
                Some(first) => Err(entry_err(
                    name,
                    line,
                    key,
                    format!("duplicate {kind} key (first on line {first})"),
                )),
                None => Ok(()),
            }
        };
        let lines = file::LineIndex::new(text);
        let line = |span: std::ops::Range<usize>| lines.line(span.start);
        for c in parsed.country {
            let l = line(c.code.span());
            let code = c.code.into_inner();
            check_dup("country", &code, l)?;
            let origin = Origin {
                file: name.to_string(),
                line: l,
            };
            let entry = Country {
                from: date(name, l, &code, &c.from, false)?,
                until: date(name, l, &code, &c.until, true)?,
                code: code.clone(),
                name: c.name,
                names: c.names,
                adjectives: c.adjectives,
                demonyms: c.demonyms,
                capitals: c.capitals,
                seats: c.seats,
                status: opt(c.status),
                wikidata: opt(c.wikidata),
                successors: c.successors,
                origin,
            };
            self.put("country", code, entry, |b| &mut b.countries, |e| &e.origin);
        }
        for g in parsed.igo {
            let l = line(g.code.span());
            let code = g.code.into_inner();
            check_dup("igo", &code, l)?;
            let entry = Igo {
                code: code.clone(),
                name: g.name,
                names: g.names,
                adjectives: g.adjectives,
                seats: g.seats,
                sector: opt(g.sector).unwrap_or_else(|| "IGO".to_string()),
                parent: opt(g.parent),
                wikidata: opt(g.wikidata),
                origin: Origin {
                    file: name.to_string(),
                    line: l,
                },
            };
            self.put("igo", code, entry, |b| &mut b.igos, |e| &e.origin);
        }
        for o in parsed.office {
            let l = line(o.id.span());
            let id = o.id.into_inner();
            check_dup("office", &id, l)?;
            if !id.starts_with(&format!("{}/", o.country)) {
                return Err(entry_err(
                    name,
                    l,
                    &id,
                    format!("office id must start with its country `{}/`", o.country),
                ));
            }
            let entry = Office {
                id: id.clone(),
                country: o.country,
                sector: o.sector,
                titles: o.titles.iter().map(|t| t.to_lowercase()).collect(),
                shared: o.shared,
                code: opt(o.code),
                origin: Origin {
                    file: name.to_string(),
                    line: l,
                },
            };
            self.put("office", id, entry, |b| &mut b.offices, |e| &e.origin);
        }
        for p in parsed.person {
            let l = line(p.id.span());
            let id = p.id.into_inner();
            check_dup("person", &id, l)?;
            let gender = match p.gender.as_deref() {
                None | Some("") => None,
                Some("m") => Some(Gender::Male),
                Some("f") => Some(Gender::Female),
                Some(other) => {
                    return Err(entry_err(
                        name,
                        l,
                        &id,
                        format!("gender `{other}` must be m or f"),
                    ))
                }
            };
            let mut roles = Vec::new();
            for r in &p.roles {
                roles.push(Role {
                    office: r.office.clone(),
                    from: date(name, l, &id, &r.from, false)?,
                    until: date(name, l, &id, &r.until, true)?,
                });
            }
            let entry = Person {
                id: id.clone(),
                name: p.name,
                names: p.names,
                gender,
                country: opt(p.country),
                wikidata: opt(p.wikidata),
                roles,
                sector: opt(p.sector),
                verified: date(name, l, &id, &p.verified, true)?,
                origin: Origin {
                    file: name.to_string(),
                    line: l,
                },
            };
            self.put("person", id, entry, |b| &mut b.people, |e| &e.origin);
        }
        for o in parsed.org {
            let l = line(o.code.span());
            let code = o.code.into_inner();
            check_dup("org", &o.name, l)?;
            let key = o.name.clone();
            let mut periods = Vec::new();
            for p in &o.periods {
                if o.country.is_none() || !p.sector.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(entry_err(
                        name,
                        l,
                        &key,
                        "a period needs the org's `country` and an upper-case `sector`",
                    ));
                }
                periods.push(OrgPeriod {
                    from: date(name, l, &key, &p.from, false)?,
                    until: date(name, l, &key, &p.until, true)?,
                    sector: p.sector.clone(),
                });
            }
            let entry = Org {
                code,
                country: opt(o.country),
                sector: opt(o.sector),
                name: o.name,
                names: o.names,
                wikidata: opt(o.wikidata),
                periods,
                origin: Origin {
                    file: name.to_string(),
                    line: l,
                },
            };
            self.put("org", key, entry, |b| &mut b.orgs, |e| &e.origin);
        }
        Ok(())
    }

    /// A people table (file::parse_people_tsv): the same checks as `[[person]]` entries.
    fn add_people_tsv(&mut self, name: &str, text: &str) -> Result<(), KbError> {
        let mut seen: HashMap<String, usize> = HashMap::default();
        let parsed = file::parse_people_tsv(name, text)?;
        self.people.reserve(parsed.len());
        seen.reserve(parsed.len());
        for p in parsed {
            if let Some(first) = seen.insert(p.id.clone(), p.line) {
                return Err(entry_err(
                    name,
                    p.line,
                    &p.id,
                    format!("duplicate person key (first on line {first})"),
                ));
            }
            let mut roles = Vec::with_capacity(p.roles.len());
            for r in p.roles {
                let d = |s: Option<String>| s.map(DateField::Text);
                roles.push(Role {
                    office: r.office,
                    from: date(name, p.line, &p.id, &d(r.from), false)?,
                    until: date(name, p.line, &p.id, &d(r.until), true)?,
                });
            }
            let entry = Person {
                id: p.id.clone(),
                name: p.name,
                names: p.names,
                gender: None,
                country: p.country,
                wikidata: None,
                roles,
                sector: p.sector,
                verified: None,
                origin: Origin {
                    file: name.to_string(),
                    line: p.line,
                },
            };
            self.put("person", p.id, entry, |b| &mut b.people, |e| &e.origin);
        }
        Ok(())
    }

    /// Insert or replace an entry by (kind, key).
    fn put<T>(
        &mut self,
        kind: &'static str,
        key: String,
        entry: T,
        table: fn(&mut Builder) -> &mut Vec<T>,
        origin: fn(&T) -> &Origin,
    ) {
        let next = table(self).len();
        let found = match self.keys.entry((kind, key)) {
            std::collections::hash_map::Entry::Occupied(e) => Some((*e.get(), e.key().1.clone())),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(next);
                None
            }
        };
        match found {
            Some((i, key)) => {
                let new_origin = origin(&entry).clone();
                if let Some(slot) = table(self).get_mut(i) {
                    let old = origin(slot).clone();
                    *slot = entry;
                    self.overrides
                        .push((kind.to_string(), key, old, new_origin));
                }
            }
            None => table(self).push(entry),
        }
    }

    pub(super) fn finish(self) -> Result<KnowledgeBase, KbError> {
        let office_index: HashMap<String, usize> = self
            .offices
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        for p in &self.people {
            for r in &p.roles {
                if !office_index.contains_key(&r.office) {
                    return Err(entry_err(
                        &p.origin.file,
                        p.origin.line,
                        &p.id,
                        format!("role names unknown office `{}`", r.office),
                    ));
                }
            }
        }
        for o in &self.offices {
            let known = |c: &str| {
                self.countries.iter().any(|k| k.code == c) || self.igos.iter().any(|g| g.code == c)
            };
            if let Some(code) = o.code.as_deref().filter(|c| !known(c)) {
                return Err(entry_err(
                    &o.origin.file,
                    o.origin.line,
                    &o.id,
                    format!("office code `{code}` is no country or IGO of the knowledge base"),
                ));
            }
        }
        let rules = Rules::builtin()?;
        let mut kb = KnowledgeBase {
            countries: self.countries,
            igos: self.igos,
            people: self.people,
            offices: self.offices,
            orgs: self.orgs,
            sectors: self.sectors,
            rules,
            lexicon: Lexicon::default(),
            office_index,
            overrides: self.overrides,
        };
        kb.lexicon = Lexicon::build(&kb);
        Ok(kb)
    }
}
