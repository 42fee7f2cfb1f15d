//! The router in-process (tower's `oneshot`) over a store that keeps no stories, as a
//! PostgreSQL database does today: story and graph routes answer 501 with the reason, not
//! a 500, and their parameters are still checked first.

use std::ops::ControlFlow;
use std::sync::{Arc, Mutex, PoisonError};

use annals_core::Event;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use crate::pool::StorePool;
use crate::read::{
    DocSummary, DocumentView, EventFilter, EventPage, EventSort, ReadError, ReadStore, SearchHit,
    StoreOpener, Timeline, NO_STORIES,
};

/// An empty store with only the required reads: no stories stage. It notes in `dropped`
/// (when given) whether it was dropped inside an async runtime, where a PostgreSQL
/// connection's drop panics.
#[derive(Default)]
struct Empty {
    dropped: Option<Arc<Mutex<Vec<bool>>>>,
}

impl Drop for Empty {
    fn drop(&mut self) {
        if let Some(dropped) = &self.dropped {
            let in_runtime = tokio::runtime::Handle::try_current().is_ok();
            dropped
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(in_runtime);
        }
    }
}

impl ReadStore for Empty {
    fn list_documents(&self, _: usize, _: usize) -> Result<Vec<DocSummary>, ReadError> {
        Ok(Vec::new())
    }
    fn count_documents(&self) -> Result<usize, ReadError> {
        Ok(0)
    }
    fn resolve_id(&self, _: &str) -> Result<Option<String>, ReadError> {
        Ok(None)
    }
    fn document(&self, _: &str) -> Result<Option<DocumentView>, ReadError> {
        Ok(None)
    }
    fn events_page(
        &self,
        _: &EventFilter,
        _: EventSort,
        _: Option<&str>,
        _: usize,
    ) -> Result<EventPage, ReadError> {
        Ok(EventPage {
            events: Vec::new(),
            total: 0,
            total_capped: false,
            next_cursor: None,
        })
    }
    fn scan_events(
        &self,
        _: &EventFilter,
        _: EventSort,
        _: &mut dyn FnMut(Event) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        Ok(())
    }
    fn timeline(&self, _: &EventFilter) -> Result<Timeline, ReadError> {
        Ok(Timeline {
            months: Vec::new(),
            coarser: 0,
            undated: 0,
        })
    }
    fn search(&self, _: &str, _: usize) -> Result<Vec<SearchHit>, ReadError> {
        Ok(Vec::new())
    }
}

#[derive(Default)]
struct EmptyOpener {
    dropped: Option<Arc<Mutex<Vec<bool>>>>,
}

impl StoreOpener for EmptyOpener {
    fn open(&self) -> Result<Box<dyn ReadStore>, ReadError> {
        Ok(Box::new(Empty {
            dropped: self.dropped.clone(),
        }))
    }
    fn describe(&self) -> String {
        "empty".into()
    }
}

/// Status, content type and JSON body of a GET.
async fn get(path: &str) -> (StatusCode, String, serde_json::Value) {
    let pool = Arc::new(StorePool::new(Box::<EmptyOpener>::default(), 1));
    let app = crate::router(pool, crate::DEFAULT_TIMEOUT);
    let request = match Request::get(path).body(Body::empty()) {
        Ok(r) => r,
        Err(e) => panic!("{path}: {e}"),
    };
    let response = match app.oneshot(request).await {
        Ok(r) => r,
        Err(e) => match e {},
    };
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = match axum::body::to_bytes(response.into_body(), 1 << 20).await {
        Ok(b) => b,
        Err(e) => panic!("{path}: {e}"),
    };
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, content_type, body)
}

#[tokio::test]
async fn story_routes_say_why_a_store_without_stories_cannot_answer() {
    for path in [
        "/api/v1/stories",
        "/api/v1/stories/abcd",
        "/api/v1/contradictions",
        "/api/v1/contradictions?kind=date",
        "/api/v1/graph",
    ] {
        let (status, content_type, body) = get(path).await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{path}: {body}");
        assert_eq!(content_type, "application/problem+json", "{path}");
        assert_eq!(body["status"], 501);
        assert_eq!(body["detail"], NO_STORIES, "{path}");
    }
}

#[tokio::test]
async fn story_parameters_are_checked_before_the_store_is_asked() {
    let cases = [
        (
            "/api/v1/contradictions?kind=rumour",
            "unknown kind \"rumour\" (date, quantity, modality, direction, actor)",
        ),
        (
            "/api/v1/stories?since=June",
            "since: invalid date \"June\" (YYYY, YYYY-MM or YYYY-MM-DD)",
        ),
        (
            "/api/v1/stories?min_sources=many",
            "min_sources must be a whole number, not \"many\"",
        ),
        (
            "/api/v1/stories?limit=0",
            "limit must be a whole number from 1 to 500, not \"0\"",
        ),
        (
            "/api/v1/stories?offset=-1",
            "offset must be a whole number, not \"-1\"",
        ),
        (
            "/api/v1/stories?actor=RUS;X",
            "actor takes an actor or country code such as RUS or RUSGOV, not \"RUS;X\"",
        ),
    ];
    for (path, detail) in cases {
        let (status, _, body) = get(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(body["detail"], detail, "{path}");
    }
    let (status, _, body) = get("/api/v1/contradictions?story=x&sort=date").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("unknown field `sort`")),
        "{body}"
    );
    // A document filter names a document first: none is stored here.
    let (status, _, body) = get("/api/v1/stories?doc=wire").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["detail"], "no stored document matches \"wire\"");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_dropped_in_the_runtime_closes_its_connections_off_it() {
    let dropped = Arc::new(Mutex::new(Vec::new()));
    let opener = EmptyOpener {
        dropped: Some(Arc::clone(&dropped)),
    };
    let pool = Arc::new(StorePool::new(Box::new(opener), 2));
    // Two calls at once, so two connections are opened and both kept idle.
    let (a, b) = tokio::join!(
        pool.run(|s| s.count_documents()),
        pool.run(|s| s.count_documents())
    );
    assert_eq!((a.ok(), b.ok()), (Some(0), Some(0)));
    // As when the server stops: the router's last reference goes on a runtime thread.
    tokio::spawn(async move { drop(pool) }).await.ok();
    let dropped = dropped
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    assert!(!dropped.is_empty() && dropped.len() <= 2, "{dropped:?}");
    assert!(dropped.iter().all(|in_runtime| !in_runtime), "{dropped:?}");
}
