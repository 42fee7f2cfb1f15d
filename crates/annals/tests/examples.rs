//! Every example the README's `sh` blocks and every `--help` text show is run, as written,
//! by `sh` in a directory laid out like the repository's neighbourhood (`../shared` is
//! `$ANNALS_SHARED`, `crates/` the repository's) over a database built from the seeds and
//! the bundled examples, with the files the examples name (`articles.jsonl`, `feeds.txt`,
//! `crawl.warc.gz` …) made from the project's own example articles and test fixtures.
//!
//! The examples are parsed out of the README and the help output, not listed here. Each
//! must exit 0 and print something beyond a table header (or, for `ingest` and `watch`,
//! a summary; for `> FILE`, write the file); a few are checked for what they promise.
//! Training, benchmarks, evaluations over the shared corpora and `watch --every` run for
//! minutes to forever: they must start and keep running for a while without an error, and
//! are then stopped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{shared_dir, workspace_root};

/// How long a long-running example must run without failing before it is stopped.
const LONG_WINDOW: Duration = Duration::from_secs(6);
/// How long any other example may take.
const LIMIT: Duration = Duration::from_secs(300);

/// Examples of these commands run for minutes or forever (word sequences after `annals`).
const LONG_RUNNING: &[&[&str]] = &[
    &["nlp", "train"],
    &["nlp", "clusters"],
    &["nlp", "eval"],
    &["coder", "train"],
    &["bench"],
    &["eval", "extract"],
    &["eval", "events"],
    &["watch"],
    &["serve"],
];

fn annals_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_annals"))
}

/// Run `annals ARGS` (no shell) and return its stdout.
fn annals_out(args: &[&str]) -> String {
    let out = Command::new(annals_bin())
        .args(args)
        .env_remove("ANNALS_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "annals {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Join `\`-continued lines.
fn join_continued(lines: impl Iterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in lines {
        let t = line.trim();
        if let Some(head) = t.strip_suffix('\\') {
            pending.push_str(head.trim_end());
            pending.push(' ');
        } else {
            pending.push_str(t);
            out.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// The commands of the README's ```sh blocks, comments removed, `cargo run --release --`
/// read as `annals`; lines that do not run annals (`cargo test`) are left out.
fn readme_examples(readme: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_sh = !in_sh && line.trim() == "```sh";
            continue;
        }
        if in_sh {
            lines.push(line.to_string());
        }
    }
    join_continued(lines.into_iter())
        .into_iter()
        .map(|l| match l.find("  #") {
            Some(i) => l[..i].trim().to_string(),
            None => l.trim().to_string(),
        })
        .map(|l| l.replace("cargo run --release -- ", "annals "))
        .filter(|l| l.contains("annals "))
        .collect()
}

/// The command paths of every subcommand (`["nlp", "train"]` …), from the help's
/// "Commands:" sections.
fn command_paths(prefix: &[String]) -> Vec<Vec<String>> {
    let mut args: Vec<&str> = prefix.iter().map(String::as_str).collect();
    args.push("--help");
    let help = annals_out(&args);
    let mut paths = vec![prefix.to_vec()];
    let mut in_commands = false;
    for line in help.lines() {
        if line.trim_end() == "Commands:" {
            in_commands = true;
            continue;
        }
        if in_commands {
            if !line.starts_with("  ") {
                break;
            }
            // A description wrapped onto the next line is indented further.
            if line.as_bytes().get(2).is_some_and(u8::is_ascii_whitespace) {
                continue;
            }
            let Some(name) = line.split_whitespace().next() else {
                continue;
            };
            if name != "help" {
                let mut sub = prefix.to_vec();
                sub.push(name.to_string());
                paths.extend(command_paths(&sub));
            }
        }
    }
    paths
}

/// The examples of one help text: the indented lines after an "Example…:" heading.
fn help_examples(help: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_examples = false;
    for line in help.lines() {
        if line.starts_with("Example") && line.trim_end().ends_with(':') {
            in_examples = true;
            continue;
        }
        if in_examples {
            if line.starts_with("  ") {
                lines.push(line.to_string());
            } else {
                in_examples = false;
            }
        }
    }
    join_continued(lines.into_iter())
        .into_iter()
        .map(|l| l.replace("cargo run --release -- ", "annals "))
        .collect()
}

/// `…/NAME` placeholders (README) become the file of that name under `shared/data`, and
/// `postgres://…` URLs the test server's (`ANNALS_TEST_PG_URL`).
fn fill_placeholders(cmd: &str, shared: &Path) -> String {
    let mut out = String::new();
    for (i, word) in cmd.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("postgres://") {
            // A PostgreSQL example runs against the test server CI starts (see .ci/run).
            let url = std::env::var("ANNALS_TEST_PG_URL").unwrap_or_else(|_| {
                panic!("{cmd:?} needs PostgreSQL: set ANNALS_TEST_PG_URL (.ci/run does)")
            });
            // An example that asks for an empty database gets a new one on that server.
            let url = match word.ends_with("/empty_db") {
                true => fresh_pg_database(&url, "annals_examples_empty"),
                false => url,
            };
            out.push_str(&url);
            continue;
        }
        match word.strip_prefix("…/") {
            Some(name) => {
                let found = find_file(&shared.join("data"), name)
                    .unwrap_or_else(|| panic!("{name} (in {cmd:?}) not under shared/data"));
                out.push_str(&found.display().to_string());
            }
            None => out.push_str(word),
        }
    }
    out
}

