//! Word clusters from GloVe vectors, for tagger and parser features: words that occur in
//! similar contexts share a cluster, so a word the treebank never shows can borrow what
//! was learned for its neighbours.
//!
//! Hierarchical spherical k-means, deterministic: the unit-length vectors of the first
//! `lines` words are split into 64 clusters, each of those into 4, and so on three times,
//! giving nested clusterings of 64, 256, 1024 and 4096 clusters. A word's leaf id (0–4095)
//! holds them all: `id >> 6`, `id >> 4`, `id >> 2`, `id`. Initial centroids come from
//! k-means++ with a fixed-seed generator, every sum runs in one fixed order and ties go to
//! the lower index, so the same file and options give byte-identical output on any machine.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use flate2::bufread::GzDecoder;
use thiserror::Error;

/// Branching factors of the four levels: 64, then 4 × 4 × 4 below each.
pub const LEVELS: [usize; 4] = [64, 4, 4, 4];
/// Leaf clusters: the product of [`LEVELS`].
pub const LEAVES: usize = 4096;

#[derive(Debug, Error)]
pub enum ClusterError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {msg}")]
    Format {
        path: String,
        line: usize,
        msg: String,
    },
}

/// Settings of [`cluster`].
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions {
    /// Lloyd iterations per split (fewer if assignments stop changing).
    pub iterations: usize,
    /// Seed of the k-means++ initialisation.
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            iterations: 20,
            seed: 0x616e_6e61_6c73,
        }
    }
}

/// Words and their vectors (row-major, `dim` floats a word).
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    pub words: Vec<String>,
    pub data: Vec<f32>,
    pub dim: usize,
}

/// The first `lines` lines of a GloVe text file; `path` is for error messages.
pub fn read_glove(reader: impl BufRead, lines: usize, path: &str) -> Result<Vectors, ClusterError> {
    let mut v = Vectors::default();
    for (i, line) in reader.lines().take(lines).enumerate() {
        let line = line.map_err(|source| ClusterError::Io {
            path: path.to_string(),
            source,
        })?;
        let bad = |msg: String| ClusterError::Format {
            path: path.to_string(),
            line: i + 1,
            msg,
        };
        let mut cols = line.split(' ');
        let word = cols.next().unwrap_or_default().to_string();
        let start = v.data.len();
        for c in cols {
            let x: f32 = c.parse().map_err(|_| bad(format!("not a number: {c:?}")))?;
            v.data.push(x);
        }
        let dim = v.data.len() - start;
        if v.dim == 0 {
            v.dim = dim;
        }
        if dim == 0 || dim != v.dim {
            return Err(bad(format!("{dim} numbers, expected {}", v.dim)));
        }
        v.words.push(word);
    }
    Ok(v)
}

/// A text file, decompressed on the fly when it is gzip (by its magic bytes).
pub fn open_text(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
    let mut file = BufReader::new(File::open(path)?);
    if file.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::new(GzDecoder::new(file))))
    } else {
        Ok(Box::new(file))
    }
}

/// The first `lines` lines of a GloVe text file, plain or gzip.
pub fn read_glove_file(path: &Path, lines: usize) -> Result<Vectors, ClusterError> {
    let name = path.display().to_string();
    let reader = open_text(path).map_err(|source| ClusterError::Io {
        path: name.clone(),
        source,
    })?;
    read_glove(reader, lines, &name)
}

