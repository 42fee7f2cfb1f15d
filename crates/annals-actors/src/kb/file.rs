//! The on-disk shape of knowledge-base files (data/FORMAT.md) and their parsing, with the
//! file and line of every problem.

use serde::Deserialize;
use toml::Spanned;

use super::KbError;

/// One TOML knowledge-base file: any of the tables may be present.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct KbFile {
    pub country: Vec<CountryRec>,
    pub igo: Vec<IgoRec>,
    pub person: Vec<PersonRec>,
    pub office: Vec<OfficeRec>,
    pub org: Vec<OrgRec>,
}

/// A year written as a number (`from = 1922`) or any date as text (`"1991-12-26"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum DateField {
    Year(i64),
    Text(String),
}

impl DateField {
    pub fn as_text(&self) -> String {
        match self {
            DateField::Year(y) => format!("{y:04}"),
            DateField::Text(t) => t.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountryRec {
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub adjectives: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capitals: Vec<String>,
    #[serde(default)]
    pub seats: Vec<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub from: Option<DateField>,
    #[serde(default)]
    pub until: Option<DateField>,
    #[serde(default)]
    pub successors: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IgoRec {
    pub code: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub adjectives: Vec<String>,
    #[serde(default)]
    pub seats: Vec<String>,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleRec {
    pub office: String,
    #[serde(default)]
    pub from: Option<DateField>,
    #[serde(default)]
    pub until: Option<DateField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PersonRec {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub roles: Vec<RoleRec>,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub verified: Option<DateField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OfficeRec {
    pub id: Spanned<String>,
    pub country: String,
    pub sector: String,
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub shared: bool,
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrgRec {
    pub code: Spanned<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub periods: Vec<PeriodRec>,
}

/// A dated sector of an organisation: the Taliban are rebels, then a government.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodRec {
    #[serde(default)]
    pub from: Option<DateField>,
    #[serde(default)]
    pub until: Option<DateField>,
    pub sector: String,
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()
        .get(..end)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
        + 1
}

/// Byte offsets of a text's line starts, so every entry's line is a binary search instead
/// of a count from the start (which made loading a large file quadratic).
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex(starts)
    }

    /// 1-based line of a byte offset (as `line_of`).
    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

/// Parse a TOML file; a syntax or shape error names the file and line.
pub(crate) fn parse_toml<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
) -> Result<T, KbError> {
    toml::from_str(text).map_err(|e| KbError::Syntax {
        file: file.to_string(),
        line: e.span().map_or(0, |s| line_of(text, s.start)),
        message: e.message().to_string(),
    })
}

/// One `phrase<TAB>sector` line of sectors.tsv.
#[derive(Debug, Clone)]
pub(crate) struct SectorLine {
    pub phrase: String,
    pub sector: String,
    pub line: usize,
}

pub(crate) fn parse_sectors_tsv(file: &str, text: &str) -> Result<Vec<SectorLine>, KbError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let phrase = cols.next().unwrap_or("").trim();
        let sector = cols.next().unwrap_or("").trim();
        if phrase.is_empty() || sector.is_empty() || cols.next().is_some() {
            return Err(KbError::Entry {
                file: file.to_string(),
                line: i + 1,
                key: phrase.to_string(),
                message: "expected `phrase<TAB>sector`".to_string(),
            });
        }
        if !sector.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(KbError::Entry {
                file: file.to_string(),
                line: i + 1,
                key: phrase.to_string(),
                message: format!("sector `{sector}` must be upper-case letters (GOV, MIL, MED …)"),
            });
        }
        out.push(SectorLine {
            phrase: phrase.to_lowercase(),
            sector: sector.to_string(),
            line: i + 1,
        });
    }
    Ok(out)
}

/// The header row that makes a `.tsv` file a people table rather than sector nouns.
pub(crate) const PEOPLE_TSV_HEADER: &str = "id\tname\tnames\tcountry\tsector\troles";

/// Is this `.tsv` text a people table (its first non-comment line is the header row)?
pub(crate) fn is_people_tsv(text: &str) -> bool {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .is_some_and(|l| l == PEOPLE_TSV_HEADER)
}

/// One dated role of a people-table line, dates as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoleCell {
    pub office: String,
    pub from: Option<String>,
    pub until: Option<String>,
}

/// One line of a people table: the fields of a `[[person]]` entry without gender and
/// wikidata, one person per line (a large generated table loads far faster than TOML).
#[derive(Debug, Clone)]
pub(crate) struct PersonLine {
    pub id: String,
    pub name: String,
    pub names: Vec<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub roles: Vec<RoleCell>,
    pub line: usize,
}

/// `office`, `office from..until`, `office from..` or `office ..until`.
fn role_cell(cell: &str) -> Option<RoleCell> {
    let (office, dates) = match cell.trim().split_once(' ') {
        Some((o, d)) => (o, Some(d.trim())),
        None => (cell.trim(), None),
    };
    if office.is_empty() {
        return None;
    }
    let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let (from, until) = match dates {
        None => (None, None),
        Some(d) => {
            let (f, u) = d.split_once("..")?;
            (nonempty(f.trim()), nonempty(u.trim()))
        }
    };
    Some(RoleCell {
        office: office.to_string(),
        from,
        until,
    })
}

/// Parse a people table (`id<TAB>name<TAB>names<TAB>country<TAB>sector<TAB>roles`, names
/// separated by `|`, roles by `;`); a malformed line names the file, line and id.
pub(crate) fn parse_people_tsv(file: &str, text: &str) -> Result<Vec<PersonLine>, KbError> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let err = |key: &str, message: &str| KbError::Entry {
            file: file.to_string(),
            line: i + 1,
            key: key.to_string(),
            message: message.to_string(),
        };
        let [id, name, names, country, sector, roles] = cols.as_slice() else {
            return Err(err(
                cols.first().copied().unwrap_or(""),
                "expected `id<TAB>name<TAB>names<TAB>country<TAB>sector<TAB>roles`",
            ));
        };
        if id.trim().is_empty() || name.trim().is_empty() {
            return Err(err(id, "a person needs an id and a name"));
        }
        let list = |s: &str, sep: char| -> Vec<String> {
            s.split(sep)
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut cells = Vec::new();
        for r in list(roles, ';') {
            cells.push(
                role_cell(&r)
                    .ok_or_else(|| err(id, &format!("role `{r}` is not `office from..until`")))?,
            );
        }
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        out.push(PersonLine {
            id: id.trim().to_string(),
            name: name.trim().to_string(),
            names: list(names, '|'),
            country: opt(country),
            sector: opt(sector),
            roles: cells,
            line: i + 1,
        });
    }
    Ok(out)
}

