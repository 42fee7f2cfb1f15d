//! Parser throughput (words per second, single thread).
//!
//! With `ANNALS_SHARED` set, a parser trained on UD English-EWT train (5 epochs, a few
//! seconds) parses the EWT dev set with its gold tags, which is the figure the project
//! reports. Without it, a parser trained on a few sentences written here parses them
//! repeatedly: that only exercises the code path (its tables are tiny and stay in cache).
//!
//! `cargo bench -p annals-nlp --bench parser`

use std::path::PathBuf;

use annals_core::Upos;
use annals_nlp::conllu::{self, Sentence};
use annals_nlp::parser::{ParseScratch, ParseWord, Parser, ParserConfig};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

const SMALL: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tenvoy\tenvoy\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tarrived\tarrive\tVERB\tVBD\t_\t0\troot\t_\t_
4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
5\tSeoul\tSeoul\tPROPN\tNNP\t_\t3\tobl\t_\t_
6\tlate\tlate\tADV\tRB\t_\t3\tadvmod\t_\t_
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tOfficials\tofficial\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\texpect\texpect\tVERB\tVBP\t_\t0\troot\t_\t_
3\tnew\tnew\tADJ\tJJ\t_\t4\tamod\t_\t_
4\tsanctions\tsanction\tNOUN\tNNS\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

fn data() -> (Vec<Sentence>, Vec<Sentence>, &'static str) {
    if let Some(root) = std::env::var_os("ANNALS_SHARED") {
        let dir = PathBuf::from(root).join("data/ud-english-ewt");
        let read = |name: &str| match conllu::read_file(dir.join(name)) {
            Ok(s) => s,
            Err(e) => panic!("ANNALS_SHARED is set but {name} cannot be read: {e}"),
        };
        return (
            read("en_ewt-ud-train.conllu"),
            read("en_ewt-ud-dev.conllu"),
            "ewt_dev",
        );
    }
    eprintln!("ANNALS_SHARED unset: benchmarking on a toy treebank (code path only)");
    let small = conllu::read(SMALL.as_bytes(), "small").unwrap_or_default();
    let many: Vec<Sentence> = (0..200).flat_map(|_| small.clone()).collect();
    (small, many, "toy")
}

fn words_of(s: &Sentence) -> Vec<ParseWord<'_>> {
    s.words
        .iter()
        .map(|w| ParseWord {
            form: &w.form,
            lemma: &w.lemma,
            upos: Upos::parse(&w.upos).unwrap_or(Upos::X),
            xpos: &w.xpos,
        })
        .collect()
}

fn bench_parse(c: &mut Criterion) {
    let (train, test, name) = data();
    let cfg = ParserConfig {
        epochs: 5,
        select_on_dev: false,
        min_word_count: if name == "toy" { 1 } else { 2 },
        label_prune_below: if name == "toy" { 0.0 } else { 1.0 },
        ..ParserConfig::default()
    };
    let parser = Parser::train(&train, None, None, &cfg);
    let sentences: Vec<Vec<ParseWord>> = test.iter().map(words_of).collect();
    let n_words: usize = sentences.iter().map(Vec::len).sum();

    let mut group = c.benchmark_group("parser");
    group.throughput(Throughput::Elements(n_words as u64));
    group.sample_size(20);
    group.bench_function(format!("parse_{name}"), |b| {
        let mut scratch = ParseScratch::default();
        let mut out = Vec::new();
        b.iter(|| {
            for s in &sentences {
                parser.parse_with(&mut scratch, black_box(s), &mut out);
            }
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
