//! Within-document reference: short names ("Kim"), pronouns, groups ("the two
//! countries"), descriptions ("the Russian leader", "the president"), and dated roles.

use annals_core::{Actor, ResolvedVia, Span, Upos};

use super::actors::{country_actor, person_actor, role_actor, sector_actor};
use super::ambiguity::surname_of_someone_else;
use super::sentence::Unit;
use super::{Ctx, DocState, Extra, Record};
use crate::lexicon::Hit;
use crate::rules::PronounKind;

type Resolution = (Vec<Actor>, ResolvedVia, Option<Span>, Extra);

fn person_extra(ctx: &Ctx, p: usize) -> Extra {
    Extra {
        person: Some(p),
        gender: ctx.kb.people.get(p).and_then(|x| x.gender),
        plural: Some(false),
        ..Extra::default()
    }
}

/// A record that names a person directly (not through another reference).
fn named_person(r: &Record) -> Option<usize> {
    r.person
        .filter(|_| r.mention.via != ResolvedVia::Coreference)
}

/// "Kim" or "Putin" alone: the most recent person in the document with that short name,
/// else the only knowledge-base person with it, else unresolved.
pub(crate) fn short_name(ctx: &Ctx, state: &DocState, unit: &Unit) -> Resolution {
    let candidates: Vec<usize> = unit
        .hits
        .iter()
        .filter_map(|h| {
            if let Hit::Surname(p) = h {
                Some(*p)
            } else {
                None
            }
        })
        .collect();
    let earlier = state.recent().iter().rev().find_map(|r| {
        named_person(r)
            .filter(|p| candidates.contains(p))
            .map(|p| (p, r.mention.span))
    });
    // A surname never introduced in the document stands for the one hand-written person
    // with it in office that day ("Putin" in 2024; not "Major" in a headline; "Guterres"
    // in 2023 is the Secretary-General, East Timor's former president Francisco Guterres
    // being out of office). Phoenix people need their full name first: "Obama" in 2012 is
    // still Barack Obama although Phoenix knows a minister of the Congo by that name.
    let unit_text = ctx
        .span(unit.start, unit.end)
        .slice(ctx.doc_text)
        .unwrap_or("")
        .to_string();
    let hand_written: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&p| {
            ctx.kb
                .people
                .get(p)
                .is_some_and(|x| !x.is_from_phoenix() && in_office(ctx, p))
                && country_named(ctx, p)
                && !surname_of_someone_else(ctx, p, &unit_text)
        })
        .collect();
    match (earlier, hand_written.as_slice()) {
        (Some((p, span)), _) => (
            person_actor(ctx.kb, p, ctx.day).into_iter().collect(),
            ResolvedVia::ShortName,
            Some(span),
            person_extra(ctx, p),
        ),
        (None, [p]) => (
            person_actor(ctx.kb, *p, ctx.day).into_iter().collect(),
            ResolvedVia::Name,
            None,
            person_extra(ctx, *p),
        ),
        _ => (Vec::new(), ResolvedVia::Unresolved, None, Extra::default()),
    }
}

/// May a surname never introduced stand for person `p` in this document? When the
/// document names their country, or the owner of an office they hold that day ("Guterres"
/// where the UN is named), or no country at all ("President Putin thanked the crew"); and
/// always for a head of state or government ("Putin visited Pyongyang"). Otherwise it is
/// someone else's name: "Sola" at Stavanger airport in Norway is no Argentine minister.
fn country_named(ctx: &Ctx, p: usize) -> bool {
    let kb = ctx.kb;
    let named = |code: &str| ctx.names_code(code);
    let slug = |office: &str| office.rsplit('/').next().unwrap_or("").to_string();
    ctx.doc_codes.is_empty()
        || kb.people.get(p).is_some_and(|person| {
            person.country.as_deref().is_some_and(named)
                || person.roles.iter().any(|r| {
                    let current = ctx.day.is_none_or(|d| r.covers(d));
                    let owner_named = kb
                        .office_index
                        .get(&r.office)
                        .and_then(|&o| kb.offices.get(o))
                        .is_some_and(|o| named(&o.country));
                    current && (owner_named || kb.rules.leader_offices.contains(&slug(&r.office)))
                })
        })
}

