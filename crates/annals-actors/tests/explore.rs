//! Prints the mentions of `ANNALS_EXPLORE` text (development aid; passes when unset);
//! with `ANNALS_EXPLORE_TOKENS` set, also each token's tag, lemma and relation.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use annals_nlp::pipeline::Scratch;

#[test]
fn explore() {
    let Ok(text) = std::env::var("ANNALS_EXPLORE") else {
        return;
    };
    let date = std::env::var("ANNALS_EXPLORE_DATE").ok();
    if std::env::var("ANNALS_EXPLORE_TOKENS").is_ok() {
        let doc = common::document(&text, date.as_deref());
        for ps in common::pipeline().parse_document(&doc, &mut Scratch::default()) {
            for (i, t) in ps.tokens.iter().enumerate() {
                println!(
                    "{i}\t{}\t{:?}\t{}\t{}\t{}\t{}",
                    t.form, t.upos, t.xpos, t.lemma, t.head, t.deprel
                );
            }
        }
    }
    for m in common::resolve(&text, date.as_deref()) {
        println!("{}", common::describe(&m));
    }
}
