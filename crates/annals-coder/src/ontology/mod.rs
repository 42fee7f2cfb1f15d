//! The CAMEO and PLOVER event ontologies and the mapping between them, read once from the
//! TSV tables under `data/` (compiled in).
//!
//! QuadClass follows the CAMEO root: 01–05 verbal cooperation (1), 06–08 material
//! cooperation (2), 09–13 verbal conflict (3), 14–20 material conflict (4). The table stores
//! it and the tests check it against [`quad_class_of_root`].
//!
//! PLOVER has no type for public statements, so root 01 maps to nothing and
//! [`Ontology::plover_for`] returns `None` for it. Appeals (02) are mapped like the
//! matching demands (10) to `REQUEST`; see `data/cameo_plover.tsv` for every row the
//! project added or corrected.

pub(crate) mod tsv;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use tsv::TableError;

const CAMEO_FILE: &str = "data/cameo.tsv";
const PLOVER_FILE: &str = "data/plover.tsv";
const MAPPING_FILE: &str = "data/cameo_plover.tsv";
const CAMEO_TSV: &str = include_str!("../../data/cameo.tsv");
const PLOVER_TSV: &str = include_str!("../../data/plover.tsv");
const MAPPING_TSV: &str = include_str!("../../data/cameo_plover.tsv");

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    /// Two to four digits: root `05`, `057`, `0874`.
    pub code: String,
    pub name: String,
    /// Goldstein conflict–cooperation score, −10 to +10.
    pub goldstein: f64,
    pub quad_class: u8,
    pub description: String,
}

impl CameoCode {
    /// The two-digit root (`057` → `05`).
    pub fn root(&self) -> &str {
        self.code.get(..2).unwrap_or(&self.code)
    }

    /// The code one level up (`0874` → `087`, `087` → `08`); `None` for a root.
    pub fn parent(&self) -> Option<&str> {
        parent_code(&self.code)
    }
}

/// A PLOVER mode: a subtype of an event type (`CONSULT` / `visit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverMode {
    pub name: String,
    pub description: String,
}

/// A PLOVER event type with its modes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverType {
    pub name: String,
    pub description: String,
    pub modes: Vec<PloverMode>,
}

impl PloverType {
    pub fn has_mode(&self, mode: &str) -> bool {
        self.modes.iter().any(|m| m.name == mode)
    }
}

/// The PLOVER type (and mode, context) a CAMEO code maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverMapping {
    pub cameo: String,
    pub plover: String,
    pub mode: Option<String>,
    pub context: Option<String>,
}

/// The CAMEO codes, the PLOVER types and the CAMEO → PLOVER mapping.
#[derive(Debug, Default)]
pub struct Ontology {
    cameo: Vec<CameoCode>,
    cameo_index: HashMap<String, usize>,
    plover: Vec<PloverType>,
    mapping: HashMap<String, PloverMapping>,
}

