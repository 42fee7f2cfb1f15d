//! The stage's input (what coding learned about one document) and output (stories, event
//! clusters, contradictions). Outputs serialise to JSON; the store keeps them as records.

use annals_core::{Event, Modality};
use serde::{Deserialize, Serialize};

/// One analysed document, as the stage needs it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocInput {
    /// The stored document id.
    pub doc_id: String,
    /// Publication date (`YYYY-MM-DD[…]`), when the source gave one.
    pub published: Option<String>,
    /// Title, when known (weighs more than the lead in term similarity).
    pub title: Option<String>,
    /// The first body sentences: what the report is about.
    pub lead: String,
    /// The earlier document this one nearly duplicates (already resolved by ingest).
    pub duplicate_of: Option<String>,
    /// Its coded events.
    pub events: Vec<Event>,
    /// Every sentence, numbered as events number them: what event clusters are built
    /// from, so that a happening the coder missed is still matched across reports.
    pub sentences: Vec<SentenceInput>,
}

/// One sentence of a document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SentenceInput {
    /// 1-based sentence number (as in the event record).
    pub number: usize,
    /// Its text.
    pub text: String,
}

/// A sentence of a stored document that reports an event cluster's happening.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SentenceRef {
    /// The document.
    pub doc_id: String,
    /// 1-based sentence number.
    pub sentence: usize,
}

/// A group of documents reporting one real-world happening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable id: derived from the document that started the story.
    pub story_id: String,
    /// A label: the founding document's title or lead, shortened.
    pub label: String,
    /// Documents in arrival order.
    pub docs: Vec<StoryDoc>,
    /// Documents that are not near-duplicates of another member.
    pub n_sources: usize,
    /// Earliest and latest publication dates of its documents.
    pub first_published: Option<String>,
    /// See `first_published`.
    pub last_published: Option<String>,
    /// Actor countries (or codes) of its events, most frequent first.
    pub actors: Vec<String>,
}

/// A document's membership of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryDoc {
    /// The document.
    pub doc_id: String,
    /// For a near-duplicate: the original it copies (not an independent source).
    pub copy_of: Option<String>,
    /// Similarity with the story when it joined (1 for the founder and for copies).
    pub score: f64,
}

/// One real-world event as reported by one or more documents: the sentences that report
/// it (`sentences`), and the coded events read from them (`mentions`). A cluster whose
/// sentences the coder coded nothing from has no code: empty `cameo` and `cameo_root`,
/// sides `-`, and `modality_sources` 0 (see [`EventCluster::is_coded`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCluster {
    /// Stable id: derived from the first mention's event id.
    pub cluster_id: String,
    /// The story of its first mention.
    pub story_id: String,
    /// The two sides, in the first mention's direction (country, else actor code; `-` for
    /// a missing side).
    pub actor_a: String,
    /// See `actor_a`.
    pub actor_b: String,
    /// CAMEO root shared by its mentions.
    pub cameo_root: String,
    /// The most frequent full code (first seen on ties).
    pub cameo: String,
    /// PLOVER type of that code, when mapped.
    pub plover: Option<String>,
    /// Goldstein score of that code.
    pub goldstein: f64,
    /// QuadClass of that code.
    pub quad_class: u8,
    /// Whether its mentions are historical background.
    pub historical: bool,
    /// Every coded event of its sentences, in arrival order.
    pub mentions: Vec<ClusterMention>,
    /// Every sentence reporting it, in arrival order (older records without it decode as
    /// empty).
    #[serde(default)]
    pub sentences: Vec<SentenceRef>,
    /// Distinct documents, near-duplicates not counted.
    pub n_sources: usize,
    /// The document that reported it first (earliest publication, else first stored).
    pub earliest_doc: String,
    /// Publication date of `earliest_doc`.
    pub earliest_published: Option<String>,
    /// The most precise date its sources give (most sources on ties).
    pub best_date: Option<String>,
    /// Precision of `best_date` (`day`, `month`, …).
    pub best_date_precision: Option<String>,
    /// Sources giving `best_date`.
    pub best_date_sources: usize,
    /// The strongest modality a source gives (asserted > reported > expected > speculative
    /// > hypothetical > negated).
    pub modality: Modality,
    /// Sources giving `modality`.
    pub modality_sources: usize,
}

