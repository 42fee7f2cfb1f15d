//! How `documents.raw_text` is stored (schema version 7): the raw text is kept — removed
//! lines are numbered by its lines, and it is the record of what arrived — but it no longer
//! costs as much as the clean text beside it.
//!
//! * a zero-length BLOB: the raw text equals the clean text (most JSONL and plain-text
//!   input, where cleaning changed nothing);
//! * a BLOB starting with [`EDITS`] (schema 8): the edits that turn the clean text into
//!   the raw text (see `raw_delta`), when they are smaller than the compressed raw text;
//! * any other BLOB: the raw text compressed with raw DEFLATE (flate2, pure Rust);
//! * TEXT: the raw text itself, as every version before 7 wrote it.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use rusqlite::types::{Value, ValueRef};

/// First byte of an edit-script value. No DEFLATE stream starts with it: its bits 1–2 are
/// 11, the reserved block type, so values schema 7 wrote are never mistaken for one.
const EDITS: u8 = 0x07;

/// The value to store for `raw` beside `clean`.
pub(super) fn encode(raw: &str, clean: &str) -> Value {
    if raw == clean {
        return Value::Blob(Vec::new());
    }
    let mut enc = DeflateEncoder::new(Vec::with_capacity(raw.len() / 3), Compression::default());
    // Writing into a Vec cannot fail; were it to, the text is stored as it is.
    let deflated = match enc.write_all(raw.as_bytes()).and_then(|()| enc.finish()) {
        Ok(bytes) if !bytes.is_empty() => bytes,
        _ => return Value::Text(raw.to_owned()),
    };
    match super::raw_delta::encode(raw.as_bytes(), clean.as_bytes()) {
        Some(edits) if edits.len() < deflated.len() => {
            let mut value = Vec::with_capacity(edits.len() + 1);
            value.push(EDITS);
            value.extend_from_slice(&edits);
            Value::Blob(value)
        }
        _ => Value::Blob(deflated),
    }
}

/// The raw text a stored value stands for; `Err` names what is wrong with a damaged value.
pub(super) fn decode(stored: ValueRef<'_>, clean: &str) -> Result<String, String> {
    match stored {
        ValueRef::Text(bytes) => {
            String::from_utf8(bytes.to_vec()).map_err(|e| format!("raw text is not UTF-8: {e}"))
        }
        ValueRef::Blob([]) => Ok(clean.to_owned()),
        ValueRef::Blob([EDITS, edits @ ..]) => {
            let bytes = super::raw_delta::decode(edits, clean.as_bytes())?;
            String::from_utf8(bytes).map_err(|e| format!("raw text is not UTF-8: {e}"))
        }
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
    fn raw_text_close_to_the_clean_text_is_stored_as_edits() {
        let clean = "Ministers met in Kyiv on Monday.\nTalks went on late.\n".repeat(30);
        let raw = clean.replace("in Kyiv", "in  Kyiv") + "\n\nCategories: Politics";
        let (v, back) = round_trip(&raw, &clean);
        let Value::Blob(bytes) = v else {
            panic!("not a blob")
        };
        assert_eq!(bytes[0], EDITS);
        assert!(bytes.len() < 60, "{} bytes", bytes.len());
        assert_eq!(back, raw);
    }

    #[test]
    fn a_schema_7_deflate_value_still_reads() {
        let raw = "Raw text of an older database, with its own lines.\n".repeat(5);
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
        enc.write_all(raw.as_bytes()).unwrap();
        let bytes = enc.finish().unwrap();
        assert_ne!(bytes[0], EDITS);
        assert_eq!(decode(ValueRef::Blob(&bytes), "clean").unwrap(), raw);
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
