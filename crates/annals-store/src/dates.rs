//! Date values of events as day ranges, so `--since`/`--until` compare text on any backend.

fn year(s: &str) -> Option<&str> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// First and last day (`YYYY-MM-DD`) a date value covers: `2024-06-19`, `2023-09`, `2022`,
/// `1990s`, or an era `1947/1991`. Month ends are written as day 31, which compares
/// correctly as text.
pub fn date_bounds(value: &str) -> Option<(String, String)> {
    if let Some((a, b)) = value.split_once('/') {
        let (a, _) = date_bounds(a)?;
        let (_, b) = date_bounds(b)?;
        return Some((a, b));
    }
    if let Some(decade) = value.strip_suffix('s') {
        let y = year(decade)?;
        let start: u32 = y.parse().ok()?;
        return Some((
            format!("{start:04}-01-01"),
            format!("{:04}-12-31", start + 9),
        ));
    }
    let parts: Vec<&str> = value.split('-').collect();
    match parts.as_slice() {
        [y] => {
            let y = year(y)?;
            Some((format!("{y}-01-01"), format!("{y}-12-31")))
        }
        [y, m] if m.len() == 2 => {
            let y = year(y)?;
            Some((format!("{y}-{m}-01"), format!("{y}-{m}-31")))
        }
        [y, m, d] if m.len() == 2 && d.len() == 2 => {
            let y = year(y)?;
            Some((format!("{y}-{m}-{d}"), format!("{y}-{m}-{d}")))
        }
        _ => None,
    }
}

/// True when an event's date gives no day range (no date, or one no window can compare):
/// the stored `date_first` is NULL, and `--since`/`--until` cannot match it.
pub(crate) fn undated(e: &annals_core::Event) -> bool {
    e.date.value.as_deref().and_then(date_bounds).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_of_each_precision() {
        let b = |s: &str| date_bounds(s);
        assert_eq!(
            b("2024-06-19"),
            Some(("2024-06-19".into(), "2024-06-19".into()))
        );
        assert_eq!(
            b("2023-09"),
            Some(("2023-09-01".into(), "2023-09-31".into()))
        );
        assert_eq!(b("2022"), Some(("2022-01-01".into(), "2022-12-31".into())));
        assert_eq!(b("1990s"), Some(("1990-01-01".into(), "1999-12-31".into())));
        assert_eq!(
            b("1947/1991"),
            Some(("1947-01-01".into(), "1991-12-31".into()))
        );
        assert_eq!(b("soon"), None);
    }
}
