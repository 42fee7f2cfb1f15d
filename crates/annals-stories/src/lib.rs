//! Stories: the analysis stage after event coding.
//!
//! One real-world happening is reported many times. This crate turns a sequence of analysed
//! documents ([`DocInput`]) into
//!
//! * **stories** — documents about the same happening. Each document, in arrival order,
//!   joins the most similar story active within a time window (title and lead TF-IDF
//!   cosine, plus the share of its events' dyad × CAMEO root it has in common with the
//!   story; the cosine alone, against a stricter bar, when either has no such events), or
//!   starts a new one. Near-duplicates (linked by ingest) join their original's
//!   story as copies and never count as sources.
//! * **event clusters** — within a story, the sentences that report the same happening
//!   (TF-IDF similarity of their words and figures, see `sentences`), with the coded events
//!   read from them, the independent sources, the earliest report, the best date and the
//!   strongest modality. A cluster is kept when two documents report it or the coder coded
//!   an event from it;
//! * **contradictions** — sentences of one cluster from different sources disagreeing on
//!   its date, a quantity, modality, direction, or on the actor in a role, each with both
//!   evidences.
//!
//! The algorithm is pure and single-threaded ([`StoryEngine`]): the output depends on the
//! input order alone, never on how many workers coded the documents. Ids are derived from
//! content (the founding document, the founding sentence), so re-running over the
//! same documents gives the same ids, and adding documents keeps the ids of what was there.
//! Each decision looks only at documents before it, so running over a database after new
//! documents arrived extends the earlier result rather than reshuffling it.
//!
//! Persistence goes through the narrow [`StoryStore`] trait; `annals-store` implements it
//! for SQLite.

#![deny(missing_docs)]

mod clusters;
mod contradictions;
pub mod eval;
pub mod facts;
pub mod graph;
mod model;
pub mod precision;
mod sentences;
mod stories;
pub mod terms;

pub use sentences::SentenceConfig;

pub use model::{
    ClusterMention, Contradiction, ContradictionKind, DocInput, EventCluster, Evidence,
    SentenceInput, SentenceRef, Story, StoryDoc, StoryOutput, StoryPart,
};
pub use stories::shorten;

use annals_core::EventActor;

/// Tuning of story assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// A document joins only stories with a publication date within this many days of its
    /// own (when both have dates).
    pub window_days: u32,
    /// Least combined similarity for joining a story.
    pub join_threshold: f64,
    /// Least term cosine for joining a story when the document or the story has no coded
    /// event between two sides (no event evidence either way).
    pub text_only_threshold: f64,
    /// Least term cosine for joining: shared dyads alone never make two reports one story.
    pub min_text: f64,
    /// Weight of the term cosine; the rest goes to the shared event keys.
    pub text_weight: f64,
    /// Terms kept of a document's vector.
    pub doc_terms: usize,
    /// Terms kept of a story's centroid.
    pub story_terms: usize,
    /// Most recent stories looked at per shared term or event key.
    pub candidates_per_term: usize,
    /// Least term cosine for a story to be related to a document (see
    /// `related_stories`).
    pub related_text: f64,
    /// Stories besides its own, whatever their dates (among those not evicted, see
    /// `resident_arrivals`), whose event clusters a document's sentences may join (the most
    /// similar ones): follow-ups, and stories the assignment kept apart, still share their
    /// events.
    pub related_stories: usize,
    /// Event clusters: how sentences are grouped within a story.
    pub sentences: SentenceConfig,
    /// A story stays in memory while one of its documents arrived within this many
    /// arrivals, or its last publication day is
    /// within the time window of the latest day seen; after that it is evicted (see
    /// [`StoryEngine`]), which bounds the stage's memory however long the stream.
    pub resident_arrivals: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            window_days: 14,
            join_threshold: 0.3,
            text_only_threshold: 0.42,
            min_text: 0.08,
            text_weight: 0.6,
            doc_terms: 25,
            story_terms: 60,
            candidates_per_term: 200,
            related_text: 0.12,
            related_stories: 8,
            sentences: SentenceConfig::default(),
            resident_arrivals: 2_000,
        }
    }
}

