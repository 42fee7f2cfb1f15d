//! A news sentence whose subject the parser split in two.
//!
//! In "European Union foreign ministers agreed on Monday to impose sanctions", the parser
//! makes "Union" the root and "ministers agreed …" a relative clause on it: a relative
//! clause without a relativiser whose own subject follows the root noun directly. A
//! sentence whose root is such a noun has no main verb, which news sentences have; the
//! repair makes the clause's finite verb the root and the stranded noun a compound of the
//! subject it precedes ("European Union foreign ministers" as one noun phrase).
//!
//! In "Iraqi troops invaded Kuwait" or "U.S. and British warplanes struck Houthi targets",
//! the parser makes the subject noun the root and the verb a reduced relative clause
//! (`acl`) on it. A reduced relative's verb is a participle with no object of its own
//! ("troops stationed in Kuwait"); a past-tense verb, or a participle that takes a direct
//! object, is the clause's main verb, and the repair makes it the root with the noun as
//! its subject.

use annals_core::calendar::{MONTH_NAMES, WEEKDAY_NAMES};
use annals_core::Upos;

use super::Parser;

/// Finite verb tags: a relative clause's verb that could be the main verb.
const FINITE: &[&str] = &["VBD", "VBZ", "VBP"];

/// One word as the repair sees it.
pub struct RepairWord<'a> {
    pub form: &'a str,
    pub upos: Upos,
    pub xpos: &'a str,
}

/// Repair `heads` (1-based heads, 0 the root; label ids) in place; returns whether the tree
/// changed.
pub fn repair_split_subject(
    parser: &Parser,
    words: &[RepairWord],
    heads: &mut [(usize, u16)],
) -> bool {
    let label = |name: &str| parser.label_id(name);
    let (Some(root_l), Some(relcl_l), Some(nsubj_l), Some(compound_l), Some(punct_l)) = (
        label("root"),
        label("acl:relcl"),
        label("nsubj"),
        label("compound"),
        label("punct"),
    ) else {
        return false;
    };
    let Some(r) = sole_nominal_root(words, heads) else {
        return false;
    };
    let view: &[(usize, u16)] = heads;
    let children = |h: usize| (0..view.len()).filter(move |&i| view[i].0 == h + 1);
    let Some(v) = children(r).find(|&i| {
        view[i].1 == relcl_l
            && words
                .get(i)
                .is_some_and(|w| w.upos == Upos::VERB && FINITE.contains(&w.xpos))
    }) else {
        return false;
    };
    let relativiser = children(v).any(|c| {
        words.get(c).is_some_and(|w| {
            matches!(
                w.form.to_lowercase().as_str(),
                "that" | "which" | "who" | "whom" | "whose"
            )
        })
    });
    let Some(s) = children(v).find(|&c| {
        view[c].1 == nsubj_l
            && words
                .get(c)
                .is_some_and(|w| matches!(w.upos, Upos::NOUN | Upos::PROPN))
    }) else {
        return false;
    };
    if relativiser || !precedes_subject_phrase(view, r, s) {
        return false;
    }
    heads[v] = (0, root_l);
    heads[r] = (s + 1, compound_l);
    for arc in heads.iter_mut() {
        if arc.0 == r + 1 && arc.1 == punct_l {
            arc.0 = v + 1;
        }
    }
    true
}

