//! Content hashing: the identity of a document without an id of its own.

/// Full BLAKE3 hex digest of a document's clean text.
///
/// Hashing the clean text (not the raw bytes) makes re-ingest idempotent across trivial
/// differences such as CRLF line ends or trailing whitespace.
pub fn content_hash(clean_text: &str) -> String {
    blake3::hash(clean_text.as_bytes()).to_hex().to_string()
}

/// The document id used when the input gives none: the first 16 hex digits of the hash.
pub fn doc_id_from_hash(hash: &str) -> String {
    hash.chars().take(16).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_id_is_prefix() {
        let h = content_hash("Kim met Putin.");
        assert_eq!(h.len(), 64);
        assert_eq!(h, content_hash("Kim met Putin."));
        assert_ne!(h, content_hash("Kim met Putin!"));
        let id = doc_id_from_hash(&h);
        assert_eq!(id.len(), 16);
        assert!(h.starts_with(&id));
    }
}