/// The URL of database `name` on the server of `url`, dropped and created anew with psql.
fn fresh_pg_database(url: &str, name: &str) -> String {
    let base = url.rsplit_once('/').map_or(url, |(server, _)| server);
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        let status = Command::new("psql")
            .args([url, "-q", "-c", &sql])
            .status()
            .expect("psql (PostgreSQL's client) to make an empty database");
        assert!(status.success(), "psql {sql:?} failed");
    }
    format!("{base}/{name}")
}

/// Examples that write a scratch database refuse one left by an earlier example (a
/// stopped long-running run): it is removed before each such example.
fn remove_scratch_database(cmd: &str, work: &Path) {
    let words = annals_words(cmd);
    if words.first() != Some(&"bench") {
        return;
    }
    if let Some(pos) = words.iter().position(|w| *w == "--db") {
        if let Some(db) = words.get(pos + 1).filter(|d| d.ends_with(".db")) {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(work.join(format!("{db}{suffix}")));
            }
        }
    }
}

fn find_file(dir: &Path, name: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == name) {
            return Some(path);
        }
        if path.is_dir() {
            if let Some(found) = find_file(&path, name) {
                return Some(found);
            }
        }
    }
    None
}

/// An HTTP server on 127.0.0.1 answering every request with `feed`.
fn serve_feed(feed: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/world.rss", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 2 {
                line.clear();
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/rss+xml\r\n\
                 Content-Length: {}\r\n\r\n{feed}",
                feed.len()
            );
        }
    });
    url
}

fn gzip_file(src: &Path, dst: &Path) {
    let out = Command::new("gzip").arg("-c").arg(src).output().unwrap();
    assert!(out.status.success(), "gzip {}", src.display());
    std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
    std::fs::write(dst, out.stdout).unwrap();
}

/// A WARC with one HTML response record: the harbour page of the ingest fixtures.
fn warc(html: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        html.len()
    )
    .into_bytes();
    http.extend_from_slice(html);
    let mut rec = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.org/harbour\r\n\
         WARC-Date: 2024-06-19T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    rec.extend_from_slice(&http);
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

