//! How the JSON `record` columns of events, stories, event clusters and contradictions are
//! stored (schema version 9): the JSON compressed with raw DEFLATE as a BLOB when that is
//! smaller, else the JSON as TEXT (as every version before 9 wrote all of them).
//!
//! Why: the records repeat field names and, in clusters, long lists of document ids; on
//! the Wikinews sample they were a quarter of the file (events 0.54 MB, event clusters
//! 0.99 MB of JSON), and DEFLATE takes them to 0.31 MB and 0.38 MB. Every read of a record
//! goes through [`StoredRecord`], which takes either form, so older rows read as before.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, Value, ValueRef};

/// The value to store for the JSON `json`.
pub(super) fn encode(json: &str) -> Value {
    let mut enc = DeflateEncoder::new(Vec::with_capacity(json.len() / 2), Compression::default());
    // Writing into a Vec cannot fail; were it to, the JSON is stored as it is.
    match enc.write_all(json.as_bytes()).and_then(|()| enc.finish()) {
        Ok(bytes) if !bytes.is_empty() && bytes.len() < json.len() => Value::Blob(bytes),
        _ => Value::Text(json.to_owned()),
    }
}

/// A record's JSON as read from either stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StoredRecord(pub String);

impl FromSql for StoredRecord {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let damaged = |what: String| FromSqlError::Other(what.into());
        match value {
            ValueRef::Text(bytes) => String::from_utf8(bytes.to_vec())
                .map(StoredRecord)
                .map_err(|e| damaged(format!("record is not UTF-8: {e}"))),
            ValueRef::Blob(bytes) => {
                let mut out = String::with_capacity(bytes.len() * 3);
                DeflateDecoder::new(bytes)
                    .read_to_string(&mut out)
                    .map_err(|e| damaged(format!("compressed record: {e}")))?;
                Ok(StoredRecord(out))
            }
            other => Err(damaged(format!("record of type {:?}", other.data_type()))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(v: &Value) -> FromSqlResult<StoredRecord> {
        StoredRecord::column_result(ValueRef::from(v))
    }

    #[test]
    fn a_record_is_stored_compressed_and_read_back_exactly() {
        let json = format!(
            "{{\"sentences\":[{}]}}",
            vec!["{\"doc_id\":\"wikinews-curid:8983\",\"sentence\":2}"; 20].join(",")
        );
        let v = encode(&json);
        let Value::Blob(bytes) = &v else {
            panic!("not compressed: {v:?}")
        };
        assert!(bytes.len() < json.len() / 5, "{} bytes", bytes.len());
        assert_eq!(read(&v).unwrap().0, json);
    }

    #[test]
    fn a_record_compression_does_not_shrink_stays_text() {
        let v = encode("{}");
        assert_eq!(v, Value::Text("{}".into()));
        assert_eq!(read(&v).unwrap().0, "{}");
    }

    #[test]
    fn text_of_older_versions_reads_and_damage_is_an_error() {
        assert_eq!(
            read(&Value::Text("{\"a\":1}".into())).unwrap().0,
            "{\"a\":1}"
        );
        assert!(read(&Value::Blob(b"\xff\xfe not deflate".to_vec())).is_err());
        assert!(read(&Value::Integer(7)).is_err());
    }
}
