//! One conformance suite for every store backend: each case in `cases` runs against
//! SQLite (always) and PostgreSQL (`#[ignore = "needs PostgreSQL"]`, run with
//! `--include-ignored`, and failing — never skipping — when `ANNALS_TEST_PG_URL` is unset).
//!
//! `ANNALS_TEST_PG_URL` names a database on a server where the user may create databases
//! (e.g. `postgres://postgres@%2Ftmp:5433/postgres`); each case creates and drops its own
//! database there, so cases run in parallel.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod backend;
mod cases;
mod cases_events;
mod cases_listing;
mod cases_safety;

/// A `#[test]` per case and backend: `sqlite::case` and `postgres::case`.
macro_rules! conformance {
    ($($module:ident :: $case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $case() {
                    crate::$module::$case(&crate::backend::Backend::sqlite());
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                #[ignore = "needs PostgreSQL"]
                fn $case() {
                    crate::$module::$case(&crate::backend::Backend::postgres());
                }
            )*
        }
    };
}

conformance!(
    cases::documents_round_trip,
    cases::listing_counts_and_prefixes,
    cases::reingest_is_idempotent,
    cases::changed_content_replaces_the_document,
    cases::near_duplicate_links,
    cases::search_finds_stems_phrases_and_operators,
    cases::bad_queries_are_errors,
    cases::mentions_round_trip,
    cases_events::event_filters,
    cases_events::event_pagination_walks_every_event_once,
    cases_events::events_are_replaced_with_their_document,
    cases_events::actor_and_dyad_filters_match_their_definition,
    cases_listing::listings_sort_and_count_in_the_store,
    cases_safety::concurrent_reader_sees_whole_batches,
    cases_safety::schema_upgrades_from_the_previous_version,
    cases_safety::read_only_opens_refuse_missing_and_writes,
    cases_safety::foreign_and_newer_databases_are_refused_untouched,
    cases_safety::a_refused_document_does_not_fail_its_batch,
);
