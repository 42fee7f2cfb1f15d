//! Feature extraction for the tagger.
//!
//! Everything that depends only on a word (its lowercase form, affixes, shape, flags and
//! tag-dictionary entry) is hashed once per sentence into a [`WordInfo`]; the per-token
//! features then only combine these precomputed keys with the predicted history, so the
//! hot loop does no string work and no allocation.

use crate::perceptron::{feature_bytes, feature_ints};

use super::dict::{TagDict, U64Map};

/// Number of prefixes (lengths 1..=N) and suffixes (1..=M) hashed per word.
const N_PREFIX: usize = 3;
const N_SUFFIX: usize = 4;
/// Shapes are built from at most this many characters.
const SHAPE_LEN: usize = 12;

/// Hash namespaces for word-level strings. Feature templates (below) are separate ids.
pub(crate) mod ns {
    pub const LOWER: u32 = 1;
    pub const FORM: u32 = 2;
    pub const PREFIX: u32 = 3;
    pub const SUFFIX: u32 = 10;
    pub const SHAPE: u32 = 20;
    pub const SHAPE_SHORT: u32 = 21;
}

/// Precomputed per-word keys.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub lower: u64,
    pub form: u64,
    pub prefix: [u64; N_PREFIX],
    pub suffix: [u64; N_SUFFIX],
    pub shape: u64,
    pub shape_short: u64,
    pub flags: u64,
    /// Hash of the word's ambiguity class in the tag dictionary (0 = unknown word).
    pub amb: u64,
    /// Ambiguity class of the lowercase form (0 = unknown).
    pub amb_lower: u64,
    /// Class assigned without scoring, for frequent unambiguous words.
    pub sure: Option<u16>,
    /// Keys of the word's cluster at 64, 256, 1024 and 4096 clusters (0: no cluster).
    pub cluster: [u64; 4],
}

/// Lowercase/form key standing for "a word not seen in training".
const UNKNOWN: u64 = 0x0055_4e4b_4e4f_574e;

impl WordInfo {
    /// Make the word look unknown: no identity, no dictionary entry.
    pub fn forget_identity(&mut self) {
        self.lower = UNKNOWN;
        self.form = UNKNOWN;
        self.amb = 0;
        self.amb_lower = 0;
        self.sure = None;
    }
}

/// Keys used for the padding positions before the first and after the last word.
const START: [u64; 2] = [0x5354_4152_5431, 0x5354_4152_5432];
const END: [u64; 2] = [0x454e_4431, 0x454e_4432];

/// Flag bits describing a word's orthography.
mod flag {
    pub const DIGIT: u64 = 1;
    pub const UPPER: u64 = 1 << 1;
    pub const ALL_UPPER: u64 = 1 << 2;
    pub const INIT_UPPER: u64 = 1 << 3;
    pub const HYPHEN: u64 = 1 << 4;
    pub const PERIOD: u64 = 1 << 5;
    pub const FIRST: u64 = 1 << 6;
    pub const ALPHA: u64 = 1 << 7;
    pub const NON_ASCII: u64 = 1 << 8;
}

/// Reusable buffers for one sentence.
#[derive(Debug, Default)]
pub(crate) struct SentenceFeatures {
    lower: String,
    pub infos: Vec<WordInfo>,
}

impl SentenceFeatures {
    /// Hash every word of the sentence.
    pub fn compute(&mut self, words: &[&str], dict: &TagDict) {
        self.infos.clear();
        for (i, w) in words.iter().enumerate() {
            let info = word_info(w, i == 0, &mut self.lower, dict);
            self.infos.push(info);
        }
    }
}

/// Words whose [`WordInfo`] is kept; the cache is emptied when full.
const CACHED_INFOS: usize = 8192;

/// Recent words' [`WordInfo`]s (keyed by form and first-word flag) for the tag
/// dictionary identified by `owner`: most words of running text were seen shortly
/// before, and their affix hashes and dictionary probes cost as much as scoring.
#[derive(Debug, Default)]
pub(crate) struct InfoCache {
    owner: u64,
    map: U64Map<WordInfo>,
}

