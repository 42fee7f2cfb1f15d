//! Modality: how far the sentence commits to an event (asserted, reported, expected,
//! speculative, negated, hypothetical), from cues on the trigger and on the clauses it
//! depends on. The cue words live in `data/modality.txt`.

use std::collections::HashMap;

use annals_core::Modality;

use crate::error::CoderError;
use crate::tree::Tree;

pub const BUILTIN_LEXICON: &str = include_str!("../../data/modality.txt");

/// Where a cue word must stand to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    Adverb,
    Aux,
    Governor,
    Noun,
    Modifier,
    Speech,
    Mark,
}

/// Cue words by position, each with the modality it signals.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashMap<(Cue, String), Modality>,
}

impl Lexicon {
    pub fn parse(name: &str, text: &str) -> Result<Lexicon, CoderError> {
        let mut lex = Lexicon::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| CoderError::Pattern {
                file: name.to_string(),
                line: i + 1,
                message,
            };
            let fields: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let [modality, cue, words] = fields.as_slice() else {
                return Err(err(format!("expected 3 fields, found {}", fields.len())));
            };
            let modality = Modality::parse(modality)
                .ok_or_else(|| err(format!("unknown modality {modality:?}")))?;
            let cue = match *cue {
                "adverb" => Cue::Adverb,
                "aux" => Cue::Aux,
                "governor" => Cue::Governor,
                "noun" => Cue::Noun,
                "modifier" => Cue::Modifier,
                "speech" => Cue::Speech,
                "mark" => Cue::Mark,
                other => return Err(err(format!("unknown cue {other:?}"))),
            };
            for w in words.split(',').map(|w| w.trim().to_lowercase()) {
                if !w.is_empty() {
                    lex.words.insert((cue, w), modality);
                }
            }
        }
        Ok(lex)
    }

    pub fn builtin() -> Result<Lexicon, CoderError> {
        Lexicon::parse("data/modality.txt", BUILTIN_LEXICON)
    }

    fn get(&self, cue: Cue, tree: &Tree, i: usize) -> Option<Modality> {
        self.words
            .get(&(cue, tree.word(i)))
            .or_else(|| self.words.get(&(cue, tree.form(i).to_lowercase())))
            .copied()
    }
}

/// Strength of a modality when several cues apply: the least committal wins.
fn rank(m: Modality) -> u8 {
    match m {
        Modality::Asserted => 0,
        Modality::Reported => 1,
        Modality::Expected => 2,
        Modality::Speculative => 3,
        Modality::Hypothetical => 4,
        Modality::Negated => 5,
    }
}

/// The modality of one event and, for reported content, the token heading the speaker
/// ("officials", "TASS").
#[derive(Debug, Clone, PartialEq)]
pub struct ModalityReading {
    pub modality: Modality,
    pub speaker: Option<usize>,
    /// The cue word's token, for debugging and tests.
    pub cue: Option<usize>,
}

impl ModalityReading {
    fn add(&mut self, m: Modality, cue: usize) {
        if rank(m) > rank(self.modality) {
            self.modality = m;
            self.cue = Some(cue);
        }
    }
}