/// The working directory: `work/` beside `shared` (a link to `$ANNALS_SHARED`), with
/// `crates` linked to the repository's, `annals.db` and `news.db` holding the seeds and
/// the bundled examples, `stories.db` the story gold's corpus, and every input file the
/// examples name.
fn setup(root: &Path, readme: &str) -> PathBuf {
    let shared = shared_dir();
    let repo = workspace_root();
    let work = root.join("work");
    std::fs::create_dir_all(work.join("models")).unwrap();
    std::os::unix::fs::symlink(&shared, root.join("shared")).unwrap();
    std::os::unix::fs::symlink(repo.join("crates"), work.join("crates")).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(annals_bin())
            .args(args)
            .current_dir(&work)
            .env_remove("ANNALS_DB")
            .output()
            .unwrap();
        assert!(out.status.success(), "setup: annals {args:?}");
    };
    run(&["demo"]);
    run(&["ingest", "../shared/seeds/"]);
    std::fs::copy(work.join("annals.db"), work.join("news.db")).unwrap();
    // The corpus the story gold annotates, for `annals eval stories --db stories.db`.
    run(&[
        "ingest",
        "--db",
        "stories.db",
        "-q",
        "../shared/data/wikinews/wikinews_en.jsonl",
        "../shared/seeds/",
    ]);

    let examples = repo.join("examples");
    let fixtures = repo.join("crates/annals-ingest/tests/fixtures");
    let wire = examples.join("wire.jsonl");
    for name in ["articles.jsonl", "corpus.jsonl"] {
        std::fs::copy(&wire, work.join(name)).unwrap();
    }
    for dst in [
        "dump.jsonl.gz",
        "dumps/2024/wire.jsonl.gz",
        "feeds/2024/wire.jsonl.gz",
    ] {
        gzip_file(&wire, &work.join(dst));
    }
    let briefs = std::fs::read_to_string(examples.join("briefs.csv")).unwrap();
    let export = briefs.replacen(
        "id,published,publisher,title,text",
        "id,date,publisher,title,body",
        1,
    );
    std::fs::write(work.join("export.csv"), export).unwrap();
    std::fs::copy(fixtures.join("world.rss"), work.join("feeds/world.rss")).unwrap();
    std::fs::copy(fixtures.join("harbour-talks.html"), work.join("page.html")).unwrap();
    let page = std::fs::read(fixtures.join("harbour-talks.html")).unwrap();
    std::fs::write(root.join("crawl.warc"), warc(&page)).unwrap();
    gzip_file(&root.join("crawl.warc"), &work.join("crawl.warc.gz"));
    // The README's own actor file.
    let toml = readme
        .split("```toml")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a toml block in the README");
    std::fs::write(work.join("my-actors.toml"), toml).unwrap();
    let feed = std::fs::read_to_string(fixtures.join("world.rss")).unwrap();
    std::fs::write(work.join("feeds.txt"), format!("{}\n", serve_feed(feed))).unwrap();
    // `eval events --gold gold.jsonl --pred events.jsonl`: the dev gold and its coding.
    let gold = repo.join("crates/annals-coder/gold/wikinews-dev.jsonl");
    std::fs::copy(&gold, work.join("gold.jsonl")).unwrap();
    std::fs::write(work.join("events.jsonl"), "").unwrap();
    work
}

/// What running one example gave.
struct Ran {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    /// Still running at the end of its window (and stopped).
    stopped: bool,
}

fn run_example(cmd: &str, work: &Path, window: Duration) -> Ran {
    let bin_dir = annals_bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out_file = tempfile::NamedTempFile::new().unwrap();
    let err_file = tempfile::NamedTempFile::new().unwrap();
    let mut child = {
        use std::os::unix::process::CommandExt;
        Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .current_dir(work)
            .env("PATH", path)
            .env_remove("ANNALS_DB")
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(out_file.reopen().unwrap())
            .stderr(err_file.reopen().unwrap())
            .process_group(0)
            .spawn()
            .unwrap()
    };
    let start = Instant::now();
    let (status, stopped) = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break (s.code(), false);
        }
        if start.elapsed() > window {
            // The whole group: sh and the annals it started.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let read = |f: &tempfile::NamedTempFile| {
        let mut s = String::new();
        let _ = f.reopen().unwrap().read_to_string(&mut s);
        s
    };
    Ran {
        status,
        stdout: read(&out_file),
        stderr: read(&err_file),
        stopped,
    }
}

