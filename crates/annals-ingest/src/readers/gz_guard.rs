//! The decompression cap: a gzip input may expand at most [`MAX_RATIO`] times its
//! compressed size once past [`FLOOR_BYTES`] of output.
//!
//! Every record is already capped at `--max-doc-mb`, so a bomb cannot take memory; the
//! ratio cap is about time. Deflate expands at most about 1,030:1, and news text compresses
//! 3–10:1, so a stream past 250:1 is made of repetition (zeros, blank lines) that would
//! only be read, rejected record by record, for minutes. Reading stops with
//! [`IngestError::GzipBomb`](crate::IngestError::GzipBomb).

use std::cell::Cell;
use std::io::{self, BufRead, Read};
use std::rc::Rc;

/// Largest decompressed/compressed ratio read past [`FLOOR_BYTES`].
pub const MAX_RATIO: u64 = 250;
/// Output below this many bytes is never stopped, whatever the ratio (a small file of
/// repeated lines compresses very well and is harmless).
pub const FLOOR_BYTES: u64 = 64 * 1024 * 1024;

/// The error the guard reads as, recognised by [`Ctx::io_error`](super::Ctx::io_error).
#[derive(Debug)]
pub struct Bomb;

impl std::fmt::Display for Bomb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "gzip data expands more than {MAX_RATIO}:1 past {} MB",
            FLOOR_BYTES / (1024 * 1024)
        )
    }
}

impl std::error::Error for Bomb {}

/// Whether `error` is the guard's.
pub fn is_bomb(error: &io::Error) -> bool {
    error.get_ref().is_some_and(|e| e.is::<Bomb>())
}

/// Counts the compressed bytes read through it.
pub struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R> Counted<R> {
    /// `inner`, and the shared count of bytes read from it.
    pub fn new(inner: R) -> (Self, Rc<Cell<u64>>) {
        let count = Rc::new(Cell::new(0));
        let counted = Counted {
            inner,
            count: Rc::clone(&count),
        };
        (counted, count)
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get().saturating_add(n as u64));
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.count.set(self.count.get().saturating_add(amt as u64));
        self.inner.consume(amt);
    }
}

/// Decompressed output, failing with [`Bomb`] once it outgrows the ratio.
pub struct Guarded<R> {
    inner: R,
    compressed: Rc<Cell<u64>>,
    out: u64,
}

impl<R> Guarded<R> {
    pub fn new(inner: R, compressed: Rc<Cell<u64>>) -> Self {
        Guarded {
            inner,
            compressed,
            out: 0,
        }
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out = self.out.saturating_add(n as u64);
        let allowed = self.compressed.get().saturating_mul(MAX_RATIO);
        if self.out > FLOOR_BYTES && self.out > allowed {
            return Err(io::Error::other(Bomb));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::MultiGzDecoder;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).expect("in memory");
        e.finish().expect("in memory")
    }

    fn read_all(compressed: &[u8]) -> io::Result<u64> {
        let (counted, count) = Counted::new(io::BufReader::new(compressed));
        let mut guarded = Guarded::new(MultiGzDecoder::new(counted), count);
        io::copy(&mut guarded, &mut io::sink())
    }

    #[test]
    fn a_bomb_stops_past_the_floor() {
        // 80 MB of zeros compress to ~80 KB: ~1,000:1.
        let bomb = gz(&vec![0u8; 80 * 1024 * 1024]);
        let err = read_all(&bomb).expect_err("stopped");
        assert!(is_bomb(&err), "{err}");
    }

    #[test]
    fn ordinary_and_small_repetitive_data_pass() {
        let zeros = gz(&vec![0u8; 1024 * 1024]);
        assert_eq!(read_all(&zeros).expect("under the floor"), 1024 * 1024);
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("line {i} of ordinary text\n").into_bytes())
            .collect();
        assert_eq!(read_all(&gz(&text)).expect("text"), text.len() as u64);
    }
}
