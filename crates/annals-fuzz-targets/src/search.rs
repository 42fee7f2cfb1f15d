//! The FTS query builder, through `Store::search` on a small in-memory database, so what
//! the builder writes is also parsed by SQLite's FTS5.

use annals_store::{SqliteStore, StoreError};

use crate::check::lossy;
use crate::readers::text_document;

thread_local! {
    /// One database per thread (a connection is not `Sync`), holding one document.
    static STORE: Option<SqliteStore> = seeded_store();
}

fn seeded_store() -> Option<SqliteStore> {
    let mut store = SqliteStore::open_in_memory().ok()?;
    let text = "Russia and North Korea signed a pact in Pyongyang. U.S. officials said \
                11,000 containers of munitions were shipped.";
    let doc = text_document(text.to_owned(), None)?;
    store.insert_documents(&[doc]).ok()?;
    Some(store)
}

/// Words FTS5 reads as syntax when written in capitals.
const OPERATORS: [&str; 4] = ["AND", "OR", "NOT", "NEAR"];

/// Any query gives hits or [`StoreError::BadQuery`], never another error. A query with no
/// syntax of its own (no `"`, parentheses or capital operator words) must never reach
/// FTS5 as something it cannot parse: every word is quoted, so the only refusal left is
/// "no word to search for".
pub fn fts_query(data: &[u8]) {
    let query = lossy(data);
    STORE.with(|store| {
        let Some(store) = store else {
            panic!("the in-memory store could not be set up");
        };
        match store.search(&query, 5) {
            Ok(_) => {}
            Err(StoreError::BadQuery { message, .. }) => {
                let plain = !query.contains(['"', '(', ')'])
                    && !query.split_whitespace().any(|w| OPERATORS.contains(&w));
                assert!(
                    !(plain && message.starts_with("fts5:")),
                    "plain query {query:?} reached FTS5 unparseable: {message}"
                );
            }
            Err(e) => panic!("query {query:?}: not a BadQuery: {e}"),
        }
    });
}
