//! Turning what a user types into an FTS5 query.
//!
//! The rule: FTS5 syntax the user writes keeps its meaning, and every other word is quoted,
//! so punctuation inside a word never becomes syntax.
//!
//! Kept as syntax:
//! * `"double-quoted phrases"` (copied verbatim, `""` inside is a literal quote);
//! * `AND`, `OR`, `NOT` written in capitals as words of their own;
//! * parentheses for grouping;
//! * `NEAR(a b, 10)` (the comma is syntax only inside it), and the infix form
//!   `a NEAR/10 b`, rewritten to `NEAR(a b, 10)` (`a NEAR/10 b NEAR/10 c` to one group);
//! * a trailing `*` on a word (prefix search: `sanction*`), a leading `^` (the word must
//!   start the sentence).
//!
//! Every other whitespace-separated word becomes a quoted phrase: `U.S.` → `"U.S."`, which
//! the tokenizer reads as the adjacent tokens `u s`; `Putin's` → `"Putin's"` (`putin s`);
//! `Jong-un` → `"Jong-un"`. Lowercase `and`/`or`/`not` are ordinary words. A word with no
//! letter or digit at all (`-`, `&`, `—`) is dropped, since it can match nothing. Column
//! filters (`text:`) are not supported: the index has one column, so `text:x` is just words.
//!
//! Limits, so that no query can run for minutes: at most [`MAX_QUERY_BYTES`] bytes,
//! [`MAX_TERMS`] terms and [`MAX_PREFIX_TERMS`] prefix terms, each prefix with at least
//! [`MIN_PREFIX_CHARS`] letters or digits before its `*` (every prefix term is a scan over
//! all the index's words it starts; `a*` is most of them). A query over a limit is refused
//! with a message saying which; messages quote at most [`QUOTED_PREFIX_CHARS`] characters
//! of the query ([`quoted_prefix`]).

/// Longest a search may run before it is interrupted and refused: a query of very
/// common words ("the", `th*`) makes FTS5 rank most of the index.
pub(crate) const SEARCH_DEADLINE: std::time::Duration = std::time::Duration::from_secs(1);

/// Interrupts the connection's running statement once [`SEARCH_DEADLINE`] has passed,
/// unless dropped first. A timer thread, so no SQLite hook feature is needed.
pub(super) struct Deadline {
    cancel: Option<std::sync::mpsc::Sender<()>>,
}

