//! `annals timeline`: counts of a dyad's events per week or month, by QuadClass or PLOVER
//! type, as a table and optionally an SVG chart.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};

use annals_core::{DatePrecision, Event};
use annals_store::EventQuery;

use super::{open_story_store, Status};
use crate::cli::GlobalArgs;
use crate::output::write_table;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Period {
    Week,
    Month,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The two actors or countries, either direction: `RUS,PRK`.
    #[arg(long)]
    pub dyad: String,
    /// Events dated on or after (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    #[arg(long)]
    pub since: Option<String>,
    /// Events dated on or before.
    #[arg(long)]
    pub until: Option<String>,
    /// Period of each count.
    #[arg(long, value_enum, default_value_t = Period::Month)]
    pub by: Period,
    /// Count by PLOVER event type instead of QuadClass.
    #[arg(long)]
    pub plover: bool,
    /// Count each event cluster once (the same event from several reports), at its best
    /// date, instead of every coded event.
    #[arg(long)]
    pub clustered: bool,
    /// Also draw the counts as a line chart into this SVG file.
    #[arg(long)]
    pub svg: Option<PathBuf>,
    #[command(flatten)]
    pub db: crate::cli::DbArg,
}

const QUAD_NAMES: [&str; 4] = [
    "verbal coop",
    "material coop",
    "verbal conflict",
    "material conflict",
];

/// The period a date falls in, when the date is at least as precise as the period.
fn period_of(value: &str, precision: Option<DatePrecision>, by: Period) -> Option<String> {
    let day = value.get(..10);
    match (by, precision) {
        (Period::Month, Some(DatePrecision::Day | DatePrecision::Month)) => {
            value.get(..7).map(str::to_string)
        }
        (Period::Week, Some(DatePrecision::Day)) => {
            let date: jiff::civil::Date = day?.parse().ok()?;
            let week = date.iso_week_date();
            Some(format!("{}-W{:02}", week.year(), week.week()))
        }
        _ => None,
    }
}

/// One counted happening: its period and category.
struct Count {
    period: String,
    category: String,
}

fn category(e: &Event, plover: bool) -> String {
    if plover {
        e.plover.clone().unwrap_or_else(|| "-".into())
    } else {
        QUAD_NAMES
            .get(usize::from(e.quad_class).saturating_sub(1))
            .map_or_else(|| "-".into(), |s| s.to_string())
    }
}

fn counts(
    events: &[Event],
    args: &TimelineArgs,
    clusters: Option<&ClusterIndex>,
) -> (Vec<Count>, usize) {
    let mut out = Vec::new();
    let mut undated = 0;
    let mut seen = std::collections::HashSet::new();
    for e in events.iter().filter(|e| !e.historical) {
        let mut date = (e.date.value.clone(), e.date.precision);
        if let Some(c) = clusters.and_then(|index| index.get(&e.event_id)) {
            if !seen.insert(c.id.clone()) {
                continue;
            }
            if c.date.0.is_some() {
                date = c.date.clone();
            }
        }
        let period = date
            .0
            .as_deref()
            .and_then(|v| period_of(v, date.1, args.by));
        match period {
            Some(period) => out.push(Count {
                period,
                category: category(e, args.plover),
            }),
            None => undated += 1,
        }
    }
    (out, undated)
}

/// The cluster of an event and the cluster's best date.
struct ClusterInfo {
    id: String,
    date: (Option<String>, Option<DatePrecision>),
}

/// Event id → its cluster.
type ClusterIndex = std::collections::HashMap<String, ClusterInfo>;

fn cluster_index(db: &Path) -> Result<ClusterIndex> {
    use annals_stories::StoryStore;
    let store = open_story_store(db)?;
    let mut index = ClusterIndex::new();
    for c in store.event_clusters()? {
        let precision = c
            .best_date_precision
            .as_deref()
            .and_then(|p| serde_json::from_value(serde_json::Value::String(p.into())).ok());
        for m in c.mentions {
            let info = ClusterInfo {
                id: c.cluster_id.clone(),
                date: (c.best_date.clone(), precision),
            };
            index.insert(m.event_id, info);
        }
    }
    Ok(index)
}

pub fn run(global: &GlobalArgs, args: TimelineArgs) -> Result<Status> {
    let Some((a, b)) = args
        .dyad
        .split_once(',')
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
    else {
        bail!("--dyad takes two codes separated by a comma, e.g. RUS,PRK");
    };
    let store = open_story_store(&global.db)?;
    let mut events = store.events(&EventQuery {
        dyad: Some((a, b)),
        since: args.since.clone(),
        until: args.until.clone(),
        ..EventQuery::default()
    })?;
    // A cluster is counted once, at its best date (the most precise its sources give).
    events.sort_by(|x, y| {
        let key = |e: &Event| (e.date.value.is_none(), e.date.value.clone());
        key(x).cmp(&key(y))
    });
    let index = if args.clustered {
        Some(cluster_index(&global.db)?)
    } else {
        None
    };
    let (found, undated) = counts(&events, &args, index.as_ref());
    let mut table: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut categories: Vec<String> = if args.plover {
        Vec::new()
    } else {
        QUAD_NAMES.iter().map(|s| s.to_string()).collect()
    };
    for c in &found {
        if !categories.contains(&c.category) {
            categories.push(c.category.clone());
        }
        *table
            .entry(c.period.clone())
            .or_default()
            .entry(c.category.clone())
            .or_default() += 1;
    }
    let mut columns: Vec<&str> = vec!["period"];
    columns.extend(categories.iter().map(String::as_str));
    columns.push("total");
    fill_gaps(&mut table, args.by);
    let rows: Vec<Vec<String>> = table
        .iter()
        .map(|(period, per)| {
            let mut row = vec![period.clone()];
            row.extend(
                categories
                    .iter()
                    .map(|c| per.get(c).copied().unwrap_or(0).to_string()),
            );
            row.push(per.values().sum::<usize>().to_string());
            row
        })
        .collect();
    let mut out = std::io::stdout().lock();
    write_table(&mut out, &columns, &rows)?;
    writeln!(
        out,
        "{} {} counted; {undated} without a date precise enough for the period (historical background left out)",
        found.len(),
        if args.clustered { "event clusters" } else { "events" },
    )?;
    if let Some(path) = &args.svg {
        draw(path, &args.dyad, &categories, &table)
            .with_context(|| format!("writing {}", path.display()))?;
        writeln!(out, "chart written to {}", path.display())?;
    }
    Ok(Status::Success)
}

