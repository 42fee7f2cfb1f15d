//! Near-duplicate detection: MinHash signatures over word shingles, LSH banding to find
//! candidates.
//!
//! A wire story runs in many outlets with a different intro line, byline and boilerplate.
//! Content hashes cannot see that such copies are one report; their shingle sets overlap
//! almost entirely, and the Jaccard similarity of those sets is what a [`Signature`]
//! estimates.
//!
//! - **Shingles**: text is split into words (runs of letters and digits, lowercased);
//!   every run of [`MinHashParams::shingle_words`] consecutive words is a shingle. A
//!   text shorter than that is one shingle of all its words. Four words by default: each
//!   inserted line of `k` words costs about `k + 3` new shingles and breaks 3 old ones,
//!   so an added intro and byline keep a 300-word story near 0.85, while distinct stories
//!   on one topic share a few stock phrases ("President Vladimir Putin said") and stay
//!   far below 0.5.
//! - **Signature**: for each of [`MinHashParams::num_hashes`] seeded hash functions, the
//!   minimum over the shingles. The share of equal positions in two signatures estimates
//!   the Jaccard similarity (standard error `sqrt(J(1-J)/n)`, 0.03 at J = 0.85 with 128
//!   hashes).
//! - **Linking**: two documents are near-duplicates at an estimate of at least
//!   [`DEFAULT_THRESHOLD`] (0.8). [`LshIndex`] cuts signatures into bands and only
//!   compares documents that agree on a whole band: with 32 bands of 4 rows a pair at
//!   J = 0.8 becomes a candidate with probability above 0.9999, a pair at J = 0.2 with
//!   probability 0.05, so nearly all unrelated documents are never compared.
//!
//! Hashing is fixed (see `hash.rs`): signatures are reproducible across runs and
//! platforms and can be stored ([`Signature::to_bytes`]).

mod hash;
mod lsh;

pub use lsh::LshIndex;

/// Estimated Jaccard similarity from which two documents count as near-duplicates.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// How signatures are computed. Signatures are comparable only when made with equal
/// parameters (checked by [`jaccard_estimate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinHashParams {
    /// Words per shingle.
    pub shingle_words: usize,
    /// Hash functions (signature length).
    pub num_hashes: usize,
    /// Seed of the hash functions.
    pub seed: u64,
}

impl Default for MinHashParams {
    fn default() -> Self {
        MinHashParams {
            shingle_words: 4,
            num_hashes: 128,
            seed: 0x616e_6e61_6c73, // "annals"
        }
    }
}

/// Error of [`MinHasher::new`] and [`Signature::from_bytes`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MinHashError {
    #[error("invalid MinHash parameters: {0}")]
    Params(String),
    #[error("not a MinHash signature: {0}")]
    Bytes(String),
}

/// Computes [`Signature`]s with fixed parameters.
#[derive(Debug, Clone)]
pub struct MinHasher {
    params: MinHashParams,
    seeds: Vec<u64>,
}

impl MinHasher {
    /// At least one word per shingle and 1–65535 hashes.
    pub fn new(params: MinHashParams) -> Result<Self, MinHashError> {
        if params.shingle_words == 0 || params.shingle_words > 255 {
            return Err(MinHashError::Params(format!(
                "shingle_words must be 1–255, not {}",
                params.shingle_words
            )));
        }
        if params.num_hashes == 0 || params.num_hashes > usize::from(u16::MAX) {
            return Err(MinHashError::Params(format!(
                "num_hashes must be 1–65535, not {}",
                params.num_hashes
            )));
        }
        Ok(MinHasher {
            seeds: hash::seeds(params.seed, params.num_hashes),
            params,
        })
    }

    pub fn params(&self) -> &MinHashParams {
        &self.params
    }

    /// The MinHash signature of `text`. A text without words gets an empty signature,
    /// similar to nothing.
    pub fn signature(&self, text: &str) -> Signature {
        let words: Vec<u64> = words(text).map(|w| hash::word_hash(&w)).collect();
        let mut mins = vec![u64::MAX; self.seeds.len()];
        let k = self.params.shingle_words;
        let mut add = |shingle: u64| {
            for (min, &seed) in mins.iter_mut().zip(&self.seeds) {
                let h = hash::mix64(shingle ^ seed);
                if h < *min {
                    *min = h;
                }
            }
        };
        if words.is_empty() {
            // no shingles
        } else if words.len() < k {
            add(hash::combine(&words));
        } else {
            for window in words.windows(k) {
                add(hash::combine(window));
            }
        }
        Signature {
            shingle_words: self.params.shingle_words as u8,
            seed: self.params.seed,
            empty: words.is_empty(),
            mins,
        }
    }
}

/// Lowercased words: maximal runs of alphanumeric characters. Punctuation, quotes and
/// dashes are not words, so "Kim's" and "Kim’s" shingle alike.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A document's MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    shingle_words: u8,
    seed: u64,
    /// The text had no words: similar to nothing.
    empty: bool,
    mins: Vec<u64>,
}

const MAGIC: &[u8; 4] = b"AMH1";
const HEADER: usize = 4 + 1 + 1 + 8 + 2;

impl Signature {
    pub fn len(&self) -> usize {
        self.mins.len()
    }

    /// Whether the text had no words.
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    pub(crate) fn values(&self) -> &[u64] {
        &self.mins
    }

    fn compatible(&self, other: &Signature) -> bool {
        self.shingle_words == other.shingle_words
            && self.seed == other.seed
            && self.mins.len() == other.mins.len()
    }

