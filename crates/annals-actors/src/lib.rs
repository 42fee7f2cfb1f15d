//! Actors: the knowledge base annals ships (states, IGOs, people with dated roles,
//! organisations, sector nouns), mention finding over parsed sentences, resolution to
//! CAMEO-style actor codes, and within-document coreference.
//!
//! ```text
//! Document + ParsedSentence[] ──► ActorResolver::resolve_document ──► ActorMention[]
//! ```

mod kb;
mod lexicon;
mod resolve;
mod rules;

pub use kb::{is_kb_file, KbEntryView, KbError, KnowledgeBase, RoleView};
pub use resolve::ActorResolver;
