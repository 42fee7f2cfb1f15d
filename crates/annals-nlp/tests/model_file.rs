//! The model file: deterministic training of the whole model on a tiny treebank written for
//! this test, exact round trip, and clear errors on damaged files.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals_nlp::model::{ModelError, NlpModel};
use annals_nlp::parser::ParserConfig;
use annals_nlp::pipeline::{Pipeline, Scratch};
use annals_nlp::tagger::TaggerConfig;
use annals_nlp::train::{train, GloveSource, TrainOptions};

const TINY: &str = "\
# text = Troops left the city.
1\tTroops\ttroop\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_
2\tleft\tleave\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t4\tdet\t_\t_
4\tcity\tcity\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = Rebels attacked a convoy.
1\tRebels\trebel\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\ta\ta\tDET\tDT\tDefinite=Ind|PronType=Art\t4\tdet\t_\t_
4\tconvoy\tconvoy\tNOUN\tNN\tNumber=Sing\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = The minister met envoys in Cairo.
1\tThe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\tNumber=Sing\t3\tnsubj\t_\t_
3\tmet\tmeet\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
4\tenvoys\tenvoy\tNOUN\tNNS\tNumber=Plur\t3\tobj\t_\t_
5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_
6\tCairo\tCairo\tPROPN\tNNP\tNumber=Sing\t3\tobl\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# text = Police said talks failed.
1\tPolice\tpolice\tNOUN\tNNS\tNumber=Plur\t2\tnsubj\t_\t_
2\tsaid\tsay\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
3\ttalks\ttalk\tNOUN\tNNS\tNumber=Plur\t4\tnsubj\t_\t_
4\tfailed\tfail\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t2\tccomp\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

fn train_tiny(dir: &std::path::Path) -> NlpModel {
    let path = dir.join("tiny.conllu");
    std::fs::write(&path, TINY).unwrap();
    // A GloVe-format file: words most frequent first, each followed by its vector.
    let glove = dir.join("tiny-glove.txt");
    std::fs::write(
        &glove,
        "the 0.1 0.2\n, 0.3 0.1\nfail 0.2 0.2\nraid 0.5 0.1\n",
    )
    .unwrap();
    let opts = TrainOptions {
        train: path.clone(),
        dev: path,
        jackknife_folds: 2,
        threads: 2,
        tagger: TaggerConfig {
            epochs: 3,
            ..TaggerConfig::default()
        },
        parser: ParserConfig {
            epochs: 3,
            ..ParserConfig::default()
        },
        command: "test".into(),
        treebank: "tiny".into(),
        lexicon: Some(GloveSource {
            glove: glove.clone(),
            lines: 3,
        }),
        clusters: Some(GloveSource { glove, lines: 4 }),
    };
    train(&opts, &|_| {}).unwrap()
}

#[test]
fn training_is_deterministic_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let a = train_tiny(dir.path()).to_bytes();
    let b = train_tiny(dir.path()).to_bytes();
    assert_eq!(a, b, "same inputs must give byte-identical models");
    let model = NlpModel::from_bytes(&a, "a").unwrap();
    assert_eq!(model.to_bytes(), a);
    assert_eq!(model.meta.treebank, "tiny");
    assert!(model.meta.metrics.contains_key("dev_las"));
    // The treebank file (train and dev here) and the GloVe file.
    assert_eq!(model.meta.data_checksums.len(), 2);
    assert_eq!(model.meta.config["lexicon_words"], "2");
    assert_eq!(model.meta.config["cluster_words"], "4");
    let lexicon: Vec<&str> = model.lemmatizer.lexicon().words().collect();
    assert_eq!(lexicon, ["the", "fail"]);
    // Trained with clusters, the parser uses cluster features and, once loaded, the
    // tagger's table (the file holds it once).
    assert!(model.parser.uses_clusters());
    assert_eq!(model.tagger.clusters().len(), 4);
    assert_eq!(model.parser.clusters(), &model.tagger.clusters());
    let p = Pipeline::new(model);
    let out = p.parse_text("Rebels left the city.", &mut Scratch::default());
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].tokens.len(), 5);
}

#[test]
fn damaged_files_give_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = train_tiny(dir.path()).to_bytes();
    assert!(matches!(
        NlpModel::from_bytes(b"hello world, not a model", "x"),
        Err(ModelError::BadMagic(_))
    ));
    let mut v = bytes.clone();
    v[8] = 99;
    assert!(matches!(
        NlpModel::from_bytes(&v, "x"),
        Err(ModelError::Version { .. })
    ));
    let mut v = bytes.clone();
    let last = v.len() - 1;
    v[last] ^= 0xff;
    assert!(matches!(
        NlpModel::from_bytes(&v, "x"),
        Err(ModelError::Checksum(_))
    ));
    for cut in [0, 10, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            NlpModel::from_bytes(&bytes[..cut], "x").is_err(),
            "cut at {cut}"
        );
    }
    let err = NlpModel::load(&dir.path().join("missing.annals"))
        .err()
        .unwrap();
    assert!(err.to_string().contains("missing.annals"));
}

#[test]
fn the_shipped_model_re_encodes_to_its_own_bytes() {
    // Format changes must leave the committed model readable and byte-identical, so
    // retraining with the documented command keeps reproducing it.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/en_ewt.annals");
    let bytes = std::fs::read(path).unwrap();
    let model = NlpModel::from_bytes(&bytes, "models/en_ewt.annals").unwrap();
    assert_eq!(model.parser.beam(), (1, f32::INFINITY));
    assert_eq!(
        model.parser.uses_clusters(),
        !model.tagger.clusters().is_empty()
    );
    assert!(model.to_bytes() == bytes, "re-encoded model differs");
}
