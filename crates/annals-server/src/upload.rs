//! `POST /api/v1/documents`: ingest documents through the server, with the engine of
//! `annals ingest` (`annals-pipeline`: read and clean, analyse, code, store in order), its
//! readers' caps and its messages.
//!
//! Only a client with the bearer token may post; a server started without a token answers
//! 403 and stays read-only. The token is compared in constant time (for tokens of one
//! length), and the body is read only after the token matched, up to a cap.
//!
//! One upload runs at a time (the store takes one writer anyway); it writes through its
//! own read-write connection, beside the pool's read-only ones. The stories stage that
//! `annals ingest` runs afterwards is not run here: run `annals stories` to update them.

use std::sync::{Arc, Mutex, PoisonError};

use annals_core::AnalyzedDoc;
use annals_ingest::{Format, ReaderOptions};
use annals_pipeline::{
    Analyzer, BatchSink, CancelToken, Ingest, IngestOptions, Observer, Severity, SinkError,
    SinkItem, StoreOutcome, StoredLookup, Summary,
};
use annals_store::{Database, Mode, Store};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;
use serde_json::json;

use crate::api::{ApiResult, AppState};
use crate::problem::Problem;

/// Default cap on a posted body: 10 MiB.
pub const DEFAULT_MAX_BODY: usize = 10 << 20;

/// Documents stored per transaction of an upload.
const BATCH: usize = 64;

/// What the server needs to accept documents: the token, where to write, the engine.
pub struct Uploads {
    token: Vec<u8>,
    db: Database,
    analyzer: Arc<Analyzer>,
    max_body: usize,
    /// One upload at a time.
    running: tokio::sync::Mutex<()>,
}

/// Why uploads cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum UploadSetupError {
    /// The token is empty (an empty file, an empty variable).
    #[error("the upload token is empty; put a secret in the token file or ANNALS_TOKEN")]
    EmptyToken,
}

impl Uploads {
    /// Accept documents posted with `token` (surrounding whitespace is ignored, so a token
    /// file may end in a newline), storing them into `db` (a SQLite path or PostgreSQL URL)
    /// after `analyzer`; bodies up to `max_body` bytes.
    pub fn new(
        token: &str,
        db: &str,
        analyzer: Arc<Analyzer>,
        max_body: usize,
    ) -> Result<Uploads, UploadSetupError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(UploadSetupError::EmptyToken);
        }
        Ok(Uploads {
            token: token.as_bytes().to_vec(),
            db: Database::new(db, Mode::ReadWrite),
            analyzer,
            max_body,
            running: tokio::sync::Mutex::new(()),
        })
    }

    /// Whether `headers` carry `Authorization: Bearer <the token>`.
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim);
        given.is_some_and(|g| same_secret(g.as_bytes(), &self.token))
    }
}

/// Equal byte strings, compared without an early exit: the time taken depends on the
/// lengths only, not on where the first difference is.
fn same_secret(given: &[u8], secret: &[u8]) -> bool {
    let mut diff = u8::from(given.len() != secret.len());
    for (i, s) in secret.iter().enumerate() {
        diff |= given.get(i).copied().unwrap_or(0) ^ s;
    }
    diff == 0
}

/// The reader format a `Content-Type` names; `application/json` is handled apart.
fn format_of(content_type: &str) -> Option<Format> {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    Some(match mime.as_str() {
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => Format::Jsonl,
        "text/html" | "application/xhtml+xml" => Format::Html,
        "text/plain" => Format::Text,
        "text/markdown" => Format::Markdown,
        "text/csv" => Format::Csv,
        "text/tab-separated-values" => Format::Tsv,
        "application/rss+xml" | "application/atom+xml" | "application/rdf+xml" => Format::Feed,
        _ => return None,
    })
}

const ACCEPTED: &str = "application/json (a document object or an array of them), \
     application/x-ndjson, text/html, text/plain, text/markdown, text/csv, \
     text/tab-separated-values, application/rss+xml or application/atom+xml";

/// A JSON body as JSONL lines: one object, or an array of objects, one line each, so the
/// JSONL reader (its fields, checks and messages) reads them.
fn json_to_jsonl(body: &[u8]) -> Result<Vec<u8>, Problem> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| Problem::bad_request(format!("the body is not valid JSON: {e}")))?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        other => vec![other],
    };
    let mut out = Vec::with_capacity(body.len());
    for item in items {
        if !item.is_object() {
            return Err(Problem::bad_request(
                "a JSON body is a document object or an array of document objects",
            ));
        }
        // Serializing a `Value` cannot fail.
        out.extend(serde_json::to_vec(&item).unwrap_or_default());
        out.push(b'\n');
    }
    Ok(out)
}

