//! A dependency tree view over a [`ParsedSentence`] with 0-based indices.
//!
//! `Token::head` is 1-based with 0 for the root; everything in the coder works with 0-based
//! token indices, converted once here.

use annals_core::{ParsedSentence, Token, Upos};

/// Children lists and 0-based heads of one parsed sentence.
pub struct Tree<'a> {
    pub sentence: &'a ParsedSentence,
    heads: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    /// Relations as the coder reads them: the parser's, with repairs (see [`repair`]).
    rels: Vec<&'a str>,
}

impl<'a> Tree<'a> {
    pub fn new(sentence: &'a ParsedSentence) -> Tree<'a> {
        let n = sentence.tokens.len();
        let mut heads = Vec::with_capacity(n);
        let mut children = vec![Vec::new(); n];
        for (i, t) in sentence.tokens.iter().enumerate() {
            // Heads outside the sentence (malformed input) are treated as the root.
            let head = t.head.checked_sub(1).filter(|&h| h < n && h != i);
            if let Some(h) = head {
                if let Some(c) = children.get_mut(h) {
                    c.push(i);
                }
            }
            heads.push(head);
        }
        let rels = sentence.tokens.iter().map(|t| t.deprel.as_str()).collect();
        let mut tree = Tree {
            sentence,
            heads,
            children,
            rels,
        };
        repair(&mut tree);
        tree
    }

    pub fn len(&self) -> usize {
        self.sentence.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentence.tokens.is_empty()
    }

    pub fn token(&self, i: usize) -> Option<&'a Token> {
        self.sentence.tokens.get(i)
    }

    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads.get(i).copied().flatten()
    }

    pub fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn lemma(&self, i: usize) -> &'a str {
        self.token(i).map(|t| t.lemma.as_str()).unwrap_or("")
    }

    pub fn form(&self, i: usize) -> &'a str {
        self.token(i).map(|t| t.form.as_str()).unwrap_or("")
    }

    /// Lowercased lemma, falling back to the lowercased form when the lemma is empty.
    pub fn word(&self, i: usize) -> String {
        let l = self.lemma(i);
        if l.is_empty() || l == "_" {
            self.form(i).to_lowercase()
        } else {
            l.to_lowercase()
        }
    }

    pub fn deprel(&self, i: usize) -> &'a str {
        self.rels.get(i).copied().unwrap_or("")
    }

    /// The relation without its subtype (`obl:tmod` → `obl`).
    pub fn base_rel(&self, i: usize) -> &'a str {
        let d = self.deprel(i);
        d.split(':').next().unwrap_or(d)
    }

    pub fn upos(&self, i: usize) -> Option<Upos> {
        self.token(i).map(|t| t.upos)
    }

    /// Children of `i` whose relation is exactly `rel` or has `rel` as its base.
    pub fn children_rel<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children(i)
            .iter()
            .copied()
            .filter(move |&c| self.deprel(c) == rel || self.base_rel(c) == rel)
    }

    /// Children with exactly this relation (subtype included).
    pub fn children_exact<'s>(
        &'s self,
        i: usize,
        rel: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        self.children(i)
            .iter()
            .copied()
            .filter(move |&c| self.deprel(c) == rel)
    }

    /// The preposition of a nominal (`case` child), lowercased; multiword cases
    /// ("according to") are joined with a space.
    ///
    /// The preposition may hang on a left modifier of the nominal instead ("of Russian
    /// President Vladimir Putin", where "of" attaches to "President").
    pub fn case_of(&self, i: usize) -> Option<String> {
        let holders: Vec<usize> = std::iter::once(i)
            .chain(self.children(i).iter().copied().filter(|&c| {
                c < i
                    && matches!(
                        self.deprel(c),
                        "nmod:desc" | "compound" | "flat" | "amod" | "nummod"
                    )
            }))
            .collect();
        let cases: Vec<String> = holders
            .iter()
            .flat_map(|&h| self.children(h).iter().copied())
            .filter(|&c| self.base_rel(c) == "case" || self.deprel(c) == "mark")
            .filter(|&c| c < i)
            .map(|c| {
                let mut w = self.form(c).to_lowercase();
                for &f in self.children(c) {
                    if self.base_rel(f) == "fixed" {
                        w.push(' ');
                        w.push_str(&self.form(f).to_lowercase());
                    }
                }
                w
            })
            .collect();
        if cases.is_empty() {
            None
        } else {
            Some(cases.join(" "))
        }
    }

    /// The token followed by all tokens it conjoins (`X and Y and Z`).
    pub fn with_conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while let Some(&t) = out.get(k) {
            for c in self.children_exact(t, "conj") {
                if !out.contains(&c) && self.upos(c) != Some(Upos::VERB) {
                    out.push(c);
                }
            }
            k += 1;
        }
        out
    }

    /// Whether `node` lies in the subtree of `root` (inclusive).
    pub fn dominates(&self, root: usize, node: usize) -> bool {
        let mut cur = Some(node);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == root {
                return true;
            }
            steps += 1;
            if steps > self.len() {
                return false;
            }
            cur = self.head(c);
        }
        false
    }

    /// Ancestors of `i`, nearest first (cycle-safe).
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.head(i);
        while let Some(c) = cur {
            if out.contains(&c) || out.len() > self.len() {
                break;
            }
            out.push(c);
            cur = self.head(c);
        }
        out
    }

    /// Whether the verb is passive: a passive subject or auxiliary, or `Voice=Pass` on a
    /// participle with an agent.
    pub fn is_passive(&self, i: usize) -> bool {
        self.children(i)
            .iter()
            .any(|&c| matches!(self.deprel(c), "nsubj:pass" | "aux:pass" | "obl:agent"))
    }
}

