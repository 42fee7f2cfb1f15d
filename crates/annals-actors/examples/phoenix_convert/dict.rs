//! Reading PETRARCH-2 / TABARI dictionary files (the format the files' headers describe):
//! an entry line `NAME_PHRASE_ [CODE dates] # comment`, alias lines `+OTHER_PHRASE_`, and
//! tab-indented `[CODE dates]` lines that belong to the entry above; dates are `YYMMDD` or
//! `YYYYMMDD`, `>D` (from D on), `<D` (until D), `D1-D2` (from D1 until D2).

/// One `[CODE dates]` of an entry, its dates already read into annals' `YYYY[-MM[-DD]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub code: String,
    pub from: Option<String>,
    pub until: Option<String>,
    /// The bracket held a date annals could not read (the code is then not used).
    pub bad_date: bool,
}

impl Code {
    pub fn dated(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }
}

/// One dictionary entry: the phrase, its `+` alternatives, and every code given for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub aliases: Vec<String>,
    pub codes: Vec<Code>,
    pub line: usize,
    pub comment: String,
}

/// Split a line into its text (comment removed), its bracketed codes, and the comment.
fn split_line(line: &str) -> (String, Vec<String>, String) {
    let (body, comment) = match line.split_once('#') {
        Some((b, c)) => (b, c.trim().to_string()),
        None => (line, String::new()),
    };
    let mut text = String::new();
    let mut codes = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('[') {
        text.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find(']') {
            Some(close) => {
                codes.push(after.get(..close).unwrap_or("").trim().to_string());
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                rest = "";
            }
        }
    }
    text.push_str(rest);
    (text, codes, comment)
}

/// Parse an actors file (`Phoenix.Countries.actors.txt`, `Phoenix.International.actors.txt`).
pub fn parse_actors(text: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let indented = raw.starts_with([' ', '\t']);
        let (body, codes, comment) = split_line(raw);
        let body = body.trim();
        let codes: Vec<Code> = codes.iter().filter_map(|c| parse_code(c)).collect();
        if body.is_empty() {
            if indented || !codes.is_empty() {
                if let Some(e) = entries.last_mut() {
                    e.codes.extend(codes);
                }
            }
            continue;
        }
        if body.starts_with('+') {
            if let Some(e) = entries.last_mut() {
                e.aliases.extend(
                    body.split('+')
                        .map(|a| a.trim().replace(' ', "_"))
                        .filter(|a| !a.is_empty()),
                );
                e.codes.extend(codes);
            }
            continue;
        }
        entries.push(Entry {
            name: body.replace(' ', "_"),
            aliases: Vec::new(),
            codes,
            line: i + 1,
            comment,
        });
    }
    entries
}

/// One agents-file line: the phrase (substitution sets already expanded) and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub phrase: String,
    pub code: String,
    pub line: usize,
}

/// Parse `Phoenix.agents.txt`: `PHRASE {PLURALS} [~CODE]`, with `!SET! = A, B` lines
/// defining substitution sets used as `FOREIGN_!MINIST!`. Only the singular members of a
/// set are kept (annals matches plurals itself).
pub fn parse_agents(text: &str) -> Vec<Agent> {
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let (body, codes, _) = split_line(raw);
        let body = body.trim();
        if let Some((name, members)) = body.split_once('=') {
            let name = name.trim();
            if name.starts_with('!') && name.ends_with('!') {
                let singular: Vec<String> = members
                    .split(',')
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty() && !is_plural_member(m))
                    .collect();
                sets.push((name.to_string(), singular));
            }
            continue;
        }
        let Some(code) = codes.first() else { continue };
        // `{CHAMBERS_OF_COMMERCE}` gives irregular plurals; annals needs only the singular.
        let phrase = match body.split_once('{') {
            Some((p, _)) => p.trim(),
            None => body,
        };
        if phrase.is_empty() {
            continue;
        }
        let code = code.trim().trim_start_matches('~').to_string();
        for p in expand(phrase, &sets) {
            out.push(Agent {
                phrase: p,
                code: code.clone(),
                line: i + 1,
            });
        }
    }
    out
}

/// MEN, WOMEN, MINISTERS, MINISTRIES: plural members of a substitution set.
fn is_plural_member(m: &str) -> bool {
    m.ends_with("MEN") || m.ends_with("IES") || (m.ends_with('S') && !m.ends_with("SS"))
}

fn expand(phrase: &str, sets: &[(String, Vec<String>)]) -> Vec<String> {
    for (name, members) in sets {
        if phrase.contains(name.as_str()) {
            return members
                .iter()
                .flat_map(|m| expand(&phrase.replacen(name.as_str(), m, 1), sets))
                .collect();
        }
    }
    vec![phrase.to_string()]
}

/// Read `CODE`, `CODE >D`, `CODE <D`, `CODE D1-D2`; `---` (no code) gives `None`.
pub fn parse_code(inner: &str) -> Option<Code> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.to_string();
    if code.starts_with('-') || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let spec: String = parts.collect();
    let mut c = Code {
        code,
        from: None,
        until: None,
        bad_date: false,
    };
    if spec.is_empty() {
        return Some(c);
    }
    let (from, until) = if let Some(d) = spec.strip_prefix('>') {
        (Some(d), None)
    } else if let Some(d) = spec.strip_prefix('<') {
        (None, Some(d))
    } else if let Some((a, b)) = spec.split_once('-') {
        (Some(a), Some(b))
    } else {
        c.bad_date = true;
        return Some(c);
    };
    c.from = from.and_then(read_date);
    c.until = until.and_then(read_date);
    c.bad_date = from.is_some() != c.from.is_some() || until.is_some() != c.until.is_some();
    Some(c)
}