/// SplitMix64: a small, fixed generator, so the clusters never depend on a crate version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalize(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Leaf cluster (0..[`LEAVES`]) of every word of `v`.
pub fn cluster(v: &Vectors, opts: &ClusterOptions) -> Vec<u16> {
    let dim = v.dim.max(1);
    let mut data = v.data.clone();
    data.chunks_exact_mut(dim).for_each(normalize);
    let n = data.len() / dim;
    let mut rng = Rng(opts.seed);
    // Groups of word indices still to split, with the id prefix they carry.
    let mut groups: Vec<(u16, Vec<u32>)> = vec![(0, (0..n as u32).collect())];
    for &k in &LEVELS {
        let mut next = Vec::with_capacity(groups.len() * k);
        for (prefix, members) in groups {
            let assign = kmeans(&data, dim, &members, k, opts.iterations, &mut rng);
            let mut parts: Vec<Vec<u32>> = vec![Vec::new(); k];
            for (&m, &c) in members.iter().zip(&assign) {
                if let Some(p) = parts.get_mut(c) {
                    p.push(m);
                }
            }
            for (c, p) in parts.into_iter().enumerate() {
                next.push((prefix * k as u16 + c as u16, p));
            }
        }
        groups = next;
    }
    let mut out = vec![0u16; n];
    for (id, members) in groups {
        for m in members {
            if let Some(o) = out.get_mut(m as usize) {
                *o = id;
            }
        }
    }
    out
}

/// Spherical k-means of the rows `members` of `data`: the cluster (0..k) of each member.
fn kmeans(
    data: &[f32],
    dim: usize,
    members: &[u32],
    k: usize,
    iters: usize,
    rng: &mut Rng,
) -> Vec<usize> {
    let row = |m: u32| &data[m as usize * dim..(m as usize + 1) * dim];
    if members.len() <= k {
        return (0..members.len()).collect();
    }
    let mut centroids = init_plus_plus(data, dim, members, k, rng);
    let mut assign = vec![usize::MAX; members.len()];
    for _ in 0..iters.max(1) {
        let mut changed = false;
        for (a, &m) in assign.iter_mut().zip(members) {
            let x = row(m);
            let best = nearest(&centroids, dim, x).0;
            changed |= *a != best;
            *a = best;
        }
        if !changed {
            break;
        }
        let mut sums = vec![0f32; k * dim];
        let mut counts = vec![0usize; k];
        for (&a, &m) in assign.iter().zip(members) {
            counts[a] += 1;
            for (s, x) in sums[a * dim..(a + 1) * dim].iter_mut().zip(row(m)) {
                *s += x;
            }
        }
        for c in 0..k {
            let s = &mut sums[c * dim..(c + 1) * dim];
            if counts[c] == 0 {
                // An empty cluster takes the member farthest from its centroid.
                let far = assign
                    .iter()
                    .zip(members)
                    .map(|(&a, &m)| dot(&centroids[a * dim..(a + 1) * dim], row(m)))
                    .enumerate()
                    .fold(
                        (0, f32::INFINITY),
                        |b, (i, d)| if d < b.1 { (i, d) } else { b },
                    );
                s.copy_from_slice(row(members[far.0]));
            }
            normalize(s);
        }
        centroids = sums;
    }
    assign
}

/// Index and similarity of the centroid nearest `x` (ties: the lower index).
fn nearest(centroids: &[f32], dim: usize, x: &[f32]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (c, cent) in centroids.chunks_exact(dim).enumerate() {
        let d = dot(cent, x);
        if d > best.1 {
            best = (c, d);
        }
    }
    best
}

/// k-means++: each next centroid is a member drawn with probability proportional to its
/// squared distance (2 − 2 cos for unit vectors) from the nearest centroid so far.
fn init_plus_plus(data: &[f32], dim: usize, members: &[u32], k: usize, rng: &mut Rng) -> Vec<f32> {
    let row = |m: u32| &data[m as usize * dim..(m as usize + 1) * dim];
    let mut centroids = Vec::with_capacity(k * dim);
    let first = (rng.next() % members.len() as u64) as usize;
    centroids.extend_from_slice(row(members[first]));
    let mut dist: Vec<f64> = members
        .iter()
        .map(|&m| f64::from(2.0 - 2.0 * dot(&centroids[..dim], row(m))).max(0.0))
        .collect();
    while centroids.len() < k * dim {
        let total: f64 = dist.iter().sum();
        let mut target = rng.unit() * total;
        let mut pick = members.len() - 1;
        for (i, d) in dist.iter().enumerate() {
            if target < *d {
                pick = i;
                break;
            }
            target -= d;
        }
        let start = centroids.len();
        centroids.extend_from_slice(row(members[pick]));
        let c = centroids[start..].to_vec();
        for (d, &m) in dist.iter_mut().zip(members) {
            *d = d.min(f64::from(2.0 - 2.0 * dot(&c, row(m))).max(0.0));
        }
    }
    centroids
}

