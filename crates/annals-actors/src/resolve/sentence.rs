//! One sentence: knowledge-base matches, ambiguity rules, unknown-name gluing, and the
//! left-to-right scan.

use annals_core::{ResolvedVia, Upos};

use super::ambiguity::{decide, region_starts_longer_name, Place, Reading};
use super::{chain, collective, coref, institution, Ctx, DocState, Extra};
use crate::lexicon::{longest_match, Hit, SentenceKeys};

/// A knowledge-base phrase found in the sentence.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub start: usize,
    pub end: usize,
    pub hits: Vec<Hit>,
    /// The code an ambiguity rule chose for this occurrence.
    pub forced: Option<String>,
}

impl Unit {
    pub fn has(&self, f: impl Fn(&Hit) -> bool) -> Option<Hit> {
        self.hits.iter().copied().find(|h| f(h))
    }
}

/// Units indexed by their first token, and which tokens any unit covers.
pub(crate) struct Units {
    pub list: Vec<Unit>,
    pub at: Vec<Option<usize>>,
    pub covered: Vec<bool>,
}

impl Units {
    fn new(list: Vec<Unit>, n: usize) -> Units {
        let mut at = vec![None; n];
        let mut covered = vec![false; n];
        for (u, unit) in list.iter().enumerate() {
            if let Some(slot) = at.get_mut(unit.start) {
                *slot = Some(u);
            }
            for c in covered.iter_mut().take(unit.end).skip(unit.start) {
                *c = true;
            }
        }
        Units { list, at, covered }
    }

    pub fn at(&self, i: usize) -> Option<&Unit> {
        self.at
            .get(i)
            .copied()
            .flatten()
            .and_then(|u| self.list.get(u))
    }
}

/// Proper nouns that could be names (not dates, titles or punctuation).
fn name_like(ctx: &Ctx) -> Vec<bool> {
    ctx.tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.upos == Upos::PROPN
                && t.form.chars().next().is_some_and(char::is_alphabetic)
                && !ctx.kb.rules.not_names.contains(&t.form.to_lowercase())
                // "US$", "HK$", "US dollars": a currency's prefix.
                && !(ctx.is_word(i + 1, "$")
                    || ctx.is_lemma(i + 1, "dollar")
                    || ctx.is_word(i + 1, "dollars"))
        })
        .collect()
}

/// A possible name the knowledge base does not cover.
fn is_unknown_propn(name_like: &[bool], covered: &[bool], i: usize) -> bool {
    name_like.get(i).copied().unwrap_or(false) && !covered.get(i).copied().unwrap_or(true)
}

/// Headlines in Title Case tag most words PROPN; names are not glued there and unknown
/// runs are not kept (they would be whole headlines).
fn is_title_case(ctx: &Ctx) -> bool {
    const SMALL: &[&str] = &[
        "and", "the", "for", "with", "from", "of", "to", "in", "on", "at", "as", "by", "or", "a",
        "an",
    ];
    let (mut total, mut lower) = (0, 0);
    for t in ctx.tokens {
        let starts_alpha = t.form.chars().next().is_some_and(char::is_alphabetic);
        if !starts_alpha || SMALL.contains(&t.form.as_str()) {
            continue;
        }
        total += 1;
        lower += usize::from(t.form.chars().next().is_some_and(char::is_lowercase));
    }
    ctx.heading || (total >= 3 && lower == 0)
}

