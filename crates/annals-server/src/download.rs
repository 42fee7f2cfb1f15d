//! Streaming downloads of every matching event (`/events?format=csv|jsonl`).
//!
//! A blocking task scans the events and writes them in chunks of about [`CHUNK`] bytes to a
//! bounded channel; the response body reads the channel. Memory stays at a few chunks
//! whatever the result size, a slow client slows the scan down (the channel is full), and
//! a client that goes away ends the scan (the send fails).

use std::ops::ControlFlow;
use std::sync::Arc;

use annals_core::event_csv::{csv_cells, CSV_COLUMNS};
use annals_core::Event;
use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use crate::params::EventFormat;
use crate::pool::StorePool;
use crate::read::{EventFilter, EventSort};

/// Bytes gathered before a chunk is sent.
const CHUNK: usize = 64 * 1024;
/// Chunks in flight between the scan and the client.
const CHUNKS_IN_FLIGHT: usize = 4;

type Chunk = Result<Vec<u8>, std::io::Error>;

/// Serialises events one by one into a byte buffer.
enum Encoder {
    Csv(Box<csv::Writer<Vec<u8>>>),
    Jsonl(Vec<u8>),
}

impl Encoder {
    fn new(format: EventFormat) -> Result<Encoder, std::io::Error> {
        Ok(match format {
            EventFormat::Csv => {
                let mut w = csv::Writer::from_writer(Vec::with_capacity(CHUNK));
                w.write_record(CSV_COLUMNS)?;
                Encoder::Csv(Box::new(w))
            }
            _ => Encoder::Jsonl(Vec::with_capacity(CHUNK)),
        })
    }

    fn push(&mut self, e: &Event) -> Result<(), std::io::Error> {
        match self {
            Encoder::Csv(w) => w.write_record(csv_cells(e))?,
            Encoder::Jsonl(buf) => {
                serde_json::to_writer(&mut *buf, e)?;
                buf.push(b'\n');
            }
        }
        Ok(())
    }

    /// The bytes written so far, once at least `min` have gathered (all with `min` 0).
    fn take(&mut self, min: usize) -> Result<Option<Vec<u8>>, std::io::Error> {
        match self {
            Encoder::Csv(w) => {
                w.flush()?;
                if w.get_ref().is_empty() || w.get_ref().len() < min {
                    return Ok(None);
                }
                // The csv writer lends its buffer only by value: swap in a fresh writer.
                let fresh = csv::Writer::from_writer(Vec::with_capacity(CHUNK));
                let full = std::mem::replace(w.as_mut(), fresh);
                full.into_inner()
                    .map(Some)
                    .map_err(|e| std::io::Error::other(e.to_string()))
            }
            Encoder::Jsonl(buf) => {
                if buf.is_empty() || buf.len() < min {
                    return Ok(None);
                }
                Ok(Some(std::mem::replace(buf, Vec::with_capacity(CHUNK))))
            }
        }
    }
}

/// Scan the events on a blocking thread, feeding `tx`; an error ends the body with an error
/// (the client sees a truncated transfer, not a well-formed short file).
fn produce(
    store: &dyn crate::read::ReadStore,
    filter: &EventFilter,
    sort: EventSort,
    format: EventFormat,
    tx: &mpsc::Sender<Chunk>,
) -> Result<(), crate::read::ReadError> {
    let mut enc = match Encoder::new(format) {
        Ok(enc) => enc,
        Err(e) => {
            let _ = tx.blocking_send(Err(e));
            return Ok(());
        }
    };
    let mut failed = false;
    let result = store.scan_events(filter, sort, &mut |e| {
        let step = enc.push(&e).and_then(|()| enc.take(CHUNK));
        match step {
            Ok(None) => ControlFlow::Continue(()),
            Ok(Some(chunk)) => {
                if tx.blocking_send(Ok(chunk)).is_ok() {
                    ControlFlow::Continue(())
                } else {
                    // The client went away.
                    failed = true;
                    ControlFlow::Break(())
                }
            }
            Err(e) => {
                failed = true;
                let _ = tx.blocking_send(Err(e));
                ControlFlow::Break(())
            }
        }
    });
    match result {
        Err(e) => {
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
            Err(e)
        }
        Ok(()) if failed => Ok(()),
        Ok(()) => {
            match enc.take(0) {
                Ok(Some(rest)) => {
                    let _ = tx.blocking_send(Ok(rest));
                }
                Ok(None) => {}
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                }
            }
            Ok(())
        }
    }
}

/// The streaming response for `format` (CSV or JSONL).
pub fn stream(
    pool: &Arc<StorePool>,
    filter: EventFilter,
    sort: EventSort,
    format: EventFormat,
) -> Response {
    let (tx, rx) = mpsc::channel::<Chunk>(CHUNKS_IN_FLIGHT);
    let pool = Arc::clone(pool);
    tokio::spawn(async move {
        let result = pool
            .run(move |store| produce(store, &filter, sort, format, &tx))
            .await;
        if let Err(e) = result {
            tracing::error!("event download: {e}");
        }
    });
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    let (content_type, file) = match format {
        EventFormat::Csv => (
            "text/csv; charset=utf-8",
            "attachment; filename=\"events.csv\"",
        ),
        _ => (
            "application/x-ndjson",
            "attachment; filename=\"events.jsonl\"",
        ),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(file));
    response
}