/// QuadClass of a two-digit CAMEO root (`None` outside 01–20).
pub fn quad_class_of_root(root: &str) -> Option<u8> {
    if root.len() != 2 {
        return None;
    }
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// The code one level up: `0874` → `087` → `08` → `None`.
pub fn parent_code(code: &str) -> Option<&str> {
    if code.len() > 2 {
        code.get(..code.len() - 1)
    } else {
        None
    }
}

impl Ontology {
    /// The tables compiled into the crate. They are checked by the crate's tests, so a
    /// parse error cannot reach a release; should one slip through, the ontology is empty
    /// (lookups return `None`) rather than panicking.
    pub fn builtin() -> &'static Ontology {
        static BUILTIN: OnceLock<Ontology> = OnceLock::new();
        BUILTIN.get_or_init(|| Ontology::parse_builtin().unwrap_or_default())
    }

    /// Parse the compiled-in tables, reporting the first malformed row.
    pub fn parse_builtin() -> Result<Ontology, TableError> {
        Ontology::parse(CAMEO_TSV, PLOVER_TSV, MAPPING_TSV)
    }

    fn parse(cameo_tsv: &str, plover_tsv: &str, mapping_tsv: &str) -> Result<Ontology, TableError> {
        let mut ont = Ontology::default();
        let header = ["code", "name", "goldstein", "quad_class", "description"];
        for row in tsv::rows(CAMEO_FILE, cameo_tsv, &header)? {
            let code = row.get(0).to_string();
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(row.error(CAMEO_FILE, format!("bad code {code:?}")));
            }
            let goldstein: f64 = row
                .get(2)
                .parse()
                .map_err(|_| row.error(CAMEO_FILE, format!("bad Goldstein {:?}", row.get(2))))?;
            let quad_class: u8 = row
                .get(3)
                .parse()
                .map_err(|_| row.error(CAMEO_FILE, format!("bad QuadClass {:?}", row.get(3))))?;
            if ont.cameo_index.contains_key(&code) {
                return Err(row.error(CAMEO_FILE, format!("duplicate code {code}")));
            }
            ont.cameo_index.insert(code.clone(), ont.cameo.len());
            ont.cameo.push(CameoCode {
                code,
                name: row.get(1).to_string(),
                goldstein,
                quad_class,
                description: row.get(4).to_string(),
            });
        }
        for row in tsv::rows(PLOVER_FILE, plover_tsv, &["type", "mode", "description"])? {
            let (name, mode, description) = (row.get(0), row.get(1), row.get(2).to_string());
            if mode.is_empty() {
                if ont.plover.iter().any(|t| t.name == name) {
                    return Err(row.error(PLOVER_FILE, format!("duplicate type {name}")));
                }
                ont.plover.push(PloverType {
                    name: name.to_string(),
                    description,
                    modes: Vec::new(),
                });
                continue;
            }
            let Some(ty) = ont.plover.iter_mut().find(|t| t.name == name) else {
                return Err(row.error(PLOVER_FILE, format!("mode before its type {name}")));
            };
            ty.modes.push(PloverMode {
                name: mode.to_string(),
                description,
            });
        }
        let header = ["cameo", "plover", "mode", "context", "source", "note"];
        for row in tsv::rows(MAPPING_FILE, mapping_tsv, &header)? {
            let cameo = row.get(0).to_string();
            if ont.mapping.contains_key(&cameo) {
                return Err(row.error(MAPPING_FILE, format!("duplicate mapping for {cameo}")));
            }
            let mapping = PloverMapping {
                cameo: cameo.clone(),
                plover: row.get(1).to_string(),
                mode: row.optional(2),
                context: row.optional(3),
            };
            ont.mapping.insert(cameo, mapping);
        }
        Ok(ont)
    }

    pub fn cameo(&self, code: &str) -> Option<&CameoCode> {
        self.cameo_index.get(code).and_then(|&i| self.cameo.get(i))
    }

    /// All codes in code order (`01`, `010`, `011`, …, `2042`).
    pub fn cameo_codes(&self) -> &[CameoCode] {
        &self.cameo
    }

    pub fn plover_types(&self) -> &[PloverType] {
        &self.plover
    }

    pub fn plover_type(&self, name: &str) -> Option<&PloverType> {
        self.plover.iter().find(|t| t.name == name)
    }

    /// The code's own mapping row, without falling back to its parents.
    pub fn direct_plover_mapping(&self, cameo: &str) -> Option<&PloverMapping> {
        self.mapping.get(cameo)
    }

    /// The PLOVER mapping of a CAMEO code: its own row, else its 3-digit parent's, else its
    /// root's. `None` for root 01 (statements) and unknown codes.
    pub fn plover_for(&self, cameo: &str) -> Option<&PloverMapping> {
        let mut code = Some(cameo);
        while let Some(c) = code {
            if let Some(m) = self.mapping.get(c) {
                return Some(m);
            }
            code = parent_code(c);
        }
        None
    }

    /// Mapping rows in code order.
    pub fn mappings(&self) -> Vec<&PloverMapping> {
        let mut all: Vec<&PloverMapping> = self.mapping.values().collect();
        all.sort_by(|a, b| a.cameo.cmp(&b.cameo));
        all
    }

    /// The codes starting with `prefix`, each with its PLOVER mapping: the rows `annals
    /// codes` prints and the HTTP API's `/codes` returns.
    pub fn code_rows(&self, prefix: &str) -> Vec<CodeRow<'_>> {
        self.cameo
            .iter()
            .filter(|c| c.code.starts_with(prefix))
            .map(|c| {
                let m = self.plover_for(&c.code);
                CodeRow {
                    code: &c.code,
                    name: &c.name,
                    goldstein: c.goldstein,
                    quad_class: c.quad_class,
                    plover: m.map(|m| m.plover.as_str()),
                    plover_mode: m.and_then(|m| m.mode.as_deref()),
                    plover_context: m.and_then(|m| m.context.as_deref()),
                    description: &c.description,
                }
            })
            .collect()
    }
}

/// A CAMEO code with its scores and effective PLOVER mapping, ready to print or serialise.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CodeRow<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub goldstein: f64,
    pub quad_class: u8,
    pub plover: Option<&'a str>,
    pub plover_mode: Option<&'a str>,
    pub plover_context: Option<&'a str>,
    pub description: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_class_rule() {
        assert_eq!(quad_class_of_root("01"), Some(1));
        assert_eq!(quad_class_of_root("05"), Some(1));
        assert_eq!(quad_class_of_root("06"), Some(2));
        assert_eq!(quad_class_of_root("08"), Some(2));
        assert_eq!(quad_class_of_root("09"), Some(3));
        assert_eq!(quad_class_of_root("13"), Some(3));
        assert_eq!(quad_class_of_root("14"), Some(4));
        assert_eq!(quad_class_of_root("20"), Some(4));
        assert_eq!(quad_class_of_root("21"), None);
        assert_eq!(quad_class_of_root("00"), None);
        assert_eq!(quad_class_of_root("1"), None);
    }

    #[test]
    fn parse_errors_name_file_and_line() {
        let cameo = "code\tname\tgoldstein\tquad_class\tdescription\n05\tX\tnope\t1\td\n";
        let plover = "type\tmode\tdescription\n";
        let map = "cameo\tplover\tmode\tcontext\tsource\tnote\n";
        let e = Ontology::parse(cameo, plover, map)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("data/cameo.tsv:2: bad Goldstein \"nope\"")
        );
        let cameo = "code\tname\tgoldstein\tquad_class\tdescription\n";
        let plover = "type\tmode\tdescription\nAID\tx\td\n";
        let e = Ontology::parse(cameo, plover, map).err().map(|e| e.line);
        assert_eq!(e, Some(2));
    }

    #[test]
    fn fallback_walks_up_to_the_root() {
        let cameo = "code\tname\tgoldstein\tquad_class\tdescription\n";
        let plover = "type\tmode\tdescription\nAID\t\td\n";
        let map = "cameo\tplover\tmode\tcontext\tsource\tnote\n07\tAID\t\t\tx\t\n";
        let ont = Ontology::parse(cameo, plover, map).unwrap_or_default();
        assert_eq!(ont.plover_for("0731").map(|m| m.cameo.as_str()), Some("07"));
        assert!(ont.plover_for("08").is_none());
    }
}
