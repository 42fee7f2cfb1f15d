//! The web UI: static pages, one script and one stylesheet, compiled into the binary.
//!
//! Pages carry no data: the script reads the URL and calls the API, so every view is a
//! permalink and the UI sees exactly what an API client sees.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::api::AppState;

const EVENTS: &str = include_str!("../assets/events.html");
const DOCUMENTS: &str = include_str!("../assets/documents.html");
const DOCUMENT: &str = include_str!("../assets/document.html");
const SEARCH: &str = include_str!("../assets/search.html");
const STORIES: &str = include_str!("../assets/stories.html");
const STORY: &str = include_str!("../assets/story.html");
const TIMELINE: &str = include_str!("../assets/timeline.html");
const ACTORS: &str = include_str!("../assets/actors.html");
const ACTOR: &str = include_str!("../assets/actor.html");
const SCRIPT: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/app.css");

fn page(html: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html)
}

/// Add the UI's routes to `app`.
pub fn add_routes(app: Router<AppState>) -> Router<AppState> {
    app.route("/", get(|| async { page(EVENTS) }))
        .route("/documents", get(|| async { page(DOCUMENTS) }))
        .route("/documents/{id}", get(|| async { page(DOCUMENT) }))
        .route("/search", get(|| async { page(SEARCH) }))
        .route("/stories", get(|| async { page(STORIES) }))
        .route("/stories/{id}", get(|| async { page(STORY) }))
        .route("/timeline", get(|| async { page(TIMELINE) }))
        .route("/actors", get(|| async { page(ACTORS) }))
        .route("/actors/{code}", get(|| async { page(ACTOR) }))
        .route(
            "/assets/app.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    SCRIPT,
                )
            }),
        )
        .route(
            "/assets/app.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }),
        )
}