impl SentenceFeatures {
    /// [`SentenceFeatures::compute`], reusing the infos of words in `cache`; `owner`
    /// must differ between dictionaries.
    pub fn compute_cached(
        &mut self,
        words: &[&str],
        dict: &TagDict,
        owner: u64,
        cache: &mut InfoCache,
    ) {
        if cache.owner != owner || cache.map.len() >= CACHED_INFOS {
            cache.owner = owner;
            cache.map.clear();
        }
        self.infos.clear();
        for (i, w) in words.iter().enumerate() {
            let first = i == 0;
            let key = feature_bytes(ns::FORM, w.as_bytes()) ^ if first { FIRST_KEY } else { 0 };
            let info = match cache.map.get(&key) {
                Some(info) => *info,
                None => {
                    let info = word_info(w, first, &mut self.lower, dict);
                    cache.map.insert(key, info);
                    info
                }
            };
            self.infos.push(info);
        }
    }
}

/// Mixed into the keys of sentence-initial words.
const FIRST_KEY: u64 = 0x9E37_79B9_7F4A_7C15;

/// Lowercase `word` into `buf` (cleared first).
pub(crate) fn lowercase_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            buf.extend(c.to_lowercase());
        }
    }
}

fn shape_char(c: char) -> u8 {
    if c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric()) {
        b'd'
    } else if c.is_uppercase() {
        b'X'
    } else if c.is_alphabetic() {
        b'x'
    } else if c.is_ascii() {
        c as u8
    } else {
        b'o'
    }
}

fn word_info(word: &str, first: bool, lower: &mut String, dict: &TagDict) -> WordInfo {
    lowercase_into(word, lower);
    let lb = lower.as_bytes();
    let mut info = WordInfo {
        lower: feature_bytes(ns::LOWER, lb),
        form: feature_bytes(ns::FORM, word.as_bytes()),
        ..WordInfo::default()
    };
    // Affixes on character boundaries; words shorter than the affix reuse the whole word.
    let mut ends = [lb.len(); N_PREFIX];
    for (k, (i, _)) in lower.char_indices().skip(1).take(N_PREFIX).enumerate() {
        if let Some(e) = ends.get_mut(k) {
            *e = i;
        }
    }
    for (k, end) in ends.iter().enumerate() {
        let p = lb.get(..*end).unwrap_or(lb);
        info.prefix[k] = feature_bytes(ns::PREFIX + k as u32, p);
    }
    let mut starts = [0usize; N_SUFFIX];
    for (k, (i, _)) in lower.char_indices().rev().take(N_SUFFIX).enumerate() {
        if let Some(s) = starts.get_mut(k) {
            *s = i;
        }
    }
    for (k, start) in starts.iter().enumerate() {
        let s = lb.get(*start..).unwrap_or(lb);
        info.suffix[k] = feature_bytes(ns::SUFFIX + k as u32, s);
    }

    let mut shape = [0u8; SHAPE_LEN];
    let mut short = [0u8; SHAPE_LEN];
    let (mut n_shape, mut n_short) = (0, 0);
    let mut flags = 0u64;
    let (mut n_chars, mut n_upper, mut n_alpha) = (0usize, 0usize, 0usize);
    for c in word.chars() {
        let s = shape_char(c);
        if n_shape < SHAPE_LEN {
            shape[n_shape] = s;
            n_shape += 1;
        }
        if n_short < SHAPE_LEN && (n_short == 0 || short[n_short - 1] != s) {
            short[n_short] = s;
            n_short += 1;
        }
        match s {
            b'd' => flags |= flag::DIGIT,
            b'X' => {
                if n_chars == 0 {
                    flags |= flag::INIT_UPPER;
                }
                flags |= flag::UPPER;
                n_upper += 1;
                n_alpha += 1;
            }
            b'x' => n_alpha += 1,
            b'-' => flags |= flag::HYPHEN,
            b'.' => flags |= flag::PERIOD,
            _ => {}
        }
        if !c.is_ascii() {
            flags |= flag::NON_ASCII;
        }
        n_chars += 1;
    }
    if n_upper > 0 && n_upper == n_alpha {
        flags |= flag::ALL_UPPER;
    }
    if n_alpha > 0 {
        flags |= flag::ALPHA;
    }
    if first {
        flags |= flag::FIRST;
    }
    // Length bucket: 1, 2, 3, 4, 5–7, 8+.
    let len_bucket = match n_chars {
        0..=4 => n_chars as u64,
        5..=7 => 5,
        _ => 6,
    };
    info.flags = flags | (len_bucket << 12);
    info.shape = feature_bytes(ns::SHAPE, &shape[..n_shape]);
    info.shape_short = feature_bytes(ns::SHAPE_SHORT, &short[..n_short]);
    if let Some(e) = dict.get(info.form) {
        info.sure = e.sure();
        info.amb = e.amb;
    }
    if let Some(e) = dict.get(info.lower) {
        info.amb_lower = e.amb;
        if info.amb == 0 {
            info.amb = e.amb;
        }
    }
    if let Some(c) = dict.cluster(info.lower) {
        for (level, shift) in [6u16, 4, 2, 0].into_iter().enumerate() {
            info.cluster[level] = (u64::from(c >> shift) + 1) | ((level as u64) << 16);
        }
    }
    info
}