impl Deadline {
    pub(super) fn start(conn: &rusqlite::Connection) -> Deadline {
        let handle = conn.get_interrupt_handle();
        let (cancel, cancelled) = std::sync::mpsc::channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("search-deadline".into())
            .spawn(move || {
                if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    cancelled.recv_timeout(SEARCH_DEADLINE)
                {
                    handle.interrupt();
                }
            });
        // Without the thread the search simply has no deadline.
        Deadline {
            cancel: spawned.is_ok().then_some(cancel),
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(cancel) = self.cancel.take() {
            let _ = cancel.send(());
        }
    }
}

/// The refusal for a search interrupted by its [`Deadline`], if `e` is that.
pub(super) fn deadline_message(e: &rusqlite::Error) -> Option<String> {
    match e {
        rusqlite::Error::SqliteFailure(err, _) if err.code == rusqlite::ErrorCode::OperationInterrupted => {
            Some(format!(
                "the query matches too many sentences to rank within {} s; add a rarer word or search for a phrase",
                SEARCH_DEADLINE.as_secs()
            ))
        }
        _ => None,
    }
}

/// Longest query searched, in bytes.
pub(super) const MAX_QUERY_BYTES: usize = 2_000;
/// Most terms (words and phrases) in one query.
pub(super) const MAX_TERMS: usize = 64;
/// Most prefix terms (`word*`) in one query.
pub(super) const MAX_PREFIX_TERMS: usize = 4;
/// Fewest letters or digits before the `*` of a prefix term.
pub(super) const MIN_PREFIX_CHARS: usize = 2;
/// Characters of the query an error message quotes.
pub(super) const QUOTED_PREFIX_CHARS: usize = 60;

/// The query as an error message quotes it: at most [`QUOTED_PREFIX_CHARS`] characters,
/// with `…` and the full length when cut.
pub(crate) fn quoted_prefix(query: &str) -> String {
    match query.char_indices().nth(QUOTED_PREFIX_CHARS) {
        Some((cut, _)) => format!(
            "{}… ({} bytes)",
            query.get(..cut).unwrap_or_default(),
            query.len()
        ),
        None => query.to_owned(),
    }
}

/// What a `NEAR(…, x)` with anything but a number as `x` gets; FTS5 itself would fail with a
/// bare SQL error ("expected integer") rather than a syntax error.
const NEAR_DISTANCE: &str = "NEAR(…, N) needs a whole number after the comma";

/// Rewrite `query` for FTS5 `MATCH`. `Err` explains a query that cannot be searched.
pub(crate) fn to_fts5(query: &str) -> Result<String, String> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(format!(
            "the query is {} bytes; at most {MAX_QUERY_BYTES} are searched",
            query.len()
        ));
    }
    // FTS5 stops reading a query at a NUL character, which would leave a phrase open (an
    // "unterminated string" SQL error instead of a bad query); no search needs one.
    if query.contains('\0') {
        return Err("the query contains a NUL character".to_owned());
    }
    let mut b = Builder::default();
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
                if near_depths.last() == Some(&depth) && b.after_comma() {
                    return Err(NEAR_DISTANCE.to_owned());
                }
                let len =
                    quoted_len(rest).ok_or_else(|| "a double quote is not closed".to_owned())?;
                let (phrase, tail) = rest.split_at(len);
                b.term(phrase.to_owned())?;
                rest = tail;
            }
            '(' => {
                depth += 1;
                b.syntax("(")?;
                rest = &rest[1..];
            }
            ')' => {
                if near_depths.last() == Some(&depth) {
                    near_depths.pop();
                }
                depth = depth.saturating_sub(1);
                b.syntax(")")?;
                rest = &rest[1..];
            }
            ',' if near_depths.last() == Some(&depth) => {
                b.syntax(",")?;
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
                    b.syntax(word)?;
                } else if word == "NEAR" && rest.starts_with('(') {
                    b.syntax(word)?;
                    near_depths.push(depth + 1);
                } else if in_near && !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
                    // The distance of NEAR(…, N).
                    b.syntax(word)?;
                } else if in_near && b.after_comma() {
                    return Err(NEAR_DISTANCE.to_owned());
                } else if let Some(distance) = infix_near(word) {
                    b.near(distance?)?;
                } else if let Some(term) = quote_word(word)? {
                    b.term(term)?;
                }
            }
        }
    }
    b.finish()
}

/// One piece of the rewritten query.
#[derive(Debug)]
enum Item {
    /// Syntax copied as written: an operator, a parenthesis, a comma, a distance.
    Syntax(String),
    /// A quoted word or phrase.
    Term(String),
    /// `NEAR(terms…, distance)` from the infix form `a NEAR/N b`.
    Near(Vec<String>, u32),
}

/// The rewritten query, with its term counts checked as it grows.
#[derive(Debug, Default)]
struct Builder {
    items: Vec<Item>,
    terms: usize,
    prefixes: usize,
    /// An infix `NEAR/N` waiting for the term after it.
    pending_near: Option<u32>,
}

impl Builder {
    /// Whether the last item is a `,` (inside `NEAR(…, N)`, where only a number may follow).
    fn after_comma(&self) -> bool {
        matches!(self.items.last(), Some(Item::Syntax(s)) if s == ",")
    }

    fn syntax(&mut self, s: &str) -> Result<(), String> {
        if self.pending_near.is_some() {
            return Err(near_needs_terms());
        }
        self.items.push(Item::Syntax(s.to_owned()));
        Ok(())
    }

