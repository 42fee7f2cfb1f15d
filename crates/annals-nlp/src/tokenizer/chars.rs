//! Character classes of the tokenizer: which punctuation is split off, peeled from the
//! front or back of a chunk, and which runs of punctuation form one token.

/// Punctuation that is split off (everything else counts as part of a word).
pub(super) fn is_punct(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '_')
        || matches!(
            c,
            '“' | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '‹'
                | '›'
                | '„'
                | '‚'
                | '–'
                | '—'
                | '―'
                | '−'
                | '…'
                | '•'
                | '·'
                | '¿'
                | '¡'
                | '€'
                | '£'
                | '¥'
                | '¢'
                | '©'
                | '®'
                | '™'
                | '°'
                | '§'
                | '¶'
                | '†'
                | '′'
                | '″'
                | '×'
                | '±'
        )
}

pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

/// Punctuation peeled from the front of a chunk.
pub(super) fn is_leading(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '<'
            | '"'
            | '\''
            | '`'
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '„'
            | '¿'
            | '¡'
            | '$'
            | '#'
            | '*'
            | '~'
            | '-'
            | '–'
            | '—'
            | '€'
            | '£'
            | '¥'
            | '•'
            | '@'
    )
}

/// Punctuation peeled from the back of a chunk.
pub(super) fn is_trailing(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '>'
            | '"'
            | '\''
            | '`'
            | '”'
            | '’'
            | '»'
            | '›'
            | '%'
            | '*'
            | '~'
            | '-'
            | '–'
            | '—'
            | '…'
            | '“'
            | '‘'
    )
}

/// Symbols that form one token when several stand together ("-->", "==----", "<<").
fn is_symbol(c: char) -> bool {
    matches!(c, '-' | '=' | '<' | '>' | '*' | '~' | '+' | '|')
}

/// Byte length of the punctuation token starting with `c` at the start of `s`: a run of
/// symbols, a run of `!` and `?` ("!?!"), or a run of the same character ("...", "''").
pub(super) fn run_len(s: &str, c: char) -> usize {
    let same: fn(char, char) -> bool = if is_symbol(c) {
        |_, x| is_symbol(x)
    } else if matches!(c, '!' | '?') {
        |_, x| matches!(x, '!' | '?')
    } else {
        |c, x| x == c
    };
    s.chars()
        .take_while(|&x| same(c, x))
        .map(char::len_utf8)
        .sum::<usize>()
        .max(c.len_utf8())
}

/// Like [`run_len`] for the punctuation token ending with `c` at the end of `s`; a `!?`
/// run takes one period before it ("room.?").
pub(super) fn run_len_back(s: &str, c: char) -> usize {
    let same: fn(char, char) -> bool = if is_symbol(c) {
        |_, x| is_symbol(x)
    } else if matches!(c, '!' | '?') {
        |_, x| matches!(x, '!' | '?')
    } else {
        |c, x| x == c
    };
    let n: usize = s
        .chars()
        .rev()
        .take_while(|&x| same(c, x))
        .map(char::len_utf8)
        .sum::<usize>()
        .max(c.len_utf8());
    let before = s.get(..s.len().saturating_sub(n)).unwrap_or("");
    if matches!(c, '!' | '?') && before.ends_with('.') && !before.ends_with("..") {
        n + 1
    } else {
        n
    }
}