/// Read the modality of the event triggered at `trigger` (with `theme` its theme token).
pub fn analyze(
    lex: &Lexicon,
    tree: &Tree,
    trigger: usize,
    theme: Option<usize>,
    nominal: bool,
) -> ModalityReading {
    let mut r = ModalityReading {
        modality: Modality::Asserted,
        speaker: None,
        cue: None,
    };
    // "the agreement, reported by TASS": a participle of saying on the trigger or theme.
    for host in std::iter::once(trigger).chain(theme) {
        for c in tree.children_rel(host, "acl") {
            if lex.get(Cue::Speech, tree, c) == Some(Modality::Reported) {
                r.add(Modality::Reported, c);
                r.speaker = r.speaker.or(speaker_of(tree, c));
            }
        }
    }
    let mut node = trigger;
    if nominal {
        for &c in tree.children(trigger) {
            if matches!(tree.base_rel(c), "amod" | "det") {
                if let Some(m) = lex.get(Cue::Modifier, tree, c) {
                    r.add(m, c);
                }
            }
        }
        // "potentially including the transfer": an adverb on the nominal's preposition.
        for c in tree.children_rel(trigger, "case") {
            for a in tree.children_rel(c, "advmod") {
                if let Some(m) = lex.get(Cue::Adverb, tree, a) {
                    r.add(m, a);
                }
            }
        }
        // A nominal takes the modality of the verb whose object it is ("may provide aid").
        match (tree.base_rel(trigger), tree.head(trigger)) {
            (rel @ ("obj" | "iobj" | "obl" | "nmod"), Some(h)) => {
                if rel == "nmod" {
                    if let Some(m) = lex.get(Cue::Noun, tree, h) {
                        r.add(m, h);
                    }
                    return r;
                }
                // "arrange a meeting", "plan a visit", "refused talks".
                if rel == "obj" {
                    if let Some(m) = lex.get(Cue::Governor, tree, h) {
                        r.add(m, h);
                    }
                }
                node = h;
            }
            _ => return r,
        }
    }
    for _ in 0..8 {
        local_cues(lex, tree, node, &mut r);
        let Some(h) = tree.head(node) else { break };
        // An infinitive the parser read as an adverbial clause ("agreed on Monday to
        // impose") is a complement of its governor.
        let infinitive = tree.base_rel(node) == "advcl"
            && tree
                .children_rel(node, "mark")
                .any(|m| tree.form(m).eq_ignore_ascii_case("to"));
        match if infinitive {
            "xcomp"
        } else {
            tree.base_rel(node)
        } {
            "xcomp" | "ccomp" | "csubj" => {
                if let Some(m) = lex.get(Cue::Governor, tree, h) {
                    r.add(m, h);
                }
                if lex.get(Cue::Speech, tree, h) == Some(Modality::Reported)
                    && tree.base_rel(node) == "ccomp"
                {
                    r.add(Modality::Reported, h);
                    r.speaker = r.speaker.or(speaker_of(tree, h));
                }
            }
            "acl" if tree.deprel(node) != "acl:relcl" => {
                if let Some(m) = lex.get(Cue::Noun, tree, h) {
                    r.add(m, h);
                }
                break;
            }
            "conj" => {}
            _ => break,
        }
        node = h;
    }
    r
}

/// Cues on one clause head: auxiliaries, adverbs, negation, "if", "according to X" and a
/// parenthetical "officials said".
fn local_cues(lex: &Lexicon, tree: &Tree, node: usize, r: &mut ModalityReading) {
    let mut has_would = false;
    let mut has_if_clause = false;
    for &c in tree.children(node) {
        match tree.deprel(c) {
            "aux" => {
                if let Some(m) = lex.get(Cue::Aux, tree, c) {
                    r.add(m, c);
                }
                has_would |= tree.word(c) == "would";
            }
            "advmod" => {
                if let Some(m) = lex.get(Cue::Adverb, tree, c) {
                    r.add(m, c);
                }
            }
            "mark" => {
                if let Some(m) = lex.get(Cue::Mark, tree, c) {
                    r.add(m, c);
                }
            }
            "advcl" => {
                has_if_clause |= tree
                    .children_exact(c, "mark")
                    .any(|m| lex.get(Cue::Mark, tree, m) == Some(Modality::Hypothetical));
            }
            "parataxis" if lex.get(Cue::Speech, tree, c) == Some(Modality::Reported) => {
                r.add(Modality::Reported, c);
                r.speaker = r.speaker.or(speaker_of(tree, c));
            }
            _ => {}
        }
        if tree.base_rel(c) == "obl" && tree.case_of(c).as_deref() == Some("according to") {
            r.add(Modality::Reported, c);
            r.speaker = r.speaker.or(Some(c));
        }
    }
    if has_would && has_if_clause {
        r.add(Modality::Hypothetical, node);
    }
}

/// The speaker of a verb of saying: its subject, or the agent of a passive ("reported by
/// TASS").
fn speaker_of(tree: &Tree, verb: usize) -> Option<usize> {
    tree.children_exact(verb, "obl:agent")
        .next()
        .or_else(|| tree.children_exact(verb, "nsubj").next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses() {
        let lex = Lexicon::builtin();
        assert!(lex.is_ok(), "{:?}", lex.err());
        let lex = lex.unwrap_or_default();
        assert_eq!(
            lex.words.get(&(Cue::Adverb, "reportedly".to_string())),
            Some(&Modality::Reported)
        );
        assert_eq!(
            lex.words.get(&(Cue::Governor, "refuse".to_string())),
            Some(&Modality::Negated)
        );
    }

    #[test]
    fn lexicon_errors_name_the_line() {
        let e = Lexicon::parse("m.txt", "\nsure | adverb | surely\n");
        let msg = e.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.starts_with("m.txt:2:"), "{msg}");
    }

    #[test]
    fn least_committal_cue_wins() {
        assert!(rank(Modality::Negated) > rank(Modality::Speculative));
        assert!(rank(Modality::Speculative) > rank(Modality::Reported));
    }
}