/// Pick among several countries for one name ("Moscow": Russia, or the Soviet Union
/// before 1992) by the document's date: a historical state existing on that day wins;
/// otherwise historical states drop out.
fn pick_by_date(ctx: &Ctx, unit: &mut Unit) {
    let countries = &ctx.kb.countries;
    let historical = |c: usize| countries.get(c).is_some_and(|c| c.until.is_some());
    let exists = |c: usize| {
        countries.get(c).is_some_and(|c| {
            ctx.day.is_some_and(|d| {
                c.from.as_deref().is_none_or(|f| f <= d)
                    && c.until.as_deref().is_none_or(|u| d <= u)
            })
        })
    };
    let country_of = |h: &Hit| match *h {
        Hit::Country(c) | Hit::Capital(c) | Hit::Seat(c) | Hit::CountryAdj(c) | Hit::Demonym(c) => {
            Some(c)
        }
        _ => None,
    };
    let mut cs: Vec<usize> = unit.hits.iter().filter_map(country_of).collect();
    cs.dedup();
    if cs.len() < 2 || !cs.iter().any(|&c| historical(c)) {
        return;
    }
    let keep: Vec<usize> = match cs.iter().copied().find(|&c| historical(c) && exists(c)) {
        Some(h) => vec![h],
        None => cs.iter().copied().filter(|&c| !historical(c)).collect(),
    };
    unit.hits
        .retain(|h| country_of(h).is_none_or(|c| keep.contains(&c)));
}

/// Names that join an unknown proper noun next to them into one unknown name; a one-word
/// organisation too ("Straits Times Index" is not The Times).
fn glues(u: &Unit) -> bool {
    u.hits.iter().all(is_glueable)
        || (u.end == u.start + 1 && u.hits.iter().all(|h| matches!(h, Hit::Org(_))))
}

/// Words that join two capitalised parts into one name ("Bank of Korea", "Commission on
/// Presidential Debates", "Campaign for Nuclear Disarmament").
const NAME_LINKS: &[&str] = &["of", "on", "for"];

/// A one-word organisation before "of", "on" or "for" and an unknown proper noun is the
/// start of a longer unknown name: "Commission on Presidential Debates" is not the
/// European Commission, "Union for the Mediterranean"'s first word not a union it knows.
fn links_unknown_name(ctx: &Ctx, names: &[bool], covered: &[bool], u: &Unit) -> bool {
    let one_word_org = u.end == u.start + 1
        && u.hits
            .iter()
            .all(|h| matches!(h, Hit::Org(_) | Hit::Igo(_)));
    // "Presidential Debates": the next part may start with a capitalised adjective.
    let capitalised_part = |i: usize| {
        is_unknown_propn(names, covered, i)
            || (!covered.get(i).copied().unwrap_or(true)
                && ctx.token(i).is_some_and(|t| {
                    matches!(t.upos, Upos::ADJ | Upos::NOUN)
                        && t.form.chars().next().is_some_and(char::is_uppercase)
                }))
    };
    one_word_org && NAME_LINKS.iter().any(|w| ctx.is_word(u.end, w)) && capitalised_part(u.end + 1)
}

/// Is token `i` a capitalised noun, adjective or name outside any knowledge-base phrase?
fn capitalised_word(ctx: &Ctx, covered: &[bool], i: usize) -> bool {
    !covered.get(i).copied().unwrap_or(true)
        && ctx.token(i).is_some_and(|t| {
            matches!(t.upos, Upos::PROPN | Upos::NOUN | Upos::ADJ)
                && t.form.chars().next().is_some_and(char::is_uppercase)
        })
}

/// Where the run of capitalised words starting at `i` ends ([`capitalised_word`]).
fn capitalised_run_end(ctx: &Ctx, covered: &[bool], mut i: usize) -> usize {
    while capitalised_word(ctx, covered, i) {
        i += 1;
    }
    i
}

