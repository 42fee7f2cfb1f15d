//! `annals search`: FTS5 over sentence text.

use anyhow::Result;

use super::{open_store_read, Status};
use crate::cli::{GlobalArgs, SearchArgs};
use crate::output::Rows;

pub fn run(global: &GlobalArgs, args: SearchArgs) -> Result<Status> {
    let store = open_store_read(&global.db)?;
    let mut hits = store.search(&args.query, args.limit)?;
    // Number sentences from 1, as `annals show` does.
    for h in &mut hits {
        h.sentence += 1;
    }
    if hits.is_empty() && !global.quiet {
        eprintln!("no sentence matches {:?}", args.query);
    }
    let rows = Rows {
        columns: &["doc", "sentence", "kind", "snippet"],
        rows: hits,
        cells: |h| {
            vec![
                h.doc_id.clone(),
                h.sentence.to_string(),
                h.kind.as_str().to_string(),
                h.snippet.clone(),
            ]
        },
    };
    rows.write(args.format, &mut std::io::stdout().lock())?;
    Ok(Status::Success)
}