/// Does person `p` hold an office on the document's day (an open-ended one if undated)?
fn in_office(ctx: &Ctx, p: usize) -> bool {
    ctx.kb.people.get(p).is_some_and(|person| {
        person.roles.iter().any(|r| match ctx.day {
            Some(d) => r.covers(d),
            None => r.until.is_none(),
        })
    })
}

/// The span of an earlier unknown multi-word name this one-word name ends ("Jordan" after
/// "Michael Jordan"). Only for names with an ambiguity rule: "Australia" after "South
/// Australia" is still Australia.
pub(crate) fn unknown_antecedent(ctx: &Ctx, state: &DocState, unit: &Unit) -> Option<Span> {
    if unit.end != unit.start + 1 {
        return None;
    }
    let word = &ctx.token(unit.start)?.form;
    if !ctx.kb.rules.names.contains_key(word) {
        return None;
    }
    state
        .recent()
        .iter()
        .rev()
        .find(|r| r.name_words.len() >= 2 && r.name_words.last() == Some(word))
        .map(|r| r.mention.span)
}

/// The span of an earlier unknown person's name this one-word name begins ("Paris" after
/// "Paris Jaquier"): the given name of someone the knowledge base does not know, not the
/// capital. Only names that are a person's by their words and parse ("Moscow State
/// University" leaves the capital alone), and only for capitals: the parser joins
/// "Cyprus Mail" as it joins a person's name, and countries are given names far less often.
pub(crate) fn given_name_antecedent(ctx: &Ctx, state: &DocState, unit: &Unit) -> Option<Span> {
    if unit.end != unit.start + 1 {
        return None;
    }
    let word = &ctx.token(unit.start)?.form;
    state
        .recent()
        .iter()
        .rev()
        .find(|r| r.person_name && !r.mention.is_resolved() && r.name_words.first() == Some(word))
        .map(|r| r.mention.span)
}

/// The most recent mention of an actor of `country`.
pub(crate) fn same_country(state: &DocState, country: Option<&str>) -> Option<Span> {
    let country = country?;
    state
        .recent()
        .iter()
        .rev()
        .find(|r| {
            r.mention
                .actors
                .iter()
                .any(|a| a.country.as_deref() == Some(country))
        })
        .map(|r| r.mention.span)
}

/// A country's title ("the Russian president", "North Korean leader"): a generic title,
/// or any title in an undated document, first refers back to a person of that country
/// (holding that office, for a specific title) named earlier; otherwise the office's
/// holder on the publication date; otherwise the office without a name.
pub(crate) fn role(
    ctx: &Ctx,
    state: &DocState,
    country: &str,
    title: usize,
    former: bool,
) -> Resolution {
    let kb = ctx.kb;
    if former {
        return (
            vec![sector_actor(country, "ELI")],
            ResolvedVia::Phrase,
            None,
            Extra::default(),
        );
    }
    let title_text = kb
        .lexicon
        .titles
        .get(title)
        .map(String::as_str)
        .unwrap_or("");
    let generic = kb.rules.generic_titles.contains(title_text);
    let offices: Vec<usize> = kb
        .lexicon
        .title_offices
        .get(title)
        .map(|o| {
            o.iter()
                .copied()
                .filter(|&o| kb.offices.get(o).is_some_and(|o| o.country == country))
                .collect()
        })
        .unwrap_or_default();
    let slug = |office: &str| office.rsplit('/').next().unwrap_or("").to_string();
    let is_leader_office = |office: &str| {
        office.starts_with(&format!("{country}/"))
            && kb.rules.leader_offices.contains(&slug(office))
    };
    if generic || ctx.day.is_none() {
        let earlier = state.recent().iter().rev().find_map(|r| {
            let p = named_person(r)?;
            let person = kb.people.get(p)?;
            let fits = person.roles.iter().any(|role| {
                let office_fits = if generic {
                    is_leader_office(&role.office)
                } else {
                    offices
                        .iter()
                        .any(|&o| kb.offices.get(o).is_some_and(|o| o.id == role.office))
                };
                office_fits && ctx.day.is_none_or(|d| role.covers(d))
            });
            fits.then(|| (r.mention.actors.clone(), r.mention.span, p))
        });
        if let Some((actors, span, p)) = earlier {
            return (
                actors,
                ResolvedVia::Coreference,
                Some(span),
                person_extra(ctx, p),
            );
        }
    }
    if generic && offices.is_empty() {
        // "the Russian leader" with no leader named: the first leader office with a holder.
        let office = kb.rules.leader_offices.iter().find_map(|s| {
            let idx = *kb.office_index.get(&format!("{country}/{s}"))?;
            let id = &kb.offices.get(idx)?.id;
            ctx.day.and_then(|d| kb.holder(id, d)).map(|_| idx)
        });
        if let Some((actor, holder)) = office.and_then(|o| role_actor(kb, o, ctx.day)) {
            let extra = holder.map(|h| person_extra(ctx, h)).unwrap_or_default();
            return (vec![actor], ResolvedVia::Role, None, extra);
        }
    }
    if let Some((actor, holder)) = offices.first().and_then(|&o| role_actor(kb, o, ctx.day)) {
        let extra = holder.map(|h| person_extra(ctx, h)).unwrap_or_default();
        return (vec![actor], ResolvedVia::Role, None, extra);
    }
    (
        vec![sector_actor(country, "GOV")],
        ResolvedVia::Phrase,
        None,
        Extra::default(),
    )
}

