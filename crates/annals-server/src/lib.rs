//! `annals serve`: an HTTP JSON API (`/api/v1/…`) and a web UI over an annals database.
//!
//! The server reads through the [`read::ReadStore`] seam, never a database type: the one
//! adapter, to the workspace's `Store` trait (SQLite or PostgreSQL), is [`backend`]. Store
//! calls are blocking, so they run on
//! `spawn_blocking` threads with connections from a small [`pool::StorePool`].
//!
//! The API answers JSON, streams `?format=csv|jsonl` downloads, reports errors as RFC 7807
//! problem details in the CLI's words, and describes itself in an OpenAPI 3 document at
//! `/api/v1/openapi.json`. The UI is plain HTML with one hand-written script and
//! stylesheet, compiled into the binary; pages call the same API.
//!
//! It is read-only unless started with an upload token: then `POST /api/v1/documents`
//! ingests documents with the engine of `annals ingest` ([`upload`]); nothing else writes.
#![warn(missing_docs)]

mod actors;
pub mod api;
pub mod backend;
mod download;
pub mod params;
pub mod pool;
pub mod problem;
pub mod read;
mod stories;
mod ui;
pub mod upload;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;

use crate::api::AppState;
use crate::pool::StorePool;
use crate::problem::Problem;

/// How long a request may take to produce its response head. Downloads stream past it:
/// only the time to the first byte counts.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Headers on every response. The CSP allows only this server's own script, styles and
/// API: no inline script, no third-party anything.
const SECURITY_HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];

async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}

async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        Problem::not_found(format!("no such API route: {}", uri.path())).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("no such page: {}", uri.path()),
        )
            .into_response()
    }
}

/// The whole application: API routes, UI pages, a problem+json 404 and 405, a per-request
/// timeout, and security headers. Read-only: `POST /api/v1/documents` answers 403.
pub fn router(pool: Arc<StorePool>, timeout: Duration) -> Router {
    router_with_uploads(pool, timeout, None)
}

/// [`router`], accepting posted documents as `uploads` says (read-only when `None`).
pub fn router_with_uploads(
    pool: Arc<StorePool>,
    timeout: Duration,
    uploads: Option<Arc<upload::Uploads>>,
) -> Router {
    let mut app: Router<AppState> = Router::new();
    for route in api::routes() {
        app = app.route(route.path, route.handler);
    }
    let app = ui::add_routes(app)
        .fallback(not_found)
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "this route answers GET only (POST /api/v1/documents ingests documents)",
            )
        })
        .layer(middleware::from_fn(
            move |req: Request, next: Next| async move {
                match tokio::time::timeout(timeout, next.run(req)).await {
                    Ok(response) => response,
                    Err(_) => Problem::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        format!("the request took longer than {} s", timeout.as_secs()),
                    )
                    .into_response(),
                }
            },
        ))
        .layer(middleware::from_fn(security_headers));
    app.with_state(AppState { pool, uploads })
}

/// Serve `app` on `listener` until `shutdown` completes, then finish the requests in flight
/// and return.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on ctrl-C or (on Unix) SIGTERM: what `annals serve` stops on.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod test_fixtures;
#[cfg(test)]
mod tests;

#[cfg(test)]
#[path = "inprocess_tests.rs"]
mod inprocess_tests;
