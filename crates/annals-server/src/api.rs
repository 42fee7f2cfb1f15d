//! The JSON API, `/api/v1/…`: one handler per route, and the route table the router and
//! the OpenAPI test both read.

use std::sync::Arc;

use annals_coder::ontology::Ontology;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::{self, MethodRouter};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::params::{self, EventFormat, EventParams, DEFAULT_PAGE, MAX_HITS, MAX_PAGE};
use crate::pool::StorePool;
use crate::problem::Problem;
use crate::read::EventFilter;
use crate::{actors, download, stories};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// Store connections.
    pub pool: Arc<StorePool>,
    /// How to accept posted documents; `None` keeps the server read-only.
    pub uploads: Option<Arc<crate::upload::Uploads>>,
}

/// The OpenAPI 3 description of this API, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// One API route: method, path (axum syntax, which is OpenAPI's) and handler.
pub struct ApiRoute {
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/api/v1/documents/{id}`.
    pub path: &'static str,
    /// The handler.
    pub handler: MethodRouter<AppState>,
}

pub(crate) fn get<H, T>(path: &'static str, handler: H) -> ApiRoute
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    ApiRoute {
        method: Method::GET,
        path,
        handler: routing::get(handler),
    }
}

fn post<H, T>(path: &'static str, handler: H) -> ApiRoute
where
    H: axum::handler::Handler<T, AppState>,
    T: 'static,
{
    ApiRoute {
        method: Method::POST,
        path,
        handler: routing::post(handler),
    }
}

/// Every API route. The router is built from this list and nothing else, so a test that
/// compares it with the OpenAPI document covers the whole API.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        get("/api/v1/status", status),
        get("/api/v1/documents", list_documents),
        post("/api/v1/documents", crate::upload::post),
        get("/api/v1/documents/{id}", document),
        get("/api/v1/events", events),
        get("/api/v1/timeline", timeline),
        get("/api/v1/search", search),
        get("/api/v1/codes", codes),
        get("/api/v1/plover", plover),
        get("/api/v1/stories", stories::list),
        get("/api/v1/stories/{id}", stories::one),
        get("/api/v1/contradictions", stories::contradictions),
        get("/api/v1/actors", actors::search),
        get("/api/v1/actors/{code}", actors::one),
        get("/api/v1/graph", actors::graph),
        get("/api/v1/openapi.json", openapi),
    ]
}

pub(crate) type ApiResult = Result<Response, Problem>;

async fn openapi() -> Response {
    let mut r = OPENAPI.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

async fn status(State(st): State<AppState>) -> ApiResult {
    let documents = st.pool.run(|s| s.count_documents()).await?;
    Ok(Json(json!({
        "name": "annals",
        "version": env!("CARGO_PKG_VERSION"),
        "api": "v1",
        "documents": documents,
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageParams {
    limit: Option<String>,
    offset: Option<String>,
}

async fn list_documents(
    State(st): State<AppState>,
    q: Result<Query<PageParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let limit = params::limit(&p.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let offset = params::offset(&p.offset)?;
    let (documents, total) = st
        .pool
        .run(move |s| Ok((s.list_documents(limit, offset)?, s.count_documents()?)))
        .await?;
    let next_offset = (offset + documents.len() < total).then_some(offset + documents.len());
    Ok(Json(json!({
        "documents": documents,
        "total": total,
        "next_offset": next_offset,
    }))
    .into_response())
}

/// The full id a path or `doc` parameter names, or 404 in the CLI's words.
pub(crate) async fn resolve(st: &AppState, id_or_prefix: String) -> Result<String, Problem> {
    let given = id_or_prefix.clone();
    match st.pool.run(move |s| s.resolve_id(&id_or_prefix)).await? {
        Some(id) => Ok(id),
        None => Err(Problem::not_found(format!(
            "no stored document matches {given:?}"
        ))),
    }
}

async fn document(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let given = id.clone();
    // The id resolved and the document read in one store call, on one connection: the
    // event page's request, so one trip to a blocking thread and the pool, not two.
    let doc = st
        .pool
        .run(move |s| match s.resolve_id(&id)? {
            Some(full) => s.document(&full),
            None => Ok(None),
        })
        .await?;
    match doc {
        Some(doc) => Ok(Json(doc).into_response()),
        None => Err(Problem::not_found(format!(
            "no stored document matches {given:?}"
        ))),
    }
}

/// `filter` with its `doc` prefix resolved to a full id.
async fn with_doc(
    st: &AppState,
    mut filter: EventFilter,
    doc: Option<String>,
) -> Result<EventFilter, Problem> {
    if let Some(d) = doc {
        filter.doc_id = Some(resolve(st, d).await?);
    }
    Ok(filter)
}

async fn events(
    State(st): State<AppState>,
    q: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let req = p.request()?;
    let filter = with_doc(&st, req.filter, req.doc).await?;
    if req.format != EventFormat::Json {
        return Ok(download::stream(&st.pool, filter, req.sort, req.format));
    }
    let (sort, cursor, limit) = (req.sort, req.cursor, req.limit);
    let page = st
        .pool
        .run(move |s| s.events_page(&filter, sort, cursor.as_deref(), limit))
        .await?;
    Ok(Json(page).into_response())
}

async fn timeline(
    State(st): State<AppState>,
    q: Result<Query<EventParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let (filter, doc) = p.filter_only()?;
    let filter = with_doc(&st, filter, doc).await?;
    let timeline = st.pool.run(move |s| s.timeline(&filter)).await?;
    Ok(Json(json!({ "period": "month", "timeline": timeline })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

async fn search(
    State(st): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let query =
        p.q.filter(|q| !q.trim().is_empty())
            .ok_or_else(|| Problem::bad_request("search needs a query: ?q=words"))?;
    let limit = params::limit(&p.limit, 20, MAX_HITS)?;
    let query2 = query.clone();
    let mut hits = st.pool.run(move |s| s.search(&query2, limit)).await?;
    // Number sentences from 1, as `annals search` and event records do.
    for h in &mut hits {
        h.sentence += 1;
    }
    Ok(Json(json!({ "query": query, "hits": hits })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodesParams {
    prefix: Option<String>,
}

async fn codes(q: Result<Query<CodesParams>, QueryRejection>) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let ont = Ontology::builtin();
    let prefix = p.prefix.unwrap_or_default();
    let rows = ont.code_rows(&prefix);
    if rows.is_empty() {
        return Err(Problem::not_found(format!(
            "no CAMEO code starts with {prefix:?} (codes run from 01 to 20)"
        )));
    }
    Ok(Json(json!({ "codes": rows })).into_response())
}

async fn plover() -> Response {
    let types: Vec<serde_json::Value> = Ontology::builtin()
        .plover_types()
        .iter()
        .map(|t| {
            let modes: Vec<serde_json::Value> = t
                .modes
                .iter()
                .map(|m| json!({ "mode": m.name, "description": m.description }))
                .collect();
            json!({ "plover": t.name, "description": t.description, "modes": modes })
        })
        .collect();
    Json(json!({ "types": types })).into_response()
}
