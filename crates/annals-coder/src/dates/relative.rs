//! Phrases relative to the publication date: "yesterday", "on Wednesday", "last week",
//! "earlier this month", "two days ago".

use annals_core::DateBasis;
use jiff::civil::{Date, Weekday};

use super::{lexicon, Ctx, Found, Tense, When};

/// Which way a "last"/"next" moves from the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shift {
    Last,
    This,
    Next,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

fn unit(word: &str) -> Option<Unit> {
    match word {
        "day" | "days" => Some(Unit::Day),
        "week" | "weeks" => Some(Unit::Week),
        "month" | "months" => Some(Unit::Month),
        "year" | "years" => Some(Unit::Year),
        _ => None,
    }
}

fn shift(word: &str) -> Option<Shift> {
    match word {
        "last" | "past" | "previous" => Some(Shift::Last),
        "this" | "current" => Some(Shift::This),
        "next" | "coming" => Some(Shift::Next),
        _ => None,
    }
}

pub(crate) fn find(ctx: &Ctx<'_>, i: usize) -> Option<Found> {
    let w = ctx.lower(i);
    let done = |end: usize, when: When| {
        Some(Found {
            start: i,
            end,
            when,
            basis: DateBasis::Relative,
        })
    };
    match w.as_str() {
        "today" | "tonight" => return done(i + 1, ctx.anchor(|p| Some(When::Day(p)))),
        "yesterday" => return done(i + 1, ctx.anchor(|p| p.yesterday().ok().map(When::Day))),
        "tomorrow" => return done(i + 1, ctx.anchor(|p| p.tomorrow().ok().map(When::Day))),
        _ => {}
    }
    if w == "this"
        && matches!(
            ctx.lower(i + 1).as_str(),
            "morning" | "afternoon" | "evening"
        )
    {
        return done(i + 2, ctx.anchor(|p| Some(When::Day(p))));
    }
    if lexicon::weekday(ctx.form(i)).is_some() {
        return weekday(ctx, i, i, None);
    }
    // "earlier this month", "later this year"
    if matches!(w.as_str(), "earlier" | "later") && ctx.lower(i + 1) == "this" {
        let u = unit(&ctx.lower(i + 2))?;
        return done(i + 3, ctx.anchor(|p| period(p, Shift::This, u)));
    }
    if let Some(sh) = shift(&w) {
        // "the last week of June" is not last week.
        if i.checked_sub(1).is_some_and(|p| ctx.lower(p) == "the") {
            return None;
        }
        if lexicon::weekday(ctx.form(i + 1)).is_some() {
            return weekday(ctx, i, i + 1, Some(sh));
        }
        let u = unit(&ctx.lower(i + 1))?;
        if u == Unit::Day {
            return None;
        }
        return done(i + 2, ctx.anchor(|p| period(p, sh, u)));
    }
    // "two days ago", "a year ago"
    let n = lexicon::count(ctx.form(i))?;
    let u = unit(&ctx.lower(i + 1))?;
    if ctx.lower(i + 2) != "ago" {
        return None;
    }
    done(i + 3, ctx.anchor(|p| ago(p, n, u)))
}

/// "Wednesday", "last Wednesday", "on Wednesday, June 19" (the written date wins).
fn weekday(ctx: &Ctx<'_>, start: usize, day: usize, sh: Option<Shift>) -> Option<Found> {
    let after = if ctx.form(day + 1) == "," {
        day + 2
    } else {
        day + 1
    };
    if let Some(found) = ctx.explicit(after) {
        return Some(Found { start, ..found });
    }
    let target = lexicon::weekday(ctx.form(day))?;
    let future = ctx.tense(day) == Tense::Future;
    let when = ctx.anchor(|p| {
        let back = |p: Date, strict: bool| {
            let mut n = days_between(target, p.weekday());
            if strict && n == 0 {
                n = 7;
            }
            add_days(p, -n)
        };
        let forward = |p: Date, strict: bool| {
            let mut n = days_between(p.weekday(), target);
            if strict && n == 0 {
                n = 7;
            }
            add_days(p, n)
        };
        let d = match sh {
            Some(Shift::Last) => back(p, true),
            Some(Shift::Next) => forward(p, true),
            _ if future => forward(p, false),
            _ => back(p, false),
        }?;
        Some(When::Day(d))
    });
    Some(Found {
        start,
        end: day + 1,
        when,
        basis: DateBasis::Relative,
    })
}

/// Days from weekday `a` forward to weekday `b` (0–6).
fn days_between(a: Weekday, b: Weekday) -> i64 {
    i64::from((b.to_monday_zero_offset() - a.to_monday_zero_offset()).rem_euclid(7))
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_months(n).ok()?).ok()
}

/// The Monday–Sunday week holding `d`.
fn week_of(d: Date) -> Option<When> {
    let monday = add_days(d, -i64::from(d.weekday().to_monday_zero_offset()))?;
    Some(When::Days(monday, add_days(monday, 6)?))
}

fn period(p: Date, sh: Shift, u: Unit) -> Option<When> {
    let step = match sh {
        Shift::Last => -1,
        Shift::This => 0,
        Shift::Next => 1,
    };
    match u {
        Unit::Day => add_days(p, step).map(When::Day),
        Unit::Week => week_of(add_days(p, 7 * step)?),
        Unit::Month => {
            let m = add_months(p.first_of_month(), step)?;
            Some(When::Month(m.year(), m.month()))
        }
        Unit::Year => Some(When::Year(p.year().checked_add(i16::try_from(step).ok()?)?)),
    }
}

fn ago(p: Date, n: i64, u: Unit) -> Option<When> {
    match u {
        Unit::Day => add_days(p, -n).map(When::Day),
        Unit::Week => week_of(add_days(p, -7 * n)?),
        Unit::Month => {
            let m = add_months(p.first_of_month(), -n)?;
            Some(When::Month(m.year(), m.month()))
        }
        Unit::Year => Some(When::Year(p.year().checked_sub(i16::try_from(n).ok()?)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_distance() {
        assert_eq!(days_between(Weekday::Monday, Weekday::Wednesday), 2);
        assert_eq!(days_between(Weekday::Friday, Weekday::Monday), 3);
        assert_eq!(days_between(Weekday::Sunday, Weekday::Sunday), 0);
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        let Ok(p) = "2024-06-19".parse::<Date>() else {
            return;
        };
        let expected = ("2024-06-10".parse().ok(), "2024-06-16".parse().ok());
        match period(p, Shift::Last, Unit::Week) {
            Some(When::Days(a, b)) => assert_eq!((Some(a), Some(b)), expected),
            other => panic!("{other:?}"),
        }
        assert_eq!(ago(p, 2, Unit::Year), Some(When::Year(2022)));
        assert_eq!(
            period(p, Shift::Last, Unit::Month),
            Some(When::Month(2024, 5))
        );
    }
}
