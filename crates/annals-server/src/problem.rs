//! Errors as RFC 7807 problem details (`application/problem+json`).
//!
//! `detail` carries the same words the CLI prints for the same mistake, so a message
//! looked up once explains both. Backend failures are logged in full and answered with a
//! generic detail: their messages name files and SQL, which a client has no use for.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::read::ReadError;

/// One problem response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Always `about:blank`: the status and title say what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status code's reason phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What was wrong, in the CLI's words.
    pub detail: String,
}

impl Problem {
    /// A problem with `status` and `detail`.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
        }
    }

    /// 400: a parameter the client got wrong.
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 404: nothing stored under what the client named.
    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, detail)
    }
}

impl From<ReadError> for Problem {
    fn from(e: ReadError) -> Problem {
        match e {
            ReadError::AmbiguousId { .. } | ReadError::BadQuery { .. } => {
                Problem::bad_request(e.to_string())
            }
            ReadError::Unsupported(detail) => Problem::new(StatusCode::NOT_IMPLEMENTED, detail),
            ReadError::BadCursor(_) => Problem::new(StatusCode::BAD_REQUEST, e.to_string()),
            ReadError::Backend(message) => {
                tracing::error!("store: {message}");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the database could not be read; the server log has the details",
                )
            }
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}
