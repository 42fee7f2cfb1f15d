//! `annals ingest` settles a PostgreSQL store after a bulk load (`Store::settle`: its
//! tables vacuumed and analyzed), and leaves a small top-up of a larger store to the
//! automatic vacuum. (SQLite's settling does nothing; the rule itself is unit-tested in
//! `commands/ingest`.)
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

/// `annals ingest DIR` into `db`, without the model or the stories stage (neither is what
/// is tested, and the stories stage is SQLite's only); its stderr.
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

/// How many times `table` was vacuumed and analyzed by hand (the automatic vacuum counts
/// in `autovacuum_count` and `autoanalyze_count` instead).
fn settled_count(db: &str, table: &str) -> (u32, u32) {
    let counts = psql(
        db,
        &format!(
            "SELECT vacuum_count || ',' || analyze_count FROM pg_stat_user_tables \
             WHERE relname = '{table}'"
        ),
    );
    let (v, a) = counts.split_once(',').unwrap();
    (v.parse().unwrap(), a.parse().unwrap())
}

/// A new, empty PostgreSQL database `name` on the test server: (server URL, database URL).
fn fresh_database(name: &str) -> (String, String) {
    let url = std::env::var("ANNALS_TEST_PG_URL")
        .unwrap_or_else(|_| panic!("set ANNALS_TEST_PG_URL (.ci/run does)"));
    let base = url
        .rsplit_once('/')
        .map_or(url.as_str(), |(server, _)| server);
    psql(
        &url,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
    psql(&url, &format!("CREATE DATABASE {name}"));
    let db = format!("{base}/{name}");
    (url, db)
}

#[test]
#[ignore = "needs PostgreSQL"]
fn postgres_is_vacuumed_and_analyzed_after_a_bulk_load_only() {
    let name = "annals_ingest_settle";
    let (url, db) = fresh_database(name);
    let tmp = tempfile::tempdir().unwrap();
    let tables = ["documents", "events", "sentences"];

    // A first load: every document is new.
    write_reports(&tmp.path().join("first"), 0, 20);
    let stderr = ingest(&db, &tmp.path().join("first"));
    assert!(
        stderr.contains("vacuumed and analyzed after a load of 20 of 20 documents"),
        "{stderr}"
    );
    // Vacuumed once; analyzed once more than the schema's creation did (a migration
    // analyzes `events`).
    let first: Vec<(u32, u32)> = tables.iter().map(|t| settled_count(&db, t)).collect();
    for (table, &(vacuums, analyzes)) in tables.iter().zip(&first) {
        assert_eq!(vacuums, 1, "{table}");
        assert!(analyzes >= 1, "{table}");
    }
    // A top-up of 1 document to 21 (under a tenth) is left alone.
    write_reports(&tmp.path().join("one"), 20, 1);
    let stderr = ingest(&db, &tmp.path().join("one"));
    assert!(!stderr.contains("vacuumed"), "{stderr}");
    for (table, before) in tables.iter().zip(&first) {
        assert_eq!(settled_count(&db, table), *before, "{table}");
    }
    // 3 more (a tenth of 24 or more) settle again: one more vacuum and analyze each.
    write_reports(&tmp.path().join("three"), 21, 3);
    let stderr = ingest(&db, &tmp.path().join("three"));
    assert!(stderr.contains("a load of 3 of 24 documents"), "{stderr}");
    for (table, &(vacuums, analyzes)) in tables.iter().zip(&first) {
        assert_eq!(
            settled_count(&db, table),
            (vacuums + 1, analyzes + 1),
            "{table}"
        );
    }
    psql(&url, &format!("DROP DATABASE {name} WITH (FORCE)"));
}

/// Without `--no-stories`, an ingest into PostgreSQL (where the stories stage has no tables
/// yet) stores its documents, says what it did not build, and succeeds.
#[test]
#[ignore = "needs PostgreSQL"]
fn postgres_ingest_without_no_stories_succeeds_and_says_so() {
    let name = "annals_ingest_stories_notice";
    let (url, db) = fresh_database(name);
    let tmp = tempfile::tempdir().unwrap();
    write_reports(tmp.path(), 0, 3);
    let out = annals(Path::new(&db))
        .args(["--db", &db, "ingest", "--no-analyze"])
        .arg(tmp.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("not built on a PostgreSQL database yet"),
        "{stderr}"
    );
    assert_eq!(psql(&db, "SELECT count(*) FROM documents"), "3");
    psql(&url, &format!("DROP DATABASE {name} WITH (FORCE)"));
}
