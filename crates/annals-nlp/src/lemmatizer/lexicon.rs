//! A lexicon of real English words in frequency order, read off a large unlabelled corpus
//! (the GloVe 6B vocabulary), so a word the treebank never showed gets a lemma that is a
//! word ("shelled" → "shell", not "shel") and, among several spellings that fit the
//! inflection, the most frequent one ("raided" → "raid", not "raide").
//!
//! Only the words are kept, never the vectors: the first `lines` entries of the GloVe file
//! that are made of the letters a–z, in file order (GloVe lists its vocabulary by corpus
//! frequency, so a word's position is its frequency rank).

use std::fmt;
use std::io::BufRead;

use crate::codec::{CodecError, Decoder, Encoder};
use crate::tagger::U64Map;

use super::inflect::{candidates, Candidate, Inflection};

/// Longest word (in bytes) the lexicon is asked about.
pub(crate) const MAX_WORD: usize = 40;

/// Words in frequency order with their ranks.
#[derive(Clone, Default)]
pub struct Lexicon {
    /// The words, one a line, most frequent first: what the model file stores.
    words: String,
    /// Word hash → rank (0 = most frequent).
    ranks: U64Map<u32>,
    /// Rank → where the word starts in `words`, to check a hit is the word asked for.
    starts: Vec<u32>,
}

impl PartialEq for Lexicon {
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words
    }
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lexicon({} words)", self.ranks.len())
    }
}