/// Repair a root noun whose reduced relative clause is the sentence's main verb (see the
/// module): the verb becomes the root, the noun its `nsubj`, and the noun's dependents to
/// the right of the verb (punctuation, trailing clauses) move to the verb. Returns whether
/// the tree changed.
pub fn repair_subject_as_root(
    parser: &Parser,
    words: &[RepairWord],
    heads: &mut [(usize, u16)],
) -> bool {
    let label = |name: &str| parser.label_id(name);
    let (Some(root_l), Some(acl_l), Some(nsubj_l), Some(obj_l), Some(obl_l), Some(conj_l)) = (
        label("root"),
        label("acl"),
        label("nsubj"),
        label("obj"),
        label("obl"),
        label("conj"),
    ) else {
        return false;
    };
    let Some(r) = sole_nominal_root(words, heads) else {
        return false;
    };
    let view: &[(usize, u16)] = heads;
    let children = |h: usize| (0..view.len()).filter(move |&i| view[i].0 == h + 1);
    // The first reduced relative right of the noun, or of its last conjunct ("Russian
    // troops and Ukrainian forces clashed"), or of the people a number counts ("Thousands
    // of teachers marched in Nairobi").
    let nmod_l = label("nmod");
    let counted = |h: usize| children(h).filter(move |&c| Some(view[c].1) == nmod_l);
    // "Tens of thousands of workers protested": a count of a count.
    let conjuncts: Vec<usize> = std::iter::once(r)
        .chain(children(r).filter(|&c| view[c].1 == conj_l))
        .chain(counted(r))
        .chain(counted(r).flat_map(counted))
        .collect();
    let Some(v) = (0..view.len())
        .find(|&i| i > r && view[i].1 == acl_l && conjuncts.iter().any(|&h| view[i].0 == h + 1))
    else {
        return false;
    };
    let Some(w) = words.get(v) else { return false };
    if w.upos != Upos::VERB || !matches!(w.xpos, "VBD" | "VBN") {
        return false;
    }
    // "invaded and occupied Kuwait": the object may hang on a coordinated verb.
    let has_object = |x: usize| children(x).any(|c| view[c].1 == obj_l);
    let object = has_object(v) || children(v).any(|c| view[c].1 == conj_l && has_object(c));
    // A participle without an object is the main verb only when the sentence has no
    // finite verb at all ("Tens of thousands rallied in Tbilisi", "French unions
    // threatened to paralyse the country"); a caption's "Man arrested over attack" has
    // none either, which the agent test and the sentence-kind checks downstream bound.
    let finite_elsewhere = words
        .iter()
        .enumerate()
        .any(|(i, x)| i != v && matches!(x.xpos, "VBD" | "VBZ" | "VBP" | "MD"));
    if w.xpos == "VBN" && !object && finite_elsewhere {
        return false;
    }
    // "troops led by Iraq": an agent phrase marks a true passive participle.
    let agent_l = label("obl:agent");
    let by_agent = children(v).any(|c| {
        (view[c].1 == obl_l || Some(view[c].1) == agent_l)
            && children(c).any(|k| {
                words
                    .get(k)
                    .is_some_and(|x| x.form.eq_ignore_ascii_case("by"))
            })
    });
    if by_agent || children(v).any(|c| view[c].1 == nsubj_l) {
        return false;
    }
    // The words between the noun and the verb belong to the noun's phrase or the verb.
    let under = |k: usize, top: usize| hangs_under(view, k, top);
    if v - r > MAX_GAP || !(r + 1..v).all(|k| under(k, r) || under(k, v)) {
        return false;
    }
    let trailing: Vec<usize> = children(r).filter(|&c| c > v).collect();
    heads[v] = (0, root_l);
    heads[r] = (v + 1, nsubj_l);
    // A trailing clause on the noun ("…, prompting a buildup") now modifies the verb.
    let advcl_l = label("advcl").unwrap_or(acl_l);
    for c in trailing {
        let l = if heads[c].1 == acl_l {
            advcl_l
        } else {
            heads[c].1
        };
        heads[c] = (v + 1, l);
    }
    true
}

/// Heads as the repairs take them: per word, its 1-based head (0 the root) and label id.
type Heads = [(usize, u16)];

