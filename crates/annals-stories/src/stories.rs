//! Story assignment: each arriving document joins the most similar story active within the
//! time window, or starts a new one. Near-duplicates join their original's story as copies.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{DocInput, Story, StoryDoc};
use crate::precision::{day_number, DateRange};
use crate::terms::{add_to_centroid, cosine, term_counts, DocFreq, TermVector};
use crate::{side, stable_id, Config};

/// Where a document went.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Index of the story in arrival order.
    pub story: usize,
    /// For a near-duplicate, the original whose story it joined.
    pub copy_of: Option<String>,
    /// Other stories close enough in terms (whatever their dates, if not evicted) that the
    /// document may report one of their events again: a follow-up, a story split in two.
    /// Event clusters look for its sentences there too.
    pub related: Vec<usize>,
    /// The document was assigned before (stored twice): nothing was added.
    pub repeat: bool,
    /// A copy whose original's story was evicted and handed out already: its entry, to be
    /// added to that story where it was written.
    pub late_copy: Option<StoryDoc>,
}

/// A story under construction with what similarity needs.
#[derive(Debug)]
struct StoryState {
    story: Story,
    centroid_sum: TermVector,
    centroid: TermVector,
    /// (side, side, CAMEO root) of its events, sides ordered: what happened between whom.
    keys: BTreeSet<(String, String, String)>,
    actors: BTreeMap<String, usize>,
    /// First and last publication day (day numbers).
    days: Option<(u32, u32)>,
    /// Arrival index of the last document that joined it.
    touched: usize,
}

/// Where a document went, as remembered for later copies and repeats. Keyed by a 64-bit
/// hash of the document id: the map holds every document of the stream, and the id's
/// text would be most of its size (a collision, about 1 in 10^8 at a million documents,
/// would take a new document for a repeat).
#[derive(Debug)]
struct Placed {
    story: usize,
    /// For a copy, the original whose story it joined.
    copy_of: Option<Box<str>>,
}

