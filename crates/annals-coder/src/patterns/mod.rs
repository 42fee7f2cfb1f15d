//! Trigger patterns: which verb or noun, with which theme, codes which CAMEO event.
//!
//! The patterns live in `data/patterns.txt` (one a line, documented in the file's header),
//! so a coder change is a reviewable one-line diff.

use std::collections::HashMap;

use crate::error::CoderError;

pub mod wrappers;
pub use wrappers::{WrapperResult, WrapperTable};

/// The shipped pattern file.
pub const BUILTIN_PATTERNS: &str = include_str!("../../data/patterns.txt");

/// Verb patterns derived from PETRARCH-2's CAMEO verb dictionary by
/// `examples/petrarch_verbs.rs`; read after the curated file, so curated patterns win.
pub const DERIVED_PATTERNS: &str = include_str!("../../data/patterns_petrarch.txt");

/// Verbal or nominal trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerKind {
    Verb,
    Noun,
}

/// Which argument a noun's "of" modifier fills when it is an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfRole {
    Source,
    Target,
}

/// One trigger pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// 1-based line in the pattern file, to trace an event back to its rule.
    pub line: usize,
    pub code: String,
    pub kind: TriggerKind,
    /// Trigger lemma; for phrasal verbs ("call on") the first word.
    pub lemma: String,
    /// Particle or preposition that must depend on the verb ("on" of "call on").
    pub particle: Option<String>,
    /// Words one of which must head or modify the theme; empty when any theme goes.
    pub theme: Vec<String>,
    pub symmetric: bool,
    pub of_role: OfRole,
    /// Prepositions that may introduce the target.
    pub preps: Vec<String>,
    /// Only the direct object may be the target.
    pub object_target_only: bool,
    /// A noun's "from" phrase is its source ("objections from Washington").
    pub from_source: bool,
    /// A preposition whose phrase must hang on the trigger for the pattern to apply
    /// (PETRARCH's "WELCOME * (TO)": "welcomed the envoy *to* Moscow" hosts a visit,
    /// "welcomed the agreement" does not).
    pub required_prep: Option<String>,
    /// Code of the converse event, target → source ("host a visit", 043).
    pub host_code: Option<String>,
    /// The trigger names a feeling of its subject ("concerned", "alarmed", "pleased",
    /// "opposed"): it codes only as an adjective or a passive, with the one who feels as
    /// the source and what the feeling is about as the target (see `extract::experiencer`).
    pub experiencer: bool,
    /// Where the pattern comes from: `curated` (data/patterns.txt, tried first), `petrarch`
    /// (derived from PETRARCH-2's dictionary) or `corpus` (trigger words of the annotated
    /// training corpus, kept in the event model's file). A feature of the event model.
    pub origin: &'static str,
}

impl Pattern {
    /// Specificity in 0–1, used by the confidence score: a theme-constrained pattern is
    /// more reliable than a bare lemma.
    pub fn specificity(&self) -> f64 {
        match (self.theme.is_empty(), self.kind) {
            (false, TriggerKind::Verb) => 0.95,
            (true, TriggerKind::Verb) => 0.85,
            (false, TriggerKind::Noun) => 0.9,
            (true, TriggerKind::Noun) => 0.8,
        }
    }
}

const DEFAULT_PREPS: &[&str] = &[
    "to", "with", "against", "on", "toward", "towards", "at", "into", "from", "for",
];

/// The compiled pattern set, indexed by (kind, lemma) in file order.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    patterns: Vec<Pattern>,
    by_lemma: HashMap<(TriggerKind, String), Vec<usize>>,
    /// Wrapper verbs and how they recode the act they wrap (empty unless set).
    wrappers: WrapperTable,
}