/// A country inside an organisation's name whose other words are capitalised common words
/// ending in an organisation word: "United States Chess Federation", "US National Park
/// Service", "Unity Party of America", "Comic Corps of Canada" (`org_words`).
fn inside_org_name(ctx: &Ctx, covered: &[bool], u: &Unit) -> bool {
    // Not an institution the phrase reader knows ("US Senate", "Indian Army").
    let org_word = |i: usize| {
        ctx.token(i).is_some_and(|t| {
            let w = t.form.to_lowercase();
            ctx.kb.rules.org_words.contains(&w) && !ctx.kb.sectors.iter().any(|s| s.phrase == w)
        })
    };
    // Before "of", a company's or school's word heads a name even when it is a sector noun
    // ("Bank of America", "University of Chicago"); a state's institution does not
    // ("Parliament of Georgia" is read as a phrase).
    let private_head = |i: usize| {
        ctx.token(i).is_some_and(|t| {
            let w = t.form.to_lowercase();
            ctx.kb.rules.org_words.contains(&w)
                && ctx
                    .kb
                    .sectors
                    .iter()
                    .filter(|s| s.phrase == w)
                    .all(|s| matches!(s.sector.as_str(), "BUS" | "EDU"))
        })
    };
    let capitalised = |i: usize| capitalised_word(ctx, covered, i);
    let e = capitalised_run_end(ctx, covered, u.end);
    let after = e > u.end && e.checked_sub(1).is_some_and(org_word);
    let before = ctx.is_word(u.start.wrapping_sub(1), "of")
        && u.start
            .checked_sub(2)
            .is_some_and(|k| k > 0 && capitalised(k) && private_head(k));
    after || before
}

/// A person, country or capital followed by capitalised words ending in a place's word
/// names that place: "the Chiang Kai Shek Memorial", "Kennedy Airport", "Moscow City Hall"
/// (`place_words`).
fn inside_place_name(ctx: &Ctx, covered: &[bool], u: &Unit) -> bool {
    let named = !u.hits.is_empty()
        && u.hits.iter().all(|h| {
            matches!(
                h,
                Hit::Person(_) | Hit::Surname(_) | Hit::Country(_) | Hit::Capital(_)
            )
        });
    let e = capitalised_run_end(ctx, covered, u.end);
    // "United States Federal District Judge …": a title goes on after the place word.
    let title_next = covered.get(e).copied().unwrap_or(false);
    named
        && !title_next
        && e > u.end
        && e.checked_sub(1)
            .and_then(|k| ctx.token(k))
            .is_some_and(|t| ctx.kb.rules.place_words.contains(&t.form.to_lowercase()))
}

fn is_glueable(h: &Hit) -> bool {
    matches!(
        h,
        Hit::Country(_)
            | Hit::CountryAdj(_)
            | Hit::Capital(_)
            | Hit::Seat(_)
            | Hit::Igo(_)
            | Hit::IgoSeat(_)
            | Hit::Demonym(_)
            | Hit::Surname(_)
    )
}

