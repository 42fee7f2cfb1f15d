//! The input record contract: what every reader produces.

use serde::{Deserialize, Serialize};

/// One input document as readers deliver it (DESIGN.md, "Input record").
///
/// `published` is kept as the source gave it after validation (`YYYY-MM-DD` or
/// `YYYY-MM-DDTHH:MM:SSZ`); a missing date stays missing and is never replaced by "today".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InputRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub text: String,
}

/// Where a record came from, for error messages and provenance: a path (or `-` for stdin)
/// and, for multi-record files, the 1-based line (JSONL) or record (CSV) number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub path: String,
    pub line: Option<u64>,
}

impl std::fmt::Display for SourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => f.write_str(&self.path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_record_parses() {
        let r: InputRecord = serde_json::from_str(r#"{"text":"Hello."}"#).unwrap();
        assert_eq!(r.text, "Hello.");
        assert!(r.id.is_none() && r.published.is_none());
    }

    #[test]
    fn source_ref_display() {
        let s = SourceRef {
            path: "a.jsonl".into(),
            line: Some(7),
        };
        assert_eq!(s.to_string(), "a.jsonl:7");
        let s = SourceRef {
            path: "b.txt".into(),
            line: None,
        };
        assert_eq!(s.to_string(), "b.txt");
    }
}
