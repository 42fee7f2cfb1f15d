//! The disk filling up mid-ingest (issue 18, store safety): the write fails with a clear
//! error, the database stays intact, and once space is freed the same ingest run again
//! completes it with nothing lost or duplicated.
//!
//! The file system is real: a 1 MB tmpfs mounted over a temporary directory, which needs
//! root (or CAP_SYS_ADMIN). Where mounting is not allowed the test says so on stderr and
//! passes without checking anything; CI runs as root.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use annals_core::Document;
use annals_store::{InsertOutcome, SqliteStore, StoreError};
use common::body;

/// Documents a batch, and batches in the whole ingest (about 6 MB once stored).
const BATCH: usize = 10;
const BATCHES: usize = 40;

/// A tmpfs mounted at a directory, unmounted when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mount a tmpfs of `size` (e.g. `1m`) at `dir`; `Err` says why it could not be.
    fn mount(dir: &Path, size: &str) -> Result<Tmpfs, String> {
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
        }
        Ok(Tmpfs {
            dir: dir.to_owned(),
        })
    }

    /// Grow the file system to `size`: "space is freed".
    fn resize(&self, size: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(status.success(), "remount {}", self.dir.display());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

/// Batch `b`: documents of fifty sentences of words unique to each document, so the text,
/// the sentences and the full-text index all grow with every batch.
fn batch(b: usize) -> Vec<Document> {
    (0..BATCH)
        .map(|i| {
            let n = b * BATCH + i;
            let sentences: Vec<String> = (0..50)
                .map(|s| {
                    format!("Delegates of district d{n}x{s} discussed motion m{n}y{s} at length.")
                })
                .collect();
            body(&format!("doc-{n:04}"), &[&sentences.join(" ")])
        })
        .collect()
}

fn integrity(path: &Path) -> (String, usize, usize, usize) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    conn.execute(
        "INSERT INTO sentences_fts (sentences_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .unwrap();
    let count = |sql: &str| -> usize {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap();
        usize::try_from(n).unwrap()
    };
    (
        check,
        count("SELECT count(*) FROM documents"),
        count("SELECT count(*) FROM sentences"),
        count("SELECT count(*) FROM sentences_fts_docsize"),
    )
}

#[test]
fn a_full_disk_stops_the_ingest_cleanly_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let fs = match Tmpfs::mount(dir.path(), "1m") {
        Ok(fs) => fs,
        Err(why) => {
            eprintln!("skipped: cannot mount a size-limited tmpfs (needs root): {why}");
            return;
        }
    };
    let path = dir.path().join("full.db");

    // First run: batches until the disk is full.
    let mut store = SqliteStore::open(&path).unwrap();
    let mut stored_batches = 0;
    let err = loop {
        assert!(stored_batches < BATCHES, "1 MB never filled up");
        match store.insert_documents(&batch(stored_batches)) {
            Ok(outcomes) => {
                assert!(outcomes.iter().all(|o| *o == InsertOutcome::New));
                stored_batches += 1;
            }
            Err(e) => break e,
        }
    };
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("full.db: the disk is full") && message.contains("intact"),
        "{message}"
    );
    assert!(stored_batches > 0, "not even one batch fitted: {message}");
    assert_eq!(store.count_documents().unwrap(), stored_batches * BATCH);
    drop(store);

    // Intact: every check passes and exactly the committed batches are there, each
    // sentence indexed once.
    let (check, docs, sentences, indexed) = integrity(&path);
    assert_eq!(check, "ok");
    assert_eq!(docs, stored_batches * BATCH);
    assert_eq!(sentences, docs * 50);
    assert_eq!(indexed, sentences);

    // Space freed; the same ingest again: the stored batches are skipped, the rest stored.
    fs.resize("64m");
    let mut store = SqliteStore::open(&path).unwrap();
    for b in 0..BATCHES {
        let outcomes = store.insert_documents(&batch(b)).unwrap();
        let expect_new = b >= stored_batches;
        for o in &outcomes {
            assert_eq!(
                *o == InsertOutcome::New,
                expect_new,
                "batch {b} of {stored_batches} stored: {o:?}"
            );
        }
    }
    assert_eq!(store.count_documents().unwrap(), BATCHES * BATCH);
    let last = BATCHES * BATCH - 1;
    let hits = store.search(&format!("m{last}y49"), 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, format!("doc-{last:04}"));
    drop(store);
    let (check, docs, sentences, indexed) = integrity(&path);
    assert_eq!(check, "ok");
    assert_eq!(docs, BATCHES * BATCH);
    assert_eq!(sentences, docs * 50);
    assert_eq!(indexed, sentences);
}
