//! `annals watch FEEDS.txt`: poll a list of feeds and ingest their new items.
//!
//! Each round fetches every feed in list order (conditionally, with the ETag and
//! Last-Modified each one last sent; they are kept in `<db>.watch.json` so a re-run also
//! asks conditionally) and hands a changed feed's bytes to the ingest pipeline as
//! [`Format::Feed`]. A failing feed is reported and skipped; the others go on and it is
//! tried again next round. A line of the list that is not a URL is reported (file:line)
//! and skipped the same way. Ctrl-C (handled with the `ctrlc` crate) stops after the feed
//! being fetched, with everything so far stored; a second Ctrl-C exits at once.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use annals_ingest::fetch::{FetchConfig, FetchOutcome, Fetcher, ValidatorCache};
use annals_ingest::{Format, ReaderOptions};
use anyhow::{bail, Context, Result};

use super::ingest::{default_jobs, Analyzer, Ingestor};
use super::{load_pipeline, open_store, Status};
use crate::cli::{GlobalArgs, WatchArgs};

/// Documents written per transaction while ingesting a feed.
const BATCH: usize = 256;

pub fn run(global: &GlobalArgs, args: WatchArgs) -> Result<Status> {
    let (feeds, bad_lines) = read_feed_list(&args.feeds)?;
    let cache_path = validator_cache_path(&global.db);
    let mut cache = match ValidatorCache::load(&cache_path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("warning: {e}; starting without stored validators");
            ValidatorCache::new()
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    if !args.once {
        let flag = Arc::clone(&stop);
        let handler = ctrlc::set_handler(move || {
            if flag.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("stopping after the current feed (Ctrl-C again to quit now)");
        });
        if let Err(e) = handler {
            eprintln!("warning: cannot catch Ctrl-C ({e}); it will stop watch abruptly");
        }
    }
    let analyzer = Arc::new(Analyzer::full(load_pipeline(&args.model)?, &[])?);
    let fetcher = Fetcher::new(FetchConfig::default());
    let opts = ReaderOptions {
        format: Some(Format::Feed),
        follow_links: args.follow_links,
        ..ReaderOptions::default()
    };
    let mut round = 0u64;
    loop {
        round += 1;
        let started = Instant::now();
        let report = poll_round(
            global,
            &feeds,
            &fetcher,
            &analyzer,
            &opts,
            &mut cache,
            &cache_path,
            &stop,
        )?;
        if !global.quiet {
            eprintln!("round {round}: {report} → {}", global.db.display());
        }
        if args.once {
            return Ok(
                if report.failed_feeds + report.failed_docs + bad_lines > 0 {
                    Status::Failed
                } else {
                    Status::Success
                },
            );
        }
        if stop.load(Ordering::SeqCst) || sleep_until(started + args.every, &stop) {
            return Ok(Status::Success);
        }
    }
}

/// What one round did.
#[derive(Debug, Default)]
struct RoundReport {
    feeds: usize,
    changed: usize,
    not_modified: usize,
    failed_feeds: usize,
    new: usize,
    present: usize,
    failed_docs: usize,
}

impl std::fmt::Display for RoundReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} feeds ({} changed, {} not modified, {} failed); {} new, {} already present, {} failed",
            self.feeds,
            self.changed,
            self.not_modified,
            self.failed_feeds,
            self.new,
            self.present,
            self.failed_docs
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn poll_round(
    global: &GlobalArgs,
    feeds: &[String],
    fetcher: &Fetcher,
    analyzer: &Arc<Analyzer>,
    opts: &ReaderOptions,
    cache: &mut ValidatorCache,
    cache_path: &Path,
    stop: &AtomicBool,
) -> Result<RoundReport> {
    let mut report = RoundReport::default();
    for url in feeds {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        report.feeds += 1;
        match fetcher.fetch(url, cache.get(url)) {
            Ok(FetchOutcome::NotModified) => {
                report.not_modified += 1;
                tracing::info!("{url}: not modified");
            }
            Ok(FetchOutcome::Fetched {
                final_url,
                body,
                validators,
                ..
            }) => {
                report.changed += 1;
                // One ingestor per feed, so each feed's counts are exact once it is stored.
                let store = open_store(&global.db)?;
                let mut ingestor = Ingestor::with_analyzer(
                    store,
                    Arc::clone(analyzer),
                    default_jobs(),
                    BATCH,
                    global.quiet,
                );
                ingestor.ingest_bytes(&final_url, &body, opts);
                let summary = ingestor.finish();
                tracing::info!("{url}: {summary}");
                let stored = summary.new + summary.present + summary.updated;
                report.new += summary.new;
                report.present += summary.present + summary.updated;
                report.failed_docs += summary.failed;
                // A feed nothing could be read from is fetched in full next round.
                if stored > 0 || summary.failed == 0 {
                    cache.set(url, validators);
                    if let Err(e) = cache.save(cache_path) {
                        eprintln!("warning: {e}");
                    }
                }
            }
            Err(e) => {
                report.failed_feeds += 1;
                eprintln!("error: {e}");
            }
        }
    }
    Ok(report)
}

