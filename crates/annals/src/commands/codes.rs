//! `annals codes`: the CAMEO codes with Goldstein score, QuadClass and PLOVER mapping, or
//! the PLOVER types and modes.

use std::io::Write;

use anyhow::Result;
use clap::{Args, ValueEnum};
use serde::Serialize;

use annals_coder::ontology::{CodeRow, Ontology};

use super::Status;
use crate::cli::GlobalArgs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CodesFormat {
    Table,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct CodesArgs {
    /// Show only codes starting with this prefix (`05`, `0`, `1823`).
    pub prefix: Option<String>,
    /// List the PLOVER event types and their modes instead.
    #[arg(long, conflicts_with = "prefix")]
    pub plover: bool,
    #[arg(long, value_enum, default_value_t = CodesFormat::Table)]
    pub format: CodesFormat,
}

#[derive(Serialize)]
struct PloverRow<'a> {
    plover: &'a str,
    mode: Option<&'a str>,
    description: &'a str,
}

pub fn run(_global: &GlobalArgs, args: CodesArgs) -> Result<Status> {
    // A broken pipe (`annals codes | head`) is not a failure: main ends quietly.
    list(&args, &mut std::io::stdout().lock())
}

fn list(args: &CodesArgs, out: &mut impl Write) -> Result<Status> {
    let ont = Ontology::builtin();
    if args.plover {
        let mut rows = Vec::new();
        for t in ont.plover_types() {
            rows.push(PloverRow {
                plover: &t.name,
                mode: None,
                description: &t.description,
            });
            for m in &t.modes {
                rows.push(PloverRow {
                    plover: &t.name,
                    mode: Some(&m.name),
                    description: &m.description,
                });
            }
        }
        let cells = |r: &PloverRow| {
            vec![
                r.plover.to_string(),
                r.mode.unwrap_or("").to_string(),
                r.description.to_string(),
            ]
        };
        write(
            out,
            args.format,
            &["plover", "mode", "description"],
            &rows,
            cells,
        )?;
        return Ok(Status::Success);
    }
    let prefix = args.prefix.as_deref().unwrap_or("");
    let rows = ont.code_rows(prefix);
    if rows.is_empty() {
        anyhow::bail!("no CAMEO code starts with {prefix:?} (codes run from 01 to 20)");
    }
    let cells = |r: &CodeRow| {
        vec![
            r.code.to_string(),
            r.name.to_string(),
            r.goldstein.to_string(),
            r.quad_class.to_string(),
            r.plover.unwrap_or("-").to_string(),
            r.plover_mode.unwrap_or("").to_string(),
        ]
    };
    let columns = ["code", "name", "goldstein", "quad", "plover", "mode"];
    write(out, args.format, &columns, &rows, cells)?;
    Ok(Status::Success)
}

fn write<T: Serialize>(
    out: &mut impl Write,
    format: CodesFormat,
    columns: &[&str],
    rows: &[T],
    cells: impl Fn(&T) -> Vec<String>,
) -> Result<()> {
    match format {
        CodesFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *out, r)?;
                writeln!(out)?;
            }
        }
        CodesFormat::Table => {
            let table: Vec<Vec<String>> = rows.iter().map(cells).collect();
            crate::output::write_table(out, columns, &table)?;
        }
    }
    Ok(())
}