fn doc_key(doc_id: &str) -> u64 {
    let h = blake3::hash(doc_id.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(h.as_bytes().get(..8).unwrap_or(&[0; 8]));
    u64::from_le_bytes(b)
}

/// All stories so far, with indexes from terms and event keys to the stories holding them.
#[derive(Debug, Default)]
pub struct StoryIndex {
    df: DocFreq,
    /// Story ids by index, for every story ever made.
    ids: Vec<Box<str>>,
    /// Story states by index; `None` once evicted (its record handed out, see
    /// [`StoryIndex::evict`]).
    stories: Vec<Option<Box<StoryState>>>,
    by_term: HashMap<String, Vec<usize>>,
    by_key: HashMap<(String, String, String), Vec<usize>>,
    /// Document (hashed id) → where it went.
    docs: HashMap<u64, Placed>,
    /// Stories not evicted, by index.
    resident: BTreeSet<usize>,
    /// The latest publication day of any source so far: the stream's "now".
    watermark: Option<u32>,
}

/// Event keys of a document: unordered dyad (`-` for a missing side) and CAMEO root of its
/// current-news events.
fn event_keys(doc: &DocInput) -> BTreeSet<(String, String, String)> {
    doc.events
        .iter()
        .filter(|e| !e.historical)
        .filter_map(|e| {
            let (a, b) = (side(e.source.as_ref()), side(e.target.as_ref()));
            // A one-sided event ("North Korea shipped shells") still says who acted; an
            // event with neither side, or an actor acting on itself, says little.
            if (a == "-" && b == "-") || a == b {
                return None;
            }
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            Some((a, b, e.cameo_root.clone()))
        })
        .collect()
}

fn publication_day(doc: &DocInput) -> Option<u32> {
    let range = DateRange::parse(doc.published.as_deref()?)?;
    Some(day_number(range.first))
}

impl StoryIndex {
    /// The story id at `index`.
    pub fn story_id(&self, index: usize) -> &str {
        self.ids.get(index).map_or("", |s| s)
    }

    fn state(&self, idx: usize) -> Option<&StoryState> {
        self.stories.get(idx).and_then(Option::as_deref)
    }

    fn state_mut(&mut self, idx: usize) -> Option<&mut StoryState> {
        self.stories.get_mut(idx).and_then(Option::as_deref_mut)
    }

    /// Assign `doc` to a story (a document seen before keeps its story).
    pub fn assign(&mut self, doc: &DocInput, config: &Config) -> Assignment {
        let key = doc_key(&doc.doc_id);
        if let Some(placed) = self.docs.get(&key) {
            return Assignment {
                story: placed.story,
                copy_of: placed.copy_of.as_deref().map(str::to_string),
                related: Vec::new(),
                repeat: true,
                late_copy: None,
            };
        }
        let day = publication_day(doc);
        if let Some(original) = &doc.duplicate_of {
            if let Some(placed) = self.docs.get(&doc_key(original)) {
                // A copy of a copy counts for the first original.
                let story = placed.story;
                let root = placed
                    .copy_of
                    .as_deref()
                    .map_or_else(|| original.clone(), str::to_string);
                let late_copy = self.join_as_copy(doc, story, &root, day);
                self.docs.insert(
                    key,
                    Placed {
                        story,
                        copy_of: Some(root.clone().into_boxed_str()),
                    },
                );
                return Assignment {
                    story,
                    copy_of: Some(root),
                    related: Vec::new(),
                    repeat: false,
                    late_copy,
                };
            }
        }
        let counts = term_counts(doc.title.as_deref(), &doc.lead);
        self.df.add(&counts);
        let vector = self.df.vector(&counts, config.doc_terms);
        let keys = event_keys(doc);
        let (best, mut related) = self.best_story(&vector, &keys, day, config);
        let story = match best {
            Some((story, score)) => {
                self.join(doc, story, &vector, &keys, day, score, config);
                story
            }
            None => self.start(doc, &vector, &keys, day, config),
        };
        self.docs.insert(
            key,
            Placed {
                story,
                copy_of: None,
            },
        );
        related.retain(|&r| r != story);
        Assignment {
            story,
            copy_of: None,
            related,
            repeat: false,
            late_copy: None,
        }
    }

    /// The best story for a document and its score, if any reaches the threshold; and the
    /// related stories (term cosine at least `related_text`, any date, not evicted), most
    /// similar first.
    fn best_story(
        &self,
        vector: &TermVector,
        keys: &BTreeSet<(String, String, String)>,
        day: Option<u32>,
        config: &Config,
    ) -> (Option<(usize, f64)>, Vec<usize>) {
        let mut candidates: BTreeSet<usize> = BTreeSet::new();
        let recent = |list: &Vec<usize>| {
            let skip = list.len().saturating_sub(config.candidates_per_term);
            list[skip..].to_vec()
        };
        for term in vector.keys() {
            if let Some(list) = self.by_term.get(term) {
                candidates.extend(recent(list));
            }
        }
        for key in keys {
            if let Some(list) = self.by_key.get(key) {
                candidates.extend(recent(list));
            }
        }
        let mut best: Option<(usize, f64)> = None;
        let mut related: Vec<(usize, f64)> = Vec::new();
        for idx in candidates {
            let Some(state) = self.state(idx) else {
                continue;
            };
            let text = cosine(vector, &state.centroid);
            if text >= config.related_text {
                related.push((idx, text));
            }
            if let (Some(d), Some((first, last))) = (day, state.days) {
                let w = config.window_days;
                if d + w < first || d > last + w {
                    continue;
                }
            }
            let text = cosine(vector, &state.centroid);
            if text < config.min_text {
                continue;
            }
            let shared = keys.intersection(&state.keys).count();
            let smaller = keys.len().min(state.keys.len());
            // Without coded events on one side there is no event evidence either way: the
            // terms alone decide, against a stricter bar.
            let (score, threshold) = if smaller == 0 {
                (text, config.text_only_threshold)
            } else {
                let events = shared as f64 / smaller as f64;
                let score = config.text_weight * text + (1.0 - config.text_weight) * events;
                (score, config.join_threshold)
            };
            // Strictly better only: on ties the older story wins, whatever the order of
            // the candidate set.
            if score >= threshold && best.is_none_or(|(_, b)| score > b) {
                best = Some((idx, score));
            }
        }
        related.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        related.truncate(config.related_stories);
        (best, related.into_iter().map(|(i, _)| i).collect())
    }

    fn start(
        &mut self,
        doc: &DocInput,
        vector: &TermVector,
        keys: &BTreeSet<(String, String, String)>,
        day: Option<u32>,
        config: &Config,
    ) -> usize {
        let label = doc
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| doc.lead.clone());
        let idx = self.stories.len();
        let story_id = stable_id("S", &[&doc.doc_id]);
        self.ids.push(story_id.clone().into_boxed_str());
        self.stories.push(Some(Box::new(StoryState {
            story: Story {
                story_id,
                label: shorten(&label, 90),
                docs: Vec::new(),
                n_sources: 0,
                first_published: None,
                last_published: None,
                actors: Vec::new(),
            },
            centroid_sum: TermVector::new(),
            centroid: TermVector::new(),
            keys: BTreeSet::new(),
            actors: BTreeMap::new(),
            days: None,
            touched: 0,
        })));
        self.resident.insert(idx);
        self.join(doc, idx, vector, keys, day, 1.0, config);
        idx
    }

    #[allow(clippy::too_many_arguments)]
    fn join(
        &mut self,
        doc: &DocInput,
        idx: usize,
        vector: &TermVector,
        keys: &BTreeSet<(String, String, String)>,
        day: Option<u32>,
        score: f64,
        config: &Config,
    ) {
        let Some(state) = self.stories.get_mut(idx).and_then(Option::as_deref_mut) else {
            return;
        };
        let before: BTreeSet<String> = state.centroid.keys().cloned().collect();
        state.centroid = add_to_centroid(&mut state.centroid_sum, vector, config.story_terms);
        for term in state.centroid.keys().filter(|t| !before.contains(*t)) {
            self.by_term.entry(term.clone()).or_default().push(idx);
        }
        for key in keys {
            if state.keys.insert(key.clone()) {
                self.by_key.entry(key.clone()).or_default().push(idx);
            }
        }
        for e in doc.events.iter().filter(|e| !e.historical) {
            for s in [side(e.source.as_ref()), side(e.target.as_ref())] {
                if s != "-" {
                    *state.actors.entry(s).or_insert(0) += 1;
                }
            }
        }
        state.story.n_sources += 1;
        let entry = StoryDoc {
            doc_id: doc.doc_id.clone(),
            copy_of: None,
            score: (score * 1000.0).round() / 1000.0,
        };
        push_doc(state, entry, day, doc.published.as_deref());
        if let Some(d) = day {
            self.watermark = Some(self.watermark.map_or(d, |w| w.max(d)));
        }
    }

    /// Add a copy to story `idx`; when that story was evicted, its entry is returned
    /// instead (the story's record was handed out: the caller adds it where that went).
    fn join_as_copy(
        &mut self,
        doc: &DocInput,
        idx: usize,
        original: &str,
        day: Option<u32>,
    ) -> Option<StoryDoc> {
        let entry = StoryDoc {
            doc_id: doc.doc_id.clone(),
            copy_of: Some(original.to_string()),
            score: 1.0,
        };
        match self.state_mut(idx) {
            Some(state) => {
                push_doc(state, entry, day, doc.published.as_deref());
                None
            }
            None => Some(entry),
        }
    }

    /// The stories not evicted, finished (actors ranked), by index.
    pub fn into_stories(self) -> Vec<(usize, Story)> {
        self.stories
            .into_iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, finished(*s))))
            .collect()
    }

    /// Stories not evicted.
    pub fn resident(&self) -> usize {
        self.resident.len()
    }

    /// Mark story `idx` as active at arrival `arrival` (it stays in memory for
    /// `resident_arrivals` arrivals more).
    pub fn touch(&mut self, idx: usize, arrival: usize) {
        if let Some(s) = self.state_mut(idx) {
            s.touched = s.touched.max(arrival);
        }
    }

    /// Evict the stories no later document can be expected to join: none of their documents
    /// arrived in the last `resident_arrivals` arrivals,
    /// and their last publication day is more than the time window before the latest day
    /// seen (or they have no dates). Their terms, event keys and index entries are freed,
    /// and their finished records returned, ascending; only their ids stay.
    ///
    /// Only arrival order decides, so the result is as deterministic as the rest. A late
    /// document (published before the stream's latest day) can no longer join an evicted
    /// story: it starts its own.
    pub fn evict(&mut self, arrival: usize, config: &Config) -> Vec<(usize, Story)> {
        let stale = |s: &StoryState| {
            let idle = s.touched + config.resident_arrivals < arrival;
            let past = match (s.days, self.watermark) {
                (Some((_, last)), Some(w)) => last + config.window_days < w,
                _ => true,
            };
            idle && past
        };
        let gone: Vec<usize> = self
            .resident
            .iter()
            .copied()
            .filter(|&i| self.state(i).is_some_and(stale))
            .collect();
        let mut out = Vec::with_capacity(gone.len());
        for idx in gone {
            self.resident.remove(&idx);
            let Some(state) = self.stories.get_mut(idx).and_then(Option::take) else {
                continue;
            };
            for term in state.centroid.keys() {
                unlist(&mut self.by_term, term, idx);
            }
            for key in &state.keys {
                unlist(&mut self.by_key, key, idx);
            }
            out.push((idx, finished(*state)));
        }
        out
    }
}

