//! Show what ingest makes of some inputs: blocks, removed lines, warnings and errors.
//!
//! ```text
//! cargo run -p annals-ingest --example ingest_dump -- PATH... [--format jsonl]
//! ```

use annals_ingest::{expand_inputs, prepare_document, read_input, ReadItem, ReaderOptions};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = ReaderOptions::default();
    if let Some(i) = args.iter().position(|a| a == "--format") {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match value.parse() {
            Ok(f) => opts.format = Some(f),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        }
        args.drain(i..(i + 2).min(args.len()));
    }
    let (inputs, errors) = expand_inputs(&args);
    for e in errors {
        eprintln!("error: {e}");
    }
    for input in &inputs {
        read_input(input, &opts, &mut |item| match item {
            ReadItem::Record(source, record, format) => {
                match prepare_document(record, &source, format) {
                    Ok(doc) => {
                        println!(
                            "== {} ({source}, {} bytes clean)",
                            doc.id,
                            doc.clean_text.len()
                        );
                        for block in &doc.blocks {
                            let text = doc.text_of(block.span).unwrap_or("<bad span>");
                            println!("  {:<9} {text}", format!("{:?}", block.kind));
                        }
                        for r in &doc.removed {
                            println!(
                                "  removed line {} [{}] {}: {}",
                                r.line, r.reason, r.detail, r.text
                            );
                        }
                    }
                    Err(e) => eprintln!("error: {e}"),
                }
            }
            ReadItem::Warning(w) => eprintln!("warning: {w}"),
            ReadItem::Error(e) => eprintln!("error: {e}"),
        });
    }
}
