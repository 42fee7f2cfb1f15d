//! `annals ingest` settles the store after a bulk load (`Store::settle`): SQLite gains
//! planner statistics, PostgreSQL's tables are vacuumed and analyzed; a small top-up of a
//! larger store is left alone.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::annals;

/// `n` plain-text reports under `dir`, from number `first` on.
fn write_reports(dir: &Path, first: usize, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in first..first + n {
        std::fs::write(
            dir.join(format!("report-{i:03}.txt")),
            format!("Report {i}: the council met on day {i} to discuss the harbour.\n"),
        )
        .unwrap();
    }
}

/// `annals ingest DIR` without the model or the stories stage (neither is what is tested),
/// into `db`; its stderr.
fn ingest(db: &str, dir: &Path) -> String {
    let out = annals(Path::new(db))
        .args(["--db", db, "ingest", "--no-analyze", "--no-stories"])
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// The indexes of the events table.
fn event_indexes(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// The statistics rows of the events table (one per index once analyzed).
fn stat1_rows(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .and_then(|tables| match tables {
        0 => Ok(0),
        _ => conn.query_row(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'events'",
            [],
            |r| r.get(0),
        ),
    })
    .unwrap()
}

#[test]
fn sqlite_gains_statistics_after_a_bulk_load_only() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("settle.db");
    let db_url = db.display().to_string();
    // A first load: every document is new, so the store is settled.
    write_reports(&tmp.path().join("first"), 0, 20);
    let stderr = ingest(&db_url, &tmp.path().join("first"));
    assert!(
        stderr.contains("settled: planner statistics refreshed after a load of 20 of 20"),
        "{stderr}"
    );
    // One row per index of the events table.
    let indexes = event_indexes(&db);
    assert!(indexes >= 14, "{indexes}");
    assert_eq!(stat1_rows(&db), indexes);

    // Forget the statistics; a top-up of 1 document to 21 (under a tenth) leaves them
    // alone, a load of 3 more (a tenth of 24 or more) settles again.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("DELETE FROM sqlite_stat1", []).unwrap();
    drop(conn);
    write_reports(&tmp.path().join("one"), 20, 1);
    let stderr = ingest(&db_url, &tmp.path().join("one"));
    assert!(!stderr.contains("settled"), "{stderr}");
    assert_eq!(stat1_rows(&db), 0);
    write_reports(&tmp.path().join("three"), 21, 3);
    let stderr = ingest(&db_url, &tmp.path().join("three"));
    assert!(stderr.contains("a load of 3 of 24"), "{stderr}");
    assert_eq!(stat1_rows(&db), indexes);
}

/// `psql URL -tAc SQL`'s output, trimmed.
fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([url, "-q", "-tA", "-c", sql])
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "psql {sql:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
#[ignore = "needs PostgreSQL"]
fn postgres_is_vacuumed_and_analyzed_after_a_bulk_load() {
    let url = std::env::var("ANNALS_TEST_PG_URL")
        .unwrap_or_else(|_| panic!("set ANNALS_TEST_PG_URL (.ci/run does)"));
    let base = url
        .rsplit_once('/')
        .map_or(url.as_str(), |(server, _)| server);
    let name = "annals_ingest_settle";
    psql(&url, &format!("DROP DATABASE IF EXISTS {name}"));
    psql(&url, &format!("CREATE DATABASE {name}"));
    let db = format!("{base}/{name}");
    let tmp = tempfile::tempdir().unwrap();
    write_reports(&tmp.path().join("first"), 0, 20);
    let stderr = ingest(&db, &tmp.path().join("first"));
    assert!(stderr.contains("a load of 20 of 20"), "{stderr}");
    // A manual VACUUM and ANALYZE (the automatic ones fill `last_autovacuum` and
    // `last_autoanalyze` instead) of the tables the listing reads.
    for table in ["documents", "events", "sentences"] {
        let settled = psql(
            &db,
            &format!(
                "SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL \
                 FROM pg_stat_user_tables WHERE relname = '{table}'"
            ),
        );
        assert_eq!(settled, "t", "{table}");
    }
    psql(&url, &format!("DROP DATABASE {name} WITH (FORCE)"));
}