// `is_multiple_of` is newer than the workspace's rust-version (1.80).
#[allow(clippy::manual_is_multiple_of)]
pub fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// `YYYY-MM-DD`, falling back to `YYYY-MM` or `YYYY` when the day or month is impossible.
fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    if !(1800..=2030).contains(&y) {
        return None;
    }
    if !(1..=12).contains(&m) {
        return Some(format!("{y:04}"));
    }
    if d < 1 || d > days_in_month(y, m) {
        return Some(format!("{y:04}-{m:02}"));
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// A Phoenix date as annals text. `YYMMDD` has a two-digit year: 00–20 are 2000–2020 (the
/// files end in 2015), the rest 19xx. `YYYYMMDD` is read as is. A date with a digit too
/// many or too few is kept only to the precision that is certain: `2004017` → `2004`,
/// `9008223` → `1990-08`, `201005011` → `2010-05`; `1920030320` (a stray `19` before an
/// eight-digit date) → `2003-03-20`.
pub fn read_date(d: &str) -> Option<String> {
    if !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let g = |a: usize, b: usize| d.get(a..b).and_then(num);
    let century = |s: &str| s.starts_with("19") || s.starts_with("20");
    match d.len() {
        6 => {
            let yy = g(0, 2)?;
            let y = if yy <= 20 { 2000 + yy } else { 1900 + yy };
            ymd(y, g(2, 4)?, g(4, 6)?)
        }
        8 => ymd(g(0, 4)?, g(4, 6)?, g(6, 8)?),
        7 if century(d) => Some(format!("{:04}", g(0, 4)?)),
        7 => {
            let yy = g(0, 2)?;
            let y = if yy <= 20 { 2000 + yy } else { 1900 + yy };
            let m = g(2, 4)?;
            (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
        }
        10 if d.starts_with("19") && century(d.get(2..)?) => read_date(d.get(2..)?),
        9.. if century(d) => {
            let (y, m) = (g(0, 4)?, g(4, 6)?);
            (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_two_and_four_digit_years() {
        assert_eq!(read_date("011222").as_deref(), Some("2001-12-22"));
        assert_eq!(read_date("730717").as_deref(), Some("1973-07-17"));
        assert_eq!(read_date("19270101").as_deref(), Some("1927-01-01"));
        assert_eq!(read_date("2004017").as_deref(), Some("2004"));
        assert_eq!(read_date("9008223").as_deref(), Some("1990-08"));
        assert_eq!(read_date("201005011").as_deref(), Some("2010-05"));
        assert_eq!(read_date("1920030320").as_deref(), Some("2003-03-20"));
        assert_eq!(read_date("090231").as_deref(), Some("2009-02"));
        assert_eq!(read_date("12ab01"), None);
    }

    #[test]
    fn codes_read_open_and_closed_spans() {
        let c = parse_code("AFGGOV >011222").unwrap_or_else(|| panic!("no code"));
        assert_eq!(
            (c.code.as_str(), c.from.as_deref(), c.until.as_deref()),
            ("AFGGOV", Some("2001-12-22"), None)
        );
        let c = parse_code("USRARM <900823").unwrap_or_else(|| panic!("no code"));
        assert_eq!(c.until.as_deref(), Some("1990-08-23"));
        let c = parse_code("IGOUNO  > 070201").unwrap_or_else(|| panic!("no code"));
        assert_eq!(c.from.as_deref(), Some("2007-02-01"));
        assert_eq!(parse_code("---"), None);
    }

    #[test]
    fn entries_collect_aliases_and_indented_codes() {
        let text = "# header\nHAMID_KARZAI_  # CountryInfo.txt\n+KARZAI_\n+PRESIDENT_KARZAI_ +H_KARZAI\n\t[AFGELI 750101-000101]\n\t[AFGGOV >011222]\n\nKOFI_ANNAN_\t[IGOUNO 970101-061231] [ELI]# IGOrulers\n";
        let e = parse_actors(text);
        assert_eq!(e.len(), 2);
        let k = &e[0];
        assert_eq!(k.name, "HAMID_KARZAI_");
        assert_eq!(k.aliases, ["KARZAI_", "PRESIDENT_KARZAI_", "H_KARZAI"]);
        assert_eq!(k.codes.len(), 2);
        assert_eq!(k.line, 2);
        assert_eq!(e[1].codes.len(), 2);
        assert_eq!(e[1].codes[1].code, "ELI");
    }

    #[test]
    fn agents_expand_substitution_sets_to_singulars() {
        let text = "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON\n!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES\nFOREIGN_!MINIST! [~GOV]\nCATTLE!PERSON! [~AGR]\nCHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]\n";
        let a: Vec<(String, String)> = parse_agents(text)
            .into_iter()
            .map(|a| (a.phrase, a.code))
            .collect();
        let phrases: Vec<&str> = a.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            phrases,
            [
                "FOREIGN_MINISTER",
                "FOREIGN_MINISTRY",
                "CATTLEMAN",
                "CATTLEWOMAN",
                "CATTLEPERSON",
                "CHAMBER_OF_COMMERCE"
            ]
        );
        assert_eq!(a[0].1, "GOV");
    }
}
