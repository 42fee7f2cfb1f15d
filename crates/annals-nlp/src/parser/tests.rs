use super::*;
use crate::conllu;
use crate::tagger::WordClusters;

/// A tiny treebank written for these tests (sentence 4 is non-projective: "about the
/// budget" modifies "meeting" across the verb).
pub(crate) const TINY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tsleeps\tsleep\tVERB\tVBZ\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tOfficials\tofficial\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\ttalks\ttalk\tNOUN\tNNS\t_\t5\tnsubj\t_\t_
5\tended\tend\tVERB\tVBD\t_\t2\tccomp\t_\t_
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsigned\tsign\tVERB\tVBD\t_\t0\troot\t_\t_
3\ta\ta\tDET\tDT\t_\t4\tdet\t_\t_
4\tpact\tpact\tNOUN\tNN\t_\t2\tobj\t_\t_
5\twith\twith\tADP\tIN\t_\t6\tcase\t_\t_
6\tKorea\tKorea\tPROPN\tNNP\t_\t2\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\tmeeting\tmeeting\tNOUN\tNN\t_\t4\tnsubj:pass\t_\t_
3\twas\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\theld\thold\tVERB\tVBN\t_\t0\troot\t_\t_
5\tyesterday\tyesterday\tNOUN\tNN\t_\t4\tobl:tmod\t_\t_
6\tabout\tabout\tADP\tIN\t_\t8\tcase\t_\t_
7\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\t_
8\tbudget\tbudget\tNOUN\tNN\t_\t2\tnmod\t_\t_
9\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tvisited\tvisit\tVERB\tVBD\t_\t0\troot\t_\t_
4\tPyongyang\tPyongyang\tPROPN\tNNP\t_\t3\tobj\t_\t_
5\tand\tand\tCCONJ\tCC\t_\t6\tcc\t_\t_
6\tmet\tmeet\tVERB\tVBD\t_\t3\tconj\t_\t_
7\tleaders\tleader\tNOUN\tNNS\t_\t6\tobj\t_\t_
8\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2\twill\twill\tAUX\tMD\t_\t4\taux\t_\t_
3\tnot\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tattend\tattend\tVERB\tVB\t_\t0\troot\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tHis\this\tPRON\tPRP$\t_\t2\tnmod:poss\t_\t_
2\tdecision\tdecision\tNOUN\tNN\t_\t4\tnsubj:pass\t_\t_
3\twas\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\tcriticised\tcriticise\tVERB\tVBN\t_\t0\troot\t_\t_
5\tby\tby\tADP\tIN\t_\t6\tcase\t_\t_
6\tanalysts\tanalyst\tNOUN\tNNS\t_\t4\tobl:agent\t_\t_
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tPrices\tprice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\trose\trise\tVERB\tVBD\t_\t0\troot\t_\t_
3\t5\t5\tNUM\tCD\t_\t4\tnummod\t_\t_
4\tpercent\tpercent\tNOUN\tNN\t_\t2\tobj\t_\t_
5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_
6\tJune\tJune\tPROPN\tNNP\t_\t2\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

pub(crate) fn tiny() -> Vec<conllu::Sentence> {
    conllu::read(TINY.as_bytes(), "tiny").unwrap()
}

pub(crate) fn tiny_config() -> ParserConfig {
    ParserConfig {
        epochs: 12,
        min_word_count: 1,
        min_lift_count: 1,
        // Weights on a 8-sentence treebank are small: keep them all.
        label_prune_below: 0.0,
        ..ParserConfig::default()
    }
}

fn encode(p: &Parser) -> Vec<u8> {
    let mut e = Encoder::new();
    p.encode(&mut e);
    e.into_bytes()
}

/// Every word has a head in range, exactly one word hangs from the root, no cycles.
pub(crate) fn assert_tree(out: &[(usize, u16)], n: usize) {
    assert_eq!(out.len(), n);
    if n == 0 {
        return;
    }
    assert_eq!(out.iter().filter(|(h, _)| *h == 0).count(), 1, "{out:?}");
    for start in 1..=n {
        let mut cur = start;
        for _ in 0..=n {
            if cur == 0 {
                break;
            }
            let (h, _) = out[cur - 1];
            assert!(h <= n);
            assert_ne!(h, cur, "self loop");
            cur = h;
        }
        assert_eq!(cur, 0, "cycle through word {start}");
    }
}

