//! Turning what a user types into a PostgreSQL `tsquery` expression, reading the same
//! syntax as the SQLite backend's FTS5 queries where PostgreSQL can express it.
//!
//! * plain words are matched as written (`U.S.`, `Putin's`): each becomes
//!   `phraseto_tsquery(config, word)`, so punctuation inside a word is never syntax;
//! * `"double-quoted phrases"` match as phrases;
//! * `AND`, `OR`, `NOT` (capitals, as words of their own) and parentheses combine terms;
//!   adjacent terms are ANDed; `NOT` binds tightest, then `AND`, then `OR`, as in FTS5;
//! * `prefix*` matches words starting with the prefix (`to_tsquery('…:*')`).
//!
//! Two FTS5 forms are read more loosely, since `tsquery` has no equivalent: `NEAR(a b, N)`
//! matches sentences with all its terms (at any distance), and `^word` matches the word
//! anywhere in the sentence.
//!
//! The result is SQL text with `$n` placeholders (starting at `first_param`) and the
//! values to bind, so no user text is ever spliced into SQL.

/// A parsed query: SQL for a `tsquery` value, and its text parameters in order.
#[derive(Debug, PartialEq)]
pub(super) struct TsQuery {
    pub sql: String,
    pub params: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A word or a phrase, matched with `phraseto_tsquery`.
    Phrase(String),
    /// `to_tsquery` text for a prefix search (`'word':*`).
    Prefix(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

/// The text search configuration of the index (see `schema/0001_init.sql`).
const CONFIG: &str = "'annals_english'";

pub(super) fn to_tsquery(query: &str, first_param: usize) -> Result<TsQuery, String> {
    let tokens = tokenize(query)?;
    if !tokens
        .iter()
        .any(|t| matches!(t, Token::Phrase(_) | Token::Prefix(_)))
    {
        return Err("the query has no word to search for".to_owned());
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        out: TsQuery {
            sql: String::new(),
            params: Vec::new(),
        },
        first_param,
    };
    let sql = parser.or_expr()?;
    if parser.pos < parser.tokens.len() {
        return Err(format!(
            "syntax error near {:?}",
            describe(&parser.tokens[parser.pos])
        ));
    }
    parser.out.sql = sql;
    Ok(parser.out)
}

fn describe(t: &Token) -> &str {
    match t {
        Token::Phrase(s) | Token::Prefix(s) => s,
        Token::And => "AND",
        Token::Or => "OR",
        Token::Not => "NOT",
        Token::Open => "(",
        Token::Close => ")",
    }
}

fn tokenize(query: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut rest = query;
    let mut depth = 0usize;
    // Depths of the open NEAR( groups, where `, N` is the distance, not a word.
    let mut near_depths: Vec<usize> = Vec::new();
    let mut after_comma = false;
    while let Some(c) = rest.chars().next() {
        let comma = c == ',';
        if c.is_whitespace() || comma {
            after_comma |= comma;
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let in_near_tail = after_comma && near_depths.last() == Some(&depth);
        after_comma = false;
        match c {
            '"' => {
                let body = &rest[1..];
                let end = closing_quote(body).ok_or("a double quote is not closed")?;
                tokens.push(Token::Phrase(body[..end].replace("\"\"", "\"")));
                rest = &body[end + 1..];
            }
            '(' => {
                depth += 1;
                tokens.push(Token::Open);
                rest = &rest[1..];
            }
            ')' => {
                if near_depths.last() == Some(&depth) {
                    near_depths.pop();
                }
                depth = depth.saturating_sub(1);
                tokens.push(Token::Close);
                rest = &rest[1..];
            }
            _ => {
                let end = rest
                    .find(|ch: char| ch.is_whitespace() || matches!(ch, '"' | '(' | ')' | ','))
                    .unwrap_or(rest.len());
                let (word, tail) = rest.split_at(end);
                rest = tail;
                match word {
                    "AND" => tokens.push(Token::And),
                    "OR" => tokens.push(Token::Or),
                    "NOT" => tokens.push(Token::Not),
                    // NEAR(a b, N): its terms, ANDed; the distance is dropped.
                    "NEAR" if rest.starts_with('(') => near_depths.push(depth + 1),
                    _ if in_near_tail && word.bytes().all(|b| b.is_ascii_digit()) => {}
                    _ => tokens.extend(word_token(word)),
                }
            }
        }
    }
    Ok(tokens)
}

/// Byte offset of the quote closing a phrase body (`""` inside is a literal quote).
fn closing_quote(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            if bytes.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

fn word_token(word: &str) -> Option<Token> {
    let body = word.strip_prefix('^').unwrap_or(word);
    if let Some(prefix) = body.strip_suffix('*') {
        // Letters and digits only, as quoted lexemes: 'u' <-> 's':* for "U.S*".
        let parts: Vec<String> = prefix
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(|p| format!("'{}'", p.to_lowercase()))
            .collect();
        return (!parts.is_empty()).then(|| Token::Prefix(format!("{}:*", parts.join(" <-> "))));
    }
    body.chars()
        .any(char::is_alphanumeric)
        .then(|| Token::Phrase(body.to_owned()))
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    out: TsQuery,
    first_param: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn or_expr(&mut self) -> Result<String, String> {
        let mut sql = self.and_expr()?;
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            sql = format!("({sql} || {})", self.and_expr()?);
        }
        Ok(sql)
    }

    fn and_expr(&mut self) -> Result<String, String> {
        let mut sql = self.not_expr()?;
        loop {
            match self.peek() {
                Some(Token::And) => self.pos += 1,
                Some(Token::Phrase(_) | Token::Prefix(_) | Token::Open) => {}
                _ => return Ok(sql),
            }
            sql = format!("({sql} && {})", self.not_expr()?);
        }
    }

    fn not_expr(&mut self) -> Result<String, String> {
        let mut sql = self.primary()?;
        while self.peek() == Some(&Token::Not) {
            self.pos += 1;
            sql = format!("({sql} && !!{})", self.primary()?);
        }
        Ok(sql)
    }

    fn primary(&mut self) -> Result<String, String> {
        let token = self.peek().cloned();
        self.pos += 1;
        match token {
            Some(Token::Phrase(text)) => {
                Ok(format!("phraseto_tsquery({CONFIG}, {})", self.bind(text)))
            }
            Some(Token::Prefix(text)) => Ok(format!("to_tsquery({CONFIG}, {})", self.bind(text))),
            Some(Token::Open) => {
                let inner = self.or_expr()?;
                if self.peek() != Some(&Token::Close) {
                    return Err("a parenthesis is not closed".to_owned());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(other) => Err(format!("syntax error near {:?}", describe(&other))),
            None => Err("the query ends where a word was expected".to_owned()),
        }
    }

    fn bind(&mut self, text: String) -> String {
        self.out.params.push(text);
        format!("${}::text", self.first_param + self.out.params.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> (String, Vec<String>) {
        let t = to_tsquery(s, 1).unwrap();
        (t.sql, t.params)
    }

    #[test]
    fn words_are_parameters_and_adjacent_words_are_anded() {
        let (sql, params) = q("U.S. sanctions");
        assert_eq!(
            sql,
            "(phraseto_tsquery('annals_english', $1::text) && \
             phraseto_tsquery('annals_english', $2::text))"
        );
        assert_eq!(params, ["U.S.", "sanctions"]);
    }

    #[test]
    fn operators_bind_not_then_and_then_or() {
        let (sql, params) = q("a OR b NOT c");
        assert_eq!(params, ["a", "b", "c"]);
        assert!(
            sql.starts_with("(phraseto_tsquery('annals_english', $1::text) || ("),
            "{sql}"
        );
        assert!(
            sql.contains("&& !!phraseto_tsquery('annals_english', $3::text)"),
            "{sql}"
        );
    }

    #[test]
    fn phrases_prefixes_and_near() {
        let (_, params) = q("\"nuclear talks\" sanction*");
        assert_eq!(params, ["nuclear talks", "'sanction':*"]);
        let (_, params) = q("NEAR(munitions containers, 5)");
        assert_eq!(params, ["munitions", "containers"]);
        let (_, params) = q("^Putin 2024");
        assert_eq!(params, ["Putin", "2024"]);
        let (_, params) = q("(Putin, 2024)");
        assert_eq!(params, ["Putin", "2024"]);
    }

    #[test]
    fn bad_queries_are_explained() {
        assert!(to_tsquery("\"open", 1).unwrap_err().contains("not closed"));
        assert!(to_tsquery("(Putin", 1).unwrap_err().contains("parenthesis"));
        assert!(to_tsquery("Putin AND", 1).unwrap_err().contains("ends"));
        assert!(to_tsquery("- & —", 1).unwrap_err().contains("no word"));
        assert!(to_tsquery("OR Putin", 1).unwrap_err().contains("OR"));
    }
}
