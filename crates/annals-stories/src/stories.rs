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
    /// Whether it was evicted: its terms, keys and clusters are gone from memory, its
    /// record (documents, dates, actors) stays for the output.
    evicted: bool,
}

/// All stories so far, with indexes from terms and event keys to the stories holding them.
#[derive(Debug, Default)]
pub struct StoryIndex {
    df: DocFreq,
    stories: Vec<StoryState>,
    by_term: HashMap<String, Vec<usize>>,
    by_key: HashMap<(String, String, String), Vec<usize>>,
    /// Document → (story, original when it is a copy).
    docs: HashMap<String, (usize, Option<String>)>,
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
        self.stories
            .get(index)
            .map_or("", |s| s.story.story_id.as_str())
    }

    /// Assign `doc` to a story (a document seen before keeps its story).
    pub fn assign(&mut self, doc: &DocInput, config: &Config) -> Assignment {
        if let Some((story, copy_of)) = self.docs.get(&doc.doc_id) {
            return Assignment {
                story: *story,
                copy_of: copy_of.clone(),
                related: Vec::new(),
            };
        }
        let day = publication_day(doc);
        if let Some(original) = &doc.duplicate_of {
            if let Some((story, orig_copy_of)) = self.docs.get(original).cloned() {
                // A copy of a copy counts for the first original.
                let root = orig_copy_of.unwrap_or_else(|| original.clone());
                self.join_as_copy(doc, story, &root, day);
                return Assignment {
                    story,
                    copy_of: Some(root),
                    related: Vec::new(),
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
        self.docs.insert(doc.doc_id.clone(), (story, None));
        related.retain(|&r| r != story);
        Assignment {
            story,
            copy_of: None,
            related,
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
            let Some(state) = self.stories.get(idx) else {
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
        self.stories.push(StoryState {
            story: Story {
                story_id: stable_id("S", &[&doc.doc_id]),
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
            evicted: false,
        });
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
        let Some(state) = self.stories.get_mut(idx) else {
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
        push_doc(state, doc, None, score, day);
        if let Some(d) = day {
            self.watermark = Some(self.watermark.map_or(d, |w| w.max(d)));
        }
    }

    fn join_as_copy(&mut self, doc: &DocInput, idx: usize, original: &str, day: Option<u32>) {
        if let Some(state) = self.stories.get_mut(idx) {
            push_doc(state, doc, Some(original.to_string()), 1.0, day);
        }
        self.docs
            .insert(doc.doc_id.clone(), (idx, Some(original.to_string())));
    }

    /// Finished stories, with their actors ranked.
    pub fn into_stories(self) -> Vec<Story> {
        self.stories
            .into_iter()
            .map(|mut s| {
                rank_actors(&mut s);
                s.story
            })
            .collect()
    }

    /// Stories not evicted.
    pub fn resident(&self) -> usize {
        self.resident.len()
    }

    /// Mark story `idx` as active at arrival `arrival` (it stays in memory for
    /// `resident_arrivals` arrivals more).
    pub fn touch(&mut self, idx: usize, arrival: usize) {
        if let Some(s) = self.stories.get_mut(idx) {
            s.touched = s.touched.max(arrival);
        }
    }

    /// Evict the stories no later document can be expected to join: none of their documents
    /// arrived in the last `resident_arrivals` arrivals,
    /// and their last publication day is more than the time window before the latest day
    /// seen (or they have no dates). Their terms, event keys and index entries are freed;
    /// their records stay. Returns them, ascending.
    ///
    /// Only arrival order decides, so the result is as deterministic as the rest. A late
    /// document (published before the stream's latest day) can no longer join an evicted
    /// story: it starts its own.
    pub fn evict(&mut self, arrival: usize, config: &Config) -> Vec<usize> {
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
            .filter(|&i| self.stories.get(i).is_some_and(stale))
            .collect();
        for &idx in &gone {
            self.resident.remove(&idx);
            let Some(state) = self.stories.get_mut(idx) else {
                continue;
            };
            rank_actors(state);
            state.evicted = true;
            state.centroid_sum = TermVector::new();
            let terms = std::mem::take(&mut state.centroid);
            let keys = std::mem::take(&mut state.keys);
            for term in terms.keys() {
                unlist(&mut self.by_term, term, idx);
            }
            for key in &keys {
                unlist(&mut self.by_key, key, idx);
            }
        }
        gone
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

/// Set the story's actors (most frequent first, at most eight) and free their counts.
fn rank_actors(s: &mut StoryState) {
    if s.evicted {
        return;
    }
    let mut actors: Vec<(String, usize)> = std::mem::take(&mut s.actors).into_iter().collect();
    actors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    s.story.actors = actors.into_iter().take(8).map(|(a, _)| a).collect();
}

fn push_doc(
    state: &mut StoryState,
    doc: &DocInput,
    copy_of: Option<String>,
    score: f64,
    day: Option<u32>,
) {
    state.story.docs.push(StoryDoc {
        doc_id: doc.doc_id.clone(),
        copy_of,
        score: (score * 1000.0).round() / 1000.0,
    });
    // A copy says nothing new about when the story happened (a syndicated copy may be
    // republished long after), so only sources move its dates and its time window.
    let source = state.story.docs.last().is_some_and(|d| d.copy_of.is_none());
    if let (true, Some(d), Some(p)) = (source, day, doc.published.as_deref()) {
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