/// The clusters as TSV (`word<TAB>leaf id`), after a header of `#` lines.
pub fn to_tsv(header: &str, words: &[String], ids: &[u16]) -> String {
    let mut out = String::new();
    for l in header.lines() {
        out.push_str("# ");
        out.push_str(l);
        out.push('\n');
    }
    for (w, id) in words.iter().zip(ids) {
        out.push_str(w);
        out.push('\t');
        out.push_str(&id.to_string());
        out.push('\n');
    }
    out
}

/// Read [`to_tsv`] output; `path` is for error messages.
pub fn from_tsv(text: &str, path: &str) -> Result<Vec<(String, u16)>, ClusterError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let bad = |msg: &str| ClusterError::Format {
            path: path.to_string(),
            line: i + 1,
            msg: msg.to_string(),
        };
        let (word, id) = line
            .split_once('\t')
            .ok_or_else(|| bad("want word<TAB>cluster"))?;
        let id: u16 = id.parse().map_err(|_| bad("cluster id is not a number"))?;
        if usize::from(id) >= LEAVES {
            return Err(bad("cluster id over 4095"));
        }
        out.push((word.to_string(), id));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three well-separated directions with a little noise.
    fn toy() -> Vectors {
        let mut v = Vectors {
            dim: 3,
            ..Vectors::default()
        };
        let mut rng = Rng(7);
        for i in 0..300 {
            let axis = i % 3;
            let mut x = [0f32; 3];
            for (j, xj) in x.iter_mut().enumerate() {
                let noise = (rng.unit() as f32 - 0.5) * 0.2;
                *xj = if j == axis { 1.0 } else { 0.0 } + noise;
            }
            v.words.push(format!("w{i}"));
            v.data.extend_from_slice(&x);
        }
        v
    }

    #[test]
    fn deterministic_and_separates_directions() {
        let v = toy();
        let a = cluster(&v, &ClusterOptions::default());
        assert_eq!(a, cluster(&v, &ClusterOptions::default()));
        assert!(a.iter().all(|&id| usize::from(id) < LEAVES));
        // At the 64-cluster level no cluster mixes two axes.
        for i in 0..300 {
            for j in 0..300 {
                if a[i] >> 6 == a[j] >> 6 {
                    assert_eq!(i % 3, j % 3, "w{i} and w{j}");
                }
            }
        }
    }

    #[test]
    fn glove_lines_and_tsv_round_trip() {
        let text = "the 0.1 0.2\n, 0.3 -0.1\nraid 1e-2 0.5\nextra 1 1\n";
        let v = read_glove(text.as_bytes(), 3, "g").unwrap();
        assert_eq!(v.words, ["the", ",", "raid"]);
        assert_eq!(v.dim, 2);
        let ids = cluster(&v, &ClusterOptions::default());
        let tsv = to_tsv("made by a test", &v.words, &ids);
        assert!(tsv.starts_with("# made by a test\n"));
        let back = from_tsv(&tsv, "t").unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(back[2], ("raid".to_string(), ids[2]));
        let err = read_glove("a 1 2\nb 1\n".as_bytes(), 9, "g").unwrap_err();
        assert_eq!(err.to_string(), "g:2: 1 numbers, expected 2");
        let err = from_tsv("# h\nword\t5000\n", "c.tsv").unwrap_err();
        assert_eq!(err.to_string(), "c.tsv:2: cluster id over 4095");
    }
}