/// "the president" with no country: the most recent person holding an office with that
/// title (on the publication date, or ever when undated).
pub(crate) fn by_title(
    ctx: &Ctx,
    state: &DocState,
    title: usize,
) -> Option<(Vec<Actor>, Span, Extra)> {
    let kb = ctx.kb;
    let offices = kb.lexicon.title_offices.get(title)?;
    state.recent().iter().rev().find_map(|r| {
        let p = named_person(r)?;
        let person = kb.people.get(p)?;
        let holds = person.roles.iter().any(|role| {
            ctx.day.is_none_or(|d| role.covers(d))
                && offices
                    .iter()
                    .any(|&o| kb.offices.get(o).is_some_and(|o| o.id == role.office))
        });
        holds.then(|| {
            (
                r.mention.actors.clone(),
                r.mention.span,
                person_extra(ctx, p),
            )
        })
    })
}

/// "the two countries", "both leaders": one mention standing for the two most recent
/// distinct countries (or people) of the document, in order of mention.
pub(crate) fn group(ctx: &Ctx, state: &mut DocState, i: usize) -> Option<usize> {
    let rules = &ctx.kb.rules;
    let mut q = i;
    let the = ctx.is_lemma(q, "the");
    if the {
        q += 1;
    }
    if !rules.group_quantifiers.iter().any(|w| ctx.is_word(q, w)) || (ctx.is_word(q, "two") && !the)
    {
        return None;
    }
    let noun = q + 1;
    let t = ctx.token(noun)?;
    if !matches!(t.upos, Upos::NOUN | Upos::PROPN) {
        return None;
    }
    let lemma = t.lemma.to_lowercase();
    let form = t.form.to_lowercase();
    let singular = form.strip_suffix('s').unwrap_or(&form).to_string();
    let is = |set: &std::collections::HashSet<String>| {
        set.contains(&lemma) || set.contains(&singular) || set.contains(&form)
    };
    let countries = is(&rules.group_country_nouns);
    let people = !countries && is(&rules.group_person_nouns);
    if !countries && !people {
        return None;
    }
    let mut found: Vec<(String, Actor, Span)> = Vec::new();
    if people {
        for r in state.recent().iter().rev() {
            if found.len() == 2 {
                break;
            }
            if let (Some(p), Some(a)) = (named_person(r), r.mention.actors.first()) {
                let key = ctx
                    .kb
                    .people
                    .get(p)
                    .map_or_else(String::new, |x| x.name.clone());
                if !found.iter().any(|(k, _, _)| *k == key) {
                    found.push((key, a.clone(), r.mention.span));
                }
            }
        }
    } else {
        found = country_pair(ctx, state);
    }
    if found.len() == 2 {
        let ante = found.iter().map(|f| f.2).max_by_key(|s| s.start);
        // In order of first mention in the document (among the recent mentions).
        let first_seen = |code: &str| {
            state.recent().iter().position(|r| {
                r.mention.actors.iter().any(|a| {
                    a.name.as_deref() == Some(code)
                        || (a.code == code && a.name.is_none())
                        || a.country.as_deref() == Some(code)
                })
            })
        };
        found.sort_by_key(|f| first_seen(&f.0));
        let actors: Vec<Actor> = found.into_iter().map(|f| f.1).collect();
        let extra = Extra {
            plural: Some(true),
            ..Extra::default()
        };
        state.emit(
            ctx,
            (i, noun + 1),
            actors,
            ResolvedVia::Coreference,
            ante,
            extra,
        );
    }
    Some(noun + 1)
}