impl EventCluster {
    /// Whether the coder coded an event from any of its sentences (the CAMEO, side and
    /// modality fields mean something only then).
    pub fn is_coded(&self) -> bool {
        !self.mentions.is_empty()
    }
}

/// One event of one document inside a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterMention {
    /// The coded event.
    pub event_id: String,
    /// Its document.
    pub doc_id: String,
    /// 1-based sentence number.
    pub sentence: usize,
    /// Trigger byte offsets in the clean text.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Source actor code (or country).
    pub source: Option<String>,
    /// Target actor code (or country).
    pub target: Option<String>,
    /// Full CAMEO code.
    pub cameo: String,
    /// Its modality.
    pub modality: Modality,
    /// Its date value, when the text gave one.
    pub date: Option<String>,
}

/// What sources disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContradictionKind {
    /// Dates that do not overlap, even at their stated precision.
    Date,
    /// Numbers of the same thing that differ beyond their rounding.
    Quantity,
    /// One source asserts the event, another denies it.
    Modality,
    /// X did it to Y in one source, Y to X in another.
    Direction,
    /// A different country in the same role.
    Actor,
}

impl ContradictionKind {
    /// Every kind, in display order.
    pub const ALL: [ContradictionKind; 5] = [
        ContradictionKind::Date,
        ContradictionKind::Quantity,
        ContradictionKind::Modality,
        ContradictionKind::Direction,
        ContradictionKind::Actor,
    ];

    /// The name used on the command line and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            ContradictionKind::Date => "date",
            ContradictionKind::Quantity => "quantity",
            ContradictionKind::Modality => "modality",
            ContradictionKind::Direction => "direction",
            ContradictionKind::Actor => "actor",
        }
    }

    /// The kind named `s`.
    pub fn parse(s: &str) -> Option<ContradictionKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Two sources disagreeing about one event cluster, with both evidences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contradiction {
    /// Stable id: derived from the cluster, the kind and both event ids.
    pub contradiction_id: String,
    /// The cluster disagreed about (for `actor`, the first of the two clusters).
    pub cluster_id: String,
    /// The story it belongs to.
    pub story_id: String,
    /// What they disagree on.
    pub kind: ContradictionKind,
    /// The earlier source's evidence.
    pub a: Evidence,
    /// The later source's evidence.
    pub b: Evidence,
}

/// One side of a contradiction: what a source says and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The document.
    pub doc_id: String,
    /// 1-based sentence number.
    pub sentence: usize,
    /// The event read from it.
    pub event_id: String,
    /// The disputed value as the source gives it ("2023-09 (September 2023)", "11000
    /// containers", "negated", "RUS→PRK").
    pub value: String,
    /// The sentence.
    pub text: String,
}

/// Everything the stage derives from a sequence of documents.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StoryOutput {
    /// Stories in order of their first document.
    pub stories: Vec<Story>,
    /// Event clusters in order of their first mention.
    pub clusters: Vec<EventCluster>,
    /// Contradictions, by cluster then kind.
    pub contradictions: Vec<Contradiction>,
}

/// Output that can no longer change, handed out while documents still arrive (see
/// [`crate::StoryEngine::take_finished`]), so that it need not stay in memory until the
/// end. Each item carries its place in the whole output's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryPart {
    /// Finished stories with their index (the order of their first document).
    pub stories: Vec<(usize, Story)>,
    /// Finished event clusters with their creation index (the order of their first
    /// sentence).
    pub clusters: Vec<(usize, EventCluster)>,
    /// Their contradictions, numbered in the order handed out.
    pub contradictions: Vec<(usize, Contradiction)>,
    /// Near-duplicates that joined a story handed out in an earlier part: the story's id
    /// and the copy's entry, to be added to its record.
    pub copies: Vec<(String, StoryDoc)>,
}

impl StoryPart {
    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
            && self.clusters.is_empty()
            && self.contradictions.is_empty()
            && self.copies.is_empty()
    }
}
