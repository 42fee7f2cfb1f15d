//! Text sinks: CSV and TSV (RFC 4180 quoting, a header), JSONL (one object per row, keys
//! in column order), and the foreign layouts' plain tab-separated lines.

use std::io::Write;
use std::path::PathBuf;

use crate::error::ExportError;
use crate::sink::RowSink;
use crate::value::{Column, Value};

/// How a [`TextSink`] writes rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStyle {
    /// RFC 4180 records with this delimiter (`,` or tab) and a header.
    Delimited(u8),
    /// One JSON object per line.
    Jsonl,
    /// Tab-separated, no quoting (values hold no tabs or line breaks); a header when asked.
    Plain {
        /// Whether the first line names the columns.
        header: bool,
    },
}

/// Writes rows as text to any writer.
pub struct TextSink<W: Write> {
    style: TextStyle,
    columns: Vec<Column>,
    out: Output<W>,
    /// Where the text goes, for messages.
    path: PathBuf,
    /// Keys of the JSON objects, quoted once.
    json_keys: Vec<String>,
    line: String,
}

enum Output<W: Write> {
    /// Boxed: the CSV writer carries its own buffer state, the raw writer none.
    Csv(Box<csv::Writer<W>>),
    Raw(W),
}

impl<W: Write> TextSink<W> {
    /// A sink writing `columns` in `style` to `out` (named `path` in messages); the
    /// header, when the style has one, is written at once.
    pub fn new(
        out: W,
        path: PathBuf,
        style: TextStyle,
        columns: Vec<Column>,
    ) -> Result<TextSink<W>, ExportError> {
        let out = match style {
            TextStyle::Delimited(delimiter) => Output::Csv(Box::new(
                csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .from_writer(out),
            )),
            TextStyle::Jsonl | TextStyle::Plain { .. } => Output::Raw(out),
        };
        let json_keys = columns
            .iter()
            .map(|c| serde_json::Value::from(c.name.as_ref()).to_string())
            .collect();
        let mut sink = TextSink {
            style,
            columns,
            out,
            path,
            json_keys,
            line: String::new(),
        };
        let names: Vec<String> = sink.columns.iter().map(|c| c.name.to_string()).collect();
        match style {
            TextStyle::Delimited(_) | TextStyle::Plain { header: true } => {
                sink.write_cells(names.iter().map(String::as_str))?
            }
            _ => {}
        }
        Ok(sink)
    }

    fn csv_err(&self, e: csv::Error) -> ExportError {
        let source = match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            other => std::io::Error::other(format!("{other:?}")),
        };
        ExportError::io(&self.path, source)
    }

    fn write_cells<'a>(&mut self, cells: impl Iterator<Item = &'a str>) -> Result<(), ExportError> {
        match &mut self.out {
            Output::Csv(w) => {
                let r = w.write_record(cells);
                r.map_err(|e| self.csv_err(e))
            }
            Output::Raw(w) => {
                self.line.clear();
                for (i, c) in cells.enumerate() {
                    if i > 0 {
                        self.line.push('\t');
                    }
                    self.line.push_str(c);
                }
                self.line.push('\n');
                w.write_all(self.line.as_bytes())
                    .map_err(|e| ExportError::io(&self.path, e))
            }
        }
    }

    fn write_json(&mut self, row: &[Value]) -> Result<(), ExportError> {
        self.line.clear();
        self.line.push('{');
        for (i, (key, v)) in self.json_keys.iter().zip(row).enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            self.line.push_str(key);
            self.line.push(':');
            self.line.push_str(&v.to_json().to_string());
        }
        self.line.push_str("}\n");
        match &mut self.out {
            Output::Raw(w) => w
                .write_all(self.line.as_bytes())
                .map_err(|e| ExportError::io(&self.path, e)),
            Output::Csv(_) => Err(ExportError::Internal("JSONL through a CSV writer".into())),
        }
    }
}

impl<W: Write> RowSink for TextSink<W> {
    fn write_row(&mut self, row: &[Value], _month: Option<&str>) -> Result<(), ExportError> {
        if row.len() != self.columns.len() {
            return Err(ExportError::Internal(format!(
                "{} cells for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        if self.style == TextStyle::Jsonl {
            return self.write_json(row);
        }
        let cells: Vec<String> = row
            .iter()
            .map(|v| v.to_text().unwrap_or_default())
            .collect();
        self.write_cells(cells.iter().map(String::as_str))
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        let path = self.path.clone();
        let flushed = match self.out {
            Output::Csv(mut w) => w.flush(),
            Output::Raw(mut w) => w.flush(),
        };
        flushed.map_err(|e| ExportError::io(&path, e))?;
        Ok(vec![path])
    }
}