/// Every repair (this module's, then the reporting clause's) in order, each kept only when the heads it leaves are still
/// a tree (one root, no cycle). The repairs move arcs by local patterns; on an unusual
/// parse (the fuzzer's word sequences) one of them closed a cycle, and a tree without a
/// root breaks every stage after the parser. A repair that would do so is undone.
pub fn apply_repairs(parser: &Parser, words: &[RepairWord], heads: &mut [(usize, u16)]) {
    let mut before = heads.to_vec();
    let mut guarded = |heads: &mut Heads, repair: &dyn Fn(&mut Heads)| {
        before.clear();
        before.extend_from_slice(heads);
        repair(heads);
        if !is_tree(heads) && is_tree(&before) {
            heads.copy_from_slice(&before);
        }
    };
    guarded(heads, &|h| {
        repair_hyphenated_participle(parser, words, h);
    });
    guarded(heads, &|h| {
        if !repair_split_subject(parser, words, h) {
            repair_subject_as_root(parser, words, h);
        }
    });
    guarded(heads, &|h| {
        repair_name_before_time(parser, words, h);
    });
    guarded(heads, &|h| {
        repair_stranded_adjective(parser, words, h);
    });
    guarded(heads, &|h| {
        super::reporting::repair_reporting_clause(parser, words, h);
    });
    guarded(heads, &|h| {
        super::due::repair_due_to(parser, words, h);
    });
}

/// Whether `heads` (1-based, 0 the root) form a tree: heads in range, exactly one word on
/// the root, and every word reaches it. Linear: each word is walked up once.
pub fn is_tree(heads: &[(usize, u16)]) -> bool {
    let n = heads.len();
    if n == 0 {
        return true;
    }
    if heads.iter().filter(|&&(h, _)| h == 0).count() != 1 || heads.iter().any(|&(h, _)| h > n) {
        return false;
    }
    // 0 = not seen, 1 = on the current walk, 2 = reaches the root.
    let mut state = vec![0u8; n];
    let mut path = Vec::new();
    for start in 0..n {
        let mut at = start;
        path.clear();
        loop {
            match state[at] {
                2 => break,
                1 => return false,
                _ => {}
            }
            state[at] = 1;
            path.push(at);
            match heads[at].0 {
                0 => break,
                h => at = h - 1,
            }
        }
        for &k in &path {
            state[k] = 2;
        }
    }
    true
}

/// Most words between the root noun and the subject, and most steps up from one of them
/// to the subject: the repair is for a split noun phrase, which is short.
const MAX_GAP: usize = 12;

/// Whether every word strictly between `r` and `s` hangs (within [`MAX_GAP`] steps) under
/// `s`: then `r` directly precedes the subject's phrase.
fn precedes_subject_phrase(heads: &[(usize, u16)], r: usize, s: usize) -> bool {
    if s <= r || s - r > MAX_GAP {
        return false;
    }
    (r + 1..s).all(|k| hangs_under(heads, k, s))
}

/// Whether word `k` hangs (within [`MAX_GAP`] steps up) under word `top`.
fn hangs_under(heads: &[(usize, u16)], k: usize, top: usize) -> bool {
    let mut cur = k;
    for _ in 0..MAX_GAP {
        match heads.get(cur).map(|h| h.0) {
            Some(h) if h == top + 1 => return true,
            Some(h) if h > 0 => cur = h - 1,
            _ => return false,
        }
    }
    false
}

/// The sentence's root when it is the only one and a noun: the shape both subject repairs
/// start from (a news sentence has a verb at its root).
fn sole_nominal_root(words: &[RepairWord], heads: &[(usize, u16)]) -> Option<usize> {
    let mut roots = (0..heads.len()).filter(|&i| heads[i].0 == 0);
    let r = roots.next()?;
    if roots.next().is_some() {
        return None;
    }
    matches!(words.get(r)?.upos, Upos::NOUN | Upos::PROPN).then_some(r)
}

/// Nouns of time that "next", "last" or "this" turn into a time adverbial, besides month
/// and weekday names.
const TIME_NOUNS: &[&str] = &[
    "day",
    "week",
    "weekend",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "night",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
];

/// Whether `word` names a time a deictic can point at ("next week", "last Tuesday").
fn is_time_noun(word: &str) -> bool {
    let w = word.to_lowercase();
    let w = w.as_str();
    TIME_NOUNS.contains(&w) || MONTH_NAMES.contains(&w) || WEEKDAY_NAMES.contains(&w)
}

/// Words that make a time noun a time adverbial ("next week", "last Tuesday").
const TIME_DEICTICS: &[&str] = &[
    "next",
    "last",
    "this",
    "coming",
    "past",
    "previous",
    "following",
];

/// Adverbs that may open a time adverbial ("later this year", "early next week").
const TIME_ADVERBS: &[&str] = &["later", "earlier", "early", "late"];

