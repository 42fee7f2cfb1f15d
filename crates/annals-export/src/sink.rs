//! The writer trait every output format implements.

use std::path::PathBuf;

use crate::error::ExportError;
use crate::value::Value;

/// Receives the rows of one table, in order, and writes them in its format.
pub trait RowSink {
    /// Write one row: one value per column the sink was made with. `month` is the row's
    /// `YYYY-MM` (or `None`), used by sinks that partition by month.
    fn write_row(&mut self, row: &[Value], month: Option<&str>) -> Result<(), ExportError>;

    /// Flush and close everything; the files written (`-` for standard output).
    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError>;
}
