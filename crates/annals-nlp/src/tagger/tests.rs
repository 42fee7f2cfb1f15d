use super::*;
use crate::conllu::Word;

/// A tiny hand-written treebank: one sentence per line, tokens `form|lemma|UPOS|XPOS|FEATS`.
pub(crate) const TINY: &str = "\
The|the|DET|DT|Definite=Def|PronType=Art ministers|minister|NOUN|NNS|Number=Plur signed|sign|VERB|VBD|Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin the|the|DET|DT|Definite=Def|PronType=Art treaty|treaty|NOUN|NN|Number=Sing .|.|PUNCT|.|_
Rebels|rebel|NOUN|NNS|Number=Plur fled|flee|VERB|VBD|Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin the|the|DET|DT|Definite=Def|PronType=Art city|city|NOUN|NN|Number=Sing on|on|ADP|IN|_ Monday|Monday|PROPN|NNP|Number=Sing .|.|PUNCT|.|_
She|she|PRON|PRP|Case=Nom|Gender=Fem|Number=Sing|Person=3|PronType=Prs was|be|AUX|VBD|Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin in|in|ADP|IN|_ Paris|Paris|PROPN|NNP|Number=Sing .|.|PUNCT|.|_
The|the|DET|DT|Definite=Def|PronType=Art army|army|NOUN|NN|Number=Sing supplied|supply|VERB|VBD|Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin missiles|missile|NOUN|NNS|Number=Plur to|to|ADP|IN|_ two|two|NUM|CD|NumForm=Word|NumType=Card countries|country|NOUN|NNS|Number=Plur .|.|PUNCT|.|_
Leaders|leader|NOUN|NNS|Number=Plur met|meet|VERB|VBD|Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin and|and|CCONJ|CC|_ held|hold|VERB|VBD|Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin talks|talk|NOUN|NNS|Number=Plur .|.|PUNCT|.|_
They|they|PRON|PRP|Case=Nom|Number=Plur|Person=3|PronType=Prs imposed|impose|VERB|VBD|Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin new|new|ADJ|JJ|Degree=Pos sanctions|sanction|NOUN|NNS|Number=Plur on|on|ADP|IN|_ the|the|DET|DT|Definite=Def|PronType=Art U.S.|U.S.|PROPN|NNP|Number=Sing .|.|PUNCT|.|_
";

/// Parse [`TINY`]-style text into sentences.
pub(crate) fn treebank(text: &str) -> Vec<Sentence> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| Sentence {
            comments: Vec::new(),
            multiwords: Vec::new(),
            words: line
                .split(' ')
                .map(|tok| {
                    let mut it = tok.splitn(5, '|');
                    let mut next = || it.next().unwrap_or("_").to_string();
                    Word {
                        form: next(),
                        lemma: next(),
                        upos: next(),
                        xpos: next(),
                        feats: next(),
                        ..Word::default()
                    }
                })
                .collect(),
        })
        .collect()
}

fn tiny_tagger() -> Tagger {
    let tb = treebank(TINY);
    let cfg = TaggerConfig {
        epochs: 8,
        dict_min_count: 1,
        sure_count: 3,
        ..TaggerConfig::default()
    };
    Tagger::train(&tb, None, &cfg)
}

fn encoded(t: &Tagger) -> Vec<u8> {
    let mut e = Encoder::new();
    t.encode(&mut e);
    e.into_bytes()
}

#[test]
fn learns_the_tiny_treebank() {
    let t = tiny_tagger();
    let s = t.evaluate(&treebank(TINY));
    assert!(s.upos >= 95.0, "{s:?}");
    assert!(s.xpos >= 95.0, "{s:?}");
    assert!(s.feats >= 90.0, "{s:?}");
    let mut out = Vec::new();
    t.tag(&["The", "rebels", "signed", "the", "treaty", "."], &mut out);
    assert_eq!(out.len(), 6);
    assert_eq!(out[0].upos, Upos::DET);
    assert_eq!(t.xpos_name(out[0].xpos), "DT");
    assert_eq!(t.feats_name(out[0].feats), "Definite=Def|PronType=Art");
    assert_eq!(out[5].upos, Upos::PUNCT);
    assert_eq!(t.xpos_name(u16::MAX), "_");
    assert_eq!(t.feats_name(u16::MAX), "_");
    assert_eq!(t.xpos_id("NNS").map(|i| t.xpos_name(i)), Some("NNS"));
}

#[test]
fn training_is_deterministic() {
    assert_eq!(encoded(&tiny_tagger()), encoded(&tiny_tagger()));
}