/// Remove `idx` from the list of `key` (dropping an emptied list).
fn unlist<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<usize>>, key: &K, idx: usize) {
    if let Some(list) = map.get_mut(key) {
        list.retain(|&i| i != idx);
        if list.is_empty() {
            map.remove(key);
        }
    }
}

/// The story's record with its actors ranked (most frequent first, at most eight).
fn finished(s: StoryState) -> Story {
    let mut actors: Vec<(String, usize)> = s.actors.into_iter().collect();
    actors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut story = s.story;
    story.actors = actors.into_iter().take(8).map(|(a, _)| a).collect();
    story
}

fn push_doc(state: &mut StoryState, entry: StoryDoc, day: Option<u32>, published: Option<&str>) {
    // A copy says nothing new about when the story happened (a syndicated copy may be
    // republished long after), so only sources move its dates and its time window.
    let source = entry.copy_of.is_none();
    state.story.docs.push(entry);
    if let (true, Some(d), Some(p)) = (source, day, published) {
        let p: String = p.chars().take(10).collect();
        state.days = Some(state.days.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
        let story = &mut state.story;
        if story.first_published.as_ref().is_none_or(|f| &p < f) {
            story.first_published = Some(p.clone());
        }
        if story.last_published.as_ref().is_none_or(|l| &p > l) {
            story.last_published = Some(p);
        }
    }
}

/// `text` cut to at most `max` characters at a word boundary, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}