impl PatternSet {
    /// Parse the pattern file; `name` goes into error messages.
    pub fn parse(name: &str, text: &str) -> Result<PatternSet, CoderError> {
        let mut set = PatternSet::default();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |msg: String| CoderError::Pattern {
                file: name.to_string(),
                line: line_no,
                message: msg,
            };
            let fields: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let [code, kind, lemmas, theme, options] = fields.as_slice() else {
                return Err(err(format!("expected 5 fields, found {}", fields.len())));
            };
            if code.len() < 2 || code.len() > 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(format!("bad CAMEO code {code:?}")));
            }
            let kind = match *kind {
                "verb" => TriggerKind::Verb,
                "noun" => TriggerKind::Noun,
                other => return Err(err(format!("kind must be verb or noun, not {other:?}"))),
            };
            let theme: Vec<String> = if *theme == "-" {
                Vec::new()
            } else {
                split_list(theme)
            };
            let mut symmetric = false;
            let mut of_role = OfRole::Target;
            let mut preps: Vec<String> = DEFAULT_PREPS.iter().map(|s| s.to_string()).collect();
            let mut object_target_only = false;
            let mut from_source = false;
            let mut host_code = None;
            let mut required_prep = None;
            let mut experiencer = false;
            for opt in options.split_whitespace() {
                match opt {
                    "sym" => symmetric = true,
                    "of=source" => of_role = OfRole::Source,
                    "of=target" => of_role = OfRole::Target,
                    "target=obj" => object_target_only = true,
                    "from=source" => from_source = true,
                    "experiencer" => experiencer = true,
                    "-" => {}
                    _ => {
                        if let Some(list) = opt.strip_prefix("preps=") {
                            preps = split_list(list);
                        } else if let Some(code) = opt.strip_prefix("host=") {
                            host_code = Some(code.to_string());
                        } else if let Some(prep) = opt.strip_prefix("need=") {
                            required_prep = Some(prep.to_string());
                        } else {
                            return Err(err(format!("unknown option {opt:?}")));
                        }
                    }
                }
            }
            let lemma_list = split_list(lemmas);
            if lemma_list.is_empty() {
                return Err(err("no lemmas".to_string()));
            }
            for lemma in lemma_list {
                let mut words = lemma.split_whitespace();
                let head = words.next().unwrap_or_default().to_string();
                let particle = words.next().map(str::to_string);
                let idx = set.patterns.len();
                set.patterns.push(Pattern {
                    line: line_no,
                    code: code.to_string(),
                    kind,
                    lemma: head.clone(),
                    particle,
                    theme: theme.clone(),
                    symmetric,
                    of_role,
                    preps: preps.clone(),
                    object_target_only,
                    from_source,
                    required_prep: required_prep.clone(),
                    host_code: host_code.clone(),
                    experiencer,
                    origin: "curated",
                });
                set.by_lemma.entry((kind, head)).or_default().push(idx);
            }
        }
        Ok(set)
    }

    /// The shipped patterns.
    pub fn builtin() -> Result<PatternSet, CoderError> {
        let mut set = PatternSet::parse("data/patterns.txt", BUILTIN_PATTERNS)?;
        let mut derived = PatternSet::parse("data/patterns_petrarch.txt", DERIVED_PATTERNS)?;
        derived.set_origin("petrarch");
        set.append(derived);
        set.wrappers = WrapperTable::builtin()?;
        Ok(set)
    }

    /// Mark every pattern of the set as coming from `origin`.
    pub fn set_origin(&mut self, origin: &'static str) {
        for p in &mut self.patterns {
            p.origin = origin;
        }
    }

    /// Add `other`'s patterns after this set's, so this set's patterns are tried first.
    pub fn append(&mut self, other: PatternSet) {
        for p in other.patterns {
            let idx = self.patterns.len();
            self.by_lemma
                .entry((p.kind, p.lemma.clone()))
                .or_default()
                .push(idx);
            self.patterns.push(p);
        }
    }

    /// Patterns for a trigger lemma, in file order (specific before general).
    pub fn candidates(&self, kind: TriggerKind, lemma: &str) -> impl Iterator<Item = &Pattern> {
        self.by_lemma
            .get(&(kind, lemma.to_string()))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.patterns.get(i))
    }

    /// Whether an adjective with this lemma ("concerned", "pleased") is a trigger: some
    /// verbal pattern of the lemma reads its subject's feeling.
    pub fn is_experiencer(&self, lemma: &str) -> bool {
        self.candidates(TriggerKind::Verb, lemma)
            .any(|p| p.experiencer)
    }

    /// The wrapper verbs ("threatened to", "refused to") the extraction recodes.
    pub fn wrappers(&self) -> &WrapperTable {
        &self.wrappers
    }

    /// Replace the wrapper table.
    pub fn set_wrappers(&mut self, wrappers: WrapperTable) {
        self.wrappers = wrappers;
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Pattern> {
        self.patterns.iter()
    }
}

/// A comma-separated list, trimmed and lower-cased, empty items dropped.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_patterns_parse_and_cover_every_cameo_root() {
        let set = PatternSet::builtin().unwrap_or_default();
        assert!(set.len() > 150, "{} patterns", set.len());
        for root in 1..=20 {
            let root = format!("{root:02}");
            assert!(
                set.iter().any(|p| p.code.starts_with(&root)),
                "no pattern for CAMEO root {root}"
            );
        }
    }

    #[test]
    fn phrasal_verbs_keep_their_particle() {
        let set = PatternSet::parse("t", "020 | verb | call on | - | target=obj\n");
        let set = set.unwrap_or_default();
        let p: Vec<_> = set.candidates(TriggerKind::Verb, "call").collect();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].particle.as_deref(), Some("on"));
        assert!(p[0].object_target_only);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = PatternSet::parse("p.txt", "# c\n057 | verb | sign\n");
        let msg = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("p.txt:2"), "{msg}");
        let e = PatternSet::parse("p.txt", "05x | verb | sign | - | -\n");
        assert!(e.is_err());
        let e = PatternSet::parse("p.txt", "057 | verb | sign | - | bogus\n");
        assert!(e.is_err());
    }
}
