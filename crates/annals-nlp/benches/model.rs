//! Hot paths of the shipped model (`models/en_ewt.annals`, compiled in): tagging alone,
//! tag + lemmatize + parse on pre-tokenised words, and the whole pipeline from raw text.
//!
//! With `ANNALS_SHARED` set the input is UD English-EWT dev (words from the treebank, raw
//! text rebuilt from `# text`); otherwise a few sentences written here, repeated.
//!
//! `cargo bench -p annals-nlp --bench model`

use annals_nlp::conllu;
use annals_nlp::pipeline::{Pipeline, Scratch};
use annals_nlp::tagger::{TagOut, TagScratch};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const FALLBACK: &str = "The foreign ministry said on Tuesday that talks would resume in Geneva. \
Rebel fighters attacked a convoy near the border, officials reported. \
Both countries signed a trade agreement worth $3.5 billion in 2019.";

/// Sentences as word lists, and a raw text.
fn data() -> (Vec<Vec<String>>, String) {
    if let Some(root) = std::env::var_os("ANNALS_SHARED") {
        let path = std::path::Path::new(&root).join("data/ud-english-ewt/en_ewt-ud-dev.conllu");
        let gold = match conllu::read_file(&path) {
            Ok(g) => g,
            Err(e) => panic!("ANNALS_SHARED is set but EWT dev cannot be read: {e}"),
        };
        let words = gold
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
            .collect();
        return (words, annals_nlp::ud_text::rebuild(&gold).text);
    }
    let pipeline = pipeline();
    let text = vec![FALLBACK; 100].join("\n\n");
    let mut scratch = Scratch::default();
    let words = pipeline
        .parse_text(&text, &mut scratch)
        .into_iter()
        .map(|s| s.tokens.into_iter().map(|t| t.form).collect())
        .collect();
    (words, text)
}

fn pipeline() -> Pipeline {
    match Pipeline::embedded() {
        Ok(p) => p,
        Err(e) => panic!("the shipped model must load: {e}"),
    }
}

fn bench_model(c: &mut Criterion) {
    let p = pipeline();
    let (sentences, text) = data();
    let sentences: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let n_words: u64 = sentences.iter().map(|s| s.len() as u64).sum();

    let mut group = c.benchmark_group("model");
    group.throughput(Throughput::Elements(n_words));
    group.sample_size(10);
    group.bench_function("tagger", |b| {
        let mut scratch = TagScratch::default();
        let mut out: Vec<TagOut> = Vec::new();
        b.iter(|| {
            for s in &sentences {
                p.model
                    .tagger
                    .tag_with(black_box(s), &mut scratch, &mut out);
            }
        })
    });
    group.bench_function("tag_lemmatize_parse", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            for s in &sentences {
                black_box(p.analyze_words(black_box(s), &mut scratch));
            }
        })
    });
    group.bench_function("raw_text_pipeline", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| black_box(p.parse_text(black_box(&text), &mut scratch)))
    });
    group.finish();
}

criterion_group!(benches, bench_model);
criterion_main!(benches);