/// The words after `annals` in the example's annals command.
fn annals_words(cmd: &str) -> Vec<&str> {
    let after = cmd.rsplit("annals ").next().unwrap_or("");
    after.split_whitespace().collect()
}

fn is_long_running(cmd: &str) -> bool {
    let words = annals_words(cmd);
    let watch_once = words.first() == Some(&"watch") && words.contains(&"--once");
    let scored_file = words.contains(&"--pred");
    !watch_once
        && !scored_file
        && LONG_RUNNING
            .iter()
            .any(|prefix| words.len() >= prefix.len() && words[..prefix.len()] == **prefix)
}

/// Output beyond a table or CSV header: two lines, or one JSON value that is not empty.
fn has_content(stdout: &str) -> bool {
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    match lines.as_slice() {
        [] => false,
        [one] => one.starts_with('{') || (one.starts_with('[') && one.trim() != "[]"),
        _ => stdout.trim() != "[]",
    }
}

/// What an example promises beyond output, checked where it says something specific.
fn promise(cmd: &str, ran: &Ran, work: &Path) -> Result<(), String> {
    let words = annals_words(cmd);
    if !cmd.contains("annals ") {
        return Err("not an annals command (a help line wrapped?)".into());
    }
    if let Some(out) = words
        .iter()
        .position(|w| *w == "--out")
        .and_then(|i| words.get(i + 1))
        // `--out -` is standard output: checked like any other output below.
        .filter(|out| **out != "-")
    {
        let len = std::fs::metadata(work.join(out)).map_or(0, |m| m.len());
        return if len > 0 {
            Ok(())
        } else {
            Err(format!("--out {out} not written"))
        };
    }
    if let Some(i) = cmd.find(" > ") {
        let file = work.join(cmd[i + 3..].trim());
        let len = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        return if len > 0 {
            Ok(())
        } else {
            Err(format!("{} is empty", file.display()))
        };
    }
    if words.starts_with(&["coder", "train"]) {
        // Without --out it writes the model file the repository ships, here in work/.
        let len = std::fs::metadata(work.join("models/events.tsv")).map_or(0, |m| m.len());
        return if len > 0 && ran.stderr.contains("weights in models/events.tsv") {
            Ok(())
        } else {
            Err("models/events.tsv not written".into())
        };
    }
    if matches!(words.first(), Some(&"ingest" | &"watch")) {
        return if ran.stderr.contains(" new, ") {
            Ok(())
        } else {
            Err("no ingest summary".into())
        };
    }
    if !has_content(&ran.stdout) {
        return Err("no output beyond a header".into());
    }
    if cmd.contains("Putin visited Pyongyang") {
        let ok = ran
            .stdout
            .lines()
            .any(|l| l.contains("\"cameo\":\"042\"") && l.contains("\"code\":\"PRK\""));
        if !ok {
            return Err("no visit (042) with PRK as the host".into());
        }
    }
    if words.first() == Some(&"search") {
        return search_hits_have_the_words(cmd, work);
    }
    if words.first() == Some(&"show") && !ran.stdout.contains(words.get(1).copied().unwrap_or("")) {
        return Err("does not show the document asked for".into());
    }
    Ok(())
}

