//! A small little-endian binary codec for model sections.
//!
//! Model components (tagger, lemmatizer, parser) serialise themselves with [`Encoder`] and
//! read back with [`Decoder`]; the model file (see `model.rs`) frames and compresses the
//! sections. Decoding never panics: truncated or corrupt input gives a [`CodecError`].

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CodecError {
    #[error("model data truncated: wanted {wanted} bytes at offset {at}, {left} left")]
    Truncated {
        at: usize,
        wanted: usize,
        left: usize,
    },
    #[error("model data corrupt: {0}")]
    Corrupt(String),
}

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Encoder {
    buf: Vec<u8>,
}

impl Encoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// A length as u32 (lengths over 4 G entries are not representable in model files).
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.buf.extend_from_slice(b);
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    pub fn strs<S: AsRef<str>>(&mut self, v: &[S]) {
        self.len(v.len());
        for s in v {
            self.str(s.as_ref());
        }
    }

    pub fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        for &x in v {
            self.u32(x);
        }
    }

    pub fn u64s(&mut self, v: &[u64]) {
        self.len(v.len());
        for &x in v {
            self.u64(x);
        }
    }

    pub fn f32s(&mut self, v: &[f32]) {
        self.len(v.len());
        for &x in v {
            self.f32(x);
        }
    }

    pub fn i8s(&mut self, v: &[i8]) {
        self.len(v.len());
        self.buf.extend(v.iter().map(|&x| x as u8));
    }
}

/// Reads values back in the order they were encoded.
#[derive(Debug)]
pub struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Decoder { data, pos: 0 }
    }

    pub fn is_at_end(&self) -> bool {
        self.pos >= self.data.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        let left = self.data.len() - self.pos;
        if n > left {
            return Err(CodecError::Truncated {
                at: self.pos,
                wanted: n,
                left,
            });
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CodecError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    pub fn u8(&mut self) -> Result<u8, CodecError> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32, CodecError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub fn u64(&mut self) -> Result<u64, CodecError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub fn f32(&mut self) -> Result<f32, CodecError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    /// A length, checked against the bytes left (each element needs at least
    /// `min_elem_size` bytes) so corrupt input cannot trigger a huge allocation.
    pub fn len(&mut self, min_elem_size: usize) -> Result<usize, CodecError> {
        let n = self.u32()? as usize;
        let left = self.data.len() - self.pos;
        if n.saturating_mul(min_elem_size.max(1)) > left && min_elem_size > 0 {
            return Err(CodecError::Corrupt(format!(
                "length {n} exceeds the {left} bytes left"
            )));
        }
        Ok(n)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], CodecError> {
        let n = self.len(1)?;
        self.take(n)
    }

    pub fn str(&mut self) -> Result<String, CodecError> {
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| CodecError::Corrupt("string is not UTF-8".into()))
    }

    pub fn strs(&mut self) -> Result<Vec<String>, CodecError> {
        let n = self.len(4)?;
        (0..n).map(|_| self.str()).collect()
    }

    pub fn u32s(&mut self) -> Result<Vec<u32>, CodecError> {
        let n = self.len(4)?;
        (0..n).map(|_| self.u32()).collect()
    }

    pub fn u64s(&mut self) -> Result<Vec<u64>, CodecError> {
        let n = self.len(8)?;
        (0..n).map(|_| self.u64()).collect()
    }

    pub fn f32s(&mut self) -> Result<Vec<f32>, CodecError> {
        let n = self.len(4)?;
        let raw = self.take(n * 4)?;
        Ok(raw
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    pub fn i8s(&mut self) -> Result<Vec<i8>, CodecError> {
        let n = self.len(1)?;
        Ok(self.take(n)?.iter().map(|&b| b as i8).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_all_types() {
        let mut e = Encoder::new();
        e.u8(7);
        e.u32(1 << 30);
        e.u64(u64::MAX - 3);
        e.f32(-1.5);
        e.str("Putin’s");
        e.strs(&["a", "bc"]);
        e.u32s(&[1, 2, 3]);
        e.u64s(&[9]);
        e.f32s(&[0.25, -0.5]);
        e.i8s(&[-128, 0, 127]);
        let bytes = e.into_bytes();
        let mut d = Decoder::new(&bytes);
        assert_eq!(d.u8().unwrap(), 7);
        assert_eq!(d.u32().unwrap(), 1 << 30);
        assert_eq!(d.u64().unwrap(), u64::MAX - 3);
        assert_eq!(d.f32().unwrap(), -1.5);
        assert_eq!(d.str().unwrap(), "Putin’s");
        assert_eq!(d.strs().unwrap(), vec!["a", "bc"]);
        assert_eq!(d.u32s().unwrap(), vec![1, 2, 3]);
        assert_eq!(d.u64s().unwrap(), vec![9]);
        assert_eq!(d.f32s().unwrap(), vec![0.25, -0.5]);
        assert_eq!(d.i8s().unwrap(), vec![-128, 0, 127]);
        assert!(d.is_at_end());
    }

    #[test]
    fn truncated_and_corrupt_input_is_an_error() {
        let mut e = Encoder::new();
        e.str("hello");
        let bytes = e.into_bytes();
        assert!(matches!(
            Decoder::new(&bytes[..6]).str(),
            Err(CodecError::Corrupt(_))
        ));
        assert!(matches!(
            Decoder::new(&bytes[..2]).u32(),
            Err(CodecError::Truncated { .. })
        ));
        let huge = u32::MAX.to_le_bytes();
        assert!(Decoder::new(&huge).f32s().is_err());
    }
}