fn find_units(ctx: &Ctx) -> Vec<Unit> {
    let keys = SentenceKeys::new(ctx.tokens, &ctx.kb.lexicon);
    let mut units = Vec::new();
    let mut i = 0;
    while i < ctx.tokens.len() {
        match longest_match(&ctx.kb.lexicon, ctx.tokens, &keys, i) {
            Some((end, hits)) => {
                units.push(Unit {
                    start: i,
                    end,
                    hits,
                    forced: None,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    units
}

/// The knowledge-base phrases of one sentence after dates, ambiguity rules and name
/// gluing: what the scan reads, and what the document's country is counted from.
pub(crate) fn prepare_units(ctx: &Ctx) -> Vec<Unit> {
    let n = ctx.tokens.len();
    let title_case = is_title_case(ctx);
    let names = name_like(ctx);
    let mut list = find_units(ctx);
    for u in &mut list {
        pick_by_date(ctx, u);
    }
    // "US$ 22 billion", "US dollars": a currency, not the country.
    list.retain(|u| {
        !(ctx.is_word(u.end, "$") || ctx.is_lemma(u.end, "dollar") || ctx.is_word(u.end, "dollars"))
    });
    // A capitalised sector noun inside a sentence is part of a name ("Moscow State
    // University"), not a generic noun; except plural group nouns ("Iraqi Kurds") and an
    // institution after "the" ("the Senate", "the Supreme Court").
    let before_names = titles_before_names(ctx, &names, &list);
    list.retain(|u| {
        let sector_only = u.hits.iter().all(|h| matches!(h, Hit::Sector(_)));
        let capitalised = ctx
            .token(u.start)
            .is_some_and(|t| t.form.chars().next().is_some_and(char::is_uppercase));
        !(sector_only && capitalised && u.start > 0 && !title_case)
            || collective::capitalised_noun_stays(ctx, u)
            || before_names.contains(&u.start)
    });
    // Ambiguity rules: a rejected reading leaves the words as an unknown name.
    let ends: Vec<usize> = list.iter().map(|u| u.end).collect();
    list.retain_mut(|u| {
        let text = ctx.span(u.start, u.end).slice(ctx.doc_text).unwrap_or("");
        let Some(rule) = ctx.kb.rules.names.get(text) else {
            return true;
        };
        let place = Place {
            tokens: ctx.tokens,
            start: u.start,
            end: u.end,
            after_unit: ends.contains(&u.start),
        };
        match decide(rule, &place, ctx.sentence_text, ctx.doc_text) {
            Reading::Kb => true,
            Reading::Code(code) => {
                u.forced = Some(code);
                true
            }
            Reading::NotActor => false,
        }
    });
    // A name glued to an unknown proper noun is part of a longer unknown name.
    if !title_case {
        drop_given_names(ctx, &mut list);
        drop_branch_names(ctx, &mut list);
        list.retain(|u| !ends_longer_name(ctx, u));
        let starts: Vec<usize> = list.iter().map(|u| u.start).collect();
        list.retain(|u| !region_starts_longer_name(ctx, u, &starts));
        loop {
            let units = Units::new(list.clone(), n);
            let before = list.len();
            list.retain(|u| {
                let glueable = glues(u);
                let prev = u
                    .start
                    .checked_sub(1)
                    .is_some_and(|p| is_unknown_propn(&names, &units.covered, p));
                let next = is_unknown_propn(&names, &units.covered, u.end)
                    || links_unknown_name(ctx, &names, &units.covered, u)
                    || inside_org_name(ctx, &units.covered, u);
                !(glueable && (prev || next)) && !inside_place_name(ctx, &units.covered, u)
            });
            if list.len() == before {
                break;
            }
        }
    }
    list
}

/// Starts of units directly before a person's name: a knowledge-base person, or two or
/// more unknown proper nouns none of which is an organisation's or place's word
/// ("Interior Minister Humberto Centeno", "Senator Elizabeth Warren"; not "Moscow State
/// University"). A capitalised sector noun there is a title, not part of a name.
fn titles_before_names(ctx: &Ctx, names: &[bool], list: &[Unit]) -> Vec<usize> {
    let covered = Units::new(list.to_vec(), ctx.tokens.len()).covered;
    let rules = &ctx.kb.rules;
    let plain_name_word = |i: usize| {
        is_unknown_propn(names, &covered, i)
            && ctx.token(i).is_some_and(|t| {
                let w = t.form.to_lowercase();
                !rules.org_words.contains(&w) && !rules.place_words.contains(&w)
            })
    };
    list.iter()
        .filter(|u| {
            // Before a lone surname only an office's title or a person's title counts
            // ("President Moon", "Senator Warren"): "Sailor Moon" is a name, not a sailor
            // called Moon.
            let title = u.hits.iter().any(|h| matches!(h, Hit::Title(_)))
                || ctx
                    .span(u.start, u.end)
                    .slice(ctx.doc_text)
                    .is_some_and(|t| rules.person_titles.contains(&t.to_lowercase()));
            let person = list.iter().any(|v| {
                v.start == u.end
                    && v.hits.iter().any(|h| match h {
                        Hit::Person(_) => true,
                        Hit::Surname(_) => title,
                        _ => false,
                    })
            });
            let unknown = (u.end..u.end + 2).all(plain_name_word)
                && !is_unknown_propn(names, &covered, u.end + 2)
                || (u.end..u.end + 3).all(plain_name_word);
            person || unknown
        })
        .map(|u| u.start)
        .collect()
}

/// A one-word country or capital used as a given name before a surname the knowledge
/// base knows for someone else ("Chad Johnson", "Israel Folau"): the parser attaches it to
/// the surname as part of one name, so both become one unknown name.
fn drop_given_names(ctx: &Ctx, list: &mut Vec<Unit>) {
    let mut drop: Vec<usize> = Vec::new();
    for pair in list.windows(2) {
        let [a, b] = pair else { continue };
        let surname_only = b.hits.iter().all(|h| matches!(h, Hit::Surname(_)));
        let country_like =
            a.hits.iter().all(is_glueable) && !a.hits.iter().any(|h| matches!(h, Hit::Surname(_)));
        let joins = |from: usize, to: usize| {
            ctx.token(from).is_some_and(|t| {
                matches!(t.deprel.as_str(), "compound" | "flat") && t.head == to + 1
            })
        };
        let attached = joins(a.start, b.start) || joins(b.start, a.start);
        if a.end == a.start + 1 && a.end == b.start && surname_only && country_like && attached {
            drop.extend([a.start, b.start]);
        }
    }
    if !drop.is_empty() {
        list.retain(|u| !drop.contains(&u.start));
    }
}

/// A country or capital right after a capitalised word that starts a place's name or is a
/// person's title ends a longer name: "Albuquerque, New Mexico", "Western Australia",
/// "Captain America" (`place_first_words`, `person_titles`). Names the knowledge base knows
/// whole ("New Zealand", "North Korea") are matched before this is asked.
fn ends_longer_name(ctx: &Ctx, u: &Unit) -> bool {
    let rules = &ctx.kb.rules;
    let country_like = !u.hits.is_empty()
        && u.hits
            .iter()
            .all(|h| matches!(h, Hit::Country(_) | Hit::Capital(_)));
    let before = u.start.checked_sub(1).and_then(|p| ctx.token(p));
    country_like
        && before.is_some_and(|t| {
            let w = t.form.to_lowercase();
            t.form.chars().next().is_some_and(char::is_uppercase)
                && (rules.place_first_words.contains(&w) || rules.person_titles.contains(&w))
        })
}

/// A company, broadcaster or surname compounded with a country after it is a branch's or
/// a firm's name ("CNN Philippines", "Ford Australia"), not the state: both become one
/// unknown name.
fn drop_branch_names(ctx: &Ctx, list: &mut Vec<Unit>) {
    let firm = |h: &Hit| match *h {
        Hit::Org(o) => ctx
            .kb
            .orgs
            .get(o)
            .is_some_and(|o| matches!(o.sector.as_deref(), Some("BUS" | "MED"))),
        Hit::Surname(_) => true,
        _ => false,
    };
    let mut drop: Vec<usize> = Vec::new();
    for pair in list.windows(2) {
        let [a, b] = pair else { continue };
        let country = !b.hits.is_empty() && b.hits.iter().all(|h| matches!(h, Hit::Country(_)));
        // One token attached into the other as a compound or flat name, either way round.
        let into = |from: &Unit, to: &Unit| {
            (from.start..from.end).any(|k| {
                ctx.token(k).is_some_and(|t| {
                    matches!(t.deprel.as_str(), "compound" | "flat")
                        && t.head > to.start
                        && t.head <= to.end
                })
            })
        };
        let compound = into(a, b) || into(b, a);
        if a.end == b.start && a.hits.iter().all(firm) && country && compound {
            drop.extend([a.start, b.start]);
        }
    }
    if !drop.is_empty() {
        list.retain(|u| !drop.contains(&u.start));
    }
}

pub(crate) fn resolve_sentence(ctx: &Ctx, state: &mut DocState, list: Vec<Unit>) {
    let n = ctx.tokens.len();
    let title_case = is_title_case(ctx);
    let names = name_like(ctx);
    let units = Units::new(list, n);
    // Plural nouns that are a verb's subject or object and no knowledge-base phrase ("the
    // hostages"): a later "they" or "them" does not skip back past them.
    for (k, t) in ctx.tokens.iter().enumerate() {
        if t.upos != Upos::NOUN || units.covered.get(k) != Some(&false) {
            continue;
        }
        let subject = matches!(t.deprel.as_str(), "nsubj" | "nsubj:pass");
        let core = subject || matches!(t.deprel.as_str(), "obj" | "iobj");
        if core && ctx.is_plural(k) {
            state.plural_blockers.push((ctx.sentence, k));
        } else if subject && !ctx.is_plural(k) {
            state.neuter_blockers.push((ctx.sentence, k));
        }
    }
    let mut i = 0;
    while i < n {
        if let Some(next) = coref::group(ctx, state, i) {
            i = next;
            continue;
        }
        if let Some(next) = coref::pronoun(ctx, state, i) {
            i = next;
            continue;
        }
        if let Some(next) = chain::chain(ctx, state, &units, i) {
            i = next.max(i + 1);
            continue;
        }
        if let Some(unit) = units.at(i) {
            chain::bare(ctx, state, &units, unit);
            i = unit.end.max(i + 1);
            continue;
        }
        if is_unknown_propn(&names, &units.covered, i) {
            let mut end = i + 1;
            loop {
                while end < n && is_unknown_propn(&names, &units.covered, end) {
                    end += 1;
                }
                // "University of Toronto", "Bank of Korea", "Commission on Presidential
                // Debates"
                let of = NAME_LINKS.iter().any(|w| ctx.is_word(end, w))
                    && is_unknown_propn(&names, &units.covered, end + 1);
                if !of {
                    break;
                }
                end += 2;
            }
            // Capitalised adjectives and nouns inside a sentence start the name: "Supreme
            // Court", "Red Hat", "Democratic Party".
            let mut start = i;
            while start > 1
                && !units.covered.get(start - 1).copied().unwrap_or(true)
                && ctx.token(start - 1).is_some_and(|t| {
                    matches!(t.upos, Upos::ADJ | Upos::NOUN)
                        && t.form.chars().next().is_some_and(char::is_uppercase)
                })
            {
                start -= 1;
            }
            if !title_case {
                unknown_name(ctx, state, start, end);
            }
            i = end;
            continue;
        }
        i += 1;
    }
}

/// An unknown proper-noun run: kept unresolved; a lone word that ends an earlier unknown
/// multi-word name in the document ("Jordan" after "Michael Jordan") points back to it.
pub(crate) fn unknown_name(ctx: &Ctx, state: &mut DocState, start: usize, end: usize) {
    let words: Vec<String> = (start..end)
        .filter_map(|i| ctx.token(i).map(|t| t.form.clone()))
        .collect();
    let antecedent = match words.as_slice() {
        [one] => state
            .recent()
            .iter()
            .rev()
            .find(|r| r.name_words.len() >= 2 && r.name_words.last() == Some(one))
            .map(|r| r.mention.span),
        _ => None,
    };
    // A person's name by its words and its parse: the parser joined the words as one name
    // (`flat`, as UD writes "Paris Jaquier"), not as a compound ("Cyprus Mail").
    let flat = crate::triage::joined_as_one_name(ctx.tokens, start, end);
    let person_name = flat && crate::triage::person_like_name(&ctx.kb.rules, &ctx.text(start, end));
    let extra = Extra {
        name_words: if words.len() >= 2 { words } else { Vec::new() },
        person_name,
        ..Extra::default()
    };
    // "Royal Canadian Mounted Police", "Natural Law Party": a country's institution.
    if let Some((actors, via, ante)) = institution::named_institution(ctx, state, start, end) {
        state.emit(ctx, (start, end), actors, via, ante, extra);
        return;
    }
    state.emit(
        ctx,
        (start, end),
        Vec::new(),
        ResolvedVia::Unresolved,
        antecedent,
        extra,
    );
}
