//! What the hand-written knowledge base already has: every `data/*.toml` and `data/*.tsv`
//! except the `phoenix-*` files this tool writes. Entries found here win: the converter
//! skips Phoenix people, organisations, names and nouns that would repeat them.

use std::collections::HashSet;
use std::path::Path;

use crate::names::key;

#[derive(Debug, Default)]
pub struct Existing {
    pub countries: HashSet<String>,
    pub igos: HashSet<String>,
    /// Comparison keys (names::key) of every name of every entry: countries, their
    /// adjectives and capitals, IGOs, people, organisations, aliases.
    pub names: HashSet<String>,
    pub person_ids: HashSet<String>,
    pub offices: HashSet<String>,
    /// Sector-noun phrases (lower case).
    pub nouns: HashSet<String>,
    /// engine.toml `not_names`: words that are never actors (news agencies, months).
    pub not_names: HashSet<String>,
}

fn strs(v: Option<&toml::Value>) -> Vec<String> {
    match v {
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

const NAME_FIELDS: &[&str] = &[
    "name",
    "names",
    "adjectives",
    "demonyms",
    "capitals",
    "seats",
    "text",
];

impl Existing {
    pub fn read(dir: &Path) -> Result<Existing, Box<dyn std::error::Error>> {
        let mut ex = Existing::default();
        let mut paths: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                !name.starts_with("phoenix-")
            })
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path)?;
            match path.extension().and_then(|e| e.to_str()) {
                Some("toml") => ex
                    .add_toml(&text)
                    .map_err(|e| format!("{}: {e}", path.display()))?,
                Some("tsv") => ex.add_tsv(&text),
                _ => {}
            }
        }
        Ok(ex)
    }

    fn add_toml(&mut self, text: &str) -> Result<(), toml::de::Error> {
        let table: toml::Table = toml::from_str(text)?;
        for (kind, value) in &table {
            if kind == "not_names" {
                self.not_names
                    .extend(strs(Some(value)).iter().map(|s| s.to_lowercase()));
                continue;
            }
            let Some(list) = value.as_array() else {
                continue;
            };
            for item in list {
                let Some(t) = item.as_table() else { continue };
                self.add_entry(kind, t);
            }
        }
        Ok(())
    }

    fn add_entry(&mut self, kind: &str, t: &toml::Table) {
        let code = t.get("code").and_then(|c| c.as_str()).unwrap_or("");
        let id = t.get("id").and_then(|c| c.as_str()).unwrap_or("");
        match kind {
            "country" => {
                self.countries.insert(code.to_string());
            }
            "igo" => {
                self.igos.insert(code.to_string());
            }
            "person" => {
                self.person_ids.insert(id.to_string());
            }
            "office" => {
                self.offices.insert(id.to_string());
                return;
            }
            _ => {}
        }
        for f in NAME_FIELDS {
            for n in strs(t.get(*f)) {
                let k = key(n.strip_prefix("the ").unwrap_or(&n));
                if !k.is_empty() {
                    self.names.insert(k);
                }
            }
        }
    }

    fn add_tsv(&mut self, text: &str) {
        for line in text.lines() {
            if line.trim_start().starts_with('#') {
                continue;
            }
            if let Some((phrase, _)) = line.split_once('\t') {
                self.nouns.insert(phrase.trim().to_lowercase());
            }
        }
    }

    /// Is this name (any casing and spacing) already a name of some entry?
    pub fn has_name(&self, name: &str) -> bool {
        self.names.contains(&key(name))
    }
}
