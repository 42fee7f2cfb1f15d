//! The engine's ingest through its public API alone: a sink that is not the SQLite store,
//! input order restored whatever the number of workers, near-duplicates linked, and
//! cancellation stopping the reading while what was queued is still stored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use annals_ingest::{Input, ReaderOptions};
use annals_pipeline::{
    Analyzer, BatchSink, CancelToken, Ingest, IngestOptions, Observer, Severity, SinkError,
    SinkItem, StoreOutcome, StoredLookup,
};

/// What a [`MemorySink`] was given: (id, duplicate of, fingerprint indexed), in order.
type Stored = Arc<Mutex<Vec<(String, Option<String>, bool)>>>;

/// A store in a vector: no near-duplicate candidates from earlier batches, nothing to
/// resume.
struct MemorySink(Stored);

impl BatchSink for MemorySink {
    fn insert_batch(&mut self, batch: &[SinkItem<'_>]) -> Result<Vec<StoreOutcome>, SinkError> {
        let mut stored = self.0.lock().unwrap();
        Ok(batch
            .iter()
            .map(|item| {
                stored.push((
                    item.analyzed.doc.id.clone(),
                    item.duplicate_of.map(|(of, _)| of.to_owned()),
                    item.index_fingerprint,
                ));
                StoreOutcome::New
            })
            .collect())
    }

    fn near_duplicate_candidates(
        &self,
        _bands: &[(u16, u64)],
        _limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, SinkError> {
        Ok(Vec::new())
    }

    fn duplicate_of(&self, _doc_id: &str) -> Result<Option<String>, SinkError> {
        Ok(None)
    }

    fn signature(&self, _doc_id: &str) -> Result<Option<Vec<u8>>, SinkError> {
        Ok(None)
    }

    fn lookup(&self) -> Option<Box<dyn StoredLookup>> {
        None
    }
}

/// Counts the documents the engine reports done, and collects its problems.
#[derive(Default)]
struct Counting {
    done: Mutex<u64>,
    problems: Mutex<Vec<String>>,
}

impl Observer for Counting {
    fn documents_done(&self, n: u64) {
        *self.done.lock().unwrap() += n;
    }

    fn problem(&self, severity: Severity, message: &str) {
        self.problems
            .lock()
            .unwrap()
            .push(format!("{severity:?}: {message}"));
    }
}

/// JSONL of `n` distinct documents `d0…`, plus a verbatim copy of `d0` as `copy` when
/// asked.
fn corpus(n: usize, with_copy: bool) -> String {
    let text = |i: usize| {
        (0..60)
            .map(|w| format!("word{i}x{w}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out: String = (0..n)
        .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"{}.\"}}\n", text(i)))
        .collect();
    if with_copy {
        out.push_str(&format!("{{\"id\":\"copy\",\"text\":\"{}.\"}}\n", text(0)));
    }
    out
}

fn start(jobs: usize, batch_size: usize, cancel: CancelToken) -> (Ingest, Stored, Arc<Counting>) {
    let stored = Stored::default();
    let observer = Arc::new(Counting::default());
    let ingest = Ingest::start(
        MemorySink(Arc::clone(&stored)),
        Arc::new(Analyzer::split_only()),
        IngestOptions {
            jobs,
            batch_size,
            cancel,
        },
        Arc::clone(&observer) as Arc<dyn Observer>,
    );
    (ingest, stored, observer)
}

#[test]
fn documents_are_stored_in_input_order_with_any_number_of_workers() {
    let bytes = corpus(50, false);
    let want: Vec<String> = (0..50).map(|i| format!("d{i}")).collect();
    for jobs in [1, 3] {
        let (mut ingest, stored, observer) = start(jobs, 7, CancelToken::new());
        ingest.read_bytes("corpus.jsonl", bytes.as_bytes(), &ReaderOptions::default());
        let summary = ingest.finish();
        assert_eq!(
            (summary.new, summary.failed, summary.cancelled),
            (50, 0, false)
        );
        let ids: Vec<String> = stored.lock().unwrap().iter().map(|s| s.0.clone()).collect();
        assert_eq!(ids, want, "{jobs} workers");
        assert_eq!(*observer.done.lock().unwrap(), 50);
        assert!(observer.problems.lock().unwrap().is_empty());
    }
}

#[test]
fn a_copy_in_the_same_batch_is_linked_to_the_original_and_not_indexed() {
    let (mut ingest, stored, _) = start(2, 100, CancelToken::new());
    let bytes = corpus(5, true);
    ingest.read_bytes("corpus.jsonl", bytes.as_bytes(), &ReaderOptions::default());
    let summary = ingest.finish();
    assert_eq!((summary.new, summary.duplicates), (6, 1));
    let stored = stored.lock().unwrap();
    assert_eq!(stored[0], ("d0".to_owned(), None, true));
    assert_eq!(stored[5], ("copy".to_owned(), Some("d0".to_owned()), false));
}

#[test]
fn cancelling_stops_reading_and_stores_what_was_queued() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.jsonl");
    let second = dir.path().join("second.jsonl");
    std::fs::write(&first, corpus(20, false)).unwrap();
    std::fs::write(&second, corpus(20, false).replace("\"d", "\"e")).unwrap();
    let cancel = CancelToken::new();
    let (mut ingest, stored, _) = start(2, 8, cancel.clone());
    ingest.read_input(&Input::Path(first), &ReaderOptions::default());
    cancel.cancel();
    assert!(ingest.is_cancelled());
    // Read after cancellation: nothing of it is queued.
    ingest.read_input(&Input::Path(second), &ReaderOptions::default());
    let summary = ingest.finish();
    assert!(summary.cancelled);
    assert_eq!((summary.new, summary.failed), (20, 0));
    let stored = stored.lock().unwrap();
    assert_eq!(stored.len(), 20);
    assert!(stored.iter().all(|s| s.0.starts_with('d')));
}

#[cfg(unix)]
#[test]
fn a_cancelled_input_is_not_read_to_its_end() {
    use std::io::Write;
    use std::sync::mpsc::{channel, RecvTimeoutError};
    use std::time::Duration;

    // The input is a named pipe whose writer, after its documents, keeps it open: a reader
    // that went on reading after cancellation would wait for more and never return. The
    // writer gives up after a while and says so, instead of hanging the test.
    struct CancelAfterFirstBatch(CancelToken);
    impl Observer for CancelAfterFirstBatch {
        fn documents_done(&self, _n: u64) {
            self.0.cancel();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("feed.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (done_tx, done_rx) = channel::<()>();
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            // A reader that stopped early closes its end: later writes fail, which is fine.
            let _ = pipe.write_all(corpus(2_000, false).as_bytes());
            matches!(
                done_rx.recv_timeout(Duration::from_secs(60)),
                Err(RecvTimeoutError::Timeout)
            )
        })
    };
    let cancel = CancelToken::new();
    let stored = Stored::default();
    let mut ingest = Ingest::start(
        MemorySink(Arc::clone(&stored)),
        Arc::new(Analyzer::split_only()),
        IngestOptions {
            jobs: 1,
            batch_size: 16,
            cancel: cancel.clone(),
        },
        Arc::new(CancelAfterFirstBatch(cancel)),
    );
    ingest.read_input(&Input::Path(fifo), &ReaderOptions::default());
    let _ = done_tx.send(());
    let summary = ingest.finish();
    let writer_gave_up = writer.join().unwrap();
    assert!(
        !writer_gave_up,
        "the reader went on reading after cancellation"
    );
    assert!(summary.cancelled);
    assert!(summary.new >= 16 && summary.new < 2_000, "{summary:?}");
    assert_eq!(stored.lock().unwrap().len(), summary.new);
    assert_eq!(summary.failed, 0, "{summary:?}");
}