/// The side of an event as stories compare it: the actor's country, else its code, else
/// `-`. Ministries and leaders of one state are one side.
pub(crate) fn side(actor: Option<&EventActor>) -> String {
    actor
        .and_then(|a| a.country.clone().or_else(|| a.code.clone()))
        .unwrap_or_else(|| "-".to_string())
}

/// `prefix` + the first 12 hex digits of BLAKE3 over `parts` (separated), so ids follow
/// from content and survive re-runs.
pub(crate) fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(&[0x1f]);
    }
    let hex = h.finalize().to_hex();
    format!("{prefix}{}", hex.as_str().get(..12).unwrap_or_default())
}

/// Arrivals between two eviction sweeps (a sweep looks at every resident story).
const SWEEP_EVERY: usize = 64;

/// The incremental stage: feed documents in arrival order with [`StoryEngine::add`], then
/// [`StoryEngine::finish`].
///
/// Memory stays bounded on a long stream: stories no document joined for
/// [`Config::resident_arrivals`] arrivals and whose dates lie outside the time window of
/// the latest day seen are evicted. Their records are finished and their event clusters
/// summarised (and checked for contradictions) then; their terms, sentences and indexes
/// are freed. A caller that hands the finished output on as it comes
/// ([`StoryEngine::take_finished`], as [`rebuild`] does) keeps only the resident stories
/// in memory, plus a few dozen bytes per story and per document seen (ids, and where each
/// document went, for later copies). Eviction follows the arrival order alone, so the
/// output stays a function of the input order. An evicted story takes no new sources, and
/// its clusters take no more sentences from related stories: a follow-up after that is a
/// story (and clusters) of its own; a near-duplicate still joins its original's story.
#[derive(Debug, Default)]
pub struct StoryEngine {
    config: Config,
    index: stories::StoryIndex,
    clusters: sentences::ClusterSet,
    arrivals: usize,
    /// Evicted stories' records not handed out yet, by index.
    pending_stories: std::collections::BTreeMap<usize, Story>,
    /// Summaries of evicted stories' clusters with their contradictions, by cluster
    /// creation index, not handed out yet.
    pending_clusters: Vec<(usize, EventCluster, Vec<Contradiction>)>,
    /// Copies that joined stories handed out already.
    late_copies: Vec<(String, StoryDoc)>,
    /// Contradictions handed out so far.
    handed: usize,
}

impl StoryEngine {
    /// An engine with `config`.
    pub fn new(config: Config) -> Self {
        StoryEngine {
            config,
            ..StoryEngine::default()
        }
    }

    /// Add one document; returns the id of the story it joined or started. A document id
    /// seen before is not added twice.
    pub fn add(&mut self, doc: &DocInput) -> String {
        let assignment = self.index.assign(doc, &self.config);
        if let Some(entry) = assignment.late_copy.clone() {
            match self.pending_stories.get_mut(&assignment.story) {
                Some(story) => story.docs.push(entry),
                None => {
                    let id = self.index.story_id(assignment.story).to_string();
                    self.late_copies.push((id, entry));
                }
            }
        }
        if !assignment.repeat && assignment.copy_of.is_none() {
            // Only its own story stays resident for it: were a related story kept alive
            // by each follow-up joining its clusters, a long-running topic would chain
            // every story it ever had into memory.
            self.index.touch(assignment.story, self.arrivals);
            self.clusters.add(
                assignment.story,
                &assignment.related,
                doc,
                self.arrivals,
                &self.config.sentences,
            );
        }
        let story_id = self.index.story_id(assignment.story).to_string();
        self.arrivals += 1;
        if self.arrivals.is_multiple_of(SWEEP_EVERY) {
            self.sweep();
        }
        story_id
    }

    /// Stories held in memory (not evicted): bounded by the arrivals and days of the
    /// eviction rule, not by the stream's length.
    pub fn resident_stories(&self) -> usize {
        self.index.resident()
    }

    /// Evict the stories that fell out of memory's reach, summarising their clusters.
    fn sweep(&mut self) {
        for (story, record) in self.index.evict(self.arrivals, &self.config) {
            for (idx, c) in self.clusters.evict(story) {
                if let Some((cluster, found)) = summary(&c, &record.story_id) {
                    self.pending_clusters.push((idx, cluster, found));
                }
            }
            self.pending_stories.insert(story, record);
        }
    }