/// Repair a name swallowed by the time adverbial after it: in "will visit Beijing next
/// week" the parser reads "Beijing" as a compound of "week" (the object becomes "week"),
/// in "travelled to Moscow last Tuesday" it reads "Tuesday" as part of the name. The name
/// takes the phrase's place and the time noun becomes an unmarked time adverbial of the
/// phrase's head. Returns how many phrases changed.
pub fn repair_name_before_time(
    parser: &Parser,
    words: &[RepairWord],
    heads: &mut [(usize, u16)],
) -> usize {
    let label = |name: &str| parser.label_id(name);
    let (Some(compound_l), Some(flat_l)) = (label("compound"), label("flat")) else {
        return 0;
    };
    let Some(time_l) = label("obl:unmarked")
        .or_else(|| label("obl:tmod"))
        .or_else(|| label("obl"))
    else {
        return 0;
    };
    let obl_l = label("obl").unwrap_or(time_l);
    let obj_l = label("obj");
    let mut changed = 0;
    for t in 2..words.len() {
        let m = t - 1;
        let is_time = words[t].upos != Upos::VERB && is_time_noun(words[t].form);
        let deictic =
            TIME_DEICTICS.contains(&words[m].form.to_lowercase().as_str()) && heads[m].0 == t + 1;
        if !is_time || !deictic {
            continue;
        }
        // "visit Beijing later this year": an adverb of time may come first.
        let mut p = m - 1;
        let adverb = |k: usize| TIME_ADVERBS.contains(&words[k].form.to_lowercase().as_str());
        if adverb(p) && p > 0 {
            p -= 1;
        }
        if !matches!(words[p].upos, Upos::PROPN | Upos::NOUN) {
            continue;
        }
        if heads[p].0 == t + 1 && heads[p].1 != flat_l {
            // "visit Beijing next week": the name takes the time noun's place.
            let (h, rel) = heads[t];
            if h == 0 {
                continue;
            }
            // Right after a verb that has no object, the name is its object ("visit
            // Beijing later this year", which the parser read as a time phrase).
            let after_verb = p == h && words.get(h - 1).is_some_and(|w| w.upos == Upos::VERB);
            let has_obj = obj_l.is_some_and(|o| heads.contains(&(h, o)));
            let rel = match obj_l {
                Some(o) if after_verb && !has_obj => o,
                _ => rel,
            };
            heads[p] = (h, rel);
            for (k, arc) in heads.iter_mut().enumerate() {
                if k != p && k != m && !(k > p && k < m) && arc.0 == t + 1 {
                    // The name's other parts stay on the name; what follows the time noun
                    // ("for talks with Biden") modifies the head.
                    *arc = if k < p { (p + 1, arc.1) } else { (h, obl_l) };
                }
            }
            heads[t] = (h, time_l);
            changed += 1;
        } else if heads[t] == (p + 1, flat_l) || heads[t] == (p + 1, compound_l) {
            // "to Moscow last Tuesday": the time noun leaves the name.
            let h = heads[p].0;
            if h == 0 {
                continue;
            }
            heads[t] = (h, time_l);
            changed += 1;
        }
    }
    changed
}

/// Relations an adjective stranded before its noun phrase gets from the parser.
const STRANDED_ADJ_RELS: &[&str] = &["advcl", "advmod", "nsubj", "obl", "dep", "parataxis"];