/// The two countries a group description most likely means: the two most often
/// mentioned (as participants, not places) in the last `GROUP_WINDOW` sentences, ties to
/// the more recent; the whole document when the window holds fewer than two.
fn country_pair(ctx: &Ctx, state: &DocState) -> Vec<(String, Actor, Span)> {
    const GROUP_WINDOW: usize = 6;
    let mut seen: Vec<(String, usize, usize, Span)> = Vec::new(); // code, count, last record, span
    for window in [Some(GROUP_WINDOW), None] {
        seen.clear();
        for (idx, r) in state.recent().iter().enumerate() {
            let in_window = window.is_none_or(|w| r.mention.sentence + w > ctx.sentence);
            if r.locative || !in_window {
                continue;
            }
            let mut codes: Vec<&str> = r
                .mention
                .actors
                .iter()
                .filter_map(|a| a.country.as_deref())
                .collect();
            codes.dedup();
            for c in codes {
                // A state gone by the date ("independence for South Yemen" in 2020) is
                // no side of today's pair.
                if !ctx
                    .kb
                    .countries
                    .iter()
                    .any(|x| x.code == c && !x.gone_by(ctx.day))
                {
                    continue;
                }
                match seen.iter_mut().find(|s| s.0 == c) {
                    Some(s) => {
                        s.1 += 1;
                        s.2 = idx;
                        s.3 = r.mention.span;
                    }
                    None => seen.push((c.to_string(), 1, idx, r.mention.span)),
                }
            }
        }
        if seen.len() >= 2 {
            break;
        }
    }
    seen.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    seen.truncate(2);
    seen.into_iter()
        .filter_map(|(code, _, _, span)| {
            let ci = ctx.kb.countries.iter().position(|x| x.code == code)?;
            Some((code, country_actor(ctx.kb, ci)?, span))
        })
        .collect()
}

/// Is this subject "it" an expletive ("it was the first time", "after it became known",
/// "it was reported that", "it seems")? Its head is a predicate of `expletive_heads` after
/// a copula (an adjective, noun, numeral or participle: "became known") or as a passive, or
/// a verb of `expletive_verbs`.
fn expletive(ctx: &Ctx, t: &annals_core::Token) -> bool {
    let rules = &ctx.kb.rules;
    let Some(head) = t.head.checked_sub(1).and_then(|h| ctx.token(h)) else {
        return false;
    };
    let lemma = head.lemma.to_lowercase();
    let predicate = matches!(head.upos, Upos::ADJ | Upos::NOUN | Upos::NUM)
        || head.xpos == "VBN"
        || t.deprel == "nsubj:pass";
    // "it became known": the predicate is the verb's complement.
    let complement = ctx.tokens.iter().any(|c| {
        c.head == t.head
            && c.deprel == "xcomp"
            && rules.expletive_heads.contains(&c.lemma.to_lowercase())
    });
    t.deprel.starts_with("nsubj")
        && ((predicate && rules.expletive_heads.contains(&lemma))
            || complement
            || rules.expletive_verbs.contains(&lemma))
}