#[test]
fn training_is_deterministic() {
    let data = tiny();
    let a = Parser::train(&data, None, None, &tiny_config());
    let b = Parser::train(&data, None, None, &tiny_config());
    assert_eq!(encode(&a), encode(&b));
    let mut other = tiny_config();
    other.seed += 1;
    let c = Parser::train(&data, None, None, &other);
    assert_ne!(encode(&a), encode(&c), "the seed matters");
}

#[test]
fn encode_decode_round_trip() {
    let p = Parser::train(&tiny(), None, None, &tiny_config());
    let bytes = encode(&p);
    let back = Parser::decode(&mut Decoder::new(&bytes)).unwrap();
    assert_eq!(back, p);
    assert_eq!(encode(&back), bytes);
    for cut in [0, 3, 8, bytes.len() / 2, bytes.len() - 1] {
        assert!(Parser::decode(&mut Decoder::new(&bytes[..cut])).is_err());
    }
    let mut wrong = bytes.clone();
    wrong[0] ^= 0xff;
    assert!(Parser::decode(&mut Decoder::new(&wrong)).is_err());
}

#[test]
fn learns_the_tiny_treebank_including_the_non_projective_arc() {
    let data = tiny();
    let (p, report) = Parser::train_with_report(&data, None, None, &tiny_config(), &mut |_| {});
    assert_eq!(report.sentences, data.len());
    assert_eq!(report.non_projective_sentences, 1);
    assert_eq!(report.lifts, 1);
    assert_eq!(report.lifted_label_classes, 1);
    let s = p.score(&data, None);
    assert!(s.uas() > 0.95, "train UAS {}", s.uas());
    assert!(s.las() > 0.9, "train LAS {}", s.las());
    // The lifted arc comes back to "meeting".
    let sent = &data[3];
    let words = words_of(sent);
    let mut out = Vec::new();
    p.parse(&words, &mut out);
    assert_eq!(out[7].0, 2, "budget attaches to meeting: {out:?}");
    assert_eq!(p.label_name(out[7].1), "nmod");
}

/// `n` words cycling through a few forms, tags and every UPOS: a long, odd "sentence".
fn cycling_words(n: usize) -> Vec<ParseWord<'static>> {
    (0..n)
        .map(|i| ParseWord {
            form: ["the", "cat", "said", "with", "."][i % 5],
            lemma: "x",
            upos: Upos::ALL[i % Upos::ALL.len()],
            xpos: ["DT", "NN", "VBD", "IN", "."][i % 5],
        })
        .collect()
}

#[test]
fn odd_inputs_give_valid_trees() {
    let p = Parser::train(&tiny(), None, None, &tiny_config());
    let mut out = vec![(9, 9)];
    p.parse(&[], &mut out);
    assert!(out.is_empty());

    let one = [ParseWord {
        form: "Hello",
        lemma: "hello",
        upos: Upos::INTJ,
        xpos: "UH",
    }];
    p.parse(&one, &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].0, 0);
    assert_eq!(p.label_name(out[0].1), "root");

    let punct: Vec<ParseWord> = ["!", "?", ".", ",", "…", "\"", "(", ")"]
        .iter()
        .map(|f| ParseWord {
            form: f,
            lemma: f,
            upos: Upos::PUNCT,
            xpos: ".",
        })
        .collect();
    p.parse(&punct, &mut out);
    assert_tree(&out, punct.len());

    let odd = [
        ParseWord {
            form: "",
            lemma: "",
            upos: Upos::X,
            xpos: "",
        },
        ParseWord {
            form: "\u{0}\u{1F600}",
            lemma: "_",
            upos: Upos::SYM,
            xpos: "NOT-A-TAG",
        },
    ];
    p.parse(&odd, &mut out);
    assert_tree(&out, 2);

    let long = cycling_words(5000);
    let mut scratch = ParseScratch::default();
    p.parse_with(&mut scratch, &long, &mut out);
    assert_tree(&out, long.len());
    // Labels are real base labels, never lifted ones.
    for &(_, l) in &out {
        assert!(!p.label_name(l).contains('↑'));
    }
}

