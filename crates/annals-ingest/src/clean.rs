//! Line-level text cleaning: the normalisation every offset of the clean text depends on.
//!
//! Rules, in order, per raw line (lines end at LF, CRLF or a lone CR):
//! 1. control characters are removed, except tab, vertical tab, form feed and NEL which
//!    separate words and become a space;
//! 2. invisible format characters are removed: zero-width space/joiners, word joiner, BOM,
//!    soft hyphen, bidi marks and embeddings, invisible operators;
//! 3. every Unicode space separator (NBSP, thin space, ideographic space, …) and the
//!    line/paragraph separators U+2028/U+2029 become an ASCII space;
//! 4. runs of spaces collapse to one and the line is trimmed;
//! 5. the line is put in Unicode NFC.
//!
//! Typographic quotes and dashes are kept as they are: they carry meaning (quotations,
//! ranges) and later stages read them.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The cleaned lines of one document, stored in one buffer to avoid a `String` per line.
#[derive(Debug, Default)]
pub(crate) struct CleanLines {
    pub buf: String,
    pub lines: Vec<Line>,
}

/// One raw line after cleaning; blank when `start == end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based line number in the raw text.
    pub no: usize,
    pub start: usize,
    pub end: usize,
    pub removed: bool,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.start == self.end
    }
}

impl CleanLines {
    pub fn text(&self, line: &Line) -> &str {
        self.buf.get(line.start..line.end).unwrap_or("")
    }
}

/// Clean every line of `raw`.
pub(crate) fn clean_lines(raw: &str) -> CleanLines {
    let mut out = CleanLines {
        buf: String::with_capacity(raw.len()),
        lines: Vec::new(),
    };
    let mut line = String::new();
    let mut scratch = String::new();
    for (i, raw_line) in RawLines::new(raw).enumerate() {
        clean_line_into(raw_line, &mut line, &mut scratch);
        let start = out.buf.len();
        out.buf.push_str(&line);
        out.lines.push(Line {
            no: i + 1,
            start,
            end: out.buf.len(),
            removed: false,
        });
    }
    out
}

/// Clean a short metadata value (title, publisher): all lines joined by a space.
pub(crate) fn clean_inline(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut line = String::new();
    let mut scratch = String::new();
    for raw_line in RawLines::new(raw) {
        clean_line_into(raw_line, &mut line, &mut scratch);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&line);
    }
    out
}

/// Clean one line (no line terminators inside) into `out`, using `scratch` for NFC.
pub(crate) fn clean_line_into(raw: &str, out: &mut String, scratch: &mut String) {
    out.clear();
    let bytes = raw.as_bytes();
    let mut pending_space = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_graphic() {
            // Fast path: copy a run of printable ASCII in one go.
            let run = bytes.get(i..).map_or(0, |rest| {
                rest.iter().take_while(|b| b.is_ascii_graphic()).count()
            });
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push_str(raw.get(i..i + run).unwrap_or(""));
            i += run;
            continue;
        }
        let Some(c) = raw.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        match classify(c) {
            CharClass::Keep => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
            CharClass::Space => pending_space = !out.is_empty(),
            CharClass::Drop => {}
        }
    }
    if !raw.is_ascii() && is_nfc_quick(out.chars()) != IsNormalized::Yes {
        scratch.clear();
        scratch.extend(out.nfc());
        std::mem::swap(out, scratch);
    }
}

enum CharClass {
    Keep,
    Space,
    Drop,
}

fn classify(c: char) -> CharClass {
    match c {
        ' ' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' => CharClass::Space,
        // Unicode space separators (Zs) other than U+0020, plus line/paragraph separators.
        '\u{A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\u{2028}'
        | '\u{2029}' => CharClass::Space,
        // Invisible format characters.
        '\u{AD}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => CharClass::Drop,
        c if c.is_control() => CharClass::Drop,
        _ => CharClass::Keep,
    }
}

/// Iterator over the lines of a text; LF, CRLF and a lone CR all end a line, and a final
/// terminator does not start an extra empty line.
pub(crate) struct RawLines<'a> {
    rest: Option<&'a str>,
}

impl<'a> RawLines<'a> {
    pub fn new(text: &'a str) -> Self {
        RawLines {
            rest: if text.is_empty() { None } else { Some(text) },
        }
    }
}

impl<'a> Iterator for RawLines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(i) => {
                let (line, tail) = rest.split_at(i);
                let tail = tail
                    .strip_prefix("\r\n")
                    .or_else(|| tail.strip_prefix('\n'))
                    .or_else(|| tail.strip_prefix('\r'))
                    .unwrap_or(tail);
                self.rest = if tail.is_empty() { None } else { Some(tail) };
                Some(line)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        let mut out = String::new();
        let mut scratch = String::new();
        clean_line_into(s, &mut out, &mut scratch);
        out
    }

    fn texts(raw: &str) -> Vec<String> {
        let c = clean_lines(raw);
        c.lines.iter().map(|l| c.text(l).to_string()).collect()
    }

    #[test]
    fn line_ends_crlf_cr_lf() {
        assert_eq!(texts("a\r\nb\rc\nd"), vec!["a", "b", "c", "d"]);
        assert_eq!(texts("a\n"), vec!["a"]);
        assert_eq!(texts("a\n\n\nb\r\n"), vec!["a", "", "", "b"]);
        assert!(texts("").is_empty());
        let c = clean_lines("x\r\ny");
        assert_eq!(c.lines[1].no, 2);
    }

    #[test]
    fn nfc_composes_decomposed_accents() {
        // "e" + combining acute accent becomes the precomposed "é".
        assert_eq!(clean("Cafe\u{301} talks"), "Caf\u{e9} talks");
    }

    #[test]
    fn zero_width_bom_and_soft_hyphen_removed() {
        assert_eq!(
            clean("\u{FEFF}Pyong\u{AD}yang sum\u{200B}mit\u{2060}"),
            "Pyongyang summit"
        );
        // A zero-width space between a letter and its combining mark must not block NFC.
        assert_eq!(clean("e\u{200B}\u{301}"), "\u{e9}");
        assert_eq!(clean("\u{200E}Seoul\u{200F}"), "Seoul");
    }

    #[test]
    fn controls_removed_tab_becomes_space() {
        assert_eq!(clean("Kim\tmet\u{7}\u{1B} Putin"), "Kim met Putin");
        assert_eq!(clean("a\u{0}b"), "ab");
    }

    #[test]
    fn unicode_spaces_become_ascii_and_collapse() {
        assert_eq!(
            clean("\u{A0} 11\u{202F}000 \u{2009}\u{3000}shells  fired \u{A0}"),
            "11 000 shells fired"
        );
        assert_eq!(clean("   "), "");
    }

    #[test]
    fn typographic_quotes_and_dashes_kept() {
        let s = "Putin’s “visit” – the talks — ended";
        assert_eq!(clean(s), s);
    }

    #[test]
    fn inline_joins_lines() {
        assert_eq!(
            clean_inline("  Summit\r\n in \u{A0}Pyongyang \n"),
            "Summit in Pyongyang"
        );
        assert_eq!(clean_inline("\n \n"), "");
    }
}
