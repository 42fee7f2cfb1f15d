//! Dates and numbers as intervals at their stated precision, so "June 2024" and
//! "19 June 2024" agree while "September 2023" and "June 2024" do not, and "11,000" and
//! "about 10,000" agree while "11,000" and "6,700" do not.

/// A date as the inclusive range of days it covers, each day as `yyyymmdd` (months end on
/// day 31, which orders correctly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// First day covered.
    pub first: u32,
    /// Last day covered.
    pub last: u32,
}

impl DateRange {
    /// The range of an event date value: `2024-06-19`, `2024-06`, `2024`, `1990s`, or an
    /// era `1947/1991`. A timestamp's time of day is ignored. `None` for anything else.
    pub fn parse(value: &str) -> Option<DateRange> {
        if let Some((a, b)) = value.split_once('/') {
            let (a, b) = (DateRange::parse(a)?, DateRange::parse(b)?);
            return Some(DateRange {
                first: a.first,
                last: b.last,
            });
        }
        if let Some(decade) = value.strip_suffix('s') {
            let y = year(decade)?;
            return Some(DateRange {
                first: y * 10_000 + 101,
                last: (y + 9) * 10_000 + 1231,
            });
        }
        let day_part = value.split(['T', ' ']).next().unwrap_or(value);
        let parts: Vec<&str> = day_part.split('-').collect();
        match parts.as_slice() {
            [y] => {
                let y = year(y)?;
                Some(DateRange {
                    first: y * 10_000 + 101,
                    last: y * 10_000 + 1231,
                })
            }
            [y, m] => {
                let (y, m) = (year(y)?, two_digits(m, 12)?);
                let base = y * 10_000 + m * 100;
                Some(DateRange {
                    first: base + 1,
                    last: base + 31,
                })
            }
            [y, m, d] => {
                let day = year(y)? * 10_000 + two_digits(m, 12)? * 100 + two_digits(d, 31)?;
                Some(DateRange {
                    first: day,
                    last: day,
                })
            }
            _ => None,
        }
    }

    /// Whether the two ranges share a day.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    /// Days covered, roughly (months count 31): smaller is more precise.
    pub fn width(&self) -> u32 {
        day_number(self.last).saturating_sub(day_number(self.first))
    }
}

fn year(s: &str) -> Option<u32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn two_digits(s: &str, max: u32) -> Option<u32> {
    let n: u32 = (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()?;
    (1..=max).contains(&n).then_some(n)
}

/// Days since 0000-03-01 of a `yyyymmdd` day (the civil-from-days inverse of the proleptic
/// Gregorian calendar); day 31 of a short month runs into the next month, which is what a
/// month's upper bound should do.
pub fn day_number(yyyymmdd: u32) -> u32 {
    let (y, m, d) = (yyyymmdd / 10_000, (yyyymmdd / 100) % 100, yyyymmdd % 100);
    let y = if m <= 2 { y.saturating_sub(1) } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d.saturating_sub(1);
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

/// A number as the interval its written digits stand for: `11000` covers 10,500–11,500
/// (rounded to thousands), `6700` covers 6,650–6,750, `2.5` covers 2.45–2.55.
pub fn number_interval(value: f64) -> (f64, f64) {
    let half = rounding_unit(value) / 2.0;
    (value - half, value + half)
}

fn rounding_unit(value: f64) -> f64 {
    let v = value.abs();
    if v == 0.0 || !v.is_finite() {
        return 1.0;
    }
    if v.fract() == 0.0 && v < 1e15 {
        let mut unit = 1.0;
        let mut n = v as u64;
        while n > 0 && n.is_multiple_of(10) {
            unit *= 10.0;
            n /= 10;
        }
        return unit;
    }
    // Decimals: the unit of the last written digit (at most 6 places).
    let mut unit = 1.0;
    let mut scaled = v;
    for _ in 0..6 {
        if (scaled - scaled.round()).abs() < 1e-9 {
            break;
        }
        scaled *= 10.0;
        unit /= 10.0;
    }
    unit
}

/// Whether two reported numbers disagree beyond their rounding.
pub fn numbers_disagree(a: f64, b: f64) -> bool {
    let (alo, ahi) = number_interval(a);
    let (blo, bhi) = number_interval(b);
    !(alo < bhi && blo < ahi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> DateRange {
        DateRange::parse(s).unwrap_or(DateRange { first: 0, last: 0 })
    }

    #[test]
    fn dates_at_their_precision() {
        assert_eq!(
            r("2024-06"),
            DateRange {
                first: 20240601,
                last: 20240631
            }
        );
        assert!(r("2024-06").overlaps(&r("2024-06-19")));
        assert!(r("2024").overlaps(&r("2024-06-19")));
        assert!(!r("2023-09").overlaps(&r("2024-06")));
        assert!(!r("2024-06-18").overlaps(&r("2024-06-19")));
        assert!(r("1947/1991").overlaps(&r("1980s")));
        assert_eq!(r("2024-06-19T10:00:00Z"), r("2024-06-19"));
        assert_eq!(DateRange::parse("2024-13"), None);
        assert_eq!(DateRange::parse("soon"), None);
        assert!(r("2024-06-19").width() < r("2024-06").width());
        assert!(r("2024-06").width() < r("2024").width());
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number(20240301) - day_number(20240228), 2); // leap year
        assert_eq!(day_number(20230301) - day_number(20230228), 1);
        assert_eq!(day_number(20250101) - day_number(20240101), 366);
    }

    #[test]
    fn numbers_disagree_only_beyond_rounding() {
        assert!(numbers_disagree(11_000.0, 6_700.0));
        assert!(!numbers_disagree(11_000.0, 10_000.0));
        assert!(!numbers_disagree(11_000.0, 11_000.0));
        assert!(numbers_disagree(3.0, 4.0));
        assert!(!numbers_disagree(2.5, 2.5));
        assert!(numbers_disagree(2.5, 2.6));
        assert_eq!(number_interval(6_700.0), (6_650.0, 6_750.0));
    }
}