    /// Bytes for storage: `AMH1`, shingle words (u8), empty flag (u8), seed (u64 LE),
    /// count (u16 LE), then the values (u64 LE each). 1,040 bytes with 128 hashes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + 8 * self.mins.len());
        out.extend_from_slice(MAGIC);
        out.push(self.shingle_words);
        out.push(u8::from(self.empty));
        out.extend_from_slice(&self.seed.to_le_bytes());
        out.extend_from_slice(&(self.mins.len() as u16).to_le_bytes());
        for v in &self.mins {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Read bytes written by [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<Signature, MinHashError> {
        let bad = |m: &str| MinHashError::Bytes(m.to_owned());
        let header = bytes.get(..HEADER).ok_or_else(|| bad("too short"))?;
        let (magic, rest) = header.split_at(4);
        if magic != MAGIC {
            return Err(bad("wrong magic bytes"));
        }
        let (&shingle_words, rest) = rest.split_first().ok_or_else(|| bad("too short"))?;
        let (&empty, rest) = rest.split_first().ok_or_else(|| bad("too short"))?;
        let (seed, count) = rest.split_at(8);
        let seed = u64::from_le_bytes(seed.try_into().map_err(|_| bad("too short"))?);
        let count = u16::from_le_bytes(count.try_into().map_err(|_| bad("too short"))?);
        let body = bytes.get(HEADER..).unwrap_or(&[]);
        if body.len() != usize::from(count) * 8 || count == 0 || shingle_words == 0 || empty > 1 {
            return Err(bad("inconsistent header and length"));
        }
        let mins = body
            .chunks_exact(8)
            .map(|c| {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                u64::from_le_bytes(b)
            })
            .collect();
        Ok(Signature {
            shingle_words,
            seed,
            empty: empty == 1,
            mins,
        })
    }
}

/// Estimated Jaccard similarity of the two texts' shingle sets: the share of positions
/// where the signatures agree. `None` when they were made with different parameters;
/// 0 when either text had no words.
pub fn jaccard_estimate(a: &Signature, b: &Signature) -> Option<f64> {
    if !a.compatible(b) {
        return None;
    }
    if a.empty || b.empty {
        return Some(0.0);
    }
    let equal = a.mins.iter().zip(&b.mins).filter(|(x, y)| x == y).count();
    Some(equal as f64 / a.mins.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher() -> MinHasher {
        MinHasher::new(MinHashParams::default()).unwrap()
    }

    #[test]
    fn identical_texts_are_identical_and_case_punctuation_do_not_matter() {
        let h = hasher();
        let a = h.signature("Kim met Putin in Pyongyang on Wednesday, officials said.");
        let b = h.signature("KIM met Putin in Pyongyang -- on Wednesday; officials said");
        assert_eq!(a, b);
        assert_eq!(jaccard_estimate(&a, &b), Some(1.0));
    }

    #[test]
    fn short_and_empty_texts() {
        let h = hasher();
        let e = h.signature(" ... ");
        assert!(e.is_empty());
        assert_eq!(jaccard_estimate(&e, &e), Some(0.0));
        let a = h.signature("ceasefire holds");
        let b = h.signature("Ceasefire holds.");
        assert!(!a.is_empty());
        assert_eq!(jaccard_estimate(&a, &b), Some(1.0));
        assert_eq!(
            jaccard_estimate(&a, &h.signature("ceasefire broken")),
            Some(0.0)
        );
    }

    #[test]
    fn bytes_round_trip_and_bad_bytes_are_errors() {
        let h = hasher();
        let s = h.signature("The talks resumed in Geneva after a pause of three weeks.");
        let bytes = s.to_bytes();
        assert_eq!(bytes.len(), 16 + 8 * 128);
        assert_eq!(Signature::from_bytes(&bytes), Ok(s));
        assert!(Signature::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Signature::from_bytes(&bytes[..10]).is_err());
        assert!(Signature::from_bytes(b"").is_err());
        let mut wrong = bytes.clone();
        wrong[0] = b'X';
        assert!(Signature::from_bytes(&wrong).is_err());
    }

    #[test]
    fn different_parameters_do_not_compare() {
        let a = hasher().signature("one two three four five six");
        let other = MinHasher::new(MinHashParams {
            seed: 7,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            jaccard_estimate(&a, &other.signature("one two three four five six")),
            None
        );
    }

    #[test]
    fn bad_parameters_are_rejected() {
        for p in [
            MinHashParams {
                shingle_words: 0,
                ..Default::default()
            },
            MinHashParams {
                num_hashes: 0,
                ..Default::default()
            },
            MinHashParams {
                num_hashes: 70_000,
                ..Default::default()
            },
        ] {
            assert!(MinHasher::new(p).is_err());
        }
    }

    #[test]
    fn estimate_tracks_true_jaccard() {
        // 200 distinct words; b shares the first 150 of them and adds 50 of its own:
        // 1-word shingles, true Jaccard 150 / 250 = 0.6.
        let h = MinHasher::new(MinHashParams {
            shingle_words: 1,
            ..Default::default()
        })
        .unwrap();
        let a: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let b: Vec<String> = (0..150)
            .chain(1000..1050)
            .map(|i| format!("w{i}"))
            .collect();
        let est = jaccard_estimate(&h.signature(&a.join(" ")), &h.signature(&b.join(" "))).unwrap();
        // Standard error at 0.6 with 128 hashes is 0.043; 3.5 of them.
        assert!((est - 0.6).abs() < 0.15, "{est}");
    }
}
