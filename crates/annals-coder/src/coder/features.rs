//! Features of a candidate event for the event model ([`crate::decide`]).
//!
//! Each feature is a short string; the model learns a weight for each. They describe what
//! a reader uses to decide whether a sentence states an event: the trigger (lemma, part of
//! speech, its relation in the tree, the verb above it: a wrapper such as "refuse" or
//! "threaten"), the pattern (code, whether it was curated or derived, whether a theme
//! matched), each side (missing, how it hangs on the trigger, its dependency path, how it was
//! resolved, its sector), and the modality reading.

use annals_core::{Actor, ActorMention, Modality};

use crate::extract::{Arg, Candidate};
use crate::patterns::TriggerKind;
use crate::tree::Tree;

/// What the feature function needs to know about one directed candidate event.
pub struct CandidateView<'a> {
    pub tree: &'a Tree<'a>,
    pub cand: &'a Candidate<'a>,
    pub code: &'a str,
    pub source: Option<(Arg, &'a ActorMention, &'a Actor)>,
    pub target: Option<(Arg, &'a ActorMention, &'a Actor)>,
    pub modality: Modality,
    /// The code comes from the pattern's `host` option (the converse of a visit).
    pub hosted: bool,
    /// A missing side was filled with a person or group of the other side's country.
    pub inferred_source: bool,
    pub inferred_target: bool,
}

/// The features of a candidate event.
pub fn features(v: &CandidateView) -> Vec<String> {
    let tree = v.tree;
    let trig = v.cand.trigger;
    let lemma = tree.word(trig);
    let root = v.code.get(..2).unwrap_or(v.code);
    let kind = match v.cand.pattern.kind {
        TriggerKind::Verb => "verb",
        TriggerKind::Noun => "noun",
    };
    let rel = tree.deprel(trig);
    let governor = tree.head(trig).map(|h| tree.word(h)).unwrap_or_default();
    let mut f = vec![
        "bias".to_string(),
        format!("lemma={lemma}"),
        format!("lemma_code={lemma}_{}", v.code),
        format!("code={}", v.code),
        format!("root={root}"),
        format!("kind={kind}"),
        format!("rel={rel}"),
        format!("rel_root={rel}_{root}"),
        format!("origin={}", v.cand.pattern.origin),
        format!("themed={}", !v.cand.pattern.theme.is_empty()),
        format!("theme_found={}", v.cand.theme.is_some()),
        format!("modality={}", v.modality.as_str()),
        format!("hosted={}", v.hosted),
        format!("sym={}", v.cand.pattern.symmetric),
    ];
    if matches!(
        rel,
        "xcomp" | "ccomp" | "advcl" | "acl" | "conj" | "acl:relcl"
    ) {
        f.push(format!("gov={governor}"));
        f.push(format!("gov_root={governor}_{root}"));
    }
    if let Some(t) = v.cand.theme {
        f.push(format!("theme={}", tree.word(t)));
    }
    let mut missing = Vec::new();
    for (name, side, inferred) in [
        ("src", &v.source, v.inferred_source),
        ("tgt", &v.target, v.inferred_target),
    ] {
        match side {
            None if inferred => {
                f.push(format!("{name}=inferred"));
                f.push(format!("{name}_inferred_root={root}"));
            }
            None => {
                missing.push(name);
                f.push(format!("{name}=missing"));
                f.push(format!("{name}_missing_root={root}"));
            }
            Some((arg, m, actor)) => side_features(&mut f, name, tree, trig, arg, m, actor, root),
        }
    }
    f.push(format!("missing={}", missing.join("+")));
    if let (Some((_, _, a)), Some((_, _, b))) = (&v.source, &v.target) {
        let same = a.country.is_some() && a.country == b.country;
        f.push(format!("domestic={same}"));
    }
    f
}

#[allow(clippy::too_many_arguments)]
fn side_features(
    f: &mut Vec<String>,
    name: &str,
    tree: &Tree,
    trig: usize,
    arg: &Arg,
    m: &ActorMention,
    actor: &Actor,
    root: &str,
) {
    let support = if arg.support >= 1.0 {
        "direct"
    } else if arg.support >= 0.85 {
        "indirect"
    } else {
        "positional"
    };
    f.push(format!("{name}_support={support}"));
    f.push(format!("{name}_support_root={support}_{root}"));
    f.push(format!("{name}_via={}", m.via.as_str()));
    let sector = actor.sector.as_deref().unwrap_or("none");
    f.push(format!("{name}_sector={sector}"));
    f.push(format!("{name}_sector_root={sector}_{root}"));
    let path = path(tree, trig, m.head);
    f.push(format!("{name}_path={path}"));
    f.push(format!("{name}_path_root={path}_{root}"));
    if m.actors.len() > 1 {
        f.push(format!("{name}_group"));
    }
}

/// The dependency path from the trigger to a mention's head: relations going up (`^rel`)
/// to the lowest common ancestor, then down (`rel`), at most three steps each way, with the
/// preposition of the last step ("^nsubj", "obl/against", "^xcomp nsubj").
fn path(tree: &Tree, from: usize, to: usize) -> String {
    let up_from = chain(tree, from);
    let up_to = chain(tree, to);
    let common = up_from.iter().position(|n| up_to.contains(n));
    let Some(ci) = common else {
        return "none".to_string();
    };
    let Some(&lca) = up_from.get(ci) else {
        return "none".to_string();
    };
    let ti = up_to.iter().position(|&n| n == lca).unwrap_or(up_to.len());
    if ci > 3 || ti > 3 {
        return "far".to_string();
    }
    let mut parts: Vec<String> = up_from[..ci]
        .iter()
        .map(|&n| format!("^{}", tree.deprel(n)))
        .collect();
    for &n in up_to[..ti].iter().rev() {
        parts.push(tree.deprel(n).to_string());
    }
    if let Some(case) = tree.case_of(to) {
        parts.push(format!("/{}", case.to_lowercase()));
    }
    if parts.is_empty() {
        "self".to_string()
    } else {
        parts.join(" ")
    }
}

/// A token and its ancestors, nearest first.
fn chain(tree: &Tree, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut cur = i;
    while let Some(h) = tree.head(cur) {
        if out.contains(&h) || out.len() > 40 {
            break;
        }
        out.push(h);
        cur = h;
    }
    out
}