    /// Hand out what can no longer change: the stories evicted since the last call, their
    /// clusters and contradictions, and copies that joined stories handed out before.
    /// Whoever calls this must end with [`StoryEngine::finish_part`] (not
    /// [`StoryEngine::finish`], which would leave out what was handed out).
    pub fn take_finished(&mut self) -> StoryPart {
        let stories = std::mem::take(&mut self.pending_stories);
        let clusters = std::mem::take(&mut self.pending_clusters);
        self.part(stories.into_iter().collect(), clusters)
    }

    /// The rest of the output after the parts taken with [`StoryEngine::take_finished`].
    pub fn finish_part(mut self) -> StoryPart {
        let mut clusters = std::mem::take(&mut self.pending_clusters);
        for (&idx, c) in &self.clusters.clusters {
            if let Some((cluster, found)) = summary(c, self.index.story_id(c.story)) {
                clusters.push((idx, cluster, found));
            }
        }
        let mut stories: Vec<(usize, Story)> = std::mem::take(&mut self.pending_stories)
            .into_iter()
            .collect();
        let index = std::mem::take(&mut self.index);
        stories.extend(index.into_stories());
        self.part(stories, clusters)
    }

    /// A part of `stories` and `clusters`, both put in their output order, with the late
    /// copies; contradictions numbered on from those handed out.
    fn part(
        &mut self,
        mut stories: Vec<(usize, Story)>,
        mut clusters: Vec<(usize, EventCluster, Vec<Contradiction>)>,
    ) -> StoryPart {
        stories.sort_by_key(|(idx, _)| *idx);
        clusters.sort_by_key(|(idx, _, _)| *idx);
        let mut part = StoryPart {
            stories,
            copies: std::mem::take(&mut self.late_copies),
            ..StoryPart::default()
        };
        for (idx, cluster, found) in clusters {
            part.clusters.push((idx, cluster));
            for c in found {
                part.contradictions.push((self.handed, c));
                self.handed += 1;
            }
        }
        part
    }

    /// Stories, clusters and contradictions of everything added (when nothing was taken
    /// with [`StoryEngine::take_finished`]).
    pub fn finish(self) -> StoryOutput {
        let part = self.finish_part();
        StoryOutput {
            stories: part.stories.into_iter().map(|(_, s)| s).collect(),
            clusters: part.clusters.into_iter().map(|(_, c)| c).collect(),
            contradictions: part.contradictions.into_iter().map(|(_, c)| c).collect(),
        }
    }
}

/// The public cluster of `c` and its contradictions; `None` for a sentence no other report
/// shares and the coder coded nothing from (no event cluster).
fn summary(
    c: &sentences::ClusterState,
    story_id: &str,
) -> Option<(EventCluster, Vec<Contradiction>)> {
    let reported = c.documents() >= 2;
    if !reported && c.mentions.is_empty() {
        return None;
    }
    let cluster = clusters::summarise(c, story_id)?;
    let found = if reported {
        contradictions::within(c, story_id)
    } else {
        Vec::new()
    };
    Some((cluster, found))
}

/// Run the stage over `docs` in order.
pub fn analyse(docs: impl IntoIterator<Item = DocInput>, config: Config) -> StoryOutput {
    let mut engine = StoryEngine::new(config);
    for doc in docs {
        engine.add(&doc);
    }
    engine.finish()
}

/// Filters for listing stories; every set field must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryQuery {
    /// Stories with a document published on or after this day (`YYYY[-MM[-DD]]`).
    pub since: Option<String>,
    /// Stories with a document published on or before this day.
    pub until: Option<String>,
    /// Stories with this actor (country or code) among their sides.
    pub actor: Option<String>,
    /// At most this many stories.
    pub limit: Option<usize>,
}

/// One story with its clusters and contradictions, as `annals story` shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoryDetail {
    /// The story and its documents.
    pub story: Story,
    /// Its event clusters.
    pub clusters: Vec<EventCluster>,
    /// Its contradictions.
    pub contradictions: Vec<Contradiction>,
}