/// Repair an adjective the parser cut from the noun phrase it opens: in "Indian Prime
/// Minister Narendra Modi will visit …" or "Turkish President Recep Tayyip Erdogan
/// denounced …" it hangs the nationality on the verb (as an adverbial clause, an adverb or
/// a subject) rather than on the title after it. An adjective with no dependents of its own,
/// directly before a noun (or before the adjective of a compound title, "Prime", "Foreign")
/// and attached to a word after that noun, modifies that noun. Returns how many changed.
pub fn repair_stranded_adjective(
    parser: &Parser,
    words: &[RepairWord],
    heads: &mut [(usize, u16)],
) -> usize {
    let Some(amod_l) = parser.label_id("amod") else {
        return 0;
    };
    let rels: Vec<u16> = STRANDED_ADJ_RELS
        .iter()
        .filter_map(|r| parser.label_id(r))
        .collect();
    let mut changed = 0;
    for k in 0..words.len().saturating_sub(1) {
        if words[k].upos != Upos::ADJ || !rels.contains(&heads[k].1) {
            continue;
        }
        if heads.iter().any(|&(h, _)| h == k + 1) {
            continue;
        }
        // The noun the adjective opens: the next word, or the head of a title adjective
        // right after it ("Prime" → "Minister").
        let next = k + 1;
        let noun = match words[next].upos {
            Upos::NOUN | Upos::PROPN => next,
            Upos::ADJ => match heads[next].0 {
                h if h > next + 1 && h - 1 <= next + 2 => h - 1,
                _ => continue,
            },
            _ => continue,
        };
        if !matches!(words[noun].upos, Upos::NOUN | Upos::PROPN) || heads[k].0 <= noun + 1 {
            continue;
        }
        heads[k] = (noun + 1, amod_l);
        changed += 1;
    }
    changed
}

/// Repair a hyphenated participle the tokenizer split ("U.S.-backed forces", "Saudi-led
/// coalition", "earthquake-hit Nepal"): the parser may read "U.S. backed forces" as a
/// clause. The participle modifies the noun after it, the word before the hyphen is its
/// compound, and the noun takes the participle's place in the tree. Returns how many
/// changed.
pub fn repair_hyphenated_participle(
    parser: &Parser,
    words: &[RepairWord],
    heads: &mut [(usize, u16)],
) -> usize {
    let label = |name: &str| parser.label_id(name);
    let (Some(amod_l), Some(compound_l), Some(punct_l)) =
        (label("amod"), label("compound"), label("punct"))
    else {
        return 0;
    };
    let mut changed = 0;
    for v in 2..words.len().saturating_sub(1) {
        let (x, hyphen, n) = (v - 2, v - 1, v + 1);
        let participle = words[v].upos == Upos::VERB;
        if !participle
            || words[hyphen].form != "-"
            || !matches!(words[n].upos, Upos::NOUN | Upos::PROPN)
            || !matches!(words[x].upos, Upos::NOUN | Upos::PROPN | Upos::ADJ)
        {
            continue;
        }
        if heads[v] == (n + 1, amod_l) {
            // Already a modifier; the first word may still hang on the noun ("Russian" of
            // "Russian-backed forces"), where it would read as the noun's nationality.
            if heads[x].0 == n + 1 {
                heads[x] = (v + 1, compound_l);
                heads[hyphen] = (v + 1, punct_l);
                changed += 1;
            }
            continue;
        }
        // The phrase's place in the tree: the participle's, or the first word's when the
        // parser hung the participle on it ("U.S./root backed/acl"). The noun takes it
        // when it hangs inside the phrase.
        let role = if heads[v].0 == x + 1 {
            heads[x]
        } else {
            heads[v]
        };
        let inside = |h: usize| h == x + 1 || h == v + 1;
        if inside(heads[n].0) {
            heads[n] = (role.0, nominal_relation(parser, role.1));
        }
        for (k, arc) in heads.iter_mut().enumerate() {
            if inside(arc.0) && k != x && k != hyphen && k != v && k != n {
                arc.0 = n + 1;
            }
        }
        heads[v] = (n + 1, amod_l);
        heads[x] = (v + 1, compound_l);
        heads[hyphen] = (v + 1, punct_l);
        changed += 1;
    }
    changed
}

/// The relation a noun takes in place of a clause: an adverbial clause becomes an oblique,
/// a clausal complement an object, a clausal modifier a nominal one.
fn nominal_relation(parser: &Parser, rel: u16) -> u16 {
    let name = parser.label_name(rel);
    let nominal = match name.split(':').next().unwrap_or(name) {
        "advcl" => "obl",
        "ccomp" | "xcomp" => "obj",
        "acl" => "nmod",
        "csubj" => "nsubj",
        _ => return rel,
    };
    parser.label_id(nominal).unwrap_or(rel)
}