/// he/she/it/they and their forms: the most recent compatible mention within the window.
pub(crate) fn pronoun(ctx: &Ctx, state: &mut DocState, i: usize) -> Option<usize> {
    let t = ctx.token(i)?;
    if t.upos != Upos::PRON {
        return None;
    }
    let kind = *ctx.kb.rules.pronouns.get(&t.form.to_lowercase())?;
    if kind == PronounKind::Neuter
        && !matches!(t.deprel.as_str(), "nsubj" | "nsubj:pass" | "nmod:poss")
    {
        return Some(i + 1);
    }
    // '"It was amazing"': "it" opening a quotation is the situation, not an actor.
    let after_quote = i
        .checked_sub(1)
        .and_then(|p| ctx.token(p))
        .is_some_and(|p| matches!(p.form.as_str(), "\"" | "“" | "``" | "'" | "‘"));
    // "cap it al": a word split by markup is no pronoun.
    let span = ctx.span(i, i + 1);
    let before = ctx
        .doc_text
        .get(..span.start)
        .and_then(|s| s.chars().next_back());
    let after = ctx.doc_text.get(span.end..).and_then(|s| s.chars().next());
    let inside_word =
        before.is_some_and(char::is_alphabetic) || after.is_some_and(char::is_alphabetic);
    if inside_word {
        return Some(i + 1);
    }
    if kind == PronounKind::Neuter && (after_quote || expletive(ctx, t)) {
        return Some(i + 1);
    }
    let window = ctx.kb.rules.pronoun_window;
    // "Kim embraced him": a non-reflexive object is not its own verb's subject.
    let reflexive =
        t.form.to_lowercase().ends_with("self") || t.form.to_lowercase().ends_with("selves");
    let is_object = matches!(t.deprel.as_str(), "obj" | "iobj" | "obl");
    let co_argument = |r: &Record| {
        is_object
            && !reflexive
            && r.mention.sentence == ctx.sentence
            && ctx
                .token(r.mention.head)
                .is_some_and(|h| h.head == t.head && h.deprel.starts_with("nsubj"))
    };
    // Only this sentence's mentions can be co-arguments.
    let excluded: Vec<&Vec<Actor>> = state
        .recent()
        .iter()
        .rev()
        .take_while(|r| r.mention.sentence == ctx.sentence)
        .filter(|r| co_argument(r))
        .map(|r| &r.mention.actors)
        .collect();
    let found = state
        .recent()
        .iter()
        .rev()
        .take_while(|r| r.mention.sentence + window > ctx.sentence)
        // An unknown name of the pronoun's number that is no place ("Ford said that its
        // share …", "Obama said Steve … he") is the nearer antecedent: nothing is guessed.
        .take_while(|r| {
            r.mention.is_resolved() || r.locative || (kind == PronounKind::Plural) != r.plural
        })
        .find(|r| {
            r.mention.is_resolved()
                && !excluded.contains(&&r.mention.actors)
                && match kind {
                    PronounKind::Male => {
                        r.person.is_some() && r.gender != Some(crate::kb::Gender::Female)
                    }
                    PronounKind::Female => {
                        r.person.is_some() && r.gender != Some(crate::kb::Gender::Male)
                    }
                    PronounKind::Neuter => {
                        r.person.is_none() && !r.plural && r.mention.actors.len() == 1
                    }
                    PronounKind::Plural => r.plural,
                }
        })
        .filter(|r| {
            // "The protesters said they …": a plural phrase that is no actor stands
            // between the pronoun and an older plural actor.
            let blockers = match kind {
                PronounKind::Plural => &state.plural_blockers,
                PronounKind::Neuter => &state.neuter_blockers,
                _ => return true,
            };
            // Blockers are pushed sentence by sentence: only the recent ones can fall
            // between the antecedent and the pronoun.
            !blockers
                .iter()
                .rev()
                .take_while(|b| b.0 >= r.mention.sentence)
                .any(|&b| b >= (r.mention.sentence, r.mention.tokens.1) && b < (ctx.sentence, i))
        })
        .map(|r| {
            (
                r.mention.actors.clone(),
                r.mention.span,
                r.person,
                r.gender,
                r.plural,
            )
        });
    if let Some((actors, span, person, gender, plural)) = found {
        let extra = Extra {
            person,
            gender,
            plural: Some(plural),
            ..Extra::default()
        };
        state.emit(
            ctx,
            (i, i + 1),
            actors,
            ResolvedVia::Coreference,
            Some(span),
            extra,
        );
    }
    Some(i + 1)
}