/// What the stage needs from a store: its input, in arrival order, and a place to keep
/// and query its output.
pub trait StoryStore {
    /// The store's error.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Call `f` with every stored document in ingest order (one at a time, so memory does
    /// not hold the whole corpus's texts).
    fn for_each_story_input(&self, f: &mut dyn FnMut(DocInput)) -> Result<(), Self::Error>;

    /// Replace the stored stories, clusters and contradictions with `output`.
    fn replace_stories(&mut self, output: &StoryOutput) -> Result<(), Self::Error>;

    /// Up to `limit` stored documents in ingest order after position `after` (`None`:
    /// from the first), each with its position. An empty page ends the input.
    fn story_inputs_page(
        &self,
        after: Option<i64>,
        limit: usize,
    ) -> Result<Vec<(i64, DocInput)>, Self::Error>;

    /// Begin replacing the stored stories part by part: remove them, inside one
    /// transaction that [`StoryStore::commit_stories`] ends (readers see the old stories
    /// until then).
    fn begin_stories(&mut self) -> Result<(), Self::Error>;

    /// Write one part of the new output (see [`StoryPart`]).
    fn write_stories(&mut self, part: &StoryPart) -> Result<(), Self::Error>;

    /// Make the parts written since [`StoryStore::begin_stories`] the stored stories.
    fn commit_stories(&mut self) -> Result<(), Self::Error>;

    /// Drop the parts written since [`StoryStore::begin_stories`], keeping the old stories.
    fn abort_stories(&mut self) -> Result<(), Self::Error>;

    /// Stored stories matching `q`, in order of their first document.
    fn stories(&self, q: &StoryQuery) -> Result<Vec<Story>, Self::Error>;

    /// One story (by id or unique id prefix) with its clusters and contradictions.
    fn story(&self, id: &str) -> Result<Option<StoryDetail>, Self::Error>;

    /// Stored event clusters, in order of their first mention.
    fn event_clusters(&self) -> Result<Vec<EventCluster>, Self::Error>;

    /// Stored contradictions, of one kind or all.
    fn contradictions(
        &self,
        kind: Option<ContradictionKind>,
    ) -> Result<Vec<Contradiction>, Self::Error>;
}

/// Counts of one run of the stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Documents read.
    pub documents: usize,
    /// Stories built.
    pub stories: usize,
    /// Stories with more than one independent source.
    pub multi_source: usize,
    /// Event clusters built.
    pub clusters: usize,
    /// Contradictions flagged.
    pub contradictions: usize,
}

/// Documents read per page by [`rebuild`]; finished output is written after each.
const PAGE: usize = 256;

/// Run the stage over everything `store` holds and store the result, in one transaction.
/// Documents are read a page at a time and finished output written as it comes, so the
/// stage's memory does not grow with the database (see [`StoryEngine`]).
pub fn rebuild<S: StoryStore>(store: &mut S, config: Config) -> Result<RunSummary, S::Error> {
    store.begin_stories()?;
    match stream(store, config) {
        Ok(summary) => {
            store.commit_stories()?;
            Ok(summary)
        }
        Err(e) => {
            // The first error is the one to report; the rollback's own is secondary.
            let _ = store.abort_stories();
            Err(e)
        }
    }
}

fn stream<S: StoryStore>(store: &mut S, config: Config) -> Result<RunSummary, S::Error> {
    let mut engine = StoryEngine::new(config);
    let mut summary = RunSummary::default();
    let mut after = None;
    loop {
        let page = store.story_inputs_page(after, PAGE)?;
        let Some(&(last, _)) = page.last() else {
            break;
        };
        for (_, doc) in &page {
            summary.documents += 1;
            engine.add(doc);
        }
        after = Some(last);
        let part = engine.take_finished();
        if !part.is_empty() {
            summary.count(&part);
            store.write_stories(&part)?;
        }
    }
    let part = engine.finish_part();
    summary.count(&part);
    store.write_stories(&part)?;
    Ok(summary)
}

impl RunSummary {
    fn count(&mut self, part: &StoryPart) {
        self.stories += part.stories.len();
        self.multi_source += part.stories.iter().filter(|(_, s)| s.n_sources > 1).count();
        self.clusters += part.clusters.len();
        self.contradictions += part.contradictions.len();
    }
}