/// What happened to one posted document.
#[derive(Debug, Clone, Serialize)]
struct Stored {
    /// The document's id.
    id: String,
    /// `new`, `updated`, `already_present` or `rejected`.
    outcome: &'static str,
    /// For `already_present`: the id it is stored under.
    #[serde(skip_serializing_if = "Option::is_none")]
    existing_id: Option<String>,
    /// For `rejected`: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

/// A problem the engine reported, as `annals ingest` prints it.
#[derive(Debug, Clone, Serialize)]
struct Reported {
    severity: &'static str,
    message: String,
}

/// Collects what the engine reports about one upload.
#[derive(Default)]
struct Record {
    stored: Mutex<Vec<Stored>>,
    problems: Mutex<Vec<Reported>>,
}

impl Record {
    fn push(&self, s: Stored) {
        self.stored
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(s);
    }
}

impl Observer for Record {
    fn problem(&self, severity: Severity, message: &str) {
        let severity = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        self.problems
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Reported {
                severity,
                message: message.to_owned(),
            });
    }
}

/// The store, recording each document's outcome.
struct RecordingSink {
    store: Box<dyn Store>,
    record: Arc<Record>,
}

impl BatchSink for RecordingSink {
    fn insert_batch(&mut self, batch: &[SinkItem<'_>]) -> Result<Vec<StoreOutcome>, SinkError> {
        let outcomes = self.store.insert_batch(batch)?;
        for (item, outcome) in batch.iter().zip(&outcomes) {
            self.record.push(stored(item.analyzed, outcome));
        }
        Ok(outcomes)
    }

    fn near_duplicate_candidates(
        &self,
        bands: &[(u16, u64)],
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, SinkError> {
        BatchSink::near_duplicate_candidates(&self.store, bands, limit)
    }

    fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, SinkError> {
        BatchSink::duplicate_of(&self.store, doc_id)
    }

    fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, SinkError> {
        BatchSink::signature(&self.store, doc_id)
    }

    fn lookup(&self) -> Option<Box<dyn StoredLookup>> {
        let inner = self.store.lookup()?;
        Some(Box::new(RecordingLookup {
            inner,
            record: Arc::clone(&self.record),
        }))
    }
}

fn stored(doc: &AnalyzedDoc, outcome: &StoreOutcome) -> Stored {
    let (outcome, existing_id, reason) = match outcome {
        StoreOutcome::New => ("new", None, None),
        StoreOutcome::Updated => ("updated", None, None),
        StoreOutcome::AlreadyPresent { existing_id } => {
            ("already_present", Some(existing_id.clone()), None)
        }
        StoreOutcome::Rejected { reason } => ("rejected", None, Some(reason.clone())),
    };
    Stored {
        id: doc.doc.id.clone(),
        outcome,
        existing_id,
        reason,
    }
}

/// The already-stored check, recording the documents it skips.
struct RecordingLookup {
    inner: Box<dyn StoredLookup>,
    record: Arc<Record>,
}

impl StoredLookup for RecordingLookup {
    fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, SinkError> {
        let found = self.inner.stored_as(id, content_hash)?;
        if let Some(existing) = &found {
            self.record.push(Stored {
                id: id.to_owned(),
                outcome: "already_present",
                existing_id: Some(existing.clone()),
                reason: None,
            });
        }
        Ok(found)
    }
}

/// Run the engine over `body` read as `format` (sniffed when `None`); the outcomes, the
/// problems and the summary.
fn ingest(
    uploads: &Uploads,
    body: &[u8],
    format: Option<Format>,
) -> Result<(Vec<Stored>, Vec<Reported>, Summary), Problem> {
    let store = uploads.db.open().map_err(|e| {
        tracing::error!("upload: {e}");
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the database could not be opened for writing; the server log says why",
        )
    })?;
    let record = Arc::new(Record::default());
    let sink = RecordingSink {
        store,
        record: Arc::clone(&record),
    };
    let options = IngestOptions {
        jobs: 1,
        batch_size: BATCH,
        cancel: CancelToken::new(),
    };
    let observer: Arc<dyn Observer> = record.clone();
    let mut run = Ingest::start(sink, Arc::clone(&uploads.analyzer), options, observer);
    let reader = ReaderOptions {
        format,
        ..ReaderOptions::default()
    };
    run.read_bytes("upload", body, &reader);
    let summary = run.finish();
    Ok((take(&record.stored), take(&record.problems), summary))
}

/// The collected items, leaving none.
fn take<T>(m: &Mutex<Vec<T>>) -> Vec<T> {
    std::mem::take(&mut *m.lock().unwrap_or_else(PoisonError::into_inner))
}

/// `POST /api/v1/documents`.
pub(crate) async fn post(State(st): State<AppState>, req: Request) -> ApiResult {
    let Some(uploads) = st.uploads.clone() else {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "this server is read-only: start `annals serve` with --token-file FILE (or \
             ANNALS_TOKEN set) to accept documents",
        ));
    };
    if !uploads.authorized(req.headers()) {
        let mut r = Problem::new(
            StatusCode::UNAUTHORIZED,
            "posting documents needs the server's token: Authorization: Bearer TOKEN",
        )
        .into_response();
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"annals\""),
        );
        return Ok(r);
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let is_json = content_type
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    let format = if is_json {
        Some(Format::Jsonl)
    } else {
        Some(format_of(&content_type).ok_or_else(|| {
            Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("cannot read a body of type {content_type:?}: send {ACCEPTED}"),
            )
        })?)
    };
    let body = read_body(req.into_body(), uploads.max_body).await?;
    let body = if is_json { json_to_jsonl(&body)? } else { body };
    let _one_at_a_time = uploads.running.lock().await;
    let run = Arc::clone(&uploads);
    let (stored, problems, summary) =
        tokio::task::spawn_blocking(move || ingest(&run, &body, format))
            .await
            .map_err(|e| {
                tracing::error!("upload task failed: {e}");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "the upload failed")
            })??;
    respond(stored, problems, &summary)
}

