//! The actor knowledge base: built-in files compiled in, plus users' files, merged by key.

mod build;
mod file;
mod view;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use view::{KbEntryView, RoleView};

use crate::lexicon::Lexicon;
use crate::rules::Rules;
use build::Builder;

/// A knowledge-base problem, naming the file, the line and the entry key where known.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{file}:{line}: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}:{line}: {key}: {message}")]
    Entry {
        file: String,
        line: usize,
        key: String,
        message: String,
    },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: not a knowledge-base file (expected .toml or .tsv)")]
    UnknownKind { file: String },
}

/// The built-in files, in load order, with the names errors and `annals actor` show.
const BUILTIN: &[(&str, &str)] = &[
    ("countries.toml", include_str!("../../data/countries.toml")),
    ("igos.toml", include_str!("../../data/igos.toml")),
    ("offices.toml", include_str!("../../data/offices.toml")),
    ("people.toml", include_str!("../../data/people.toml")),
    (
        "roles-2014.toml",
        include_str!("../../data/roles-2014.toml"),
    ),
    (
        "organisations.toml",
        include_str!("../../data/organisations.toml"),
    ),
    ("sectors.tsv", include_str!("../../data/sectors.tsv")),
    (
        "phoenix-offices.toml",
        include_str!("../../data/phoenix-offices.toml"),
    ),
    (
        "phoenix-people.tsv",
        include_str!("../../data/phoenix-people.tsv"),
    ),
    (
        "phoenix-orgs.toml",
        include_str!("../../data/phoenix-orgs.toml"),
    ),
];

/// Tables generated from PETRARCH-2's Phoenix dictionaries by `examples/phoenix_convert`
/// (under `data/`), in load order. Offices, people and organisations are built in (see
/// [`BUILTIN`]); a Phoenix person's lone surname stands for them only after the document
/// names them in full ([`Person::is_from_phoenix`]). The sector nouns (`phoenix-agents.tsv`)
/// are opt-in, loaded as a user file (`annals … --actors
/// crates/annals-actors/data/phoenix-agents.tsv`): generic nouns such as "settler" attach
/// the wrong country.
pub const PHOENIX_FILES: &[&str] = &[
    "phoenix-offices.toml",
    "phoenix-people.tsv",
    "phoenix-orgs.toml",
    "phoenix-agents.tsv",
];

/// The last day the Phoenix dictionaries' open-ended roles were kept up to date (their last
/// dated change is of December 2013).
pub(crate) const PHOENIX_CHECKED_UNTIL: &str = "2014-12-31";

/// Where an entry was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone)]
pub(crate) struct Country {
    pub code: String,
    pub name: String,
    pub names: Vec<String>,
    pub adjectives: Vec<String>,
    pub demonyms: Vec<String>,
    pub capitals: Vec<String>,
    pub seats: Vec<String>,
    pub status: Option<String>,
    pub wikidata: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub successors: Vec<String>,
    pub origin: Origin,
}