/// Sleep until `deadline` in short steps; returns true if asked to stop meanwhile.
fn sleep_until(deadline: Instant, stop: &AtomicBool) -> bool {
    const STEP: Duration = Duration::from_millis(200);
    loop {
        if stop.load(Ordering::SeqCst) {
            return true;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        std::thread::sleep(left.min(STEP));
    }
}

/// `<db>.watch.json`, beside the database.
pub fn validator_cache_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".watch.json");
    db.with_file_name(name)
}

/// Feed URLs, one a line; blank lines and lines starting with `#` are skipped. A line
/// that is not an http(s) URL is reported with the file and line and skipped (the other
/// feeds are still watched); the count of such lines is returned with the feeds. A list
/// with no feed at all is an error.
fn read_feed_list(path: &Path) -> Result<(Vec<String>, usize)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading feed list {}", path.display()))?;
    let (feeds, bad) = parse_feed_list(&text);
    for (line, msg) in &bad {
        eprintln!("error: {}:{line}: {msg}; skipped", path.display());
    }
    if feeds.is_empty() {
        bail!("{}: no feed URLs", path.display());
    }
    Ok((feeds, bad.len()))
}

/// The feed URLs of a list, each once, and the lines (1-based) that are not URLs.
fn parse_feed_list(text: &str) -> (Vec<String>, Vec<(usize, String)>) {
    let mut feeds = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !annals_ingest::fetch::is_url(line) || line.contains(char::is_whitespace) {
            let shown: String = line.chars().take(80).collect();
            bad.push((i + 1, format!("not an http(s) URL: {shown:?}")));
        } else if !feeds.iter().any(|f| f == line) {
            feeds.push(line.to_owned());
        }
    }
    (feeds, bad)
}

/// `30s`, `15m`, `1h`, `1h30m`, `1d`: at least one second.
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let err = || format!("invalid interval {s:?} (examples: 30s, 15m, 1h30m, 1d)");
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(err()),
        };
        let n: u64 = digits.parse().map_err(|_| err())?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(err)?;
        digits.clear();
    }
    if !digits.is_empty() || total == 0 {
        return Err(err());
    }
    Ok(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_interval("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_interval(" 45s "), Ok(Duration::from_secs(45)));
        assert_eq!(parse_interval("2d"), Ok(Duration::from_secs(172_800)));
        for bad in ["", "15", "0m", "m", "1x", "-5m", "99999999999999999999h"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn feed_lists() {
        let list = "# news\n\nhttps://a.example/rss\n  http://b.example/atom.xml  \n\
                    # off: http://c.example\nhttps://a.example/rss\n";
        let (feeds, bad) = parse_feed_list(list);
        assert_eq!(
            feeds,
            ["https://a.example/rss", "http://b.example/atom.xml"]
        );
        assert!(bad.is_empty());
        let (feeds, bad) = parse_feed_list("https://ok.example\nfeeds.txt\nhttp://b.example\n");
        assert_eq!(feeds, ["https://ok.example", "http://b.example"]);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, 2);
    }

    #[test]
    fn cache_sits_beside_the_database() {
        assert_eq!(
            validator_cache_path(Path::new("/d/news.db")),
            PathBuf::from("/d/news.db.watch.json")
        );
        assert_eq!(
            validator_cache_path(Path::new("annals.db")),
            PathBuf::from("annals.db.watch.json")
        );
    }
}
