//! Wrapper verbs (`data/wrappers.tsv`): "threatened to strike", "refused to sign", "offered
//! to mediate". The sentence states the threat, the refusal, the offer; the wrapped act is
//! what is threatened, refused or offered, and decides the wrapper's CAMEO code.

use std::collections::HashMap;

use super::{split_list, OfRole, Pattern, TriggerKind};
use crate::error::CoderError;

/// The shipped wrapper table.
pub const BUILTIN_WRAPPERS: &str = include_str!("../../data/wrappers.tsv");

/// What a wrapper makes of the act it wraps.
#[derive(Debug, Clone, PartialEq)]
pub enum WrapperResult {
    /// Recode the act as the wrapper event with this pattern (its code).
    Code(Box<Pattern>),
    /// The act stands on its own, no wrapper event.
    Keep,
    /// The act is not coded; the wrapper verb's own patterns code the sentence.
    Drop,
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    /// CAMEO code prefixes of the wrapped act; empty matches any.
    embedded: Vec<String>,
    result: WrapperResult,
}

/// Wrapper rows by verb lemma, in file order.
#[derive(Debug, Clone, Default)]
pub struct WrapperTable {
    by_lemma: HashMap<String, Vec<Row>>,
}

impl WrapperTable {
    /// Parse the table; `name` goes into `file:line` errors.
    pub fn parse(name: &str, text: &str) -> Result<WrapperTable, CoderError> {
        let mut table = WrapperTable::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| CoderError::Pattern {
                file: name.to_string(),
                line: i + 1,
                message,
            };
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [lemmas, embedded, result] = fields.as_slice() else {
                return Err(err(format!(
                    "expected 3 tab-separated fields, found {}",
                    fields.len()
                )));
            };
            let embedded: Vec<String> = if *embedded == "*" {
                Vec::new()
            } else {
                split_list(embedded)
            };
            if embedded
                .iter()
                .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(err(format!("bad CAMEO prefix list {embedded:?}")));
            }
            let lemmas = split_list(lemmas);
            if lemmas.is_empty() {
                return Err(err("no lemmas".to_string()));
            }
            for lemma in lemmas {
                let result = match *result {
                    "keep" => WrapperResult::Keep,
                    "drop" => WrapperResult::Drop,
                    code if (2..=4).contains(&code.len())
                        && code.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        WrapperResult::Code(Box::new(wrapper_pattern(i + 1, &lemma, code)))
                    }
                    other => {
                        return Err(err(format!(
                            "result must be a CAMEO code, keep or drop, not {other:?}"
                        )))
                    }
                };
                table.by_lemma.entry(lemma).or_default().push(Row {
                    embedded: embedded.clone(),
                    result,
                });
            }
        }
        Ok(table)
    }

    /// The shipped table.
    pub fn builtin() -> Result<WrapperTable, CoderError> {
        WrapperTable::parse("data/wrappers.tsv", BUILTIN_WRAPPERS)
    }

    /// What the wrapper verb `lemma` makes of an act coded `code`; `None` when the verb is
    /// no wrapper.
    pub fn lookup(&self, lemma: &str, code: &str) -> Option<&WrapperResult> {
        self.by_lemma
            .get(lemma)?
            .iter()
            .find(|r| r.embedded.is_empty() || r.embedded.iter().any(|p| code.starts_with(p)))
            .map(|r| &r.result)
    }

    /// Whether `lemma` wraps anything.
    pub fn is_wrapper(&self, lemma: &str) -> bool {
        self.by_lemma.contains_key(lemma)
    }

    /// Every wrapper pattern, to check its code against the ontology.
    pub fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.by_lemma
            .values()
            .flatten()
            .filter_map(|r| match &r.result {
                WrapperResult::Code(p) => Some(p.as_ref()),
                _ => None,
            })
    }
}

/// The pattern a wrapper event is proposed under: a reviewed reading of the construction,
/// so it counts as curated for the event model.
fn wrapper_pattern(line: usize, lemma: &str, code: &str) -> Pattern {
    Pattern {
        line,
        code: code.to_string(),
        kind: TriggerKind::Verb,
        lemma: lemma.to_string(),
        particle: None,
        theme: Vec::new(),
        symmetric: false,
        of_role: OfRole::Target,
        preps: Vec::new(),
        object_target_only: false,
        experiencer: false,
        from_source: false,
        required_prep: None,
        host_code: None,
        origin: "curated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_matching_row_wins() {
        let t = WrapperTable::builtin().unwrap_or_default();
        let code = |lemma: &str, act: &str| match t.lookup(lemma, act) {
            Some(WrapperResult::Code(p)) => p.code.clone(),
            Some(WrapperResult::Keep) => "keep".to_string(),
            Some(WrapperResult::Drop) => "drop".to_string(),
            None => "none".to_string(),
        };
        assert_eq!(code("threaten", "190"), "138");
        assert_eq!(code("threaten", "163"), "1312");
        assert_eq!(code("threaten", "057"), "130");
        assert_eq!(code("refuse", "010"), "drop");
        assert_eq!(code("decline", "0831"), "124");
        assert_eq!(code("offer", "045"), "039");
        assert_eq!(code("agree", "074"), "0334");
        assert_eq!(code("agree", "163"), "keep");
        assert_eq!(code("urge", "0871"), "drop");
        assert_eq!(code("say", "190"), "none");
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = WrapperTable::parse("w.tsv", "# c\nthreaten\t19\n");
        let msg = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("w.tsv:2"), "{msg}");
        assert!(WrapperTable::parse("w.tsv", "threaten\t1x\t138\n").is_err());
        assert!(WrapperTable::parse("w.tsv", "threaten\t19\tmaybe\n").is_err());
    }
}
