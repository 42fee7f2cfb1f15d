//! Tokenisation of one whitespace-free chunk: opening punctuation is peeled from the
//! front, closing punctuation from the back, and the core is cut at punctuation that does
//! not glue two parts of one word; each word then loses its clitic or unit.

use annals_core::Span;

use super::chars::{is_apostrophe, is_leading, is_punct, is_trailing, run_len, run_len_back};
use super::lexicon::{ascii_lower, Lexicon, MAX_WORD};
use crate::splitter::lexicon::{is_dotted_acronym, Lexicon as Abbreviations};

pub(super) struct Context<'a> {
    pub text: &'a str,
    pub lex: &'static Lexicon,
    pub abbreviations: &'static Abbreviations,
}

impl Context<'_> {
    fn push(&self, out: &mut Vec<Span>, start: usize, end: usize) {
        if start < end {
            out.push(Span::new(start, end));
        }
    }

    fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// Tokenise `text[start..end]`; `last` says it ends the sentence.
    pub(super) fn chunk(
        &self,
        start: usize,
        end: usize,
        last: bool,
        out: &mut Vec<Span>,
        tail: &mut Vec<Span>,
    ) {
        let (mut lo, mut hi) = (start, end);
        // Opening punctuation, emoticons and stand-alone clitics at the front.
        while lo < hi {
            let rest = self.slice(lo, hi);
            if is_clitic_token(rest, self.lex) {
                self.push(out, lo, hi);
                return;
            }
            if let Some(e) = self.emoticon_prefix(rest) {
                self.push(out, lo, lo + e);
                lo += e;
                continue;
            }
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { break };
            let next = chars.next();
            if !is_leading(c) || !self.splits_leading(c, next, rest) {
                break;
            }
            let n = run_len(rest, c);
            self.push(out, lo, lo + n);
            lo += n;
        }
        // Closing punctuation at the back, collected in reverse.
        tail.clear();
        let mut only_closers = last;
        while lo < hi {
            let rest = self.slice(lo, hi);
            let Some(c) = rest.chars().next_back() else {
                break;
            };
            if c == '.' {
                let dots = rest.bytes().rev().take_while(|&b| b == b'.').count();
                if dots == 1 && self.keeps_period(self.slice(lo, hi - 1), only_closers) {
                    break;
                }
                tail.push(Span::new(hi - dots, hi));
                hi -= dots;
                only_closers = false;
                continue;
            }
            if !is_trailing(c) || (is_apostrophe(c) && rest.len() == c.len_utf8()) {
                break;
            }
            let mut n = run_len_back(rest, c);
            // "T.V.?": the period belongs to the abbreviation, not to the "?".
            let stem = rest.get(..rest.len().saturating_sub(n)).unwrap_or("");
            if matches!(c, '!' | '?')
                && self.slice(hi - n, hi).starts_with('.')
                && self.keeps_period(stem, false)
            {
                n -= 1;
            }
            tail.push(Span::new(hi - n, hi));
            hi -= n;
            only_closers &= matches!(c, ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»');
        }
        self.core(lo, hi, out);
        out.extend(tail.drain(..).rev());
    }

    /// Whether the leading character `c` (followed by `next`) is split off.
    fn splits_leading(&self, c: char, next: Option<char>, rest: &str) -> bool {
        match c {
            // '72, '90s: a year keeps its apostrophe.
            '\'' | '’' | '`' => {
                let word = rest.get(c.len_utf8()..).unwrap_or("");
                !(next.is_some_and(|n| n.is_ascii_digit())
                    || word.eq_ignore_ascii_case("em")
                    || word.eq_ignore_ascii_case("n"))
            }
            // -ECT-KEDNE (a file name) stays whole; -5 and --> are split.
            '-' => !next.is_some_and(char::is_alphabetic),
            '@' => rest.len() > 1 && !rest.contains('.'),
            // #hashtags stay whole; #1 is split.
            '#' => !next.is_some_and(char::is_alphabetic),
            _ => true,
        }
    }

    fn emoticon_prefix(&self, rest: &str) -> Option<usize> {
        // Every emoticon starts with punctuation or an x.
        if !rest
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_punctuation() || b == b'x' || b == b'X')
        {
            return None;
        }
        let e = self
            .lex
            .emoticons
            .iter()
            .find(|e| rest.starts_with(e.as_str()))?;
        let after = rest.get(e.len()..)?.chars().next();
        // ":)." and ":)" but not ":Don" (":D") or "(:" before a word.
        (!after.is_some_and(char::is_alphanumeric)).then_some(e.len())
    }

    /// Whether a final period stays on `stem` ("Dr.", "U.S.", "J.").
    fn keeps_period(&self, stem: &str, sentence_final: bool) -> bool {
        if stem.is_empty() || sentence_final {
            return false;
        }
        let b = stem.as_bytes();
        self.abbreviations.abbreviation(stem).is_some()
            || matches!(b, [c] if c.is_ascii_alphabetic())
            || is_dotted_acronym(stem)
    }

    /// Cut the core `text[lo..hi]` at punctuation that does not glue a word together.
    fn core(&self, lo: usize, hi: usize, out: &mut Vec<Span>) {
        let core = self.slice(lo, hi);
        if core.is_empty() {
            return;
        }
        if is_url_or_email(core) {
            self.push(out, lo, hi);
            return;
        }
        if let Some((a, b)) = embedded_email(core) {
            self.core(lo, lo + a, out);
            self.push(out, lo + a, lo + b);
            self.core(lo + b, hi, out);
            return;
        }
        let mut piece = lo;
        let mut chars = core.char_indices().peekable();
        while let Some((off, c)) = chars.next() {
            if !is_punct(c) {
                continue;
            }
            let at = lo + off;
            let prev = self.slice(piece, at).chars().next_back();
            let next = chars.peek().map(|&(_, n)| n);
            if self.glues(c, prev, next, piece, at, hi) {
                continue;
            }
            self.word(piece, at, out);
            let run_end = at + run_len(self.slice(at, hi), c);
            // Skip the rest of the run.
            while chars.peek().is_some_and(|&(o, _)| lo + o < run_end) {
                chars.next();
            }
            self.push(out, at, run_end);
            piece = run_end;
        }
        self.word(piece, hi, out);
    }

    /// Whether punctuation `c` at `at` joins the piece begun at `piece` to what follows.
    fn glues(
        &self,
        c: char,
        prev: Option<char>,
        next: Option<char>,
        piece: usize,
        at: usize,
        hi: usize,
    ) -> bool {
        let word = |x: Option<char>| x.is_some_and(|x| !is_punct(x));
        let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
        let after = self.slice(at + c.len_utf8(), hi);
        if prev.is_none() {
            // Punctuation opening a word: '05, 'em, +44, .04, .doc.
            return match c {
                '\'' | '’' => digit(next) || after == "em" || after == "n",
                '+' => digit(next),
                '.' => next.is_some_and(char::is_alphanumeric),
                _ => false,
            };
        }
        if !word(prev) {
            return false;
        }
        let before = self.slice(piece, at);
        match c {
            // A period ending the core was kept by the trailing rules ("Dr.", "J.").
            '.' => {
                next.is_none()
                    || word(next)
                    || is_dotted_acronym(before)
                    || self.abbreviations.abbreviation(before).is_some()
            }
            ',' => {
                digit(prev) && {
                    let d = after.bytes().take_while(u8::is_ascii_digit).count();
                    d == 3
                }
            }
            ':' => digit(prev) && digit(next),
            '\'' | '’' | '`' => next.is_some_and(char::is_alphabetic),
            '-' => word(next) && self.hyphen_glues(before, after),
            '/' => {
                (digit(prev) && digit(next) && slash_number_glues(before, after))
                    || (before.chars().count() == 1
                        && after.chars().take_while(|c| c.is_alphabetic()).count() == 1)
            }
            '&' => {
                prev.is_some_and(|p| p.is_ascii_alphabetic())
                    && next.is_some_and(|n| n.is_ascii_alphabetic())
                    && before.len() <= 3
            }
            '@' => word(next),
            _ => false,
        }
    }

    /// Whether the hyphen between `before` (the piece so far) and `after` (the rest of the
    /// core) stays inside the word.
    fn hyphen_glues(&self, before: &str, after: &str) -> bool {
        let mut buf = [0u8; MAX_WORD];
        if ascii_lower(before, &mut buf).is_some_and(|p| self.lex.hyphen_prefixes.contains(p)) {
            return true;
        }
        let has_digit = before.bytes().any(|b| b.is_ascii_digit());
        let has_letter = before.chars().any(char::is_alphabetic);
        // Codes such as ld2d-#69366, but not 2pm-5pm.
        if has_digit && has_letter && self.unit_cut(before).is_none() {
            return true;
        }
        if !before.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return false;
        }
        // Phone numbers, ZIP+4 and dates: 713-853-3989, 77415-0027, 345-9945, 11-20-2000.
        let mut groups: Vec<usize> = before.split('-').map(str::len).collect();
        let rest = after
            .split(|c: char| !(c.is_ascii_digit() || c == '-'))
            .next()
            .unwrap_or("");
        groups.extend(rest.split('-').map(str::len));
        if groups.contains(&0) {
            return false;
        }
        match groups.as_slice() {
            [a, 4] => matches!(a, 1 | 3 | 5),
            g => g.len() >= 3,
        }
    }

    /// Emit one word, split into its parts (listed splits, clitics, number + unit).
    fn word(&self, start: usize, end: usize, out: &mut Vec<Span>) {
        let w = self.slice(start, end);
        if w.is_empty() {
            return;
        }
        let mut buf = [0u8; MAX_WORD];
        if let Some(parts) = ascii_lower(w, &mut buf).and_then(|l| self.lex.splits.get(l)) {
            let mut s = start;
            for &len in parts {
                self.push(out, s, s + len);
                s += len;
            }
            return;
        }
        if let Some(cut) = self.clitic_cut(w) {
            self.push(out, start, start + cut);
            self.push(out, start + cut, end);
            return;
        }
        if let Some(cut) = self.unit_cut(w) {
            self.push(out, start, start + cut);
            self.push(out, start + cut, end);
            return;
        }
        self.push(out, start, end);
    }

    /// Where a clitic ending starts: "do|n't", "Bush|'s", "I|’m".
    fn clitic_cut(&self, w: &str) -> Option<usize> {
        let (apos, a) = w.char_indices().rev().find(|&(_, c)| is_apostrophe(c))?;
        if apos == 0 {
            return None;
        }
        let ending = w.get(apos + a.len_utf8()..)?;
        let mut buf = [0u8; MAX_WORD];
        let ending = ascii_lower(ending, &mut buf)?;
        let stem = w.get(..apos)?;
        if ending == "t" && stem.ends_with(['n', 'N']) && stem.len() > 1 {
            return Some(apos - 1);
        }
        // 1960's and 80's are decades, not clitics.
        let decade = ending == "s" && stem.bytes().all(|b| b.is_ascii_digit());
        (self.lex.clitics.contains(ending)
            && !decade
            && stem.chars().next_back().is_some_and(char::is_alphanumeric))
        .then_some(apos)
    }

    /// Where a unit starts after a number: "35|mm", "7:30|PM", "$3|M".
    fn unit_cut(&self, w: &str) -> Option<usize> {
        let b = w.as_bytes();
        if !b.first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let cut = b.iter().position(|c| c.is_ascii_alphabetic())?;
        let number = b.get(..cut)?;
        if !number
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',' | b':'))
        {
            return None;
        }
        let mut buf = [0u8; MAX_WORD];
        let unit = ascii_lower(w.get(cut..)?, &mut buf)?;
        self.lex.units.contains(unit).then_some(cut)
    }
}

