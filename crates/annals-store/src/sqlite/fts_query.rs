//! Turning what a user types into an FTS5 query.
//!
//! The rule: FTS5 syntax the user writes keeps its meaning, and every other word is quoted,
//! so punctuation inside a word never becomes syntax.
//!
//! Kept as syntax:
//! * `"double-quoted phrases"` (copied verbatim, `""` inside is a literal quote);
//! * `AND`, `OR`, `NOT` written in capitals as words of their own;
//! * parentheses for grouping;
//! * `NEAR(a b, 10)` (the comma is syntax only inside it);
//! * a trailing `*` on a word (prefix search: `sanction*`), a leading `^` (the word must
//!   start the sentence).
//!
//! Every other whitespace-separated word becomes a quoted phrase: `U.S.` → `"U.S."`, which
//! the tokenizer reads as the adjacent tokens `u s`; `Putin's` → `"Putin's"` (`putin s`);
//! `Jong-un` → `"Jong-un"`. Lowercase `and`/`or`/`not` are ordinary words. A word with no
//! letter or digit at all (`-`, `&`, `—`) is dropped, since it can match nothing. Column
//! filters (`text:`) are not supported: the index has one column, so `text:x` is just words.

/// What a `NEAR(…, x)` with anything but a number as `x` gets; FTS5 itself would fail with a
/// bare SQL error ("expected integer") rather than a syntax error.
const NEAR_DISTANCE: &str = "NEAR(…, N) needs a whole number after the comma";

/// Rewrite `query` for FTS5 `MATCH`. `Err` explains a query that cannot be searched.
pub(super) fn to_fts5(query: &str) -> Result<String, String> {
    // FTS5 stops reading a query at a NUL character, which would leave a phrase open (an
    // "unterminated string" SQL error instead of a bad query); no search needs one.
    if query.contains('\0') {
        return Err("the query contains a NUL character".to_owned());
    }
    let mut out: Vec<String> = Vec::new();
    let mut terms = 0usize;
    let mut depth = 0usize;
    // Paren depth of the innermost open NEAR( group, where ',' is syntax.
    let mut near_depths: Vec<usize> = Vec::new();
    let mut rest = query;

    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        match c {
            '"' => {
                if near_depths.last() == Some(&depth) && out.last().is_some_and(|t| t == ",") {
                    return Err(NEAR_DISTANCE.to_owned());
                }
                let len =
                    quoted_len(rest).ok_or_else(|| "a double quote is not closed".to_owned())?;
                let (phrase, tail) = rest.split_at(len);
                out.push(phrase.to_owned());
                terms += 1;
                rest = tail;
            }
            '(' => {
                depth += 1;
                out.push("(".to_owned());
                rest = &rest[1..];
            }
            ')' => {
                if near_depths.last() == Some(&depth) {
                    near_depths.pop();
                }
                depth = depth.saturating_sub(1);
                out.push(")".to_owned());
                rest = &rest[1..];
            }
            ',' if near_depths.last() == Some(&depth) => {
                out.push(",".to_owned());
                rest = &rest[1..];
            }
            _ => {
                let in_near = near_depths.last() == Some(&depth);
                let end = rest
                    .find(|ch: char| {
                        ch.is_whitespace()
                            || matches!(ch, '"' | '(' | ')')
                            || (in_near && ch == ',')
                    })
                    .unwrap_or(rest.len());
                let (word, tail) = rest.split_at(end);
                rest = tail;
                if matches!(word, "AND" | "OR" | "NOT") {
                    out.push(word.to_owned());
                } else if word == "NEAR" && rest.starts_with('(') {
                    out.push(word.to_owned());
                    near_depths.push(depth + 1);
                } else if in_near && !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
                    // The distance of NEAR(…, N).
                    out.push(word.to_owned());
                } else if in_near && out.last().is_some_and(|t| t == ",") {
                    return Err(NEAR_DISTANCE.to_owned());
                } else if let Some(term) = quote_word(word) {
                    out.push(term);
                    terms += 1;
                }
            }
        }
    }
    if terms == 0 {
        return Err("the query has no word to search for".to_owned());
    }
    Ok(out.join(" "))
}

