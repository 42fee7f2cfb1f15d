//! Converts PETRARCH-2's Phoenix dictionaries (Open Event Data Alliance, MIT licence) into
//! annals knowledge-base files: `data/phoenix-people.toml` (people with dated roles),
//! `data/phoenix-orgs.toml` (organisations) and `data/phoenix-agents.tsv` (sector nouns).
//!
//! A development tool, run by hand when the rules change, never at build time:
//!
//! ```text
//! ANNALS_SHARED=../shared cargo run -p annals-actors --example phoenix_convert
//! ```
//!
//! It reads `$ANNALS_SHARED/data/petrarch2-dictionaries/Phoenix.{Countries,International}
//! .actors.txt` and `Phoenix.agents.txt` (never `Phoenix.MilNonState.actors.txt`, whose
//! provenance is a third-party database), the UD English-EWT treebank for the list of
//! common lower-case words (a one-word name that is an ordinary word is dropped), and the
//! hand-written `data/*` files, whose entries win: people, organisations and nouns they
//! already have are skipped. It prints what each rule kept and dropped.

mod agents;
mod codes;
mod dict;
mod emit;
mod existing;
mod names;
mod orgs;
mod people;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use existing::Existing;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// Counts of what each rule did, with a few examples each, printed at the end.
#[derive(Debug, Default)]
pub struct Stats(BTreeMap<String, (usize, Vec<String>)>);

impl Stats {
    pub fn bump(&mut self, what: &str) {
        self.note(what, "");
    }

    /// Count a rule's use and keep the first examples of what it applied to.
    pub fn note(&mut self, what: &str, example: &str) {
        let (n, ex) = self.0.entry(what.to_string()).or_default();
        *n += 1;
        let limit: usize = std::env::var("PHOENIX_EXAMPLES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(4);
        if !example.is_empty() && ex.len() < limit {
            ex.push(example.to_string());
        }
    }
}

fn read(path: &Path) -> Res<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// How English uses a word, from the UD English-EWT treebank: lower-case and capitalised
/// occurrences, and the part of speech and lemma of its lower-case uses.
#[derive(Debug, Default)]
pub struct WordUse {
    pub lower: usize,
    pub capital: usize,
    pub adj: usize,
    pub noun: usize,
    /// Lower-case noun uses whose lemma differs from the form (plurals).
    pub plural: usize,
}

/// Word uses of the treebank, keyed by lower-case form.
#[derive(Debug, Default)]
pub struct Words(HashMap<String, WordUse>);

impl Words {
    fn read(ewt: &Path) -> Res<Words> {
        let mut words: HashMap<String, WordUse> = HashMap::new();
        for name in [
            "en_ewt-ud-train.conllu",
            "en_ewt-ud-dev.conllu",
            "en_ewt-ud-test.conllu",
        ] {
            for line in read(&ewt.join(name))?.lines() {
                let cols: Vec<&str> = line.split('\t').collect();
                let [id, form, lemma, upos, ..] = cols.as_slice() else {
                    continue;
                };
                if !id.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                let u = words.entry(form.to_lowercase()).or_default();
                if form.chars().all(|c| c.is_lowercase() || c == '-') {
                    u.lower += 1;
                    match *upos {
                        "ADJ" => u.adj += 1,
                        "NOUN" => {
                            u.noun += 1;
                            if lemma != form {
                                u.plural += 1;
                            }
                        }
                        _ => {}
                    }
                } else if form.chars().next().is_some_and(char::is_uppercase)
                    && form.chars().skip(1).all(char::is_lowercase)
                {
                    u.capital += 1;
                }
            }
        }
        Ok(Words(words))
    }

    pub fn get(&self, w: &str) -> Option<&WordUse> {
        self.0.get(&w.to_lowercase())
    }

    /// An ordinary English word: written in lower case at least twice, and at least as
    /// often as capitalised ("said", "young", "during"; not "Lopez").
    pub fn common(&self, w: &str) -> bool {
        self.get(w)
            .is_some_and(|u| u.lower >= 2 && u.lower >= u.capital)
    }

    /// Is this lower-case form only ever an adjective ("civil", "foreign"), never a noun
    /// (unlike "official", "executive", "criminal")?
    pub fn adjective(&self, w: &str) -> bool {
        self.get(w).is_some_and(|u| u.adj > 0 && u.noun == 0)
    }

    /// Is this form mostly a plural noun ("women", "victims")?
    pub fn plural(&self, w: &str) -> bool {
        self.get(w)
            .is_some_and(|u| u.noun > 0 && u.plural * 2 > u.noun)
    }

