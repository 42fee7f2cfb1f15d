//! `annals parse`: text in, CoNLL-U out. The text goes through the same cleaning, layout and
//! sentence splitting as `annals ingest`, so sentence numbers and offsets (MISC
//! `TokenRange=start:end`, bytes into the clean text) match what the store holds.

use std::io::{Read, Write};

use annals_core::{InputRecord, SentenceKind, SourceRef};
use annals_ingest::Format;
use annals_nlp::conllu;
use annals_nlp::pipeline::Scratch;
use annals_pipeline::Analyzer;
use anyhow::{Context, Result};

use super::{load_pipeline, Status};
use crate::cli::{GlobalArgs, ParseArgs};

pub fn run(_global: &GlobalArgs, args: ParseArgs) -> Result<Status> {
    let pipeline = load_pipeline(&args.model)?;
    let mut bytes = Vec::new();
    if args.input == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading stdin")?;
    } else {
        bytes = std::fs::read(&args.input).with_context(|| format!("reading {}", args.input))?;
    }
    if annals_ingest::looks_binary(&bytes) {
        anyhow::bail!("{}: looks like a binary file, not text", args.input);
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let source = SourceRef {
        path: args.input.clone(),
        line: None,
    };
    let record = InputRecord {
        text,
        ..InputRecord::default()
    };
    let mut doc = annals_ingest::prepare_document(record, &source, Format::Text)?;
    Analyzer::split_only().split(&mut doc);

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut scratch = Scratch::default();
    for (i, s) in doc.sentences.iter().enumerate() {
        let parsed = pipeline.parse_sentence(&doc.clean_text, s.span, &mut scratch);
        let mut sent = conllu::Sentence::default();
        if i == 0 {
            sent.comments.push(format!("newdoc id = {}", doc.id));
        }
        sent.comments.push(format!("sent_id = {}", i + 1));
        if s.kind != SentenceKind::Body {
            sent.comments.push(format!("kind = {}", s.kind.as_str()));
        }
        sent.comments
            .push(format!("text = {}", doc.text_of(s.span).unwrap_or("")));
        let n = parsed.tokens.len();
        for (k, t) in parsed.tokens.iter().enumerate() {
            let mut misc = format!("TokenRange={}:{}", t.span.start, t.span.end);
            let glued = parsed
                .tokens
                .get(k + 1)
                .is_some_and(|next| next.span.start == t.span.end);
            if glued && k + 1 < n {
                misc.push_str("|SpaceAfter=No");
            }
            sent.words.push(conllu::Word {
                form: t.form.clone(),
                lemma: t.lemma.clone(),
                upos: t.upos.as_str().to_string(),
                xpos: t.xpos.clone(),
                feats: t.feats.clone(),
                head: t.head,
                deprel: t.deprel.clone(),
                deps: "_".to_string(),
                misc,
            });
        }
        conllu::write_sentence(&mut out, &sent)?;
    }
    out.flush()?;
    Ok(Status::Success)
}
