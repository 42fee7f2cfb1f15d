//! Train only the lemmatizer on UD English-EWT, with or without a GloVe lexicon, and
//! score it with the shipped model's tagger: EWT dev (and test) lemma accuracy as
//! `annals nlp eval` measures it, and the hand-written unseen news words.
//!
//! ```text
//! cargo run --release -p annals-nlp --example train_lemmatizer -- [options]
//!   --data DIR        treebank directory (default $ANNALS_SHARED/data/ud-english-ewt)
//!   --glove FILE      GloVe text file (plain or .gz) for the lexicon (default: none)
//!   --lines N         GloVe lines read (default 200000)
//!   --test            also score the test set
//!   --show            print every unseen news word it gets wrong
//!   --errors FILE     write dev's lemma errors (form, tags, lemma, gold) to FILE
//!   --shipped-lexicon FILE   write the shipped model's lexicon, one word a line, to FILE
//! ```

use std::path::PathBuf;
use std::time::Instant;

use annals_core::Upos;
use annals_nlp::conllu;
use annals_nlp::lemmatizer::{Lemmatizer, LemmatizerConfig, Lexicon};
use annals_nlp::pipeline::Pipeline;
use annals_nlp::train::{read_lexicon, GloveSource};

type Error = Box<dyn std::error::Error>;

const UNSEEN: &str = include_str!("../tests/data/unseen_news_lemmas.tsv");

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let mut data = std::env::var_os("ANNALS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"))
        .join("data/ud-english-ewt");
    let (mut glove, mut lines, mut test, mut show) = (None, 200_000, false, false);
    let mut errors: Option<PathBuf> = None;
    let mut shipped_lexicon: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--data" => data = PathBuf::from(value()?),
            "--glove" => glove = Some(PathBuf::from(value()?)),
            "--lines" => lines = value()?.parse()?,
            "--test" => test = true,
            "--show" => show = true,
            "--errors" => errors = Some(PathBuf::from(value()?)),
            "--shipped-lexicon" => shipped_lexicon = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown option {a}").into()),
        }
    }
    let read = |split: &str| conllu::read_file(data.join(format!("en_ewt-ud-{split}.conllu")));
    let train = read("train")?;
    let t0 = Instant::now();
    let lexicon = match glove {
        Some(glove) => read_lexicon(&GloveSource { glove, lines })?,
        None => Lexicon::default(),
    };
    eprintln!(
        "lexicon: {} words in {:.1}s",
        lexicon.len(),
        t0.elapsed().as_secs_f64()
    );
    let t1 = Instant::now();
    let lem = Lemmatizer::train_with_lexicon(&train, &LemmatizerConfig::default(), lexicon);
    eprintln!(
        "trained in {:.1}s; tables {:?}",
        t1.elapsed().as_secs_f64(),
        lem.table_sizes()
    );
    let shipped = Pipeline::embedded()?;
    if let Some(path) = shipped_lexicon {
        let lex = shipped.model.lemmatizer.lexicon();
        let words: String = lex.words().flat_map(|w| [w, "\n"]).collect();
        std::fs::write(path, words)?;
    }
    let tagger = &shipped.model.tagger;
    let mut splits = vec!["dev"];
    if test {
        splits.push("test");
    }
    for split in splits {
        let gold = read(split)?;
        println!(
            "{split}: lemma {:.2} (gold tags {:.2})",
            lem.evaluate(&gold, Some(tagger)),
            lem.evaluate(&gold, None)
        );
    }
    if let Some(path) = errors {
        write_errors(&lem, tagger, &read("dev")?, &path)?;
    }
    let dev = read("dev")?;
    let words: usize = dev.iter().map(|s| s.words.len()).sum();
    let t2 = Instant::now();
    for _ in 0..20 {
        lem.evaluate(&dev, None);
    }
    println!(
        "lemmatizer alone (gold tags): {:.0} words/s",
        20.0 * words as f64 / t2.elapsed().as_secs_f64()
    );
    let (mut n, mut right) = (0, 0);
    for line in UNSEEN.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [form, xpos, want] = cols[..] else {
            continue;
        };
        let upos = if xpos.starts_with("VB") {
            Upos::VERB
        } else {
            Upos::NOUN
        };
        let got = lem.lemma(form, upos, xpos);
        n += 1;
        if got == want {
            right += 1;
        } else if show {
            println!("  {form}/{xpos}: {got} (want {want})");
        }
    }
    println!(
        "unseen news words: {right}/{n} right ({:.2} %)",
        100.0 * right as f64 / n.max(1) as f64
    );
    Ok(())
}

/// Dev words whose lemma is wrong with the tagger's tags, one a line.
fn write_errors(
    lem: &Lemmatizer,
    tagger: &annals_nlp::tagger::Tagger,
    gold: &[conllu::Sentence],
    path: &std::path::Path,
) -> Result<(), Error> {
    let mut out = String::new();
    let mut tags = Vec::new();
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        tagger.tag(&words, &mut tags);
        for (w, t) in s.words.iter().zip(&tags) {
            let xpos = tagger.xpos_name(t.xpos);
            let got = lem.lemma(&w.form, t.upos, xpos);
            if got != w.lemma.as_str() {
                out.push_str(&format!(
                    "{}\t{}/{}\t{}/{}\t{}\t{}\n",
                    w.form,
                    t.upos.as_str(),
                    xpos,
                    w.upos,
                    w.xpos,
                    got,
                    w.lemma
                ));
            }
        }
    }
    std::fs::write(path, out)?;
    Ok(())
}