#[test]
fn encode_decode_round_trip() {
    let t = tiny_tagger();
    let bytes = encoded(&t);
    let back = Tagger::decode(&mut Decoder::new(&bytes)).unwrap();
    assert_eq!(encoded(&back), bytes);
    let words = ["Leaders", "met", "in", "Paris", "."];
    let (mut a, mut b) = (Vec::new(), Vec::new());
    t.tag(&words, &mut a);
    back.tag(&words, &mut b);
    assert_eq!(a, b);
    for cut in [0, 5, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            Tagger::decode(&mut Decoder::new(&bytes[..cut])).is_err(),
            "cut at {cut}"
        );
    }
    let mut bad = bytes.clone();
    bad[2] ^= 0x20;
    assert!(Tagger::decode(&mut Decoder::new(&bad)).is_err());
}

#[test]
fn odd_input_does_not_panic() {
    let t = tiny_tagger();
    let mut out = vec![TagOut {
        upos: Upos::X,
        xpos: 0,
        feats: 0,
    }];
    t.tag(&[], &mut out);
    assert!(out.is_empty());
    let weird = [
        "",
        " ",
        "\u{0}",
        "🙂🙂",
        "ÅNGSTRÖM",
        "\u{301}e",
        "ﬁ",
        "x\u{200b}y",
        "İ",
    ];
    t.tag(&weird, &mut out);
    assert_eq!(out.len(), weird.len());
    let long: Vec<&str> = ["the", "army", "fled", ",", "and"]
        .iter()
        .cycle()
        .take(10_000)
        .copied()
        .collect();
    t.tag(&long, &mut out);
    assert_eq!(out.len(), 10_000);
    // An untrained tagger (empty treebank) still answers.
    let empty = Tagger::train(&[], None, &TaggerConfig::default());
    empty.tag(&["hello"], &mut out);
    assert_eq!(out.len(), 1);
}

/// "it" is nominative before a verb and accusative after one; a bare verb opening a
/// sentence is imperative, after "to" infinitive.
const CONTEXT_FEATS: &str = "\
It|it|PRON|PRP|Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs failed|fail|VERB|VBD|Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin .|.|PUNCT|.|_
They|they|PRON|PRP|Case=Nom|Number=Plur|Person=3|PronType=Prs fixed|fix|VERB|VBD|Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin it|it|PRON|PRP|Case=Acc|Gender=Neut|Number=Sing|Person=3|PronType=Prs .|.|PUNCT|.|_
It|it|PRON|PRP|Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs worked|work|VERB|VBD|Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin .|.|PUNCT|.|_
We|we|PRON|PRP|Case=Nom|Number=Plur|Person=1|PronType=Prs sold|sell|VERB|VBD|Mood=Ind|Number=Plur|Person=1|Tense=Past|VerbForm=Fin it|it|PRON|PRP|Case=Acc|Gender=Neut|Number=Sing|Person=3|PronType=Prs .|.|PUNCT|.|_
Stop|stop|VERB|VB|Mood=Imp|VerbForm=Fin the|the|DET|DT|Definite=Def|PronType=Art talks|talk|NOUN|NNS|Number=Plur .|.|PUNCT|.|_
They|they|PRON|PRP|Case=Nom|Number=Plur|Person=3|PronType=Prs want|want|VERB|VBP|Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin to|to|PART|TO|_ stop|stop|VERB|VB|VerbForm=Inf the|the|DET|DT|Definite=Def|PronType=Art war|war|NOUN|NN|Number=Sing .|.|PUNCT|.|_
Sign|sign|VERB|VB|Mood=Imp|VerbForm=Fin the|the|DET|DT|Definite=Def|PronType=Art deal|deal|NOUN|NN|Number=Sing .|.|PUNCT|.|_
We|we|PRON|PRP|Case=Nom|Number=Plur|Person=1|PronType=Prs need|need|VERB|VBP|Mood=Ind|Number=Plur|Person=1|Tense=Pres|VerbForm=Fin to|to|PART|TO|_ sign|sign|VERB|VB|VerbForm=Inf the|the|DET|DT|Definite=Def|PronType=Art deal|deal|NOUN|NN|Number=Sing .|.|PUNCT|.|_
";