#[test]
fn invalid_training_trees_are_skipped() {
    let mut data = tiny();
    data[0].words[0].head = 99; // out of range
    data[1].words[0].head = 1; // self loop
    let (_, report) = Parser::train_with_report(&data, None, None, &tiny_config(), &mut |_| {});
    assert_eq!(report.skipped_invalid, 2);
    assert_eq!(report.sentences, data.len() - 2);
}

#[test]
fn predicted_tags_are_used_when_they_line_up() {
    let data = tiny();
    let tags: Vec<Vec<(Upos, String)>> = data
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|_| (Upos::NOUN, "NN".to_string()))
                .collect()
        })
        .collect();
    let mut short = tags.clone();
    short[0].pop();
    let (_, report) =
        Parser::train_with_report(&data, Some(&short), None, &tiny_config(), &mut |_| {});
    assert_eq!(report.tag_mismatches, 1);
    let gold_tags = Parser::train(&data, None, None, &tiny_config());
    let all_nouns = Parser::train(&data, Some(&tags), None, &tiny_config());
    assert_ne!(encode(&gold_tags), encode(&all_nouns));
    let no_copy = ParserConfig {
        gold_tag_copy: false,
        ..tiny_config()
    };
    let only_nouns = Parser::train(&data, Some(&tags), None, &no_copy);
    assert_ne!(
        encode(&only_nouns),
        encode(&all_nouns),
        "the gold-tag copy is used"
    );
    let (uas, _) = all_nouns.evaluate_with_tags(&data, &tags);
    assert!(uas > 0.0);
}

#[test]
fn dev_selection_keeps_a_reported_epoch() {
    let data = tiny();
    let mut seen = Vec::new();
    let (_, report) =
        Parser::train_with_report(&data, None, Some(&data), &tiny_config(), &mut |e| {
            seen.push(e.epoch)
        });
    assert_eq!(seen, (1..=12).collect::<Vec<_>>());
    assert!(report.best_epoch >= 1 && report.best_epoch <= 12);
    let best = &report.epochs[report.best_epoch - 1];
    let top = report
        .epochs
        .iter()
        .map(|e| e.dev_las.unwrap())
        .fold(0.0, f64::max);
    assert_eq!(best.dev_las, Some(top));
}

#[test]
fn fast_label_scoring_picks_the_label_model_s_label() {
    use super::features::{label_features, Tokens};
    use super::transition::State;
    let p = Parser::train(&tiny(), None, None, &tiny_config());
    let root = p.root_label as usize;
    let (mut tokens, mut norm) = (Tokens::default(), String::new());
    let (mut feats, mut slow_scores) = (Vec::new(), Vec::new());
    let mut ls = labels::LabelScratch::default();
    let mut distinct = std::collections::BTreeSet::new();
    for s in tiny() {
        let words = words_of(&s);
        p.fill_tokens(&words, &mut tokens, &mut norm);
        let mut st = State::default();
        st.reset(words.len());
        let n = words.len() as u32;
        for h in 1..=n {
            for d in (1..=n).filter(|&d| d != h) {
                let fast = p.label_arc(&st, &tokens, h, d, &mut ls);
                // Asked again, the cache answers the same.
                assert_eq!(p.label_arc(&st, &tokens, h, d, &mut ls), fast);
                label_features(&st, &tokens, h, d, &mut feats);
                slow_scores.clear();
                slow_scores.resize(p.labels.len(), 0.0);
                p.labeller.score(&feats, &mut slow_scores);
                let slow = best_of(&slow_scores, |l| l != root).unwrap() as u16;
                assert_eq!(fast, slow, "arc {h} -> {d}");
                distinct.insert(fast);
            }
        }
    }
    assert!(distinct.len() > 3, "{distinct:?}");
}

fn beam_config() -> ParserConfig {
    ParserConfig {
        beam: 4,
        ..tiny_config()
    }
}

fn words_of(s: &conllu::Sentence) -> Vec<ParseWord<'_>> {
    s.words
        .iter()
        .map(|w| ParseWord {
            form: &w.form,
            lemma: &w.lemma,
            upos: Upos::parse(&w.upos).unwrap(),
            xpos: &w.xpos,
        })
        .collect()
}