/// Length in bytes of the FTS5 string at the start of `s` (which starts with `"`),
/// including both quotes; `None` if it is not closed.
fn quoted_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'"') {
            if bytes.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// `word` as a quoted FTS5 phrase, keeping a leading `^` and a trailing `*` as syntax.
fn quote_word(word: &str) -> Option<String> {
    let (caret, body) = match word.strip_prefix('^') {
        Some(body) => ("^", body),
        None => ("", word),
    };
    let (body, star) = match body.strip_suffix('*') {
        Some(body) => (body, "*"),
        None => (body, ""),
    };
    if !body.chars().any(char::is_alphanumeric) {
        return None;
    }
    // Words never contain '"' (it starts a phrase), but escape anyway.
    Some(format!("{caret}\"{}\"{star}", body.replace('"', "\"\"")))
}

#[cfg(test)]
mod tests {
    use super::to_fts5;

    fn fts(q: &str) -> String {
        to_fts5(q).unwrap()
    }

    #[test]
    fn plain_words_are_quoted() {
        assert_eq!(fts("U.S. sanctions"), r#""U.S." "sanctions""#);
        assert_eq!(fts("Putin's   visit"), r#""Putin's" "visit""#);
        assert_eq!(fts("Kim Jong-un"), r#""Kim" "Jong-un""#);
        assert_eq!(fts("text:putin"), r#""text:putin""#);
    }

    #[test]
    fn lowercase_operators_and_bare_punctuation_are_words_or_dropped() {
        assert_eq!(fts("war and peace"), r#""war" "and" "peace""#);
        assert_eq!(fts("Kim - Putin & Xi"), r#""Kim" "Putin" "Xi""#);
    }

    #[test]
    fn fts_syntax_is_kept() {
        assert_eq!(
            fts(r#""North Korea" AND (Putin OR Lavrov)"#),
            r#""North Korea" AND ( "Putin" OR "Lavrov" )"#
        );
        assert_eq!(
            fts("sanction* NOT ^Kremlin"),
            r#""sanction"* NOT ^"Kremlin""#
        );
        assert_eq!(
            fts(r#"say "a ""quoted"" word""#),
            r#""say" "a ""quoted"" word""#
        );
    }

    #[test]
    fn near_keeps_its_comma_and_distance() {
        assert_eq!(fts("NEAR(Putin Kim, 5)"), r#"NEAR ( "Putin" "Kim" , 5 )"#);
        // Outside NEAR a comma is punctuation and numbers are words.
        assert_eq!(fts("Putin, Kim 5"), r#""Putin," "Kim" "5""#);
        // A word named NEAR without a parenthesis is just a word.
        assert_eq!(fts("near NEAR"), r#""near" "NEAR""#);
    }

    #[test]
    fn unsearchable_queries_explain_themselves() {
        assert!(to_fts5("").is_err());
        assert!(to_fts5("  - & * ").is_err());
        assert!(to_fts5("AND OR").is_err());
        let err = to_fts5(r#""unterminated phrase"#).unwrap_err();
        assert!(err.contains("double quote"), "{err}");
    }

    #[test]
    fn a_nul_character_is_refused() {
        // Found by the fts_query fuzz target: "tin \0 pa" reached FTS5 as an open phrase.
        let err = to_fts5("tin \u{0} pa").unwrap_err();
        assert_eq!(err, "the query contains a NUL character");
        assert!(to_fts5("\"a\u{0}b\"").is_err());
    }

    #[test]
    fn near_distance_must_be_a_number() {
        // Found by the fts_query fuzz target: FTS5 answered "expected integer, got ..." as a
        // plain SQL error.
        let err = to_fts5("Putin NEAR(ms, 40wA)").unwrap_err();
        assert_eq!(err, "NEAR(…, N) needs a whole number after the comma");
        assert!(to_fts5("NEAR(a b, x)").is_err());
        // A quoted phrase there too (second run: `i NEAR(s,"\u{17}")`).
        assert_eq!(
            to_fts5(r#"i NEAR(s,"x")"#).unwrap_err(),
            "NEAR(…, N) needs a whole number after the comma"
        );
        assert_eq!(fts("NEAR(a b, 5)"), r#"NEAR ( "a" "b" , 5 )"#);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for q in [
            "((((",
            "))))",
            "NEAR(",
            "NEAR(a,",
            ",,,",
            "^",
            "*",
            "^*",
            "\"\"",
            "\u{0}",
            "é\"",
            "日本 \u{200b}",
            "NEAR(a b, 5) NEAR(c, d)",
        ] {
            let _ = to_fts5(q);
        }
    }
}