/// FNV-1a over the bytes, then a finaliser that spreads every input bit over the key (the
/// map's hasher uses the key as it is). Not `perceptron::feature_bytes`: that hash lets a
/// difference in the last byte of one 8-byte block cancel against the first byte of the
/// next ("castanets" and "castaneda" share a key).
fn word_key(word: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A lexicon word: the letters a–z only, at most [`MAX_WORD`] bytes.
fn is_plain_word(w: &str) -> bool {
    !w.is_empty() && w.len() <= MAX_WORD && w.bytes().all(|b| b.is_ascii_lowercase())
}

impl Lexicon {
    /// From words in frequency order; words that are not plain lowercase words, and
    /// repeats, are skipped.
    pub fn from_words<'w>(words: impl IntoIterator<Item = &'w str>) -> Lexicon {
        let mut lex = Lexicon::default();
        for w in words {
            if !is_plain_word(w) {
                continue;
            }
            let rank = lex.ranks.len() as u32;
            let key = word_key(w.as_bytes());
            // A repeat, or (never seen with this hash) another word with the same key.
            if lex.ranks.contains_key(&key) {
                continue;
            }
            lex.ranks.insert(key, rank);
            lex.starts.push(lex.words.len() as u32);
            lex.words.push_str(w);
            lex.words.push('\n');
        }
        lex
    }

    /// From the first `lines` lines of a GloVe text file (word, then the vector, space
    /// separated); only the words are read.
    pub fn from_glove(reader: impl BufRead, lines: usize) -> std::io::Result<Lexicon> {
        let mut words = Vec::new();
        for line in reader.split(b'\n').take(lines) {
            let line = line?;
            let word = line.split(|&b| b == b' ').next().unwrap_or_default();
            words.push(String::from_utf8_lossy(word).into_owned());
        }
        Ok(Lexicon::from_words(words.iter().map(String::as_str)))
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.ranks.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.ranks.is_empty()
    }

    /// The words, most frequent first.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.lines()
    }

    /// Frequency rank of a lowercase word (0 = most frequent), if it is in the lexicon.
    pub fn rank(&self, word: &str) -> Option<u32> {
        self.rank_of(word.as_bytes())
    }

    fn rank_of(&self, word: &[u8]) -> Option<u32> {
        let rank = *self.ranks.get(&word_key(word))?;
        let start = *self.starts.get(rank as usize)? as usize;
        let stored = self.words.as_bytes().get(start..start + word.len() + 1)?;
        (stored.get(..word.len()) == Some(word) && stored.last() == Some(&b'\n')).then_some(rank)
    }

    /// The edit (characters to strip, string to append) turning the lowercase `lower` into
    /// the most frequent lexicon word that `infl` could have inflected into it. A
    /// hyphenated word is judged by its last part ("cease-fires" → "cease-fire").
    pub(crate) fn best_edit(&self, lower: &str, infl: Inflection) -> Option<Candidate> {
        if self.is_empty() {
            return None;
        }
        let last = lower.rsplit('-').next().unwrap_or(lower);
        if last.len() > MAX_WORD || !last.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let word = last.as_bytes();
        let mut buf = [0u8; MAX_WORD + 8];
        let mut best: Option<(u32, Candidate)> = None;
        for c in candidates(word, infl) {
            let Some(keep) = word.len().checked_sub(c.strip) else {
                continue;
            };
            let len = keep + c.append.len();
            let (Some(head), Some(tail)) = (word.get(..keep), buf.get_mut(..len)) else {
                continue;
            };
            tail[..keep].copy_from_slice(head);
            tail[keep..].copy_from_slice(c.append.as_bytes());
            let Some(rank) = self.rank_of(tail) else {
                continue;
            };
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, c));
            }
        }
        best.map(|(_, c)| c)
    }

    pub(crate) fn encode(&self, e: &mut Encoder) {
        e.str(&self.words);
    }

    pub(crate) fn decode(d: &mut Decoder) -> Result<Lexicon, CodecError> {
        let words = d.str()?;
        let lex = Lexicon::from_words(words.lines());
        if lex.words != words {
            return Err(CodecError::Corrupt("lexicon words".into()));
        }
        Ok(lex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_file_order_and_only_plain_words_count() {
        let glove = "the 0.1\n, 0.2\nraid 0.3\nRaid 0.1\nraide 0.2\nthe 0.5\nshel 0.1\n";
        let lex = Lexicon::from_glove(glove.as_bytes(), 6).unwrap();
        assert_eq!(lex.words().collect::<Vec<_>>(), ["the", "raid", "raide"]);
        assert_eq!(lex.rank("raid"), Some(1));
        assert_eq!(lex.rank("raide"), Some(2));
        assert_eq!(lex.rank("shel"), None, "line 7 is past the 6 read");
        assert_eq!(lex.rank("rai"), None);
        assert_eq!(lex.rank("raids"), None);
    }

    #[test]
    fn words_that_the_feature_hash_confuses_are_told_apart() {
        let lex = Lexicon::from_words(["castaneda", "referenda"]);
        assert_eq!(lex.rank("castaneda"), Some(0));
        assert_eq!(lex.rank("castanets"), None);
        let lex = Lexicon::from_words(["castaneda", "castanets", "referenda", "referents"]);
        assert_eq!(lex.len(), 4);
        assert_eq!(lex.rank("referents"), Some(3));
    }

    #[test]
    fn the_most_frequent_candidate_wins() {
        let lex = Lexicon::from_words(["shell", "raid", "shel", "raide", "boycott", "boycot"]);
        let edit = |w: &str, i| lex.best_edit(w, i).map(|c| (c.strip, c.append));
        assert_eq!(edit("shelled", Inflection::Past), Some((2, "")));
        assert_eq!(edit("raided", Inflection::Past), Some((2, "")));
        assert_eq!(edit("boycotting", Inflection::Ing), Some((3, "")));
        assert_eq!(edit("cease-raids", Inflection::Plural), Some((1, "")));
        assert_eq!(edit("unknownwords", Inflection::Plural), None);
        assert_eq!(
            edit("Shelled", Inflection::Past),
            None,
            "asked in lowercase only"
        );
    }

    #[test]
    fn round_trip_and_corrupt_input() {
        let lex = Lexicon::from_words(["the", "raid"]);
        let mut e = Encoder::new();
        lex.encode(&mut e);
        let bytes = e.into_bytes();
        let back = Lexicon::decode(&mut Decoder::new(&bytes)).unwrap();
        assert_eq!(back, lex);
        assert_eq!(back.rank("raid"), Some(1));
        let mut e = Encoder::new();
        e.str("the\nRaid\n");
        let bad = e.into_bytes();
        assert!(Lexicon::decode(&mut Decoder::new(&bad)).is_err());
    }
}
