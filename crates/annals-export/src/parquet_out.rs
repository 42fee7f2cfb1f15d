//! Parquet output: a typed schema from the table's columns, rows buffered per column and
//! written as bounded row groups through parquet's low-level column writers; and a
//! partitioned sink writing one file per month (`month=YYYY-MM/part-N.parquet`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnPath, Type};

use crate::error::ExportError;
use crate::sink::RowSink;
use crate::value::{Column, Kind, Value};

/// A row group is written when this many rows are buffered… (65,536 event rows held as
/// parquet values take about 100 MB: measured, `annals bench export`.)
pub const ROW_GROUP_ROWS: usize = 64 * 1024;
/// …or when the buffered values reach this many bytes of payload, whichever comes first.
pub const ROW_GROUP_BYTES: usize = 32 << 20;

/// The Parquet schema of a table: `REQUIRED`/`OPTIONAL` from nullability; strings are
/// UTF-8 `BYTE_ARRAY`, dates `INT32 DATE`, timestamps `INT64 TIMESTAMP(MILLIS, UTC)`.
pub fn schema(columns: &[Column]) -> Result<Type, parquet::errors::ParquetError> {
    let fields = columns
        .iter()
        .map(|c| {
            let (physical, logical) = match c.kind {
                Kind::Text | Kind::Code => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                Kind::Date => (Physical::INT32, Some(LogicalType::Date)),
                Kind::Timestamp => (
                    Physical::INT64,
                    Some(LogicalType::timestamp(true, TimeUnit::MILLIS)),
                ),
                Kind::Int => (Physical::INT64, None),
                Kind::Float => (Physical::DOUBLE, None),
                Kind::Bool => (Physical::BOOLEAN, None),
            };
            let repetition = if c.nullable {
                Repetition::OPTIONAL
            } else {
                Repetition::REQUIRED
            };
            Type::primitive_type_builder(&c.name, physical)
                .with_repetition(repetition)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Type::group_type_builder("annals")
        .with_fields(fields)
        .build()
}

/// Writer properties: Snappy pages; dictionary encoding for code columns only (free text
/// rarely repeats, and a dictionary that overflows only costs time).
fn properties(columns: &[Column]) -> WriterProperties {
    let mut b = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_dictionary_enabled(false)
        .set_created_by(format!("annals-export {}", env!("CARGO_PKG_VERSION")));
    for c in columns.iter().filter(|c| c.kind == Kind::Code) {
        b = b.set_column_dictionary_enabled(ColumnPath::from(c.name.as_ref()), true);
    }
    b.build()
}

/// One column's buffered values and definition levels.
enum Data {
    /// Strings back to back in one buffer, and where each ends. One `Vec<u8>` per string
    /// (as `ByteArray::from(Vec)` takes them) made a million live allocations per row
    /// group among the short-lived ones of reading events; glibc's malloc then spent
    /// about 70% of the export's CPU consolidating and splitting chunks (perf, 1,000,000
    /// events by month).
    Bytes {
        buf: Vec<u8>,
        ends: Vec<usize>,
    },
    I32(Vec<i32>),
    I64(Vec<i64>),
    F64(Vec<f64>),
    Bool(Vec<bool>),
}

struct Buffer {
    data: Data,
    defs: Vec<i16>,
}

impl Buffer {
    fn new(kind: Kind) -> Buffer {
        let data = match kind {
            Kind::Text | Kind::Code => Data::Bytes {
                buf: Vec::new(),
                ends: Vec::new(),
            },
            Kind::Date => Data::I32(Vec::new()),
            Kind::Timestamp | Kind::Int => Data::I64(Vec::new()),
            Kind::Float => Data::F64(Vec::new()),
            Kind::Bool => Data::Bool(Vec::new()),
        };
        Buffer {
            data,
            defs: Vec::new(),
        }
    }

    /// Append a value; the bytes it adds to the buffer.
    fn push(&mut self, col: &Column, v: &Value) -> Result<usize, ExportError> {
        let bytes = match (&mut self.data, v) {
            (_, Value::Null) if col.nullable => {
                self.defs.push(0);
                return Ok(2);
            }
            (Data::Bytes { buf, ends }, Value::Str(s)) => {
                buf.extend_from_slice(s.as_bytes());
                ends.push(buf.len());
                s.len() + 8
            }
            (Data::I32(b), Value::Date(d)) => {
                b.push(*d);
                4
            }
            (Data::I64(b), Value::Int(n) | Value::Timestamp(n)) => {
                b.push(*n);
                8
            }
            (Data::F64(b), Value::Float(f)) => {
                b.push(*f);
                8
            }
            (Data::Bool(b), Value::Bool(x)) => {
                b.push(*x);
                1
            }
            _ => {
                return Err(ExportError::Internal(format!(
                    "column {} ({:?}) cannot hold {v:?}",
                    col.name, col.kind
                )))
            }
        };
        self.defs.push(1);
        Ok(bytes)
    }
}

/// The strings of a buffer as `ByteArray`s sharing it (slices, no copies).
fn byte_arrays(buf: Vec<u8>, ends: &[usize]) -> Vec<ByteArray> {
    let all = bytes::Bytes::from(buf);
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let value = ByteArray::from(all.slice(start..end));
            start = end;
            value
        })
        .collect()
}

