//! The tab-separated table format of the ontology and era files: `#` comments, one header
//! row, then one record a line.

use thiserror::Error;

/// A malformed row in one of the compiled-in data files.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}:{line}: {message}")]
pub struct TableError {
    pub file: &'static str,
    /// 1-based line number in the file.
    pub line: usize,
    pub message: String,
}

/// One data row: its 1-based line number and its fields.
pub(crate) struct Row<'a> {
    pub line: usize,
    pub fields: Vec<&'a str>,
}

/// Rows of `text` after the header, which must equal `header`; every row must have exactly
/// as many fields as the header.
pub(crate) fn rows<'a>(
    file: &'static str,
    text: &'a str,
    header: &[&str],
) -> Result<Vec<Row<'a>>, TableError> {
    let mut out = Vec::new();
    let mut seen_header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
        if !seen_header {
            if fields != header {
                return Err(TableError {
                    file,
                    line,
                    message: format!("expected header {:?}, found {:?}", header, fields),
                });
            }
            seen_header = true;
            continue;
        }
        if fields.len() != header.len() {
            return Err(TableError {
                file,
                line,
                message: format!("expected {} fields, found {}", header.len(), fields.len()),
            });
        }
        out.push(Row { line, fields });
    }
    if !seen_header {
        return Err(TableError {
            file,
            line: 0,
            message: "no header row".into(),
        });
    }
    Ok(out)
}

impl Row<'_> {
    /// Field `i`, or empty when absent (rows are checked for width, so this never misses).
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).copied().unwrap_or_default()
    }

    pub fn optional(&self, i: usize) -> Option<String> {
        let v = self.get(i);
        (!v.is_empty()).then(|| v.to_string())
    }

    pub fn error(&self, file: &'static str, message: impl Into<String>) -> TableError {
        TableError {
            file,
            line: self.line,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_wrong_header_and_width() {
        let e = rows("t.tsv", "# c\na\tb\n1\t2\n", &["a", "c"]).err();
        assert_eq!(e.map(|e| e.line), Some(2));
        let e = rows("t.tsv", "a\tb\n1\t2\t3\n", &["a", "b"]).err();
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("t.tsv:2: expected 2 fields, found 3".into())
        );
        let ok = rows("t.tsv", "a\tb\n\n1\t\n", &["a", "b"]).unwrap_or_default();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok.first().map(|r| r.optional(1)), Some(None));
    }
}