/// A search example again as JSON: every hit's snippet holds the query's words (those of
/// three letters or more that are not operators; the table cuts snippets short), compared
/// by their first six letters as the index stems them ("sanctions" finds "sanctioned").
fn search_hits_have_the_words(cmd: &str, work: &Path) -> Result<(), String> {
    let json_cmd = if cmd.contains("--format json") {
        cmd.to_string()
    } else {
        format!("{cmd} --format json")
    };
    let ran = run_example(&json_cmd, work, LIMIT);
    let hits: serde_json::Value = serde_json::from_str(&ran.stdout).map_err(|e| e.to_string())?;
    let hits = hits.as_array().ok_or("not a JSON array")?;
    let query = cmd.split("search").nth(1).unwrap_or("");
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 3 && !["AND", "OR", "NOT", "NEAR"].contains(w))
        .map(|w| w.to_lowercase().chars().take(6).collect::<String>())
        .take_while(|w| w != "format" && w != "limit")
        .collect();
    for hit in hits {
        let snippet = hit["snippet"].as_str().unwrap_or("").to_lowercase();
        if let Some(w) = words.iter().find(|w| !snippet.contains(w.as_str())) {
            return Err(format!("a hit without {w:?}: {snippet}"));
        }
    }
    if hits.is_empty() {
        return Err("no hits".into());
    }
    Ok(())
}

#[test]
#[ignore = "needs ../shared"]
fn every_readme_and_help_example_runs() {
    let shared = shared_dir();
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    let mut examples: Vec<(String, String)> = readme_examples(&readme)
        .into_iter()
        .map(|e| ("README".to_string(), e))
        .collect();
    for path in command_paths(&[]) {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        for e in help_examples(&annals_out(&args)) {
            examples.push((format!("annals {} --help", path.join(" ")), e));
        }
    }
    assert!(
        examples.len() > 40,
        "only {} examples found",
        examples.len()
    );
    let root = tempfile::tempdir().unwrap();
    let work = setup(root.path(), &readme);
    let mut failures = String::new();
    let mut report = String::new();
    for (origin, example) in &examples {
        let cmd = fill_placeholders(example, &shared);
        let long = is_long_running(&cmd);
        remove_scratch_database(&cmd, &work);
        let started = Instant::now();
        let ran = run_example(&cmd, &work, if long { LONG_WINDOW } else { LIMIT });
        let outcome = if ran.stopped && long {
            Ok(())
        } else if ran.stopped {
            Err(format!("still running after {LIMIT:?}"))
        } else if ran.status != Some(0) {
            Err(format!("exit {:?}", ran.status))
        } else {
            promise(&cmd, &ran, &work)
        };
        let _ = writeln!(
            report,
            "{:>6.1}s {} {example}",
            started.elapsed().as_secs_f64(),
            if ran.stopped { "stopped" } else { "ran    " }
        );
        if let Err(why) = outcome {
            let tail: String = ran
                .stderr
                .lines()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .join(" | ");
            let _ = writeln!(failures, "{origin}: `{example}`: {why}; stderr: {tail}");
        }
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "examples that failed:\n{failures}");
}

#[test]
fn examples_are_found_in_readme_and_help_texts() {
    let readme = "text\n```sh\nannals docs   # list\ncargo test --workspace\n\
                  annals nlp train --train a \\\n  --dev b\n```\n```toml\nx = 1\n```\n";
    assert_eq!(
        readme_examples(readme),
        ["annals docs", "annals nlp train --train a --dev b"]
    );
    let help = "Usage: annals show\n\nExamples:\n  annals show wire-0001\n  \
                cargo run --release -- demo\n\nfeeds.txt holds URLs\n";
    assert_eq!(
        help_examples(help),
        ["annals show wire-0001", "annals demo"]
    );
    assert!(is_long_running("annals bench nlp --threads 2"));
    assert!(is_long_running("annals watch feeds.txt --every 15m"));
    assert!(!is_long_running("annals watch feeds.txt --once"));
    assert!(!is_long_running("annals nlp eval-sentences --conllu x"));
    assert!(!is_long_running("echo 'x' | annals code -"));
    assert!(has_content("{\"a\":1}\n"));
    assert!(!has_content("doc  sent  source\n"));
    assert!(!has_content("[]\n"));
    assert!(has_content("id,title\nx,y\n"));
}