/// Repair a parse error that turns active clauses into passives: a past participle tagged
/// `Voice=Pass` with an `nsubj:pass`, no passive auxiliary and a direct object ("Iran
/// attacked Israel." parsed as "Iran [was] attacked Israel") is active, so its subject is
/// `nsubj`.
fn repair(tree: &mut Tree) {
    for i in 0..tree.len() {
        if tree.rels.get(i) != Some(&"nsubj:pass") {
            continue;
        }
        let Some(h) = tree.head(i) else { continue };
        let kids = tree.children(h);
        let has_aux_pass = kids.iter().any(|&c| tree.rels.get(c) == Some(&"aux:pass"));
        let has_obj = kids.iter().any(|&c| tree.rels.get(c) == Some(&"obj"));
        if !has_aux_pass && has_obj {
            if let Some(r) = tree.rels.get_mut(i) {
                *r = "nsubj";
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annals_core::Span;

    fn tok(form: &str, head: usize, deprel: &str) -> Token {
        Token {
            span: Span::default(),
            form: form.into(),
            lemma: form.to_lowercase(),
            upos: Upos::NOUN,
            xpos: "NN".into(),
            feats: "_".into(),
            head,
            deprel: deprel.into(),
        }
    }

    #[test]
    fn heads_are_zero_based_and_malformed_heads_are_roots() {
        let s = ParsedSentence {
            span: Span::default(),
            tokens: vec![
                tok("A", 2, "nsubj"),
                tok("b", 0, "root"),
                tok("c", 9, "obj"),
            ],
        };
        let t = Tree::new(&s);
        assert_eq!(t.head(0), Some(1));
        assert_eq!(t.head(1), None);
        assert_eq!(t.head(2), None);
        assert_eq!(t.children(1), &[0]);
        assert!(t.dominates(1, 0));
        assert!(!t.dominates(0, 1));
    }

    #[test]
    fn an_active_clause_parsed_as_passive_is_repaired() {
        // "Iran attacked Israel" with nsubj:pass and no passive auxiliary.
        let s = ParsedSentence {
            span: Span::default(),
            tokens: vec![
                tok("Iran", 2, "nsubj:pass"),
                tok("attacked", 0, "root"),
                tok("Israel", 2, "obj"),
            ],
        };
        let t = Tree::new(&s);
        assert_eq!(t.deprel(0), "nsubj");
        assert!(!t.is_passive(1));
        // A real passive keeps its relation.
        let s = ParsedSentence {
            span: Span::default(),
            tokens: vec![
                tok("Iran", 3, "nsubj:pass"),
                tok("was", 3, "aux:pass"),
                tok("attacked", 0, "root"),
            ],
        };
        let t = Tree::new(&s);
        assert_eq!(t.deprel(0), "nsubj:pass");
        assert!(t.is_passive(2));
    }
}
