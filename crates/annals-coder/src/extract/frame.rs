//! What a verb's frame holds: its themes (objects, "with" arguments), its particle, the
//! prepositional phrases and objects a pattern may require, and whether a theme word
//! matches a pattern's list.

use super::SentenceMentions;
use crate::tree::Tree;

/// Theme candidates of a verb: its objects, the "with" argument ("supplied Russia with
/// munitions"), and for a passive its subject.
pub(super) fn verb_themes(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
    passive: bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    for &c in tree.children(v) {
        let rel = tree.deprel(c);
        let is_theme = rel == "obj"
            || (passive && rel == "nsubj:pass")
            || (tree.base_rel(c) == "obl" && tree.case_of(c).as_deref() == Some("with"))
            || particle_read_as_preposition(tree, v, c);
        if is_theme && mentions.resolved_at(c).is_none() {
            out.push(c);
        }
    }
    out
}

/// Particles of phrasal verbs the parser may read as a preposition: in "handed over the
/// bodies" it makes "over the bodies" an oblique of "handed"; right after the verb, the
/// phrase is the phrasal verb's object.
const PARTICLES: &[&str] = &["over", "back", "down", "up", "off", "out"];

fn particle_read_as_preposition(tree: &Tree, v: usize, c: usize) -> bool {
    tree.base_rel(c) == "obl"
        && tree
            .children_exact(c, "case")
            .any(|k| k == v + 1 && PARTICLES.contains(&tree.form(k).to_lowercase().as_str()))
}

pub(super) fn has_particle(tree: &Tree, v: usize, particle: &str) -> bool {
    tree.children(v).iter().any(|&c| {
        (tree.deprel(c) == "compound:prt" && tree.form(c).eq_ignore_ascii_case(particle))
            || tree.case_of(c).as_deref() == Some(particle)
    })
}

/// Whether a phrase introduced by `prep` hangs on the verb or on its object ("welcomed
/// the envoy *to* Moscow").
pub(super) fn has_prep_phrase(tree: &Tree, v: usize, prep: &str) -> bool {
    let on = |h: usize| {
        tree.children(h).iter().any(|&c| {
            tree.case_of(c)
                .is_some_and(|x| x.eq_ignore_ascii_case(prep))
        })
    };
    on(v) || tree.children_exact(v, "obj").any(on)
}

/// Whether the theme word or a close modifier of it (compound, adjective, "of"/"including"
/// modifier, conjunct; two levels) is in the list.
pub fn theme_matches(tree: &Tree, theme: usize, words: &[String]) -> bool {
    let mut frontier = vec![theme];
    for depth in 0..3 {
        let mut next = Vec::new();
        for &t in &frontier {
            let w = tree.word(t);
            let form = tree.form(t).to_lowercase();
            let is = |x: &str| x == w || x == form;
            // A two-word theme ("hunger strike") needs the head with that modifier.
            let hit = |x: &String| match x.split_once(' ') {
                None => is(x),
                Some((modifier, head)) => {
                    is(head)
                        && tree.children(t).iter().any(|&c| {
                            matches!(tree.base_rel(c), "compound" | "amod")
                                && tree.word(c) == modifier
                        })
                }
            };
            if words.iter().any(hit) {
                return true;
            }
            if depth < 2 {
                for &c in tree.children(t) {
                    if matches!(tree.base_rel(c), "compound" | "amod" | "nmod" | "conj") {
                        next.push(c);
                    }
                }
            }
        }
        frontier = next;
    }
    false
}

/// Whether verb `v` has an object — a noun, or with `clauses` also a clause ("warned that
/// …", "threatened to …") — its own or one its coordinated verbs share ("arrested and
/// released two journalists").
pub(super) fn has_object(tree: &Tree, v: usize, clauses: bool) -> bool {
    let rels: &[&str] = if clauses {
        &["obj", "iobj", "ccomp", "xcomp"]
    } else {
        &["obj", "iobj"]
    };
    // "hand over Osama bin Laden": a particle read as a preposition still opens the object.
    let own = |x: usize| {
        rels.iter()
            .any(|rel| tree.children_exact(x, rel).next().is_some())
            || tree
                .children(x)
                .iter()
                .any(|&c| particle_read_as_preposition(tree, x, c))
    };
    own(v)
        || (tree.deprel(v) == "conj" && tree.head(v).is_some_and(own))
        // "to recognise and establish relations with North Korea": the object shared by
        // coordinated verbs may hang on the last one.
        || tree.children_exact(v, "conj").any(own)
}
