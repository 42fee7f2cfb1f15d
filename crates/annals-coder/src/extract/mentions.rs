//! Finding the actor mention behind a token of the tree.

use annals_core::{ActorMention, Upos};

use crate::tree::Tree;

/// The actor mentions of one sentence, looked up by token.
pub struct SentenceMentions<'m> {
    pub mentions: Vec<&'m ActorMention>,
}

impl<'m> SentenceMentions<'m> {
    pub fn new(all: &'m [ActorMention], sentence: usize) -> SentenceMentions<'m> {
        SentenceMentions {
            mentions: all.iter().filter(|m| m.sentence == sentence).collect(),
        }
    }

    pub fn get(&self, i: usize) -> Option<&'m ActorMention> {
        self.mentions.get(i).copied()
    }

    /// The mention whose head is `tok`, else the narrowest mention covering `tok`.
    pub fn at(&self, tok: usize) -> Option<usize> {
        if let Some(i) = self.mentions.iter().position(|m| m.head == tok) {
            return Some(i);
        }
        self.mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.tokens.0 <= tok && tok < m.tokens.1)
            .min_by_key(|(_, m)| m.tokens.1.saturating_sub(m.tokens.0))
            .map(|(i, _)| i)
    }

    /// A resolved mention at `tok`.
    pub fn resolved_at(&self, tok: usize) -> Option<usize> {
        self.at(tok)
            .filter(|&i| self.get(i).is_some_and(ActorMention::is_resolved))
    }

    /// Resolved mentions of a nominal and of the nominals it conjoins, each once. A
    /// relative pronoun stands for the noun its clause modifies.
    pub fn resolved_conjuncts(&self, tree: &Tree, tok: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut tokens = tree.with_conjuncts(tok);
        // "the delegations of Cyprus, Greece and Israel" is one mention whose inner noun
        // carries the conjuncts.
        if let Some(m) = self.at(tok).and_then(|i| self.get(i)) {
            for k in m.tokens.0..m.tokens.1 {
                for c in tree.children_exact(k, "conj") {
                    if !(m.tokens.0..m.tokens.1).contains(&c) && !tokens.contains(&c) {
                        tokens.extend(tree.with_conjuncts(c));
                    }
                }
            }
        }
        for t in tokens {
            let found = match relative_antecedent(tree, t) {
                Some(a) => self.resolved_at(a),
                None if is_relative_pronoun(tree, t) => self.just_before(tree, t),
                None => self.resolved_at(t),
            };
            if let Some(m) = found {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
        out
    }

    /// The resolved mention ending right before `tok` (a comma between allowed): the
    /// antecedent of a relative pronoun the parser did not attach to it.
    fn just_before(&self, tree: &Tree, tok: usize) -> Option<usize> {
        let mut end = tok;
        if end > 0 && tree.form(end - 1) == "," {
            end -= 1;
        }
        self.mentions
            .iter()
            .position(|m| m.tokens.1 == end && m.is_resolved())
    }

    /// Resolved mentions that end just before `trigger` with only auxiliaries, adverbs
    /// and particles in between, plus the mentions coordinated with them ("Putin and Kim
    /// Jong Un signed"). A fallback for subjects the parser attached elsewhere.
    pub fn preceding_subjects(&self, tree: &Tree, trigger: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut pos = trigger;
        // Skip auxiliaries and adverbs back from the trigger.
        while pos > 0 {
            let p = pos - 1;
            match tree.upos(p) {
                Some(Upos::AUX | Upos::ADV | Upos::PART) => pos = p,
                _ => break,
            }
        }
        loop {
            let found = self
                .mentions
                .iter()
                .enumerate()
                .find(|(_, m)| m.tokens.1 == pos && m.tokens.0 < pos && m.is_resolved());
            let Some((i, m)) = found else { break };
            // A prepositional object ("visit to North Korea, Putin and Kim signed") is
            // not a subject.
            if tree.children_rel(m.head, "case").next().is_some() {
                break;
            }
            out.push(i);
            pos = m.tokens.0;
            // Coordination: "X and Y", "X, Y", "both X and Y".
            let mut p = pos;
            let mut joined = false;
            while p > 0 {
                let w = tree.form(p - 1).to_lowercase();
                if matches!(w.as_str(), "and" | ",") {
                    joined = true;
                    p -= 1;
                } else {
                    break;
                }
            }
            if !joined {
                break;
            }
            pos = p;
        }
        out
    }
}

fn is_relative_pronoun(tree: &Tree, tok: usize) -> bool {
    matches!(
        tree.form(tok).to_lowercase().as_str(),
        "which" | "who" | "whom"
    ) && tree
        .token(tok)
        .is_some_and(|t| t.feats.contains("PronType=Rel") || t.xpos.starts_with('W'))
}

/// For a relative pronoun ("which", "who", "that") subject of a relative clause, the noun
/// the clause modifies.
pub fn relative_antecedent(tree: &Tree, tok: usize) -> Option<usize> {
    let word = tree.form(tok).to_lowercase();
    if !matches!(word.as_str(), "which" | "who" | "that" | "whom") {
        return None;
    }
    let clause = tree.head(tok)?;
    if tree.deprel(clause) == "acl:relcl" {
        tree.head(clause)
    } else {
        None
    }
}