    fn term(&mut self, term: String) -> Result<(), String> {
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(format!(
                "the query has more than {MAX_TERMS} words and phrases"
            ));
        }
        if term.ends_with('*') {
            self.prefixes += 1;
            if self.prefixes > MAX_PREFIX_TERMS {
                return Err(format!(
                    "the query has more than {MAX_PREFIX_TERMS} prefix terms (word*)"
                ));
            }
        }
        let Some(distance) = self.pending_near.take() else {
            self.items.push(Item::Term(term));
            return Ok(());
        };
        // FTS5 has no `^` inside NEAR(…): rewritten, `a NEAR/5 ^b` would be a syntax error.
        let first_has_caret = match self.items.last() {
            Some(Item::Term(first)) => first.starts_with('^'),
            _ => false,
        };
        if term.starts_with('^') || first_has_caret {
            return Err(NEAR_CARET.to_owned());
        }
        match self.items.pop() {
            Some(Item::Near(mut terms, d)) if d == distance => {
                terms.push(term);
                self.items.push(Item::Near(terms, d));
            }
            Some(Item::Term(first)) => self.items.push(Item::Near(vec![first, term], distance)),
            _ => return Err(near_needs_terms()),
        }
        Ok(())
    }

    /// An infix `NEAR/N`: the term before it and the one after are grouped.
    fn near(&mut self, distance: u32) -> Result<(), String> {
        match self.items.last() {
            Some(Item::Term(_) | Item::Near(..)) if self.pending_near.is_none() => {
                self.pending_near = Some(distance);
                Ok(())
            }
            _ => Err(near_needs_terms()),
        }
    }

    fn finish(self) -> Result<String, String> {
        if self.pending_near.is_some() {
            return Err(near_needs_terms());
        }
        if self.terms == 0 {
            return Err("the query has no word to search for".to_owned());
        }
        let parts: Vec<String> = self
            .items
            .into_iter()
            .map(|item| match item {
                Item::Syntax(s) | Item::Term(s) => s,
                Item::Near(terms, d) => format!("NEAR({}, {d})", terms.join(" ")),
            })
            .collect();
        Ok(parts.join(" "))
    }
}

/// What `a NEAR/N ^b` (or `^a NEAR/N b`) gets.
const NEAR_CARET: &str =
    "NEAR/N cannot take a ^ word (first word of a sentence); drop the ^ or the NEAR/N";

fn near_needs_terms() -> String {
    "NEAR/N needs a word or phrase on each side (a NEAR/5 b)".to_owned()
}

/// The distance of an infix `NEAR/N` (`None` when `word` is not of that form).
fn infix_near(word: &str) -> Option<Result<u32, String>> {
    let digits = word.strip_prefix("NEAR/")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        digits
            .parse::<u32>()
            .map_err(|_| format!("NEAR/{digits}: the distance is too large")),
    )
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

