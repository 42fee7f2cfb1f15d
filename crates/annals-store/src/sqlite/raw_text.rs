//! How `documents.raw_text` is stored (schema version 7): the raw text is kept — removed
//! lines are numbered by its lines, and it is the record of what arrived — but it no longer
//! costs as much as the clean text beside it.
//!
//! * a zero-length BLOB: the raw text equals the clean text (most JSONL and plain-text
//!   input, where cleaning changed nothing);
//! * any other BLOB: the raw text compressed with raw DEFLATE (flate2, pure Rust);
//! * TEXT: the raw text itself, as every version before 7 wrote it.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use rusqlite::types::{Value, ValueRef};

/// The value to store for `raw` beside `clean`.
pub(super) fn encode(raw: &str, clean: &str) -> Value {
    if raw == clean {
        return Value::Blob(Vec::new());
    }
    let mut enc = DeflateEncoder::new(Vec::with_capacity(raw.len() / 3), Compression::default());
    // Writing into a Vec cannot fail; were it to, the text is stored as it is.
    match enc.write_all(raw.as_bytes()).and_then(|()| enc.finish()) {
        Ok(bytes) if !bytes.is_empty() => Value::Blob(bytes),
        _ => Value::Text(raw.to_owned()),
    }
}

/// The raw text a stored value stands for; `Err` names what is wrong with a damaged value.
pub(super) fn decode(stored: ValueRef<'_>, clean: &str) -> Result<String, String> {
    match stored {
        ValueRef::Text(bytes) => {
            String::from_utf8(bytes.to_vec()).map_err(|e| format!("raw text is not UTF-8: {e}"))
        }
        ValueRef::Blob([]) => Ok(clean.to_owned()),
        ValueRef::Blob(bytes) => {
            let mut out = String::new();
            DeflateDecoder::new(bytes)
                .read_to_string(&mut out)
                .map_err(|e| format!("compressed raw text: {e}"))?;
            Ok(out)
        }
        other => Err(format!("raw text of type {:?}", other.data_type())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(raw: &str, clean: &str) -> (Value, String) {
        let v = encode(raw, clean);
        let back = decode(ValueRef::from(&v), clean).unwrap();
        (v, back)
    }

    #[test]
    fn equal_texts_store_nothing_and_read_back_as_the_clean_text() {
        let (v, back) = round_trip("Same text.", "Same text.");
        assert_eq!(v, Value::Blob(Vec::new()));
        assert_eq!(back, "Same text.");
    }

    #[test]
    fn different_raw_text_is_compressed_and_read_back_exactly() {
        let raw = "<p>Subscribe now!</p>\n".repeat(200) + "Ministers met in Kyiv.";
        let (v, back) = round_trip(&raw, "Ministers met in Kyiv.");
        let Value::Blob(bytes) = v else {
            panic!("not a blob")
        };
        assert!(bytes.len() < raw.len() / 10, "{} bytes", bytes.len());
        assert_eq!(back, raw);
    }

    #[test]
    fn text_written_by_older_versions_reads_as_it_is_and_damage_is_an_error() {
        assert_eq!(
            decode(ValueRef::Text(b"old raw"), "clean").unwrap(),
            "old raw"
        );
        assert!(decode(ValueRef::Blob(b"\xff\xfe not deflate"), "clean").is_err());
        assert!(decode(ValueRef::Integer(3), "clean").is_err());
    }
}
