//! Validators for conditional GETs and a small file-backed cache of them.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What a server said identifies the version it sent: sent back as `If-None-Match` and
/// `If-Modified-Since` so an unchanged page costs a 304 and no body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    /// No validator at all: a conditional GET is impossible.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Error loading or saving a [`ValidatorCache`] file.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}: not a validator cache: {source}")]
    Format {
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

/// Validators per URL, persisted by the caller between runs (`annals watch` keeps one
/// beside the database). Keys are the URLs as the caller requested them, so a feed that
/// redirects is still found under the URL in the caller's list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidatorCache {
    #[serde(default)]
    entries: BTreeMap<String, Validators>,
}

impl ValidatorCache {
    pub fn new() -> Self {
        ValidatorCache::default()
    }

    pub fn get(&self, url: &str) -> Option<&Validators> {
        self.entries.get(url)
    }

    /// Remember `validators` for `url`; empty validators forget the URL (nothing to send).
    pub fn set(&mut self, url: &str, validators: Validators) {
        if validators.is_empty() {
            self.entries.remove(url);
        } else {
            self.entries.insert(url.to_owned(), validators);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Read a cache written by [`save`](Self::save); a missing file is an empty cache.
    pub fn load(path: &Path) -> Result<Self, CacheError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(ValidatorCache::new()),
            Err(source) => {
                return Err(CacheError::Io {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        serde_json::from_str(&text).map_err(|source| CacheError::Format {
            path: path.display().to_string(),
            source,
        })
    }

    /// Write the cache as JSON, through a temporary file renamed over `path`, so a crash
    /// leaves either the old or the new cache.
    pub fn save(&self, path: &Path) -> Result<(), CacheError> {
        let io_err = |source| CacheError::Io {
            path: path.display().to_string(),
            source,
        };
        let json = serde_json::to_vec_pretty(self).map_err(|e| io_err(io::Error::other(e)))?;
        let mut tmp = PathBuf::from(path);
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".tmp");
        tmp.set_file_name(name);
        std::fs::write(&tmp, json).map_err(io_err)?;
        std::fs::rename(&tmp, path).map_err(io_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.json");
        assert!(ValidatorCache::load(&path).unwrap().is_empty());
        let mut c = ValidatorCache::new();
        c.set(
            "http://a/feed",
            Validators {
                etag: Some("\"x1\"".into()),
                last_modified: None,
            },
        );
        c.set("http://b/feed", Validators::default());
        assert_eq!(c.len(), 1);
        c.save(&path).unwrap();
        let back = ValidatorCache::load(&path).unwrap();
        assert_eq!(back, c);
        assert_eq!(
            back.get("http://a/feed").and_then(|v| v.etag.as_deref()),
            Some("\"x1\"")
        );
    }

    #[test]
    fn corrupt_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.json");
        std::fs::write(&path, "{not json").unwrap();
        let err = ValidatorCache::load(&path).unwrap_err();
        assert!(err.to_string().contains("v.json"), "{err}");
    }
}