#[test]
fn feats_follow_context() {
    let tb = treebank(&CONTEXT_FEATS.repeat(3));
    let cfg = TaggerConfig {
        epochs: 5,
        dict_min_count: 1,
        dict_folds: 0,
        ..TaggerConfig::default()
    };
    let t = Tagger::train(&tb, None, &cfg);
    let feats_of = |words: &[&str], i: usize| {
        let mut out = Vec::new();
        t.tag(words, &mut out);
        t.feats_name(out[i].feats).to_string()
    };
    assert!(feats_of(&["It", "worked", "."], 0).contains("Case=Nom"));
    assert!(feats_of(&["They", "sold", "it", "."], 2).contains("Case=Acc"));
    assert_eq!(
        feats_of(&["Stop", "the", "deal", "."], 0),
        "Mood=Imp|VerbForm=Fin"
    );
    assert_eq!(
        feats_of(&["We", "want", "to", "sign", "the", "deal", "."], 3),
        "VerbForm=Inf"
    );
}

/// Classes from scoring every feature of every word, without the caches of `classify`.
fn uncached_classes(t: &Tagger, words: &[&str]) -> Vec<u16> {
    let mut sf = SentenceFeatures::default();
    sf.compute(words, &t.dict);
    let mut classes = Vec::new();
    let mut feats = Vec::new();
    let mut scores = vec![0i32; t.weights.n_classes()];
    for (i, info) in sf.infos.iter().enumerate() {
        let class = match info.sure {
            Some(c) => c,
            None => {
                features::token_features(&sf.infos, i, &classes, &mut feats);
                scores.fill(0);
                t.weights.score(&feats, &mut scores);
                argmax(&scores) as u16
            }
        };
        classes.push(class);
    }
    classes
}

#[test]
fn cached_word_scores_give_the_uncached_classes() {
    let t = tiny_tagger();
    let sentences: [&[&str]; 4] = [
        &["Ministers", "fled", "the", "talks", "on", "Monday", "."],
        &["The", "rebels", "signed", "new", "missiles", "."],
        &["Ministers", "imposed", "sanctions", "on", "Paris", "."],
        &["Two", "ministers", "held", "talks", "in", "Zorbania", "."],
    ];
    let mut scratch = TagScratch::default();
    let mut seen = 0;
    // Twice round: the second time every word comes from the caches.
    for words in sentences.iter().chain(&sentences) {
        t.classify(words, &mut scratch);
        assert_eq!(scratch.classes, uncached_classes(&t, words), "{words:?}");
        seen += words.len();
    }
    assert!(scratch.words.index.len() < seen);
    // Another tagger's weights do not reuse these entries.
    let other = Tagger::train(&treebank(TINY), None, &TaggerConfig::default());
    other.classify(sentences[0], &mut scratch);
    assert_eq!(scratch.classes, uncached_classes(&other, sentences[0]));
    assert_eq!(scratch.words.owner, other.weights.uid());
}

#[test]
fn clusters_are_kept_in_the_model_and_reach_the_word_features() {
    use crate::perceptron::feature_bytes;
    use features::ns;
    let cfg = TaggerConfig {
        epochs: 3,
        ..TaggerConfig::default()
    };
    let clusters = WordClusters::new([("paris", 5u16), ("Moscow", 5), ("treaty", 4000)]);
    assert_eq!(clusters.len(), 3);
    let t = Tagger::train_with_clusters(&treebank(TINY), None, &cfg, &clusters, &mut |_| {});
    let key = |w: &str| feature_bytes(ns::LOWER, w.as_bytes());
    assert_eq!(
        t.dict.cluster(key("moscow")),
        Some(5),
        "looked up lowercased"
    );
    let bytes = encoded(&t);
    let back = Tagger::decode(&mut Decoder::new(&bytes)).unwrap();
    assert_eq!(encoded(&back), bytes);
    assert_eq!(back.dict.cluster(key("treaty")), Some(4000));
    let mut sf = SentenceFeatures::default();
    sf.compute(&["Moscow", "pact"], &back.dict);
    // Levels 64, 256, 1024, 4096 of leaf 4000 / 5, each tagged with its level.
    let level = |l: u64, c: u64| (c + 1) | (l << 16);
    assert_eq!(
        sf.infos[0].cluster,
        [level(0, 0), level(1, 0), level(2, 1), level(3, 5)]
    );
    assert_eq!(
        sf.infos[1].cluster, [0; 4],
        "no cluster, no cluster features"
    );
    sf.compute(&["treaty"], &back.dict);
    assert_eq!(
        sf.infos[0].cluster,
        [level(0, 62), level(1, 250), level(2, 1000), level(3, 4000)]
    );
    // Without clusters the tagger writes an empty table and tags as before.
    let plain = tiny_tagger();
    assert_eq!(plain.dict.cluster(key("moscow")), None);
}
