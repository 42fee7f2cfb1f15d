//! Actors and their mentions: what actor resolution hands to the event coder.

use serde::{Deserialize, Serialize};

use crate::Span;

/// A resolved actor, in CAMEO/PETRARCH conventions.
///
/// `code` is the full actor code the events carry (`RUSGOV`, `PRKMIL`, `USAGOV`, `EU`,
/// `NATO`, `SUN`); `country` and `sector` are its parts where they apply, so a dyad query
/// can match on the country alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    pub code: String,
    /// ISO-3166 alpha-3 (or historical-state) code; for IGOs and blocs, their own code.
    pub country: Option<String>,
    /// `GOV`, `MIL`, `MED`, `JUD`, `LEG`, `COP`, `REB`, `OPP`, `BUS`, `CVL`, `EDU`, `IGO`…
    pub sector: Option<String>,
    /// Canonical name of the person, organisation or state (`Vladimir Putin`, `TASS`).
    pub name: Option<String>,
    /// Wikidata item id (`Q7747`) where the knowledge base records one.
    pub wikidata: Option<String>,
}

/// How a mention was resolved: the evidence, so an analyst can audit every code.
///
/// The string forms (`as_str`) are stable: they are stored and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolvedVia {
    /// A knowledge-base name matched directly ("Vladimir Putin", "TASS", "Russia").
    Name,
    /// A country adjective or possessive plus a sector noun ("North Korean troops",
    /// "U.S. officials", "Russia's UN ambassador").
    Phrase,
    /// A dated office ("the Russian president" in 2010 → Medvedev).
    Role,
    /// A capital or seat of power standing for the government ("Pyongyang", "the Kremlin").
    Metonym,
    /// A surname or short form after the full name in the same document ("Kim", "Putin").
    ShortName,
    /// A pronoun or definite description resolved to an earlier mention ("he", "the two
    /// countries", "the Russian leader").
    Coreference,
    /// A proper-noun span the knowledge base does not know; kept with its text.
    Unresolved,
}

impl ResolvedVia {
    pub fn as_str(&self) -> &'static str {
        match self {
            ResolvedVia::Name => "name",
            ResolvedVia::Phrase => "phrase",
            ResolvedVia::Role => "role",
            ResolvedVia::Metonym => "metonym",
            ResolvedVia::ShortName => "short_name",
            ResolvedVia::Coreference => "coreference",
            ResolvedVia::Unresolved => "unresolved",
        }
    }
}

/// One mention of an actor in one sentence.
///
/// A mention that stands for several actors ("the two countries", "both leaders") is one
/// mention with several `actors`; the coder emits one event per actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorMention {
    /// 0-based index of the sentence in the document.
    pub sentence: usize,
    /// Byte span in the document's clean text.
    pub span: Span,
    /// 0-based token range `[start, end)` within the parsed sentence.
    pub tokens: (usize, usize),
    /// 0-based index of the mention's syntactic head token within the sentence (the token
    /// whose dependency relation links the mention to the rest of the tree).
    pub head: usize,
    pub text: String,
    /// Empty when unresolved (the text is still kept, never dropped).
    pub actors: Vec<Actor>,
    pub via: ResolvedVia,
    /// For coreference: the span of the antecedent mention it was resolved to.
    pub antecedent: Option<Span>,
}

impl ActorMention {
    pub fn is_resolved(&self) -> bool {
        !self.actors.is_empty()
    }
}