/// The body, at most `max` bytes, or 413.
async fn read_body(body: Body, max: usize) -> Result<Vec<u8>, Problem> {
    axum::body::to_bytes(body, max)
        .await
        .map(|b| b.to_vec())
        .map_err(|_| {
            Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the body is larger than the server's limit of {} bytes (--max-body-mb)",
                    max
                ),
            )
        })
}

/// 201 when something was stored, 200 when everything was there already, 422 (a problem
/// with the engine's messages) when nothing could be.
fn respond(stored: Vec<Stored>, problems: Vec<Reported>, summary: &Summary) -> ApiResult {
    let wrote = summary.new + summary.updated;
    if wrote + summary.present == 0 {
        let mut detail: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        if detail.is_empty() {
            detail.push("the body held no document".to_owned());
        }
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            detail.join("; "),
        ));
    }
    let status = if wrote > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = json!({
        "documents": stored,
        "summary": {
            "new": summary.new,
            "already_present": summary.present,
            "updated": summary.updated,
            "failed": summary.failed,
            "warnings": summary.warnings,
            "events": summary.events,
            "text": summary.to_string(),
        },
        "problems": problems,
    });
    Ok((status, Json(body)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cres", b"s3cret"));
        assert!(!same_secret(b"s3cret-and-more", b"s3cret"));
        assert!(!same_secret(b"s3c", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
    }

    #[test]
    fn json_bodies_become_jsonl_and_other_types_a_reader_format() {
        let lines = json_to_jsonl(br#"[{"id":"a","text":"One."}, {"id":"b","text":"Two."}]"#)
            .unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&lines),
            "{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\"Two.\"}\n"
        );
        let one = json_to_jsonl(b"{\n  \"text\": \"Pretty.\"\n}").unwrap_or_default();
        assert_eq!(String::from_utf8_lossy(&one), "{\"text\":\"Pretty.\"}\n");
        assert!(json_to_jsonl(b"[1, 2]").is_err());
        match json_to_jsonl(b"{oops") {
            Err(p) => assert!(
                p.detail.starts_with("the body is not valid JSON: "),
                "{p:?}"
            ),
            Ok(_) => panic!("bad JSON accepted"),
        }
        assert_eq!(format_of("text/html; charset=utf-8"), Some(Format::Html));
        assert_eq!(format_of("Text/Plain"), Some(Format::Text));
        assert_eq!(format_of("image/png"), None);
    }
}