/// One Parquet file being written.
pub struct ParquetFile {
    path: PathBuf,
    columns: Vec<Column>,
    writer: SerializedFileWriter<BufWriter<File>>,
    buffers: Vec<Buffer>,
    rows: usize,
    bytes: usize,
    total: u64,
}

impl ParquetFile {
    /// Create `path` (its directory too) for rows of `columns`.
    pub fn create(path: &Path, columns: Vec<Column>) -> Result<ParquetFile, ExportError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))?;
        }
        let file = File::create(path).map_err(|e| ExportError::io(path, e))?;
        let pq = |source| ExportError::Parquet {
            path: path.to_owned(),
            source,
        };
        let schema = Arc::new(schema(&columns).map_err(pq)?);
        let props = Arc::new(properties(&columns));
        let writer = SerializedFileWriter::new(BufWriter::new(file), schema, props).map_err(pq)?;
        let buffers = columns.iter().map(|c| Buffer::new(c.kind)).collect();
        Ok(ParquetFile {
            path: path.to_owned(),
            columns,
            writer,
            buffers,
            rows: 0,
            bytes: 0,
            total: 0,
        })
    }

    /// Buffer one row; a row group is written when the buffers reach the bounds.
    pub fn push(&mut self, row: &[Value]) -> Result<(), ExportError> {
        if row.len() != self.columns.len() {
            return Err(ExportError::Internal(format!(
                "{} cells for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        for ((buf, col), v) in self.buffers.iter_mut().zip(&self.columns).zip(row) {
            self.bytes += buf.push(col, v)?;
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP_ROWS || self.bytes >= ROW_GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Rows buffered and not yet written.
    pub fn buffered(&self) -> usize {
        self.rows
    }

    /// Write the buffered rows as one row group.
    pub fn flush(&mut self) -> Result<(), ExportError> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let pq = |source| ExportError::Parquet {
            path: path.clone(),
            source,
        };
        let mut rg = self.writer.next_row_group().map_err(pq)?;
        for (buf, col) in self.buffers.iter_mut().zip(&self.columns) {
            let mut cw = rg
                .next_column()
                .map_err(pq)?
                .ok_or_else(|| ExportError::Internal(format!("no writer for {}", col.name)))?;
            let defs = col.nullable.then_some(buf.defs.as_slice());
            let written = match &mut buf.data {
                Data::Bytes { buf, ends } => {
                    let values = byte_arrays(std::mem::take(buf), ends);
                    cw.typed::<ByteArrayType>().write_batch(&values, defs, None)
                }
                Data::I32(v) => cw.typed::<Int32Type>().write_batch(v, defs, None),
                Data::I64(v) => cw.typed::<Int64Type>().write_batch(v, defs, None),
                Data::F64(v) => cw.typed::<DoubleType>().write_batch(v, defs, None),
                Data::Bool(v) => cw.typed::<BoolType>().write_batch(v, defs, None),
            };
            written.map_err(pq)?;
            cw.close().map_err(pq)?;
            *buf = Buffer::new(col.kind);
        }
        rg.close().map_err(pq)?;
        self.total += self.rows as u64;
        self.rows = 0;
        self.bytes = 0;
        Ok(())
    }

    /// Write what is buffered and the footer; the file's path.
    pub fn close(mut self) -> Result<PathBuf, ExportError> {
        self.flush()?;
        let path = self.path.clone();
        let inner = self
            .writer
            .into_inner()
            .map_err(|source| ExportError::Parquet {
                path: path.clone(),
                source,
            })?;
        inner
            .into_inner()
            .map_err(|e| ExportError::io(&path, e.into_error()))?
            .sync_all()
            .map_err(|e| ExportError::io(&path, e))?;
        Ok(path)
    }
}

impl RowSink for ParquetFile {
    fn write_row(&mut self, row: &[Value], _month: Option<&str>) -> Result<(), ExportError> {
        self.push(row)
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        Ok(vec![(*self).close()?])
    }
}

/// At most this many month files are open at once; the least recently written is closed
/// when another is needed (its month continues in the next `part-N` file).
pub const MAX_OPEN_FILES: usize = 32;
/// Rows buffered across all open files before the fullest one writes a row group, so
/// memory stays within one file's bound however many months interleave.
pub const MAX_BUFFERED_ROWS: usize = ROW_GROUP_ROWS;

struct Open {
    file: ParquetFile,
    last_used: u64,
}

/// One Parquet file per month under a directory: `month=YYYY-MM/part-N.parquet`, rows
/// with no month in `month=undated/` (the layout DuckDB, pyarrow and Spark read as a
/// partitioned dataset).
pub struct PartitionedParquet {
    dir: PathBuf,
    columns: Vec<Column>,
    open: BTreeMap<String, Open>,
    next_part: BTreeMap<String, usize>,
    written: Vec<PathBuf>,
    clock: u64,
}

impl PartitionedParquet {
    /// A sink writing under `dir`, which must be new or empty: month files of an earlier
    /// export left beside the new ones would be read as one dataset.
    pub fn new(dir: &Path, columns: Vec<Column>) -> Result<PartitionedParquet, ExportError> {
        std::fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))?;
        let mut entries = std::fs::read_dir(dir).map_err(|e| ExportError::io(dir, e))?;
        if entries.next().is_some() {
            return Err(ExportError::Usage(format!(
                "{} is not empty: a partitioned export needs a new or empty directory \
                 (or give a file ending in .parquet)",
                dir.display()
            )));
        }
        Ok(PartitionedParquet {
            dir: dir.to_owned(),
            columns,
            open: BTreeMap::new(),
            next_part: BTreeMap::new(),
            written: Vec::new(),
            clock: 0,
        })
    }

    fn close_least_recent(&mut self) -> Result<(), ExportError> {
        let oldest = self
            .open
            .iter()
            .min_by_key(|(_, o)| o.last_used)
            .map(|(k, _)| k.clone());
        if let Some(open) = oldest.and_then(|k| self.open.remove(&k)) {
            self.written.push(open.file.close()?);
        }
        Ok(())
    }

    fn file_for(&mut self, key: &str) -> Result<&mut Open, ExportError> {
        if !self.open.contains_key(key) {
            if self.open.len() >= MAX_OPEN_FILES {
                self.close_least_recent()?;
            }
            let part = self.next_part.entry(key.to_owned()).or_insert(0);
            let path = self
                .dir
                .join(format!("month={key}"))
                .join(format!("part-{part}.parquet"));
            *part += 1;
            let file = ParquetFile::create(&path, self.columns.clone())?;
            self.open
                .insert(key.to_owned(), Open { file, last_used: 0 });
        }
        self.open
            .get_mut(key)
            .ok_or_else(|| ExportError::Internal(format!("partition {key} vanished")))
    }
}

impl RowSink for PartitionedParquet {
    fn write_row(&mut self, row: &[Value], month: Option<&str>) -> Result<(), ExportError> {
        self.clock += 1;
        let clock = self.clock;
        let open = self.file_for(month.unwrap_or("undated"))?;
        open.last_used = clock;
        open.file.push(row)?;
        let buffered: usize = self.open.values().map(|o| o.file.buffered()).sum();
        if buffered >= MAX_BUFFERED_ROWS {
            if let Some(fullest) = self.open.values_mut().max_by_key(|o| o.file.buffered()) {
                fullest.file.flush()?;
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        for (_, open) in std::mem::take(&mut self.open) {
            self.written.push(open.file.close()?);
        }
        self.written.sort();
        Ok(self.written)
    }
}