#[test]
fn beam_training_is_deterministic_and_learns_the_tiny_treebank() {
    let data = tiny();
    let a = Parser::train(&data, None, None, &beam_config());
    let b = Parser::train(&data, None, None, &beam_config());
    assert_eq!(encode(&a), encode(&b));
    assert_eq!(a.beam().0, 4);
    let s = a.score(&data, None);
    assert!(s.uas() > 0.95, "train UAS {}", s.uas());
    assert!(s.las() > 0.9, "train LAS {}", s.las());
    let greedy = Parser::train(&data, None, None, &tiny_config());
    assert_ne!(
        encode(&a),
        encode(&greedy),
        "beam training changes the weights"
    );
}

#[test]
fn a_zero_margin_beam_decodes_like_greedy_and_wider_beams_give_trees() {
    let data = tiny();
    let p = Parser::train(&data, None, None, &beam_config());
    let greedy = p.clone().with_beam(1, f32::INFINITY);
    let collapsed = p.clone().with_beam(4, 0.0);
    let mut scratch = ParseScratch::default();
    let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
    for s in &data {
        let words = words_of(s);
        greedy.parse_with(&mut scratch, &words, &mut a);
        collapsed.parse_with(&mut scratch, &words, &mut b);
        p.parse_with(&mut scratch, &words, &mut c);
        assert_eq!(a, b, "a beam that keeps only the best is greedy");
        assert_tree(&c, words.len());
    }
    // Long inputs: beam search up to the limit, greedy past it; always a tree.
    for n in [beam::MAX_BEAM_WORDS, beam::MAX_BEAM_WORDS + 1, 700] {
        let long = cycling_words(n);
        p.parse_with(&mut scratch, &long, &mut c);
        assert_tree(&c, n);
    }
}

/// The best-scoring complete transition sequence from `st` (arcs labelled as the parser
/// labels them), by trying every one: `(total score, final state)`.
fn exhaustive_best(p: &Parser, scratch: &mut ParseScratch, st: &State) -> (f64, State) {
    if st.is_terminal() {
        return (0.0, st.clone());
    }
    let mut scores = [0f32; N_ACTIONS];
    let mut feats = Vec::new();
    p.score_actions(
        st,
        &scratch.tokens,
        &mut feats,
        &mut scratch.roles,
        &mut scores,
    );
    let legal = st.legal();
    let mut best: Option<(f64, State)> = None;
    for a in (0..N_ACTIONS).filter(|&a| legal[a]) {
        let label = match st.arc_of(a) {
            Some((h, d)) => p.label_arc(st, &scratch.tokens, h, d, &mut scratch.labels_scratch),
            None => NO_LABEL,
        };
        let mut next = st.clone();
        next.apply(a, label);
        let (rest, end) = exhaustive_best(p, scratch, &next);
        let total = f64::from(scores[a]) + rest;
        if best.as_ref().is_none_or(|(b, _)| total > *b) {
            best = Some((total, end));
        }
    }
    best.unwrap()
}

#[test]
fn a_beam_wider_than_the_search_space_finds_the_best_sequence() {
    // Short sentences have fewer than 64 transition sequences, so the widest beam keeps
    // them all and must end on the best one; parents with several children exercise the
    // hand-over of state buffers to the last child.
    let data = tiny();
    let p = Parser::train(&data, None, None, &beam_config()).with_beam(MAX_BEAM, f32::INFINITY);
    let mut scratch = ParseScratch::default();
    let (mut beam_out, mut best_out) = (Vec::new(), Vec::new());
    for s in &data {
        for n in 1..=4.min(s.words.len()) {
            let words = &words_of(s)[..n];
            p.parse_with(&mut scratch, words, &mut beam_out);
            p.fill_tokens(words, &mut scratch.tokens, &mut scratch.norm);
            scratch.roles.reset(n);
            let mut start = State::default();
            start.reset(n);
            let (_, end) = exhaustive_best(&p, &mut scratch, &start);
            scratch.state = end;
            best_out.clear();
            p.finish_tree(&mut scratch, n, &mut best_out);
            assert_eq!(beam_out, best_out, "{n} words of {:?}", s.words[0].form);
        }
    }
}