/// "'s", "n't", "’re": a clitic written as a chunk of its own.
fn is_clitic_token(s: &str, lex: &Lexicon) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if is_apostrophe(c) => {
            let mut buf = [0u8; MAX_WORD];
            ascii_lower(chars.as_str(), &mut buf).is_some_and(|e| lex.clitics.contains(e))
        }
        Some('n' | 'N') => {
            matches!(chars.next(), Some(c) if is_apostrophe(c))
                && matches!(chars.next(), Some('t' | 'T'))
                && chars.next().is_none()
        }
        _ => false,
    }
}

/// Whether the slash between digit groups is part of a date (9/11, 11/28/2000) rather
/// than a fraction or ratio (1/2, 24/7).
fn slash_number_glues(before: &str, after: &str) -> bool {
    let len = after
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'/')
        .count();
    let next = after.get(..len).unwrap_or("").trim_end_matches('/');
    let mut groups = [""; 4];
    let mut n = 0;
    for g in before.split('/').chain(next.split('/')) {
        if g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        match groups.get_mut(n) {
            Some(slot) => *slot = g,
            None => return false,
        }
        n += 1;
    }
    let groups = groups.get(..n).unwrap_or(&[]);
    match groups {
        [a, b] => {
            let (x, y) = (
                a.parse::<u32>().unwrap_or(99),
                b.parse::<u32>().unwrap_or(99),
            );
            (1..=12).contains(&x) && (1..=31).contains(&y) && (a.len() > 1 || b.len() > 1)
        }
        g => g.len() == 3,
    }
}

/// Characters of the local part of an e-mail address (and of a host name, without `_`).
fn is_email_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// URLs and e-mail addresses stay whole (their closing punctuation is already peeled).
fn is_url_or_email(s: &str) -> bool {
    if s.contains("://") || s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
        return true;
    }
    match s.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && user.chars().all(is_email_char)
                && host.contains('.')
                && !host.starts_with('.')
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        }
        None => false,
    }
}

/// Byte range of an e-mail address inside a longer core (`"Ann"<ann@example.com`).
fn embedded_email(s: &str) -> Option<(usize, usize)> {
    let at = s.find('@')?;
    let user = s.get(..at)?;
    let start = user
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_email_char(c))
        .last()
        .map(|(i, _)| i)?;
    let host = s.get(at + 1..)?;
    let host_len = host
        .char_indices()
        .take_while(|&(_, c)| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let host = host.get(..host_len)?.trim_end_matches(['.', '-']);
    if !host.contains('.') || host.starts_with('.') {
        return None;
    }
    Some((start, at + 1 + host.len()))
}