    /// Is `w` not a word itself but a stem ("compan", "minist", "industr") whose words
    /// the treebank has ("company", "minister", "industry")?
    pub fn stem(&self, w: &str) -> bool {
        self.get(w).is_none()
            && w.len() >= 4
            && ["y", "ies", "er", "ers", "ry", "ries"]
                .iter()
                .any(|s| self.get(&format!("{w}{s}")).is_some())
    }
}

fn main() -> Res<()> {
    let shared = std::env::var_os("ANNALS_SHARED")
        .map(PathBuf::from)
        .ok_or("set ANNALS_SHARED to the shared directory (with data/petrarch2-dictionaries)")?;
    let dicts = shared.join("data").join("petrarch2-dictionaries");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let ex = Existing::read(&data)?;
    let words = Words::read(&shared.join("data").join("ud-english-ewt"))?;
    let mut stats = Stats::default();

    let countries = dict::parse_actors(&read(&dicts.join("Phoenix.Countries.actors.txt"))?);
    let international = dict::parse_actors(&read(&dicts.join("Phoenix.International.actors.txt"))?);
    let mut offices = HashSet::new();
    let mut persons = Vec::new();
    let rest_c = people::people(
        &countries,
        &ex,
        &words,
        &mut stats,
        &mut offices,
        &mut persons,
    );
    let rest_i = people::people(
        &international,
        &ex,
        &words,
        &mut stats,
        &mut offices,
        &mut persons,
    );
    let mut first_counts: HashMap<String, usize> = HashMap::new();
    for p in &persons {
        if let Some(first) = p.name.split_whitespace().next() {
            *first_counts.entry(first.to_uppercase()).or_default() += 1;
        }
    }
    people::drop_bad_short_names(&mut persons, &words, &mut stats);
    people::finish(&mut persons, &ex);
    let person_names: HashSet<String> = persons
        .iter()
        .flat_map(|p| std::iter::once(&p.name).chain(&p.names))
        .map(|n| names::key(n))
        .collect();
    let first_names: HashSet<String> = first_counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(f, _)| f)
        .collect();
    let mut organisations = Vec::new();
    let known = orgs::Known {
        ex: &ex,
        words: &words,
        people_names: &person_names,
        first_names: &first_names,
    };
    orgs::orgs(&rest_c, "Countries", &known, &mut stats, &mut organisations);
    orgs::orgs(
        &rest_i,
        "International",
        &known,
        &mut stats,
        &mut organisations,
    );
    orgs::finish(&mut organisations);
    let nouns = agents::agents(
        &read(&dicts.join("Phoenix.agents.txt"))?,
        &ex,
        &words,
        &mut stats,
    );

    let used: HashSet<&str> = persons
        .iter()
        .flat_map(|p| p.roles.iter().map(|r| r.office.as_str()))
        .collect();
    let mut offices: Vec<_> = offices
        .into_iter()
        .filter(|o| used.contains(o.id.as_str()))
        .collect();
    offices.sort();
    let head = emit::header(
        "People with dated roles, from Phoenix: a people table (format in FORMAT.md).",
        "Phoenix.Countries.actors.txt, Phoenix.International.actors.txt",
        &[
            "Dates: Phoenix YYMMDD read with 00-20 as 2000-2020; `>D` is an open-ended role (the",
            "data says so), `<D` a role until D. ELI spans are left out: annals makes a person",
            "whose roles have ended an elite (ELI) itself.",
        ],
    );
    std::fs::write(
        data.join("phoenix-people.tsv"),
        emit::people_tsv(&head, &persons),
    )?;
    let head = emit::header(
        "Generic offices of phoenix-people.tsv (format in FORMAT.md).",
        "Phoenix.Countries.actors.txt, Phoenix.International.actors.txt",
        &[],
    );
    std::fs::write(
        data.join("phoenix-offices.toml"),
        emit::offices_toml(&head, &offices),
    )?;
    let head = emit::header(
        "Organisations from Phoenix (format in FORMAT.md).",
        "Phoenix.Countries.actors.txt, Phoenix.International.actors.txt",
        &[
            "IGOs that igos.toml does not have are `IGO`, NGOs `NGO`; companies only when they",
            "are news media (country + MED) or state-owned (country + BUS).",
        ],
    );
    std::fs::write(
        data.join("phoenix-orgs.toml"),
        emit::orgs_toml(&head, &organisations),
    )?;
    let head = emit::header(
        "Sector nouns from Phoenix.agents.txt: phrase<TAB>sector (format in FORMAT.md).",
        "Phoenix.agents.txt",
        &["Only nouns whose Phoenix code fits an annals sector; sectors.tsv wins."],
    );
    std::fs::write(
        data.join("phoenix-agents.tsv"),
        emit::agents_tsv(&head, &nouns),
    )?;

    let dated = persons.iter().filter(|p| !p.roles.is_empty()).count();
    println!(
        "people: {} ({} with dated roles, {} generic offices); organisations: {}; sector nouns: {}",
        persons.len(),
        dated,
        offices.len(),
        organisations.len(),
        nouns.len()
    );
    for (what, (n, examples)) in &stats.0 {
        println!("  {n:>6}  {what}");
        if !examples.is_empty() {
            println!("          e.g. {}", examples.join(" | "));
        }
    }
    Ok(())
}