#[test]
fn beam_decoding_does_not_depend_on_what_the_scratch_parsed_before() {
    // Beam states hand their buffers on to their last child, so a stale buffer would show
    // up as a parse that changes with the sentences parsed before it.
    let data = tiny();
    let p = Parser::train(&data, None, None, &beam_config()).with_beam(8, f32::INFINITY);
    let mut reused = ParseScratch::default();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for s in data.iter().rev().chain(&data) {
        let words = words_of(s);
        p.parse_with(&mut reused, &words, &mut a);
        p.parse_with(&mut ParseScratch::default(), &words, &mut b);
        assert_eq!(a, b);
        assert_tree(&a, words.len());
    }
}

/// The tiny treebank's country and city names share one cluster, its verbs another.
fn tiny_clusters() -> WordClusters {
    WordClusters::new([
        ("russia", 100u16),
        ("korea", 101),
        ("pyongyang", 101),
        ("signed", 2000),
        ("visited", 2001),
        ("met", 2002),
    ])
}

fn cluster_config() -> ParserConfig {
    ParserConfig {
        clusters: tiny_clusters(),
        ..tiny_config()
    }
}

#[test]
fn cluster_models_are_marked_deterministic_and_need_the_table() {
    let data = tiny();
    let cfg = cluster_config();
    let a = Parser::train(&data, None, None, &cfg);
    assert!(a.uses_clusters());
    let bytes = encode(&a);
    assert_eq!(bytes, encode(&Parser::train(&data, None, None, &cfg)));
    assert_eq!(&bytes[..4], &MAGIC_CLUSTERS.to_le_bytes());
    let plain = Parser::train(&data, None, None, &tiny_config());
    assert!(!plain.uses_clusters());
    assert_eq!(&encode(&plain)[..4], &MAGIC_GREEDY.to_le_bytes());
    assert_ne!(bytes, encode(&plain), "cluster features change the weights");

    // The section holds the flag, not the table: decoded alone, every word lacks a
    // cluster; with the table back it parses exactly as trained.
    let back = Parser::decode(&mut Decoder::new(&bytes)).unwrap();
    assert!(back.uses_clusters() && back.clusters().is_empty());
    assert_eq!(encode(&back), bytes);
    let back = back.with_clusters(true, tiny_clusters());
    assert_eq!(back, a);
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for s in &data {
        a.parse(&words_of(s), &mut x);
        back.parse(&words_of(s), &mut y);
        assert_eq!(x, y);
        assert_tree(&x, s.words.len());
    }
    let (uas, _) = a.evaluate(&data);
    assert!(uas > 0.95, "cluster model learns the tiny treebank: {uas}");
}

#[test]
fn parse_tokens_hold_cluster_ids_only_for_cluster_models() {
    let data = tiny();
    let cfg = cluster_config();
    let words = words_of(&data[2]); // Russia signed a pact with Korea .
    let mut scratch = ParseScratch::default();
    let p = Parser::train(&data, None, None, &cfg);
    p.fill_tokens(&words, &mut scratch.tokens, &mut scratch.norm);
    assert!(scratch.tokens.use_clusters);
    assert_eq!(scratch.tokens.cluster, [0, 101, 2001, 0, 0, 0, 102, 0, 0]);
    let plain = Parser::train(&data, None, None, &tiny_config());
    plain.fill_tokens(&words, &mut scratch.tokens, &mut scratch.norm);
    assert!(!scratch.tokens.use_clusters);
    assert_eq!(scratch.tokens.cluster, [0; 9]);
}

#[test]
fn is_tree_needs_one_root_and_no_cycle() {
    use super::repair::is_tree;
    let arcs = |heads: &[usize]| heads.iter().map(|&h| (h, 0u16)).collect::<Vec<_>>();
    assert!(is_tree(&arcs(&[2, 0, 2, 3])));
    assert!(is_tree(&[]));
    // No root: 1 and 2 point at each other (what a repair left on a fuzzed input).
    assert!(!is_tree(&arcs(&[2, 1, 2])));
    // Two roots, a head out of range, a cycle away from the root.
    assert!(!is_tree(&arcs(&[0, 0, 1])));
    assert!(!is_tree(&arcs(&[0, 5])));
    assert!(!is_tree(&arcs(&[0, 3, 4, 2])));
}
