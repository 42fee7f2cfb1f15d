//! Actors: the knowledge base annals ships (states, IGOs, people with dated roles,
//! organisations, sector nouns), mention finding over parsed sentences, resolution to
//! CAMEO-style actor codes, and within-document coreference.
//!
//! ```text
//! Document + ParsedSentence[] ──► ActorResolver::resolve_document ──► ActorMention[]
//! ```
//!
//! ```no_run
//! # fn demo(doc: &annals_core::Document, parsed: &[annals_core::ParsedSentence]) -> Result<(), annals_actors::KbError> {
//! use std::sync::Arc;
//! let kb = annals_actors::KnowledgeBase::with_user_files(&[])?; // built-in + config dir
//! let resolver = annals_actors::ActorResolver::new(Arc::new(kb));
//! for m in resolver.resolve_document(doc, parsed) {
//!     println!("{} → {:?} ({})", m.text, m.actors.first().map(|a| &a.code), m.via.as_str());
//! }
//! # Ok(()) }
//! ```
//!
//! # Policies (each one tested in `tests/cases.toml`)
//!
//! * **Mentions.** The longest knowledge-base phrase at each token wins (case-aware for
//!   names, lemma- and plural-aware for titles and sector nouns). Proper-noun runs the
//!   knowledge base does not know are kept as [`ResolvedVia::Unresolved`](annals_core::ResolvedVia::Unresolved) with their text;
//!   a known name glued to an unknown proper noun ("Michael Jordan", "Moscow State
//!   University") is part of the unknown name. Title-case headlines keep only known names.
//! * **Phrases.** A determiner, a country adjective or possessive ("North Korean",
//!   "Russia's"), titles and sector nouns, and an optional name are read as one mention:
//!   "Russian President Vladimir Putin" → `RUSGOV` (the person), "U.S. officials" →
//!   `USAGOV`, "the president of Russia" → the office. A bare country is its code alone
//!   (`RUS`, sector none), as CAMEO does.
//! * **Dates.** Roles are resolved on the publication date (`doc.published`): "the Russian
//!   president" is Medvedev in 2010 and Putin in 2015. An undated document gets the office's
//!   code without a name, unless the document named a person who held that office (then
//!   that person, by coreference): annals never assumes today's holder. Names of states
//!   that no longer exist win on dates when they existed ("Moscow" in 1988 → `SUNGOV`).
//!   A named person whose roles all ended before the date is an elite (`RUSELI`).
//! * **Metonyms.** A capital or seat of power is its government (`…GOV`) only as subject,
//!   object, possessive or agent, never after a preposition or as the object of a movement
//!   verb. A capital visited or travelled to ("visited Moscow", "flew to Beijing":
//!   `host_verbs`, `travel_verbs` in data/engine.toml) is its country, the host (`RUS`, as
//!   "visited Russia" would be); otherwise it is a place and no mention.
//! * **Ambiguous names** (`data/ambiguity.toml`): Georgia after "City," or before
//!   "governor"/"state", or with Atlanta in the sentence, is not the country; "Jordan" after
//!   an earlier "Michael Jordan" is that person; "Turkey" with Thanksgiving is a bird; a bare
//!   "Congo" is the DR Congo unless Brazzaville or the Republic of the Congo is in view;
//!   "Korea" alone is not guessed (South Korea only when the document speaks of Seoul and
//!   not of the North, North Korea the other way round); "Republic of China" is Taiwan;
//!   "Washington" as an actor is the U.S. government, "Washington state" is not; "Brussels"
//!   as an actor is the EU unless the sentence is about Belgium.
//! * **Groups.** A country adjective, possessive or region name before a group noun gives
//!   the country: "Iraqi Kurds" → `IRQETH`, "Darfur rebels" → `SDNREB`, "Congressional
//!   lawmakers" → `USALEG`; coordinated adjectives are one mention of several actors ("a
//!   Russian and North Korean delegation" → `RUSGOV`+`PRKGOV`). Before an event noun
//!   (`event_nouns` in data/engine.toml) the adjectives alone are the act's source ("an
//!   American offer" → `USA`); before other nouns ("Russian gas") they are no mention.
//! * **Dated groups.** An organisation with `periods` takes the sector valid on the
//!   publication date: the Taliban are `AFGREB` in 2010 and `AFGGOV` from 2021-08-15.
//! * **Capitals after prepositions** stand for the government when the preposition relates
//!   actors ("talks with Beijing", "condemned by Moscow", "relations between Seoul and
//!   Tokyo", or "from"/"to" after an event noun: "pressure from Washington") and the
//!   sentence is about states; "officials in Tehran", "the government in Kabul" are that
//!   country's. Elsewhere ("flew from Beijing", "protests in Tehran") a capital is a place.
//! * **Collectives.** "The rebels", "the protesters", "police" refer to the latest mention
//!   of their sector within four sentences; institutions ("the government", "the army",
//!   "the Supreme Court") otherwise to the country the document is about (named at least
//!   twice and twice as often as any other), as coreference to that country's latest
//!   mention. A plural noun that is no actor ("the hostages") stops "they"/"them" from
//!   reaching back past it.
//! * **Named institutions.** An unknown name whose words make it an institution —
//!   ending in "Police" or "Party", or "Ministry of …", "<country> Department of …"
//!   (`institution_*` in data/engine.toml) — is that country's (`CANCOP` for "Royal
//!   Canadian Mounted Police"), else the document country's, by coreference ("Thames Valley
//!   Police" in a report about Britain → `GBRCOP`). A capitalised title before an unknown
//!   name ("Senator Elizabeth Warren") in a document about one country is that country's
//!   official; before a known name it is part of the mention ("Interior Minister Humberto
//!   Centeno"). A monarch's regnal number is no surname ("I" is not Juan Carlos I).
//! * **Coreference.** A surname after a full name is that person ([`ResolvedVia::ShortName`](annals_core::ResolvedVia::ShortName);
//!   "Kim" is the most recent full-name Kim); a surname never introduced stands for its only
//!   knowledge-base bearer only while they hold an office. Pronouns take the most recent
//!   compatible mention within three sentences (gender for he/she, a state or organisation
//!   for it, a plural or group for they; an object is never its own verb's subject). "The
//!   two countries"/"both countries" is one mention of the two countries most mentioned as
//!   participants in the last six sentences; "the two leaders", the two most recent people;
//!   "the Russian leader" is an earlier Russian leader of the document, else the head of
//!   state or government on the date.

mod kb;
mod lexicon;
mod resolve;
mod rules;
mod triage;

pub use kb::{is_kb_file, KbEntryView, KbError, KnowledgeBase, RoleView, PHOENIX_FILES};
pub use resolve::{
    ActorResolver, MentionsCapped, COREF_LOOKBACK, MAX_MENTIONS_PER_DOCUMENT,
    MAX_MENTIONS_PER_SENTENCE,
};
pub use triage::UnresolvedKind;
