//! Eviction: on a long stream the stage keeps only the stories a document may still join,
//! and evicting changes nothing for a stream in time order.

use annals_stories::{
    analyse, Config, DocInput, SentenceInput, Story, StoryEngine, StoryOutput, StoryPart,
};

/// A made-up word for `k` ("zqa", "zqb", …): a term only story `k` uses.
fn word(k: u32) -> String {
    let mut w = String::from("zq");
    let mut n = k;
    loop {
        w.push(char::from_digit(n % 26 + 10, 36).unwrap_or('a'));
        n /= 26;
        if n == 0 {
            return w;
        }
    }
}

/// Report `r` of story `k`, published `k` weeks after 1 January 2024 (or on `day`): three
/// sentences of words only story `k` uses, the first two shared by both its reports.
fn report(k: u32, r: u32, day: Option<u32>) -> DocInput {
    let [w, v, x, y] = [0, 5000, 10_000, 15_000].map(|o| word(k + o));
    let day = day.unwrap_or(k * 7);
    let (month, dom) = (1 + day / 28 % 12, 1 + day % 28);
    let year = 2024 + day / 336;
    let sentences = [
        format!("{w} {v} {x}."),
        format!("{y} {w} {x} {v} {y}."),
        format!("{x} {y} {w} {}.", word(20_000 + 2 * k + r)),
    ];
    DocInput {
        doc_id: format!("{w}-{r}"),
        published: Some(format!("{year}-{month:02}-{dom:02}")),
        title: Some(format!("{w} {v}")),
        lead: sentences.join(" "),
        sentences: sentences
            .iter()
            .enumerate()
            .map(|(i, t)| SentenceInput {
                number: i + 1,
                text: t.clone(),
            })
            .collect(),
        ..DocInput::default()
    }
}

fn evicting(resident_arrivals: usize) -> Config {
    Config {
        resident_arrivals,
        ..Config::default()
    }
}

#[test]
fn a_stream_in_time_order_gives_the_same_output_with_a_bounded_number_of_stories() {
    let docs: Vec<DocInput> = (0..300)
        .flat_map(|k| [report(k, 1, None), report(k, 2, None)])
        .collect();
    let kept = analyse(docs.clone(), Config::default());
    assert_eq!(kept.stories.len(), 300);
    assert!(kept.stories.iter().all(|s| s.n_sources == 2));
    assert_eq!(kept.clusters.len(), 300);

    let mut engine = StoryEngine::new(evicting(10));
    let mut most = 0;
    for d in &docs {
        engine.add(d);
        most = most.max(engine.resident_stories());
    }
    // Ten arrivals, plus the sweep interval (64), plus the 14-day window (two stories).
    assert!(most <= 40, "{most} stories resident at most");
    assert!(engine.resident_stories() < 40);
    let evicted = engine.finish();
    assert!(evicted == kept, "eviction changed the output");
}

#[test]
fn a_late_report_cannot_join_an_evicted_story() {
    // Report 2 of story 0 arrives after 200 later stories, dated within story 0's window.
    let mut docs: Vec<DocInput> = vec![report(0, 1, None)];
    docs.extend((1..200).map(|k| report(k, 1, None)));
    docs.push(report(0, 2, Some(3)));
    let run = |c: Config| -> StoryOutput { analyse(docs.clone(), c) };
    let stories_of = |out: &StoryOutput| {
        out.stories
            .iter()
            .filter(|s| s.docs.iter().any(|d| d.doc_id.starts_with("zqa-")))
            .count()
    };
    let kept = run(Config::default());
    assert_eq!(stories_of(&kept), 1);
    let evicted = run(evicting(10));
    assert_eq!(stories_of(&evicted), 2);
    // Its sentences found no cluster of the evicted story to join.
    let together = |out: &StoryOutput| {
        out.clusters
            .iter()
            .filter(|c| {
                let has = |d: &str| c.sentences.iter().any(|s| s.doc_id == d);
                has("zqa-1") && has("zqa-2")
            })
            .count()
    };
    assert_eq!(together(&kept), 1);
    assert_eq!(together(&evicted), 0);
    // Deterministic all the same.
    assert_eq!(evicted, run(evicting(10)));
}

/// Stories, clusters and contradictions of parts put back in their order, each late copy
/// added to its story's record as a store does.
fn assemble(parts: Vec<StoryPart>) -> StoryOutput {
    let (mut stories, mut clusters, mut found) = (Vec::new(), Vec::new(), Vec::new());
    for part in parts {
        for (story_id, doc) in part.copies {
            let found = stories
                .iter_mut()
                .find(|(_, s): &&mut (usize, Story)| s.story_id == story_id);
            let Some((_, s)) = found else {
                panic!("a late copy's story {story_id} was not handed out before it");
            };
            s.docs.push(doc);
        }
        stories.extend(part.stories);
        clusters.extend(part.clusters);
        found.extend(part.contradictions);
    }
    stories.sort_by_key(|(i, _)| *i);
    clusters.sort_by_key(|(i, _)| *i);
    found.sort_by_key(|(i, _)| *i);
    StoryOutput {
        stories: stories.into_iter().map(|(_, s)| s).collect(),
        clusters: clusters.into_iter().map(|(_, c)| c).collect(),
        contradictions: found.into_iter().map(|(_, c)| c).collect(),
    }
}

#[test]
fn finished_parts_handed_out_as_they_come_make_the_same_output() {
    let mut docs: Vec<DocInput> = (0..300)
        .flat_map(|k| [report(k, 1, None), report(k, 2, None)])
        .collect();
    // A near-duplicate of story 3's first report long after that story was evicted, and a
    // document stored twice.
    let mut copy = report(3, 1, None);
    copy.doc_id = "copy-of-zqd-1".into();
    copy.duplicate_of = Some("zqd-1".into());
    docs.push(copy);
    docs.push(report(7, 1, None));
    let whole = analyse(docs.clone(), evicting(10));

    let mut engine = StoryEngine::new(evicting(10));
    let mut parts = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        engine.add(d);
        if i % 50 == 49 {
            parts.push(engine.take_finished());
        }
    }
    // Most was handed out before the end; the copy came after its story was.
    assert!(parts.iter().map(|p| p.stories.len()).sum::<usize>() > 250);
    parts.push(engine.finish_part());
    assert_eq!(parts.iter().map(|p| p.copies.len()).sum::<usize>(), 1);
    let streamed = assemble(parts);
    assert!(streamed == whole, "parts differ from the whole output");
    let Some(story) = whole
        .stories
        .iter()
        .find(|s| s.docs.iter().any(|d| d.doc_id == "copy-of-zqd-1"))
    else {
        panic!("the copy joined no story");
    };
    assert_eq!(story.docs.len(), 3);
    assert_eq!(story.n_sources, 2);
}
