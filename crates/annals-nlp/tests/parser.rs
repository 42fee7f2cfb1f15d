//! The dependency parser through its public API, on a small treebank written for this
//! test: deterministic training, model round trip, and well-formed trees for any input.

use annals_core::Upos;
use annals_nlp::codec::{Decoder, Encoder};
use annals_nlp::conllu;
use annals_nlp::parser::{ParseScratch, ParseWord, Parser, ParserConfig};

/// Sentences in the style of news reports (all written for this test). The last one is
/// non-projective: "which" is the object of "expected", across "officials".
const NEWS: &str = "\
1\tMoscow\tMoscow\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsent\tsend\tVERB\tVBD\t_\t0\troot\t_\t_
3\ttroops\ttroop\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\tto\tto\tADP\tIN\t_\t6\tcase\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_
6\tborder\tborder\tNOUN\tNN\t_\t2\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tdenied\tdeny\tVERB\tVBD\t_\t0\troot\t_\t_
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_
5\treport\treport\tNOUN\tNN\t_\t3\tobj\t_\t_
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tTalks\ttalk\tNOUN\tNNS\t_\t3\tnsubj:pass\t_\t_
2\twere\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_
3\theld\thold\tVERB\tVBN\t_\t0\troot\t_\t_
4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_
5\tGeneva\tGeneva\tPROPN\tNNP\t_\t3\tobl\t_\t_
6\ton\ton\tADP\tIN\t_\t7\tcase\t_\t_
7\tMonday\tMonday\tPROPN\tNNP\t_\t3\tobl\t_\t_
8\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tdeal\tdeal\tNOUN\tNN\t_\t6\tnsubj\t_\t_
5\twas\tbe\tAUX\tVBD\t_\t6\tcop\t_\t_
6\tfinal\tfinal\tADJ\tJJ\t_\t2\tccomp\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tIt\tit\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tis\tbe\tAUX\tVBZ\t_\t0\troot\t_\t_
3\tunclear\tunclear\tADJ\tJJ\t_\t2\txcomp\t_\t_
4\twhich\twhich\tPRON\tWDT\t_\t7\tobj\t_\t_
5\tofficials\tofficial\tNOUN\tNNS\t_\t6\tnsubj\t_\t_
6\texpected\texpect\tVERB\tVBD\t_\t3\tccomp\t_\t_
7\tto\tto\tPART\tTO\t_\t6\txcomp\t_\t_
8\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

fn news() -> Vec<conllu::Sentence> {
    match conllu::read(NEWS.as_bytes(), "news") {
        Ok(s) => s,
        Err(e) => panic!("test treebank: {e}"),
    }
}

fn config() -> ParserConfig {
    ParserConfig {
        epochs: 10,
        min_word_count: 1,
        min_lift_count: 1,
        label_prune_below: 0.0,
        ..ParserConfig::default()
    }
}

fn bytes(p: &Parser) -> Vec<u8> {
    let mut e = Encoder::new();
    p.encode(&mut e);
    e.into_bytes()
}

fn words(s: &conllu::Sentence) -> Vec<ParseWord<'_>> {
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

/// One root attached to 0, every head in range, no cycles.
fn assert_tree(out: &[(usize, u16)], n: usize) {
    assert_eq!(out.len(), n);
    if n == 0 {
        return;
    }
    assert_eq!(out.iter().filter(|(h, _)| *h == 0).count(), 1);
    for start in 1..=n {
        let mut cur = start;
        let mut steps = 0;
        while cur != 0 {
            let (h, _) = out[cur - 1];
            assert!(h <= n && h != cur);
            cur = h;
            steps += 1;
            assert!(steps <= n, "cycle through word {start}");
        }
    }
}

#[test]
fn training_twice_gives_identical_bytes() {
    let data = news();
    let a = Parser::train(&data, None, Some(&data), &config());
    let b = Parser::train(&data, None, Some(&data), &config());
    assert_eq!(bytes(&a), bytes(&b));
}

#[test]
fn decoded_model_parses_like_the_original() {
    let data = news();
    let p = Parser::train(&data, None, None, &config());
    let raw = bytes(&p);
    let q = Parser::decode(&mut Decoder::new(&raw)).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for s in &data {
        p.parse(&words(s), &mut a);
        q.parse(&words(s), &mut b);
        assert_eq!(a, b);
        assert_tree(&a, s.words.len());
    }
    assert_eq!(p.evaluate(&data), q.evaluate(&data));
    let (uas, las) = q.evaluate(&data);
    assert!(
        uas > 0.9 && las > 0.85,
        "memorised training data: {uas} {las}"
    );
}

#[test]
fn the_non_projective_object_is_restored() {
    let data = news();
    let (p, report) = Parser::train_with_report(&data, None, None, &config(), &mut |_| {});
    assert_eq!(report.non_projective_sentences, 1);
    let mut out = Vec::new();
    p.parse(&words(&data[4]), &mut out);
    assert_eq!(out[3].0, 7, "\"which\" attaches to \"to\": {out:?}");
    assert_eq!(p.label_name(out[3].1), "obj");
}

#[test]
fn predicted_tags_for_training_and_dev_selection() {
    let data = news();
    // A "tagger" that calls every noun a proper noun.
    let tags: Vec<Vec<(Upos, String)>> = data
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| match w.upos.as_str() {
                    "NOUN" => (Upos::PROPN, "NNP".to_string()),
                    _ => (Upos::parse(&w.upos).unwrap(), w.xpos.clone()),
                })
                .collect()
        })
        .collect();
    let mut reports = Vec::new();
    let (p, report) = Parser::train_with_dev_tags(
        &data,
        Some(&tags),
        Some(&data),
        Some(&tags),
        &config(),
        &mut |e| reports.push(e.dev_las),
    );
    assert_eq!(reports.len(), 10);
    assert!(reports.iter().all(Option::is_some));
    let best = reports[report.best_epoch - 1].unwrap();
    let (_, las) = p.evaluate_with_tags(&data, &tags);
    assert!(
        (las - best).abs() < 1e-12,
        "kept the epoch it reported as best"
    );
}

/// A small deterministic generator for random inputs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn random_inputs_always_give_trees() {
    let p = Parser::train(&news(), None, None, &config());
    let forms = [
        "the", "Moscow", "said", ".", "", "🙂", "in", "which", "x\ty", "Ⅻ",
    ];
    let xpos = ["DT", "NNP", "VBD", ".", "", "??", "IN", "WDT", "NN", "CD"];
    let mut rng = Lcg(42);
    let mut scratch = ParseScratch::default();
    let mut out = Vec::new();
    for round in 0..300 {
        let n = if round % 50 == 0 {
            1000
        } else {
            rng.next() % 40
        };
        let sentence: Vec<ParseWord> = (0..n)
            .map(|_| ParseWord {
                form: forms[rng.next() % forms.len()],
                lemma: "_",
                upos: Upos::ALL[rng.next() % Upos::ALL.len()],
                xpos: xpos[rng.next() % xpos.len()],
            })
            .collect();
        p.parse_with(&mut scratch, &sentence, &mut out);
        assert_tree(&out, n);
        for &(_, l) in &out {
            assert_ne!(p.label_name(l), "_", "labels are known ids");
        }
    }
}
