//! `annals export` end to end over the database `annals demo` builds with the real
//! pipeline: every format round-tripped with the demo's counts and values pinned, and the
//! Parquet output read by real pyarrow (the test marked "needs pyarrow"; `.ci/run`
//! installs it).
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "common/server.rs"]
mod server;

use std::path::Path;
use std::process::Command;

/// Events, documents and mention rows of the demo database.
const EVENTS: usize = 25;
const DOCUMENTS: usize = 7;
const MENTIONS: usize = 73;

fn export(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_annals"))
        .arg("export")
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("ANNALS_DB")
        .output()
        .expect("run annals export");
    assert!(
        out.status.success(),
        "annals export {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn csv_records(text: &str, delimiter: u8) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    (header, r.records().map(Result::unwrap).collect())
}

#[test]
fn every_text_format_round_trips_the_demo() {
    let db = server::demo_db("export-text");
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let (header, rows) = csv_records(
            &export(db, &["events", "--format", format, "--out", "-"]),
            delimiter,
        );
        assert_eq!(header, annals_core::event_csv::CSV_COLUMNS, "{format}");
        assert_eq!(rows.len(), EVENTS, "{format}");
        let dyad: Vec<&str> = rows
            .iter()
            .filter(|r| &r[7] == "RUSGOV" && &r[10] == "PRKGOV")
            .map(|r| &r[13])
            .collect();
        // The two pacts, the summit's meeting and the cooperation between Moscow and
        // Pyongyang (brief-un-01).
        assert_eq!(dyad, ["057", "040", "060", "057"], "{format}");
    }
    let jsonl = export(db, &["events", "--format", "jsonl", "--out", "-"]);
    let events: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), EVENTS);
    assert!(events
        .iter()
        .all(|e| e["goldstein"].is_f64() && e["sentence"].is_u64()));
    let (header, docs) = csv_records(
        &export(db, &["documents", "--format", "csv", "--out", "-"]),
        b',',
    );
    assert_eq!(docs.len(), DOCUMENTS);
    let n_events = header.iter().position(|h| h == "n_events").unwrap();
    let total: usize = docs
        .iter()
        .map(|d| d[n_events].parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, EVENTS);
    let mentions = export(db, &["mentions", "--format", "jsonl", "--out", "-"]);
    assert_eq!(mentions.lines().count(), MENTIONS);
}

#[test]
fn gdelt_and_polecat_layouts_of_the_demo() {
    let db = server::demo_db("export-layouts");
    let gdelt = export(db, &["events", "--format", "gdelt", "--out", "-"]);
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), EVENTS);
    assert!(rows.iter().all(|r| r.len() == 61));
    // Every row has its id, codes, QuadClass, Goldstein and counts; no geo coordinates.
    for r in &rows {
        for i in [0, 26, 27, 28, 29, 30, 31, 32, 33, 59] {
            assert!(!r[i].is_empty(), "column {} empty in {r:?}", i + 1);
        }
        for i in [34, 40, 41, 48, 49, 56, 57] {
            assert!(r[i].is_empty(), "column {} filled in {r:?}", i + 1);
        }
    }
    let pyongyang: Vec<&Vec<&str>> = rows
        .iter()
        .filter(|r| r[7] == "RUS" && r[17] == "PRK")
        .collect();
    // The two RUSGOV→PRKGOV pacts, the summit's meeting, the cooperation of Moscow and
    // Pyongyang, Russia's expected expansion of rail links (061), and two more Russia→North
    // Korea events (other sectors).
    assert_eq!(pyongyang.len(), 7);
    let polecat = export(db, &["events", "--format", "polecat", "--out", "-"]);
    let lines: Vec<Vec<&str>> = polecat.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), EVENTS + 1);
    assert_eq!(
        lines[0][..4],
        ["Event ID", "Event Date", "Event Type", "Event Mode"]
    );
}

#[test]
fn filters_and_usage_errors() {
    let db = server::demo_db("export-filters");
    let dyad = export(
        db,
        &[
            "events", "--format", "jsonl", "--dyad", "RUS,PRK", "--out", "-",
        ],
    );
    assert_eq!(dyad.lines().count(), 15);
    let out = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args([
            "export", "events", "--format", "parquet", "--out", "-", "--db",
        ])
        .arg(db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Parquet is binary"));
}

/// The Parquet output read by pyarrow: the types a pandas or DuckDB user gets, one file
/// and the month directories as a hive-partitioned dataset.
#[test]
#[ignore = "needs pyarrow"]
fn pyarrow_reads_the_parquet_with_the_right_types() {
    let db = server::demo_db("export-pyarrow");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.parquet");
    let by_month = dir.path().join("by-month");
    export(
        db,
        &[
            "events",
            "--format",
            "parquet",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    export(
        db,
        &[
            "events",
            "--format",
            "parquet",
            "--out",
            by_month.to_str().unwrap(),
        ],
    );
    let script = r#"
import json, sys
import pyarrow.parquet as pq, pyarrow.dataset as ds
t = pq.read_table(sys.argv[1])
d = ds.dataset(sys.argv[2], format="parquet", partitioning="hive").to_table()
meta = pq.ParquetFile(sys.argv[1]).metadata.row_group(0)
enc = {meta.column(i).path_in_schema: list(meta.column(i).encodings) for i in range(meta.num_columns)}
print(json.dumps({
    "rows": t.num_rows,
    "dataset_rows": d.num_rows,
    "months": sorted(set(str(m) for m in d.column("month").to_pylist())),
    "types": {f.name: str(f.type) for f in t.schema},
    "nullable": {f.name: f.nullable for f in t.schema},
    "cameo_encodings": enc["cameo"],
}))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&file)
        .arg(&by_month)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed for this test: {e}"));
    assert!(
        out.status.success(),
        "python3 with pyarrow is needed (pip install pyarrow): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["rows"], EVENTS);
    assert_eq!(got["dataset_rows"], EVENTS);
    assert_eq!(
        got["months"],
        serde_json::json!(["2023-08", "2024-06", "undated"])
    );
    let ty = |c: &str| got["types"][c].as_str().unwrap().to_owned();
    assert_eq!(ty("date_start"), "date32[day]");
    assert_eq!(ty("date_end"), "date32[day]");
    assert_eq!(ty("goldstein"), "double");
    assert_eq!(ty("confidence"), "double");
    assert_eq!(ty("trigger_start"), "int64");
    assert_eq!(ty("historical"), "bool");
    assert_eq!(ty("cameo"), "string");
    assert_eq!(got["nullable"]["cameo"], false);
    assert_eq!(got["nullable"]["source_code"], true);
    assert!(
        got["cameo_encodings"]
            .to_string()
            .contains("RLE_DICTIONARY"),
        "{got}"
    );
}