/// Feature template ids (the first argument of `feature_ints`).
mod tpl {
    pub const BIAS: u32 = 100;
    pub const LOWER: u32 = 101;
    pub const PREFIX: u32 = 103;
    pub const SUFFIX: u32 = 104;
    pub const SHAPE: u32 = 105;
    pub const SHAPE_SHORT: u32 = 106;
    pub const FLAGS: u32 = 107;
    pub const LOWER_M1: u32 = 110;
    pub const LOWER_M2: u32 = 111;
    pub const LOWER_P1: u32 = 112;
    pub const LOWER_P2: u32 = 113;
    pub const SUF3_M1: u32 = 114;
    pub const SUF3_P1: u32 = 115;
    pub const SUF2_P1: u32 = 116;
    pub const SHAPE_M1: u32 = 117;
    pub const SHAPE_P1: u32 = 118;
    pub const TAG_M2: u32 = 121;
    pub const TAG_M1_M2: u32 = 122;
    pub const TAG_M1_LOWER: u32 = 123;
    pub const LOWER_M1_LOWER: u32 = 124;
    pub const LOWER_LOWER_P1: u32 = 125;
    pub const TAG_M1_SUF3: u32 = 126;
    pub const AMB: u32 = 130;
    pub const AMB_P1: u32 = 131;
    pub const AMB_P2: u32 = 132;
    pub const TAG_M1_AMB: u32 = 133;
    pub const AMB_AMB_P1: u32 = 134;
    pub const TAG_M1_AMB_P1: u32 = 135;
    pub const TAG_M1_LOWER_P1: u32 = 136;
    pub const AMB_LOWER: u32 = 137;
    pub const TAG_M1_SHAPE: u32 = 143;
    pub const LOWER_P1_P2: u32 = 144;
    pub const FLAGS_SUF3: u32 = 145;
    pub const CAPS_M1_P1: u32 = 146;
    pub const CAPS_AMB_LOWER: u32 = 147;
    pub const CLUSTER: u32 = 150;
    pub const CLUSTER_M1: u32 = 151;
    pub const CLUSTER_P1: u32 = 152;
    pub const TAG_M1_CLUSTER: u32 = 153;
    pub const CLUSTER_P1_FINE: u32 = 154;
    pub const CAPS_CLUSTER: u32 = 155;
}

/// Previous-tag value for positions before the sentence start.
pub(crate) const NO_TAG: u64 = u16::MAX as u64;

/// Write the features of token `i` into `out` (cleared first). `prev` holds the classes
/// predicted so far for tokens `0..i`.
pub(crate) fn token_features(infos: &[WordInfo], i: usize, prev: &[u16], out: &mut Vec<u64>) {
    out.clear();
    let Some(w) = infos.get(i) else {
        return;
    };
    word_features(w, out);
    context_features(infos, i, prev, out);
}

impl WordInfo {
    /// Key of everything [`word_features`] depends on: the exact form and whether it
    /// starts the sentence.
    pub fn word_key(&self) -> u64 {
        if self.flags & flag::FIRST != 0 {
            self.form ^ FIRST_KEY
        } else {
            self.form
        }
    }
}

/// The features of a word that do not depend on its neighbours or on the history
/// (appended to `out`): their summed scores can be cached per [`WordInfo::word_key`].
pub(crate) fn word_features(w: &WordInfo, out: &mut Vec<u64>) {
    out.push(feature_ints(tpl::BIAS, &[]));
    out.push(feature_ints(tpl::LOWER, &[w.lower]));
    for p in w.prefix {
        out.push(feature_ints(tpl::PREFIX, &[p]));
    }
    for s in w.suffix {
        out.push(feature_ints(tpl::SUFFIX, &[s]));
    }
    out.push(feature_ints(tpl::SHAPE, &[w.shape]));
    out.push(feature_ints(tpl::SHAPE_SHORT, &[w.shape_short]));
    out.push(feature_ints(tpl::FLAGS, &[w.flags]));
    out.push(feature_ints(tpl::AMB, &[w.amb]));
    out.push(feature_ints(tpl::AMB_LOWER, &[w.amb_lower]));
    let caps = w.flags & (flag::INIT_UPPER | flag::ALL_UPPER | flag::FIRST);
    out.push(feature_ints(tpl::FLAGS_SUF3, &[caps, w.suffix[2]]));
    out.push(feature_ints(tpl::CAPS_AMB_LOWER, &[caps, w.amb_lower]));
    // Only words with a cluster (models trained with clusters) get cluster features.
    if w.cluster[0] != 0 {
        for c in w.cluster {
            out.push(feature_ints(tpl::CLUSTER, &[c]));
        }
        out.push(feature_ints(tpl::CAPS_CLUSTER, &[caps, w.cluster[1]]));
    }
}