impl Country {
    /// Had the state ceased to exist by `day` (South Yemen in 2020)? Never for an undated
    /// document or a state without an end.
    pub fn gone_by(&self, day: Option<&str>) -> bool {
        match (self.until.as_deref(), day) {
            (Some(until), Some(day)) => day.get(..until.len()).is_some_and(|d| d > until),
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Igo {
    pub code: String,
    pub name: String,
    pub names: Vec<String>,
    pub adjectives: Vec<String>,
    pub seats: Vec<String>,
    pub sector: String,
    pub parent: Option<String>,
    pub wikidata: Option<String>,
    pub origin: Origin,
}

/// A dated role; `from`/`until` padded to `YYYY-MM-DD` so they compare as text.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub office: String,
    pub from: Option<String>,
    pub until: Option<String>,
}

impl Role {
    pub fn covers(&self, day: &str) -> bool {
        self.from.as_deref().is_none_or(|f| f <= day)
            && self.until.as_deref().is_none_or(|u| day <= u)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub id: String,
    pub name: String,
    pub names: Vec<String>,
    pub gender: Option<Gender>,
    pub country: Option<String>,
    pub wikidata: Option<String>,
    pub roles: Vec<Role>,
    pub sector: Option<String>,
    /// The last day the authors knew the person's open roles to be held (padded to the
    /// period's last day); `None` for entries written without one.
    pub verified: Option<String>,
    pub origin: Origin,
}

impl Person {
    /// Was the entry generated from the Phoenix dictionaries ([`PHOENIX_FILES`])? Their
    /// people stand for a lone surname only after the document names them in full: many
    /// share a surname with better-known people or with words ("Islam", "Collins"), and
    /// their open-ended roles stopped being checked in 2014.
    pub fn is_from_phoenix(&self) -> bool {
        PHOENIX_FILES
            .iter()
            .any(|f| self.origin.file.rsplit('/').next() == Some(*f))
    }

    /// Does role `r` of this person count as held on `day`? A Phoenix role left open counts
    /// only to the end of the dictionaries' last checks ([`PHOENIX_CHECKED_UNTIL`]): Morgan
    /// Tsvangirai's open cabinet role of 2009 says nothing about 2019.
    pub fn holds_on(&self, r: &Role, day: &str) -> bool {
        r.covers(day)
            && (r.until.is_some() || !self.is_from_phoenix() || day <= PHOENIX_CHECKED_UNTIL)
    }

    /// Is the person known to hold `office` on `day`? An open role counts only up to
    /// `verified`: past it the knowledge base cannot tell whether they still hold it, and a
    /// title must not be given a possibly stale name.
    pub fn known_to_hold(&self, office: &str, day: &str) -> bool {
        self.roles.iter().any(|r| {
            r.office == office
                && r.covers(day)
                && (r.until.is_some() || self.verified.as_deref().is_none_or(|v| day <= v))
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Office {
    pub id: String,
    pub country: String,
    pub sector: String,
    pub titles: Vec<String>,
    /// Held by many people at once (a generic "member of government" office), so its
    /// roles may overlap.
    pub shared: bool,
    /// The code its holder acts as when that is an organ's, not the owner's: the UN
    /// Secretary-General is `UNSEC` (the event guide's code), though the office is the UN's.
    pub code: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub code: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub name: String,
    pub names: Vec<String>,
    pub wikidata: Option<String>,
    /// Dated sectors (armed groups that became governments); the first covering the
    /// document's date replaces `sector`, and the code becomes country + that sector.
    pub periods: Vec<OrgPeriod>,
    pub origin: Origin,
}

/// One dated sector of an organisation; dates padded like [`Role`]'s.
#[derive(Debug, Clone)]
pub(crate) struct OrgPeriod {
    pub from: Option<String>,
    pub until: Option<String>,
    pub sector: String,
}

impl OrgPeriod {
    pub fn covers(&self, day: &str) -> bool {
        self.from.as_deref().is_none_or(|f| f <= day)
            && self.until.as_deref().is_none_or(|u| day <= u)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SectorNoun {
    pub phrase: String,
    pub sector: String,
    pub origin: Origin,
}

/// The merged knowledge base with its phrase index. Immutable once built, so it is shared
/// across threads behind an `Arc`.
#[derive(Debug)]
pub struct KnowledgeBase {
    pub(crate) countries: Vec<Country>,
    pub(crate) igos: Vec<Igo>,
    pub(crate) people: Vec<Person>,
    pub(crate) offices: Vec<Office>,
    pub(crate) orgs: Vec<Org>,
    pub(crate) sectors: Vec<SectorNoun>,
    pub(crate) rules: Rules,
    pub(crate) lexicon: Lexicon,
    pub(crate) office_index: rustc_hash::FxHashMap<String, usize>,
    /// Entries a later file replaced (kind, key, replaced origin, new origin).
    pub(super) overrides: Vec<(String, String, Origin, Origin)>,
}

impl KnowledgeBase {
    /// The knowledge base compiled into the binary.
    pub fn builtin() -> Result<KnowledgeBase, KbError> {
        Self::from_sources(&[])
    }

    /// Built-in files, then the files in the user's config directory
    /// (`$ANNALS_CONFIG_DIR/actors/`, else `$XDG_CONFIG_HOME/annals/actors/`, else
    /// `~/.config/annals/actors/`; `*.toml` and `*.tsv` in name order), then `paths` in
    /// order. A later entry with the same key replaces the earlier one.
    pub fn with_user_files(paths: &[PathBuf]) -> Result<KnowledgeBase, KbError> {
        let mut files = config_dir_files()?;
        files.extend(paths.iter().cloned());
        let mut sources = Vec::new();
        for path in &files {
            let text = std::fs::read_to_string(path).map_err(|source| KbError::Io {
                file: path.display().to_string(),
                source,
            })?;
            sources.push((path.display().to_string(), text));
        }
        Self::from_sources(&sources)
    }

    /// Built-in files plus extra `(name, text)` sources (kind chosen by the name's extension).
    pub fn from_sources(extra: &[(String, String)]) -> Result<KnowledgeBase, KbError> {
        let mut b = Builder::default();
        // Parsing the TOML is most of the load; the files parse on threads of their own and
        // are added in order.
        let parsed = std::thread::scope(|scope| {
            let handles: Vec<_> = BUILTIN
                .iter()
                .map(|&(name, text)| {
                    scope.spawn(move || {
                        name.ends_with(".toml")
                            .then(|| file::parse_toml::<file::KbFile>(name, text))
                            .transpose()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect::<Vec<_>>()
        });
        for (&(name, text), parsed) in BUILTIN.iter().zip(parsed) {
            match parsed? {
                Some(file) => b.add_parsed(name, text, file)?,
                None => b.add(name, text)?,
            }
        }
        for (name, text) in extra {
            b.add(name, text)?;
        }
        b.finish()
    }

    /// Entries whose code, id or any name matches (case-insensitive), for `annals actor`.
    pub fn find(&self, code_or_name: &str) -> Vec<KbEntryView> {
        view::find(self, code_or_name)
    }

    /// Entries replaced by a later file: `(kind, key, file:line replaced, file:line new)`.
    pub fn overrides(&self) -> Vec<String> {
        self.overrides
            .iter()
            .map(|(kind, key, old, new)| {
                format!(
                    "{kind} {key}: {}:{} replaced by {}:{}",
                    old.file, old.line, new.file, new.line
                )
            })
            .collect()
    }

    /// Problems in role dates: two people holding one office over overlapping days.
    pub fn role_overlaps(&self) -> Vec<String> {
        let mut by_office: HashMap<&str, Vec<(&str, &str, &str)>> = HashMap::new();
        let shared = |id: &str| {
            self.office_index
                .get(id)
                .and_then(|&i| self.offices.get(i))
                .is_some_and(|o| o.shared)
        };
        for p in &self.people {
            for r in p.roles.iter().filter(|r| !shared(&r.office)) {
                by_office.entry(&r.office).or_default().push((
                    r.from.as_deref().unwrap_or("0000-00-00"),
                    r.until.as_deref().unwrap_or("9999-99-99"),
                    &p.name,
                ));
            }
        }
        let mut problems = Vec::new();
        for (office, mut spans) in by_office {
            spans.sort();
            for pair in spans.windows(2) {
                if let [a, b] = pair {
                    if b.0 < a.1 && !handover(a.1, b.0) {
                        problems.push(format!(
                            "{office}: {} ({}..{}) overlaps {} ({}..{})",
                            a.2, a.0, a.1, b.2, b.0, b.1
                        ));
                    }
                }
            }
        }
        problems.sort();
        problems
    }

    /// Counts per table, for `annals actor` and logs.
    pub fn summary(&self) -> String {
        format!(
            "{} countries, {} IGOs, {} people, {} offices, {} organisations, {} sector nouns",
            self.countries.len(),
            self.igos.len(),
            self.people.len(),
            self.offices.len(),
            self.orgs.len(),
            self.sectors.len()
        )
    }

    /// How many people have at least one dated role (a `from` or an `until`).
    pub fn people_with_dated_roles(&self) -> usize {
        self.people
            .iter()
            .filter(|p| {
                p.roles
                    .iter()
                    .any(|r| r.from.is_some() || r.until.is_some())
            })
            .count()
    }

    /// Who held `office` on `day` (`YYYY-MM-DD`), as far as the knowledge base knows: an
    /// open role past its holder's `verified` date gives no holder.
    pub(crate) fn holder(&self, office: &str, day: &str) -> Option<usize> {
        self.people
            .iter()
            .position(|p| p.known_to_hold(office, day))
    }
}

/// Does the overlap of a role ending on `until` with one starting on `from` lie inside one
/// imprecise period (FORMAT.md: `until = "2020-01"` and the next `from = "2020-01"` name
/// the month of the hand-over)? Both dates are padded, so a month written without a day
/// ends on day 28-31 or starts on day 01, and a year ends on 12-31 or starts on 01-01.
fn handover(until: &str, from: &str) -> bool {
    let (uy, um, ud) = (until.get(..4), until.get(..7), until.get(8..));
    let (fy, fm, fd) = (from.get(..4), from.get(..7), from.get(8..));
    let same_month = um.is_some() && um == fm;
    let same_year = uy.is_some() && uy == fy;
    let month_end = ud.is_some_and(|d| d >= "28");
    (same_month && (fd == Some("01") || month_end))
        || (same_year && (until.ends_with("-12-31") || from.ends_with("-01-01")))
}

fn config_dir_files() -> Result<Vec<PathBuf>, KbError> {
    let dir = if let Some(d) = std::env::var_os("ANNALS_CONFIG_DIR") {
        PathBuf::from(d).join("actors")
    } else if let Some(d) = std::env::var_os("XDG_CONFIG_HOME") {
        PathBuf::from(d).join("annals").join("actors")
    } else if let Some(h) = std::env::var_os("HOME") {
        PathBuf::from(h)
            .join(".config")
            .join("annals")
            .join("actors")
    } else {
        return Ok(Vec::new());
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(KbError::Io {
                file: dir.display().to_string(),
                source,
            })
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "tsv")))
        .collect();
    files.sort();
    Ok(files)
}

/// Path helper for tests and the CLI: is this a knowledge-base file name?
pub fn is_kb_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("toml" | "tsv")
    )
}
