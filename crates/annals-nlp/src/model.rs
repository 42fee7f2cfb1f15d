//! The NLP model file: one versioned, compressed file holding the tagger, lemmatizer and
//! parser, with the metadata a model card needs.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic     8 bytes  "ANNALSNL"
//! version   u32      FORMAT_VERSION
//! meta      u32 length + JSON (ModelMeta: training data checksums, metrics, command)
//! checksum  32 bytes BLAKE3 of the compressed payload
//! payload   deflate-compressed sections: tagger, lemmatizer, parser (codec-encoded)
//! ```
//!
//! Nothing in the file depends on the time or machine it was made on, so the same training
//! inputs give byte-identical files.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::codec::{CodecError, Decoder, Encoder};
use crate::lemmatizer::Lemmatizer;
use crate::parser::Parser;
use crate::tagger::Tagger;

pub const MAGIC: &[u8; 8] = b"ANNALSNL";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Error)]
pub enum ModelError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}: not an annals NLP model (bad magic bytes)")]
    BadMagic(String),
    #[error(
        "{path}: model format version {found} is not supported (this build reads {FORMAT_VERSION})"
    )]
    Version { path: String, found: u32 },
    #[error("{0}: model checksum mismatch (file corrupt or truncated)")]
    Checksum(String),
    #[error("{path}: {source}")]
    Codec { path: String, source: CodecError },
    #[error("this build has no embedded model (models/en_ewt.annals was missing); pass --model PATH or set ANNALS_MODEL")]
    NotEmbedded,
    #[error("{path}: bad metadata: {msg}")]
    Meta { path: String, msg: String },
}

/// What the model card needs: where the model came from and how good it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    /// Treebank name and version, e.g. "UD English-EWT v2.16".
    pub treebank: String,
    /// File name → BLAKE3 hex of each training/tuning file.
    pub data_checksums: BTreeMap<String, String>,
    /// The command that trained this model.
    pub command: String,
    /// Metric name → value (dev scores measured at training time).
    pub metrics: BTreeMap<String, f64>,
    /// Component settings (epochs etc.), for reproduction.
    pub config: BTreeMap<String, String>,
}

/// The trained components and their metadata.
pub struct NlpModel {
    pub meta: ModelMeta,
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
}

impl NlpModel {
    /// Serialise to the file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut e = Encoder::new();
        self.tagger.encode(&mut e);
        self.lemmatizer.encode(&mut e);
        self.parser.encode(&mut e);
        let raw = e.into_bytes();
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing to a Vec cannot fail.
        let _ = z.write_all(&raw);
        let payload = z.finish().unwrap_or_default();
        let meta = serde_json::to_vec(&self.meta).unwrap_or_default();
        let mut out = Vec::with_capacity(payload.len() + meta.len() + 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
        out.extend_from_slice(&meta);
        out.extend_from_slice(blake3::hash(&payload).as_bytes());
        out.extend_from_slice(&payload);
        out
    }

    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    pub fn load(path: &Path) -> Result<NlpModel, ModelError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: name.clone(),
            source,
        })?;
        Self::from_bytes(&bytes, &name)
    }

    /// Only the metadata (cheap: no decompression).
    pub fn read_meta(bytes: &[u8], name: &str) -> Result<ModelMeta, ModelError> {
        Ok(split(bytes, name)?.0)
    }

    /// Parse a model file's bytes; `name` is used in error messages.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<NlpModel, ModelError> {
        let (meta, payload) = split(bytes, name)?;
        let mut raw = Vec::new();
        flate2::read::DeflateDecoder::new(payload)
            .read_to_end(&mut raw)
            .map_err(|source| ModelError::Io {
                path: name.to_string(),
                source,
            })?;
        let codec = |source| ModelError::Codec {
            path: name.to_string(),
            source,
        };
        let mut d = Decoder::new(&raw);
        let tagger = Tagger::decode(&mut d).map_err(codec)?;
        let lemmatizer = Lemmatizer::decode(&mut d).map_err(codec)?;
        let parser = Parser::decode(&mut d).map_err(codec)?;
        // A parser with cluster features looks words up in the tagger's table.
        let parser = match parser.uses_clusters() {
            true => parser.with_clusters(true, tagger.clusters()),
            false => parser,
        };
        if !d.is_at_end() {
            return Err(codec(CodecError::Corrupt(
                "trailing bytes after parser".into(),
            )));
        }
        Ok(NlpModel {
            meta,
            tagger,
            lemmatizer,
            parser,
        })
    }
}

/// Check the frame and return (metadata, compressed payload).
fn split<'a>(bytes: &'a [u8], name: &str) -> Result<(ModelMeta, &'a [u8]), ModelError> {
    if bytes.len() < 16 || &bytes[..8] != MAGIC {
        return Err(ModelError::BadMagic(name.to_string()));
    }
    let word = |at: usize| -> Option<u32> {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let version = word(8).unwrap_or(0);
    if version != FORMAT_VERSION {
        return Err(ModelError::Version {
            path: name.to_string(),
            found: version,
        });
    }
    let meta_len = word(12).unwrap_or(0) as usize;
    let meta_end = 16usize.saturating_add(meta_len);
    let (Some(meta), Some(sum), Some(payload)) = (
        bytes.get(16..meta_end),
        bytes.get(meta_end..meta_end + 32),
        bytes.get(meta_end + 32..),
    ) else {
        return Err(ModelError::Checksum(name.to_string()));
    };
    if blake3::hash(payload).as_bytes() != sum {
        return Err(ModelError::Checksum(name.to_string()));
    }
    let meta: ModelMeta = serde_json::from_slice(meta).map_err(|e| ModelError::Meta {
        path: name.to_string(),
        msg: e.to_string(),
    })?;
    Ok((meta, payload))
}
