//! Prepared statements kept per session, by SQL text.
//!
//! `Client::query` with SQL text prepares an unnamed statement and then executes it: two
//! round trips to the server and a parse of the SQL on every call. A read of an event page
//! (`annals serve`) makes several such calls, so on loopback their round trips and parses
//! were a good part of a request's time. Prepared once per session and kept, each later
//! call is one round trip.
//!
//! The session runs with `plan_cache_mode = force_custom_plan` (see
//! [`CUSTOM_PLANS`]): a kept statement is still planned for its actual values on every
//! execution, as an unnamed one is. A generic plan (PostgreSQL's choice after five
//! executions when it looks no dearer) cannot know a filter's selectivity: `--since
//! 2024-12` (a sixtieth of the events) and `--since 2020-01` (all of them) want different
//! plans, as do a rare and a common actor.

use std::collections::HashMap;

use postgres::{Client, Statement};

/// The session setting that keeps plans per execution (PostgreSQL 12 and later).
pub(super) const CUSTOM_PLANS: &str = "SET plan_cache_mode = force_custom_plan";

/// At most this many statements are kept; past it the cache starts over. Listings write
/// their SQL per combination of filters, order and page size, so the set of texts is
/// bounded but large; a long-lived session must not keep every one it ever saw.
const MAX_KEPT: usize = 256;

/// A session's prepared statements, by SQL text.
#[derive(Default)]
pub(super) struct Statements {
    kept: HashMap<String, Statement>,
}

impl Statements {
    /// The statement of `sql` on `client`, prepared on first use.
    pub(super) fn get(
        &mut self,
        client: &mut Client,
        sql: &str,
    ) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.kept.get(sql) {
            return Ok(s.clone());
        }
        let statement = client.prepare(sql)?;
        if self.kept.len() >= MAX_KEPT {
            // Dropping a `Statement` closes it on the server (with the next request).
            self.kept.clear();
        }
        self.kept.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}