/// Clusters of the neighbours, and of the word with the previous tag.
fn cluster_features(
    w: &WordInfo,
    before: Option<&WordInfo>,
    after: Option<&WordInfo>,
    t1: u64,
    out: &mut Vec<u64>,
) {
    if let Some(c) = before.map(|x| x.cluster[2]).filter(|&c| c != 0) {
        out.push(feature_ints(tpl::CLUSTER_M1, &[c]));
    }
    if let Some(x) = after.filter(|x| x.cluster[0] != 0) {
        out.push(feature_ints(tpl::CLUSTER_P1, &[x.cluster[1]]));
        out.push(feature_ints(tpl::CLUSTER_P1_FINE, &[x.cluster[3]]));
    }
    if w.cluster[0] != 0 {
        out.push(feature_ints(tpl::TAG_M1_CLUSTER, &[t1, w.cluster[1]]));
    }
}

/// The features of token `i` that look at its neighbours or at the history (appended
/// to `out`).
pub(crate) fn context_features(infos: &[WordInfo], i: usize, prev: &[u16], out: &mut Vec<u64>) {
    let Some(w) = infos.get(i) else {
        return;
    };
    let at = |d: isize| -> Option<&WordInfo> { infos.get(i.checked_add_signed(d)?) };
    let lower_at = |d: isize| -> u64 {
        match at(d) {
            Some(x) => x.lower,
            None if d < 0 => START[(-d - 1) as usize & 1],
            None => END[(d - 1) as usize & 1],
        }
    };
    let suffix_at = |d: isize, k: usize| -> u64 {
        match at(d) {
            Some(x) => x.suffix[k],
            None => lower_at(d),
        }
    };
    let amb_at = |d: isize| -> u64 {
        match at(d) {
            Some(x) => x.amb,
            None => lower_at(d),
        }
    };
    let shape_at = |d: isize| -> u64 {
        match at(d) {
            Some(x) => x.shape_short,
            None => lower_at(d),
        }
    };
    let tag_at = |back: usize| -> u64 {
        i.checked_sub(back)
            .and_then(|j| prev.get(j))
            .map_or(NO_TAG, |&t| t as u64)
    };
    let (t1, t2) = (tag_at(1), tag_at(2));
    let (lm1, lp1) = (lower_at(-1), lower_at(1));
    cluster_features(w, at(-1), at(1), t1, out);

    out.push(feature_ints(tpl::LOWER_M1, &[lm1]));
    out.push(feature_ints(tpl::LOWER_M2, &[lower_at(-2)]));
    out.push(feature_ints(tpl::LOWER_P1, &[lp1]));
    out.push(feature_ints(tpl::LOWER_P2, &[lower_at(2)]));
    out.push(feature_ints(tpl::SUF3_M1, &[suffix_at(-1, 2)]));
    out.push(feature_ints(tpl::SUF3_P1, &[suffix_at(1, 2)]));
    out.push(feature_ints(tpl::SUF2_P1, &[suffix_at(1, 1)]));
    out.push(feature_ints(tpl::SHAPE_M1, &[shape_at(-1)]));
    out.push(feature_ints(tpl::SHAPE_P1, &[shape_at(1)]));
    out.push(feature_ints(tpl::TAG_M2, &[t2]));
    out.push(feature_ints(tpl::TAG_M1_M2, &[t1, t2]));
    out.push(feature_ints(tpl::TAG_M1_LOWER, &[t1, w.lower]));
    out.push(feature_ints(tpl::LOWER_M1_LOWER, &[lm1, w.lower]));
    out.push(feature_ints(tpl::LOWER_LOWER_P1, &[w.lower, lp1]));
    out.push(feature_ints(tpl::TAG_M1_SUF3, &[t1, w.suffix[2]]));
    let ap1 = amb_at(1);
    out.push(feature_ints(tpl::AMB_P1, &[ap1]));
    out.push(feature_ints(tpl::AMB_P2, &[amb_at(2)]));
    out.push(feature_ints(tpl::TAG_M1_AMB, &[t1, w.amb]));
    out.push(feature_ints(tpl::AMB_AMB_P1, &[w.amb, ap1]));
    out.push(feature_ints(tpl::TAG_M1_AMB_P1, &[t1, ap1]));
    out.push(feature_ints(tpl::TAG_M1_LOWER_P1, &[t1, lp1]));
    out.push(feature_ints(tpl::TAG_M1_SHAPE, &[t1, w.shape_short]));
    out.push(feature_ints(tpl::LOWER_P1_P2, &[lp1, lower_at(2)]));
    let caps_at = |d: isize| -> u64 {
        at(d).map_or(NO_TAG, |x| {
            x.flags & (flag::INIT_UPPER | flag::ALL_UPPER | flag::FIRST | flag::ALPHA)
        })
    };
    out.push(feature_ints(
        tpl::CAPS_M1_P1,
        &[caps_at(-1), caps_at(0), caps_at(1)],
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infos(words: &[&str]) -> Vec<WordInfo> {
        let mut f = SentenceFeatures::default();
        f.compute(words, &TagDict::default());
        f.infos
    }

    #[test]
    fn lowercase_and_affixes_respect_char_boundaries() {
        let mut buf = String::new();
        lowercase_into("ÉTÉ", &mut buf);
        assert_eq!(buf, "été");
        let a = infos(&["Été"]);
        let b = infos(&["été"]);
        assert_eq!(a[0].lower, b[0].lower);
        assert_ne!(a[0].form, b[0].form);
        assert_eq!(a[0].suffix, b[0].suffix);
        assert_eq!(a[0].suffix[0], feature_bytes(ns::SUFFIX, "é".as_bytes()));
        assert_eq!(
            a[0].prefix[1],
            feature_bytes(ns::PREFIX + 1, "ét".as_bytes())
        );
        // A one-letter word uses itself for all longer affixes.
        let c = infos(&["a"]);
        assert_eq!(c[0].suffix[3], feature_bytes(ns::SUFFIX + 3, b"a"));
    }

    #[test]
    fn cached_infos_equal_computed_ones() {
        let words = ["The", "cat", "saw", "the", "cat", "."];
        let mut plain = SentenceFeatures::default();
        plain.compute(&words, &TagDict::default());
        let mut cached = SentenceFeatures::default();
        let mut cache = InfoCache::default();
        for _ in 0..2 {
            cached.compute_cached(&words, &TagDict::default(), 7, &mut cache);
            assert_eq!(cached.infos.len(), plain.infos.len());
            for (a, b) in cached.infos.iter().zip(&plain.infos) {
                assert_eq!((a.form, a.flags, a.suffix), (b.form, b.flags, b.suffix));
            }
        }
        // "cat" twice and "The" only as the first word: five distinct entries.
        assert_eq!(cache.map.len(), 5);
        let first = ["cat"];
        cached.compute_cached(&first, &TagDict::default(), 7, &mut cache);
        assert_eq!(cached.infos[0].flags, infos(&first)[0].flags);
        cached.compute_cached(&first, &TagDict::default(), 8, &mut cache);
        assert_eq!(cache.map.len(), 1, "another dictionary empties the cache");
    }

    #[test]
    fn shapes_and_flags() {
        let x = infos(&["U.S.", "1,000", "well-known", "Paris"]);
        assert_eq!(x[0].shape, feature_bytes(ns::SHAPE, b"X.X."));
        assert_eq!(x[1].shape_short, feature_bytes(ns::SHAPE_SHORT, b"d,d"));
        assert!(x[0].flags & flag::ALL_UPPER != 0 && x[0].flags & flag::FIRST != 0);
        assert!(x[1].flags & flag::DIGIT != 0 && x[1].flags & flag::ALPHA == 0);
        assert!(x[2].flags & flag::HYPHEN != 0 && x[2].flags & flag::UPPER == 0);
        assert!(x[3].flags & flag::INIT_UPPER != 0 && x[3].flags & flag::ALL_UPPER == 0);
    }

    #[test]
    fn context_features_use_padding_and_history() {
        let x = infos(&["they", "sleep"]);
        let mut a = Vec::new();
        let mut b = Vec::new();
        token_features(&x, 1, &[3], &mut a);
        token_features(&x, 1, &[4], &mut b);
        assert_eq!(a.len(), b.len());
        assert_ne!(a, b, "history changes the features");
        let mut c = Vec::new();
        token_features(&x, 0, &[], &mut c);
        assert_eq!(c.len(), a.len());
        token_features(&x, 5, &[], &mut c);
        assert!(c.is_empty());
    }
}
