//! Bytes of an HTML page to text: the charset from the HTTP header, else a byte-order
//! mark, else `<meta charset>` / `http-equiv` in the first 4 KB, else UTF-8 when the bytes
//! are valid UTF-8, else windows-1252 (what browsers assume for unlabelled Western pages).
//! Undecodable sequences become U+FFFD.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Bytes inspected for a `<meta>` charset declaration.
const META_SCAN_BYTES: usize = 4096;

/// Decode page bytes; `http_charset` is the `charset=` of a Content-Type header.
pub fn decode_html(bytes: &[u8], http_charset: Option<&str>) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(bytes.get(bom..).unwrap_or(&[]))
            .0
            .into_owned();
    }
    let declared = http_charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(bytes.get(..META_SCAN_BYTES).unwrap_or(bytes)));
    let encoding = match declared {
        // A page labelled UTF-16 that had no BOM is ASCII-compatible in practice.
        Some(enc) if enc.output_encoding() == UTF_8 && enc != UTF_8 => UTF_8,
        Some(enc) => enc,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => WINDOWS_1252,
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding named by a `<meta charset=…>` or `<meta http-equiv=… content="…;
/// charset=…">` in `head` (ASCII case-insensitive).
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = lower
        .get(from..)
        .and_then(|h| memchr::memmem::find(h, b"charset"))
    {
        let start = from + pos + b"charset".len();
        from = start;
        let rest = lower.get(start..).unwrap_or(&[]);
        let rest = trim_start(rest);
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = trim_start(rest);
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let label: Vec<u8> = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .copied()
            .collect();
        if let Some(enc) = Encoding::for_label(&label) {
            return Some(enc);
        }
    }
    None
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    b.get(n..).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_sources() {
        let latin1 = b"<html><head><meta charset=\"ISO-8859-1\"></head><body>Caf\xE9</body></html>";
        assert!(decode_html(latin1, None).contains("Café"));
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xcf\xf0\xe8";
        assert!(decode_html(equiv, None).ends_with("При"));
        // The HTTP header wins over the page.
        assert!(decode_html(b"<meta charset=utf-8>Caf\xE9", Some("latin1")).ends_with("Café"));
        // Unlabelled: UTF-8 when valid, else windows-1252.
        assert_eq!(decode_html("Café".as_bytes(), None), "Café");
        assert_eq!(decode_html(b"Caf\xE9 \x93q\x94", None), "Café “q”");
        assert_eq!(decode_html(b"\xEF\xBB\xBFok", None), "ok");
    }
}
