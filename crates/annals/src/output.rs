//! Rendering of result rows as an aligned table, JSON (one array) or CSV.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::cli::OutputFormat;

/// A result set: column names, and rows that also serialise to JSON objects.
pub struct Rows<T: Serialize> {
    pub columns: &'static [&'static str],
    pub rows: Vec<T>,
    /// Cells per row, in column order, for table and CSV output.
    pub cells: fn(&T) -> Vec<String>,
}

impl<T: Serialize> Rows<T> {
    pub fn write(&self, format: OutputFormat, out: &mut impl Write) -> Result<()> {
        match format {
            OutputFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.rows)?;
                writeln!(out)?;
            }
            OutputFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record(self.columns)?;
                for row in &self.rows {
                    w.write_record((self.cells)(row))?;
                }
                w.flush()?;
            }
            OutputFormat::Table => {
                let cells: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|r| {
                        (self.cells)(r)
                            .into_iter()
                            .map(|c| truncate(&c, 60))
                            .collect()
                    })
                    .collect();
                write_table(out, self.columns, &cells)?;
            }
        }
        Ok(())
    }
}

/// Cut a cell to `max` characters (with an ellipsis) and flatten newlines.
pub fn truncate(s: &str, max: usize) -> String {
    let flat = s.replace(['\n', '\t'], " ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut t: String = flat.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

pub fn write_table(out: &mut impl Write, columns: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> Result<()> {
        let mut s = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(cell);
            if i + 1 < widths.len() {
                s.extend(std::iter::repeat_n(
                    ' ',
                    w.saturating_sub(cell.chars().count()),
                ));
            }
        }
        writeln!(out, "{}", s.trim_end())?;
        Ok(())
    };
    line(out, &mut columns.iter().copied())?;
    for row in rows {
        line(out, &mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct R {
        a: String,
        n: usize,
    }

    fn rows() -> Rows<R> {
        Rows {
            columns: &["a", "n"],
            rows: vec![
                R {
                    a: "x,y".into(),
                    n: 3,
                },
                R {
                    a: "long value".into(),
                    n: 10,
                },
            ],
            cells: |r| vec![r.a.clone(), r.n.to_string()],
        }
    }

    #[test]
    fn table_aligns_columns() {
        let mut out = Vec::new();
        rows().write(OutputFormat::Table, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "a           n\nx,y         3\nlong value  10\n");
    }

    #[test]
    fn csv_quotes_and_json_is_an_array() {
        let mut out = Vec::new();
        rows().write(OutputFormat::Csv, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,n\n\"x,y\",3\nlong value,10\n"
        );
        let mut out = Vec::new();
        rows().write(OutputFormat::Json, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[1]["n"], 10);
    }

    #[test]
    fn truncate_flattens_and_cuts() {
        assert_eq!(truncate("a\nb", 10), "a b");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