/// Add the empty periods between the first and the last, so gaps show as zeros.
fn fill_gaps(table: &mut BTreeMap<String, BTreeMap<String, usize>>, by: Period) {
    let (Some(first), Some(last)) = (table.keys().next().cloned(), table.keys().last().cloned())
    else {
        return;
    };
    let mut current = first;
    // Bounded: a century of weeks at most, whatever the data.
    for _ in 0..5_300 {
        let Some(next) = next_period(&current, by) else {
            return;
        };
        if next > last {
            return;
        }
        table.entry(next.clone()).or_default();
        current = next;
    }
}

/// The period after `period` (`YYYY-MM` or `YYYY-Www`).
fn next_period(period: &str, by: Period) -> Option<String> {
    match by {
        Period::Month => {
            let (y, m) = period.split_once('-')?;
            let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
            let (y, m) = if m >= 12 { (y + 1, 1) } else { (y, m + 1) };
            Some(format!("{y:04}-{m:02}"))
        }
        Period::Week => {
            let (y, w) = period.split_once("-W")?;
            let week = jiff::civil::ISOWeekDate::new(
                y.parse().ok()?,
                w.parse().ok()?,
                jiff::civil::Weekday::Monday,
            )
            .ok()?;
            let next = week.date().checked_add(jiff::Span::new().days(7)).ok()?;
            let iso = next.iso_week_date();
            Some(format!("{}-W{:02}", iso.year(), iso.week()))
        }
    }
}

/// A line per category over the periods (every period with a count, in order).
fn draw(
    path: &Path,
    dyad: &str,
    categories: &[String],
    table: &BTreeMap<String, BTreeMap<String, usize>>,
) -> Result<()> {
    use plotters::prelude::*;
    let periods: Vec<&String> = table.keys().collect();
    let max = table
        .values()
        .flat_map(|per| per.values())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let root = SVGBackend::new(path, (900, 420)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow::anyhow!("{e}"))?;
    let n = periods.len().max(1);
    let mut chart = ChartBuilder::on(&root)
        .caption(format!("{dyad}: events per period"), ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(40)
        // Periods at whole numbers, half a period of margin each side.
        .build_cartesian_2d(-0.5..n as f64 - 0.5, 0..max + 1)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        periods
            .get(i as usize)
            .map_or_else(String::new, |p| p.to_string())
    };
    chart
        .configure_mesh()
        .x_labels(n.min(12))
        .x_label_formatter(&label)
        .y_desc("count")
        .draw()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for (i, cat) in categories.iter().enumerate() {
        let colour = Palette99::pick(i).stroke_width(2);
        let points: Vec<(f64, usize)> = periods
            .iter()
            .enumerate()
            .map(|(x, p)| {
                let count = table.get(*p).and_then(|per| per.get(cat)).copied();
                (x as f64, count.unwrap_or(0))
            })
            .collect();
        chart
            .draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        chart
            .draw_series(LineSeries::new(points, colour))
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .label(cat.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], Palette99::pick(i)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    root.present().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_follow_each_other_across_year_ends() {
        assert_eq!(
            next_period("2023-12", Period::Month).as_deref(),
            Some("2024-01")
        );
        assert_eq!(
            next_period("2024-W25", Period::Week).as_deref(),
            Some("2024-W26")
        );
        // 2020 has 53 ISO weeks.
        assert_eq!(
            next_period("2020-W52", Period::Week).as_deref(),
            Some("2020-W53")
        );
        assert_eq!(
            next_period("2020-W53", Period::Week).as_deref(),
            Some("2021-W01")
        );
        assert_eq!(
            period_of("2024-06-19", Some(DatePrecision::Day), Period::Week).as_deref(),
            Some("2024-W25")
        );
        assert_eq!(
            period_of("2024-06", Some(DatePrecision::Month), Period::Week),
            None
        );
        assert_eq!(
            period_of("2024-06", Some(DatePrecision::Month), Period::Month).as_deref(),
            Some("2024-06")
        );
    }

    #[test]
    fn gaps_between_periods_are_zero_rows() {
        let mut table: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        table
            .entry("2023-11".into())
            .or_default()
            .insert("x".into(), 1);
        table
            .entry("2024-02".into())
            .or_default()
            .insert("x".into(), 2);
        fill_gaps(&mut table, Period::Month);
        let keys: Vec<&str> = table.keys().map(String::as_str).collect();
        assert_eq!(keys, ["2023-11", "2023-12", "2024-01", "2024-02"]);
    }
}
