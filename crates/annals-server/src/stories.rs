//! `/api/v1/stories`, `/api/v1/stories/{id}` and `/api/v1/contradictions`: the stories
//! stage's output (documents about one happening, event clusters with their independent
//! sources, and where sources disagree). A store without that stage (PostgreSQL, for now)
//! answers 501 with the reason.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::api::{resolve, ApiResult, AppState};
use crate::params::{self, non_empty, DEFAULT_PAGE, MAX_PAGE};
use crate::problem::Problem;
use crate::read::{ContradictionKind, StoryQuery};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoriesParams {
    since: Option<String>,
    until: Option<String>,
    actor: Option<String>,
    doc: Option<String>,
    min_sources: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

/// Stories in order of their first document, filtered like `annals stories`, plus `doc`
/// (the story holding a document), in `offset`/`limit` pages.
pub(crate) async fn list(
    State(st): State<AppState>,
    q: Result<Query<StoriesParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let mut query = StoryQuery::default();
    if let Some(s) = non_empty(&p.since) {
        query.since = Some(params::date("since", s)?);
    }
    if let Some(u) = non_empty(&p.until) {
        query.until = Some(params::date("until", u)?);
    }
    if let Some(a) = non_empty(&p.actor) {
        query.actor = Some(params::actor_code("actor", a)?);
    }
    let min_sources = match non_empty(&p.min_sources) {
        None => 1,
        Some(m) => m.parse::<usize>().map_err(|_| {
            Problem::bad_request(format!("min_sources must be a whole number, not {m:?}"))
        })?,
    };
    let limit = params::limit(&p.limit, DEFAULT_PAGE, MAX_PAGE)?;
    let offset = params::offset(&p.offset)?;
    let doc = match non_empty(&p.doc) {
        Some(d) => Some(resolve(&st, d.to_string()).await?),
        None => None,
    };
    let matching: Vec<_> = st
        .pool
        .run(move |s| s.stories(&query))
        .await?
        .into_iter()
        .filter(|s| s.n_sources >= min_sources)
        .filter(|s| match &doc {
            Some(d) => s.docs.iter().any(|sd| &sd.doc_id == d),
            None => true,
        })
        .collect();
    let total = matching.len();
    let page: Vec<_> = matching.into_iter().skip(offset).take(limit).collect();
    let next_offset = (offset + page.len() < total).then_some(offset + page.len());
    Ok(
        Json(json!({ "stories": page, "total": total, "next_offset": next_offset }))
            .into_response(),
    )
}

/// One story (id or unique prefix) with its documents, clusters and contradictions.
pub(crate) async fn one(State(st): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let given = id.clone();
    match st.pool.run(move |s| s.story(&id)).await? {
        Some(story) => Ok(Json(story).into_response()),
        None => Err(Problem::not_found(format!(
            "no stored story matches {given:?} (list stories at /api/v1/stories)"
        ))),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContradictionParams {
    kind: Option<String>,
    story: Option<String>,
}

/// Contradictions of one kind or all, optionally of one story (a full story id).
pub(crate) async fn contradictions(
    State(st): State<AppState>,
    q: Result<Query<ContradictionParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let kind = match non_empty(&p.kind) {
        None => None,
        Some(k) => Some(ContradictionKind::parse(&k.to_lowercase()).ok_or_else(|| {
            Problem::bad_request(format!(
                "unknown kind {k:?} (date, quantity, modality, direction, actor)"
            ))
        })?),
    };
    let story = non_empty(&p.story).map(str::to_string);
    let found: Vec<_> = st
        .pool
        .run(move |s| s.contradictions(kind))
        .await?
        .into_iter()
        .filter(|c| match &story {
            Some(id) => &c.story_id == id,
            None => true,
        })
        .collect();
    Ok(Json(json!({ "contradictions": found })).into_response())
}