/// Check a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date; returns it padded to a comparable
/// `YYYY-MM-DD` (first day for `from`, last day for `until`).
pub(crate) fn normalise_date(text: &str, is_end: bool) -> Option<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    if !ok {
        return None;
    }
    let (m, d) = if is_end { ("12", "31") } else { ("01", "01") };
    Some(match parts.as_slice() {
        [y] => format!("{y}-{m}-{d}"),
        [y, mm] => format!("{y}-{mm}-{d}"),
        _ => text.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_pad_to_comparable_days() {
        assert_eq!(normalise_date("2012", false).as_deref(), Some("2012-01-01"));
        assert_eq!(
            normalise_date("2012-05", true).as_deref(),
            Some("2012-05-31")
        );
        assert_eq!(
            normalise_date("2012-05-07", true).as_deref(),
            Some("2012-05-07")
        );
        assert_eq!(normalise_date("May 2012", false), None);
        assert_eq!(normalise_date("2012-5-7", false), None);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse_toml::<KbFile>("user.toml", "[[country]]\ncode = \"XXA\"\nname = \n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("user.toml:3:"), "{err}");
    }

    #[test]
    fn line_index_agrees_with_counting() {
        let text = "a\nbc\n\nd";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line(offset), line_of(text, offset), "offset {offset}");
        }
    }

    #[test]
    fn people_tables_are_read_and_checked() {
        let text = "# generated\nid\tname\tnames\tcountry\tsector\troles\n\
                    urho-k\tUrho Kekkonen\tU. Kekkonen|Urho K. Kekkonen\tFIN\t\tFIN/member 1956-03-01..1982-01-27; FIN/member 1990..\n\
                    x\tX Y\t\t\tOPP\t\n";
        assert!(is_people_tsv(text));
        assert!(!is_people_tsv("official\tGOV\n"));
        let people = parse_people_tsv("p.tsv", text).unwrap_or_default();
        assert_eq!(people.len(), 2);
        let k = &people[0];
        assert_eq!(
            (k.line, k.names.len(), k.country.as_deref()),
            (3, 2, Some("FIN"))
        );
        assert_eq!(
            k.roles[1],
            RoleCell {
                office: "FIN/member".into(),
                from: Some("1990".into()),
                until: None
            }
        );
        assert_eq!(people[1].sector.as_deref(), Some("OPP"));
        let bad = parse_people_tsv(
            "p.tsv",
            "id\tname\tnames\tcountry\tsector\troles\nq\tQ R\t\t\t\tFIN/member 1990-2000\n",
        )
        .err()
        .map(|e| e.to_string());
        assert_eq!(
            bad.as_deref(),
            Some("p.tsv:2: q: role `FIN/member 1990-2000` is not `office from..until`")
        );
    }

    #[test]
    fn tsv_lines_are_checked() {
        let ok = parse_sectors_tsv("s.tsv", "# c\nofficial\tGOV\nstate media\tMED\n");
        assert_eq!(ok.map(|v| v.len()).ok(), Some(2));
        let bad = parse_sectors_tsv("s.tsv", "official GOV\n")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            bad.as_deref(),
            Some("s.tsv:1: official GOV: expected `phrase<TAB>sector`")
        );
    }
}
