//! The NLP stage's caps (issue 18): no sentence longer than the splitter's cap, sentences
//! of many tokens parsed in windows into one tree, over-long tokens analysed by their
//! start. Inputs are built here; the assertions are on the output's shape.

use annals_core::{Block, BlockKind, Document, ParsedSentence, Span};
use annals_nlp::pipeline::{
    CapsHit, Pipeline, Scratch, MAX_PARSED_BYTES, MAX_PARSE_TOKENS, MAX_TOKEN_BYTES,
};
use annals_nlp::splitter::cap::{CUT_PIECE_MIN_BYTES, MAX_SENTENCE_BYTES};
use annals_nlp::splitter::SentenceSplitter;

fn pipeline() -> Pipeline {
    match Pipeline::embedded() {
        Ok(p) => p,
        Err(e) => panic!("embedded model: {e}"),
    }
}

fn document(text: String) -> Document {
    let mut doc = Document {
        id: "caps".into(),
        clean_text: text,
        ..Document::default()
    };
    doc.sentences = SentenceSplitter::new().split_blocks(&doc.clean_text, &doc.blocks);
    doc
}

/// Exactly one root, and every head inside the sentence.
fn assert_one_tree(ps: &ParsedSentence) {
    let n = ps.tokens.len();
    let roots = ps.tokens.iter().filter(|t| t.head == 0).count();
    assert_eq!(roots, 1, "{n} tokens");
    assert!(ps.tokens.iter().all(|t| t.head <= n));
}

#[test]
fn a_five_megabyte_unpunctuated_paragraph_is_cut_into_capped_sentences() {
    let words = [
        "the",
        "minister",
        "said",
        "Russia",
        "and",
        "China",
        "met",
        "officials",
    ];
    let text: Vec<&str> = words.iter().copied().cycle().take(900_000).collect();
    let text = text.join(" ");
    assert!(text.len() > 5_000_000);
    let sentences = SentenceSplitter::new().split(&text);
    assert!(sentences.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES));
    let (last, cut) = sentences.split_last().expect("sentences");
    assert!(cut.iter().all(|s| s.len() > CUT_PIECE_MIN_BYTES));
    assert!(last.len() <= MAX_SENTENCE_BYTES);
    // Nothing lost: the pieces cover the text but for the spaces cut at.
    let covered: usize = sentences.iter().map(|s| s.len()).sum();
    assert_eq!(covered + sentences.len() - 1, text.len());
}

#[test]
fn a_heading_block_is_capped_too() {
    let text = "x".repeat(3 * MAX_SENTENCE_BYTES);
    let blocks = [Block {
        span: Span::new(0, text.len()),
        kind: BlockKind::Heading,
    }];
    let sentences = SentenceSplitter::new().split_blocks(&text, &blocks);
    assert_eq!(sentences.len(), 3);
}

#[test]
fn a_three_megabyte_token_is_stored_whole_in_capped_pieces_and_analysed_by_its_start() {
    let doc = document("a".repeat(3 * 1024 * 1024));
    let n = doc.sentences.len();
    assert_eq!(n, (3 * 1024 * 1024usize).div_ceil(MAX_SENTENCE_BYTES));
    let parsed = pipeline().parse_document(&doc, &mut Scratch::default());
    assert_eq!(parsed.len(), n);
    assert!(parsed.iter().all(|p| p.tokens.len() == 1));
    let first = &parsed[0].tokens[0];
    assert_eq!(first.form.len(), MAX_SENTENCE_BYTES);
    assert!(first.lemma.len() <= MAX_TOKEN_BYTES);
    assert_eq!(
        CapsHit::of(&parsed),
        CapsHit {
            long_sentences: n,
            windowed: 0,
            long_tokens: n,
            unparsed: 0,
        }
    );
    let message = CapsHit::of(&parsed).message().expect("a warning");
    assert!(message.contains(&format!("{n} tokens over {MAX_TOKEN_BYTES} bytes")));
}

#[test]
fn a_sentence_of_many_tokens_is_parsed_in_windows_into_one_tree() {
    // 700 words, 3.5 KB, no sentence end: one sentence, three windows.
    let words = ["Putin", "met", "Kim", "in", "Pyongyang", "and"];
    let text: Vec<&str> = words.iter().copied().cycle().take(700).collect();
    let doc = document(text.join(" "));
    assert_eq!(doc.sentences.len(), 1);
    let parsed = pipeline().parse_document(&doc, &mut Scratch::default());
    let ps = &parsed[0];
    assert_eq!(ps.tokens.len(), 700);
    assert_one_tree(ps);
    // The later windows hang from the first one's root.
    let root = ps.tokens.iter().position(|t| t.head == 0).expect("root") + 1;
    assert!(root <= MAX_PARSE_TOKENS);
    let attached: Vec<&str> = ps
        .tokens
        .iter()
        .filter(|t| t.head == root && t.deprel == "parataxis")
        .map(|t| t.form.as_str())
        .collect();
    assert!(attached.len() >= 2, "{attached:?}");
    assert_eq!(CapsHit::of(&parsed).windowed, 1);
}

#[test]
fn text_past_the_parse_budget_is_kept_but_not_parsed() {
    // 6 MB of one-token sentences: the first 4 MB are parsed, the rest are not.
    let doc = document("a".repeat(6 * 1024 * 1024));
    let parsed = pipeline().parse_document(&doc, &mut Scratch::default());
    assert_eq!(parsed.len(), doc.sentences.len());
    let parsed_count = MAX_PARSED_BYTES / MAX_SENTENCE_BYTES;
    assert!(parsed[..parsed_count].iter().all(|p| p.tokens.len() == 1));
    assert!(parsed[parsed_count..].iter().all(|p| p.tokens.is_empty()));
    assert_eq!(parsed.len() - parsed_count, 512);
}

#[test]
fn ordinary_text_hits_no_cap() {
    let doc = document("Putin met Kim Jong Un in Pyongyang. They signed an agreement.".into());
    let parsed = pipeline().parse_document(&doc, &mut Scratch::default());
    assert_eq!(CapsHit::of(&parsed), CapsHit::default());
    assert_eq!(CapsHit::default().message(), None);
}
