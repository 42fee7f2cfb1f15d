//! The raw text as edits of the clean text (schema version 8): cleaning mostly deletes — a
//! trailing "Categories: …" line, doubled spaces — so a raw text is the clean text plus a
//! few short pieces. On the Wikinews sample 143 of 444 raw texts differ from their clean
//! text, and DEFLATE still took 351 KB for them (a quarter of the clean text again); as
//! edits they take a few hundred bytes each.
//!
//! The edit script is a sequence of steps, each three varints and some bytes:
//! `copy` bytes taken from the clean text, `skip` bytes of the clean text passed over,
//! `insert` bytes that follow literally. The script is DEFLATE-compressed.
//!
//! Finding the edits is greedy, not a minimal diff: at a mismatch it looks a bounded
//! distance ahead for the place where the two texts agree again. Texts too different for
//! that (or whose script would not be small) get no script, and the caller stores the
//! raw text DEFLATE-compressed instead, as schema 7 did.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

/// Bytes that must agree for the texts to count as back in step.
const ANCHOR: usize = 12;
/// How far ahead a resynchronisation is looked for, in bytes.
const WINDOW: usize = 4096;
/// A script whose inserted bytes exceed this share of the raw text is not worth it.
const MAX_INSERTED_SHARE: usize = 4;
/// Bytes looked at while resynchronising, per byte of the two texts, before giving up: the
/// search stays linear in the texts' length however different they are.
const MAX_SCANNED_PER_BYTE: usize = 16;

/// The compressed edit script turning `clean` into `raw`; `None` when the texts are too
/// different for one (see the module documentation).
pub(super) fn encode(raw: &[u8], clean: &[u8]) -> Option<Vec<u8>> {
    let script = script(raw, clean)?;
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
    enc.write_all(&script).ok()?;
    enc.finish().ok()
}

/// Apply a compressed edit script to `clean`.
pub(super) fn decode(compressed: &[u8], clean: &[u8]) -> Result<Vec<u8>, String> {
    let mut script = Vec::new();
    DeflateDecoder::new(compressed)
        .read_to_end(&mut script)
        .map_err(|e| format!("raw text edits: {e}"))?;
    let mut out = Vec::with_capacity(clean.len() + script.len());
    let (mut at, mut pos) = (0usize, 0usize);
    let bad = |what: &str| format!("raw text edits: {what}");
    while at < script.len() {
        let copy = varint(&script, &mut at).ok_or_else(|| bad("truncated step"))?;
        let skip = varint(&script, &mut at).ok_or_else(|| bad("truncated step"))?;
        let insert = varint(&script, &mut at).ok_or_else(|| bad("truncated step"))?;
        let copied = pos
            .checked_add(copy)
            .and_then(|end| clean.get(pos..end))
            .ok_or_else(|| bad("copies past the clean text"))?;
        out.extend_from_slice(copied);
        pos += copy;
        pos = pos
            .checked_add(skip)
            .filter(|&p| p <= clean.len())
            .ok_or_else(|| bad("skips past the clean text"))?;
        let literal = at
            .checked_add(insert)
            .and_then(|end| script.get(at..end))
            .ok_or_else(|| bad("truncated insert"))?;
        out.extend_from_slice(literal);
        at += insert;
    }
    Ok(out)
}

/// The uncompressed edit script, or `None` when it would not be small.
fn script(raw: &[u8], clean: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    let mut inserted = 0usize;
    let budget = raw.len() / MAX_INSERTED_SHARE + 64;
    let scan_budget = (raw.len() + clean.len()) * MAX_SCANNED_PER_BYTE + 2 * WINDOW;
    let mut scanned = 0usize;
    while i < raw.len() || j < clean.len() {
        let copy = common_prefix(&raw[i..], &clean[j..]);
        i += copy;
        j += copy;
        let (skip, insert) = if i == raw.len() {
            (clean.len() - j, 0)
        } else if j == clean.len() {
            (0, raw.len() - i)
        } else if let Some(p) = find(&raw[i..], anchor(&clean[j..]), &mut scanned) {
            // Raw text the cleaner removed.
            (0, p)
        } else if let Some(q) = find(&clean[j..], anchor(&raw[i..]), &mut scanned) {
            // Clean text with no counterpart in the raw text.
            (q, 0)
        } else {
            // A changed byte.
            (1, 1)
        };
        if scanned > scan_budget {
            return None;
        }
        push_varint(&mut out, copy);
        push_varint(&mut out, skip);
        push_varint(&mut out, insert);
        out.extend_from_slice(&raw[i..i + insert]);
        i += insert;
        j += skip;
        inserted += insert + 3;
        if inserted > budget {
            return None;
        }
    }
    Some(out)
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The bytes a resynchronisation looks for: the next `ANCHOR` bytes (fewer at the end).
fn anchor(text: &[u8]) -> &[u8] {
    &text[..text.len().min(ANCHOR)]
}

/// Where `needle` starts within the first `WINDOW` bytes of `hay` (after position 0),
/// adding the positions tried to `scanned`.
fn find(hay: &[u8], needle: &[u8], scanned: &mut usize) -> Option<usize> {
    let hay = &hay[..hay.len().min(WINDOW + needle.len())];
    let found = hay
        .windows(needle.len())
        .skip(1)
        .position(|w| w == needle)
        .map(|p| p + 1);
    *scanned += found.unwrap_or(hay.len());
    found
}

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn varint(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let mut n = 0usize;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        n |= usize::from(b & 0x7f).checked_shl(shift)?;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(raw: &str, clean: &str) -> Vec<u8> {
        let enc = encode(raw.as_bytes(), clean.as_bytes()).unwrap();
        assert_eq!(decode(&enc, clean.as_bytes()).unwrap(), raw.as_bytes());
        enc
    }

    #[test]
    fn removed_lines_and_spaces_cost_little() {
        let clean = "Ministers met in Kyiv on Monday.\nTalks went on late. ".repeat(40);
        let raw = clean.replace("met in", "met  in") + "\n\nCategories: Politics Europe";
        let enc = round_trip(&raw, &clean);
        assert!(enc.len() < 80, "{} bytes", enc.len());
    }

    #[test]
    fn clean_text_missing_from_the_raw_text_and_changed_bytes_round_trip() {
        round_trip("The talks ended.", "The peace talks ended.");
        round_trip("Caf\u{e9} owners protested.", "Cafe owners protested.");
        round_trip("", "Only clean text.");
        round_trip("Only raw text.", "");
        round_trip("Same.", "Same.");
    }

    #[test]
    fn texts_too_different_get_no_script() {
        let raw = "abcdefghij".repeat(50);
        let clean = "0123456789".repeat(50);
        assert_eq!(encode(raw.as_bytes(), clean.as_bytes()), None);
    }

    #[test]
    fn damaged_scripts_are_errors() {
        let clean = b"Short clean text.";
        let copy_too_far = [100u8, 0, 0];
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
        enc.write_all(&copy_too_far).unwrap();
        let bytes = enc.finish().unwrap();
        assert!(decode(&bytes, clean).is_err());
        assert!(decode(b"\xff\xfe not deflate", clean).is_err());
    }
}