/// `word` as a quoted FTS5 phrase, keeping a leading `^` and a trailing `*` as syntax;
/// `None` for a word that can match nothing, `Err` for a prefix too short to search.
fn quote_word(word: &str) -> Result<Option<String>, String> {
    let (caret, body) = match word.strip_prefix('^') {
        Some(body) => ("^", body),
        None => ("", word),
    };
    let (body, star) = match body.strip_suffix('*') {
        Some(body) => (body, "*"),
        None => (body, ""),
    };
    let alnum = body.chars().filter(|c| c.is_alphanumeric()).count();
    if alnum == 0 {
        return Ok(None);
    }
    if !star.is_empty() && alnum < MIN_PREFIX_CHARS {
        return Err(format!(
            "a prefix term needs at least {MIN_PREFIX_CHARS} letters or digits before its * ({})",
            quoted_prefix(word)
        ));
    }
    // Words never contain '"' (it starts a phrase), but escape anyway.
    Ok(Some(format!(
        "{caret}\"{}\"{star}",
        body.replace('"', "\"\"")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn infix_near_becomes_a_near_group() {
        assert_eq!(
            fts("munitions NEAR/5 containers"),
            r#"NEAR("munitions" "containers", 5)"#
        );
        assert_eq!(
            fts(r#""North Korea" NEAR/10 Russia NEAR/10 arms AND Putin"#),
            r#"NEAR("North Korea" "Russia" "arms", 10) AND "Putin""#
        );
        for bad in [
            "NEAR/5 a",
            "a NEAR/5",
            "a NEAR/5 NEAR/5 b",
            "a NEAR/5 ( b )",
            "a NEAR/3 b NEAR/4 c",
        ] {
            let err = to_fts5(bad).unwrap_err();
            assert!(err.contains("NEAR/N"), "{bad}: {err}");
        }
        assert!(to_fts5("a NEAR/99999999999 b")
            .unwrap_err()
            .contains("too large"));
        // Lowercase, or without a number, it is a word.
        assert_eq!(fts("a near/5 b"), r#""a" "near/5" "b""#);
        assert_eq!(fts("a NEAR/ b"), r#""a" "NEAR/" "b""#);
        // Found by the fts_query fuzz target: FTS5 has no `^` inside NEAR(…).
        for bad in ["a NEAR/0 ^b", "^a NEAR/5 b", "a NEAR/5 b NEAR/5 ^c"] {
            assert_eq!(to_fts5(bad), Err(NEAR_CARET.to_owned()), "{bad}");
        }
    }

    #[test]
    fn queries_over_the_limits_are_refused_by_name() {
        let long = "word ".repeat(MAX_QUERY_BYTES / 5 + 1);
        let err = to_fts5(&long).unwrap_err();
        assert!(err.contains(&format!("{} bytes", long.len())), "{err}");
        let many = "word ".repeat(MAX_TERMS + 1);
        assert!(to_fts5(&many).unwrap_err().contains("more than 64 words"));
        assert!(to_fts5(&"word ".repeat(MAX_TERMS)).is_ok());
        let prefixes = "ab* ".repeat(MAX_PREFIX_TERMS + 1);
        assert!(to_fts5(&prefixes).unwrap_err().contains("prefix terms"));
        assert!(to_fts5(&"ab* ".repeat(MAX_PREFIX_TERMS)).is_ok());
        let err = to_fts5("sanctions a*").unwrap_err();
        assert!(
            err.contains("at least 2 letters") && err.contains("(a*)"),
            "{err}"
        );
        // 400 one-letter prefix terms (1.2 KB) once took 14 s; now refused at once.
        assert!(to_fts5(&"a* ".repeat(400)).is_err());
    }

    #[test]
    fn a_statement_past_the_deadline_is_interrupted_and_explained() {
        let conn = rusqlite::Connection::open_in_memory().expect("in-memory database");
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
                       SELECT count(*) FROM c";
        let deadline = Deadline::start(&conn);
        let err = conn
            .query_row(endless, [], |r| r.get::<_, i64>(0))
            .expect_err("interrupted");
        drop(deadline);
        let message = deadline_message(&err).expect("a deadline error");
        assert!(message.contains("within 1 s"), "{message}");
        // Dropped in time, the deadline leaves the connection alone.
        let deadline = Deadline::start(&conn);
        let one: i64 = conn.query_row("SELECT 1", [], |r| r.get(0)).expect("runs");
        drop(deadline);
        std::thread::sleep(SEARCH_DEADLINE + std::time::Duration::from_millis(200));
        assert_eq!(one, 1);
        let two: i64 = conn.query_row("SELECT 2", [], |r| r.get(0)).expect("runs");
        assert_eq!(two, 2);
    }

    #[test]
    fn errors_quote_a_prefix_of_the_query() {
        assert_eq!(quoted_prefix("short"), "short");
        let long = "é".repeat(10_000);
        let q = quoted_prefix(&long);
        assert_eq!(
            q,
            format!("{}… (20000 bytes)", "é".repeat(QUOTED_PREFIX_CHARS))
        );
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
            "NEAR/5",
            "NEAR/",
            "(a NEAR/1 b)",
            "a NEAR/0 \"b\"",
        ] {
            let _ = to_fts5(q);
        }
    }
}
