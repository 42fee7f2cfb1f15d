//! CoNLL-U reading and writing (<https://universaldependencies.org/format.html>).
//!
//! Multi-word token lines (`3-4`) are kept as [`MultiWord`] entries so a writer can
//! reproduce them; empty nodes (`8.1`) are skipped, since basic trees never use them.
//! Comment lines are kept verbatim.

use std::io::{BufRead, Write};
use std::path::Path;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ConlluError {
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

/// One syntactic word of a sentence (a CoNLL-U line with an integer id).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 for the root; 1-based index otherwise.
    pub head: usize,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

/// A multi-word token spanning words `first..=last` (1-based), e.g. "don't" → do + n't
/// in some treebanks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiWord {
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub misc: String,
}

/// One sentence: its comment lines, words and multi-word tokens.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines without the leading `#` and one following space.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub multiwords: Vec<MultiWord>,
}

impl Sentence {
    /// Value of a `# key = value` comment.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// Whether a `# key` or `# key = …` comment is present (e.g. `newdoc`, `newpar`).
    pub fn has_comment(&self, key: &str) -> bool {
        self.comments
            .iter()
            .any(|c| c.split(['=', ' ']).next().map(str::trim) == Some(key))
    }

    /// Whether a word (1-based) has `SpaceAfter=No` in its MISC column, either itself or
    /// through the multi-word token it ends.
    pub fn no_space_after(&self, word: usize) -> bool {
        let has = |misc: &str| misc.split('|').any(|m| m == "SpaceAfter=No");
        if let Some(mw) = self
            .multiwords
            .iter()
            .find(|m| m.first <= word && word <= m.last)
        {
            return mw.last == word && has(&mw.misc);
        }
        self.words
            .get(word.wrapping_sub(1))
            .is_some_and(|w| has(&w.misc))
    }
}

/// Read all sentences of a CoNLL-U file.
pub fn read_file(path: impl AsRef<Path>) -> Result<Vec<Sentence>, ConlluError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| ConlluError::Io {
        path: name.clone(),
        source,
    })?;
    read(std::io::BufReader::new(file), &name)
}

/// Read sentences from any buffered reader; `name` is used in error messages.
pub fn read(reader: impl BufRead, name: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (i, line) in reader.lines().enumerate() {
        let lineno = i + 1;
        let line = line.map_err(|source| ConlluError::Io {
            path: name.to_string(),
            source,
        })?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments
                .push(c.strip_prefix(' ').unwrap_or(c).to_string());
            continue;
        }
        let err = |msg: String| ConlluError::Format {
            path: name.to_string(),
            line: lineno,
            msg,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(format!(
                "expected 10 tab-separated columns, found {}",
                cols.len()
            )));
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node
        }
        if let Some((a, b)) = id.split_once('-') {
            let first = a.parse().map_err(|_| err(format!("bad range id {id:?}")))?;
            let last = b.parse().map_err(|_| err(format!("bad range id {id:?}")))?;
            cur.multiwords.push(MultiWord {
                first,
                last,
                form: cols[1].to_string(),
                misc: cols[9].to_string(),
            });
            continue;
        }
        let n: usize = id.parse().map_err(|_| err(format!("bad id {id:?}")))?;
        if n != cur.words.len() + 1 {
            return Err(err(format!("word id {n} out of sequence")));
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6]
                .parse()
                .map_err(|_| err(format!("bad head {:?}", cols[6])))?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !cur.words.is_empty() || !cur.comments.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Write sentences in CoNLL-U, each followed by a blank line.
pub fn write(w: &mut impl Write, sentences: &[Sentence]) -> std::io::Result<()> {
    for s in sentences {
        write_sentence(w, s)?;
    }
    Ok(())
}

/// Write one sentence followed by a blank line.
pub fn write_sentence(w: &mut impl Write, s: &Sentence) -> std::io::Result<()> {
    for c in &s.comments {
        writeln!(w, "# {c}")?;
    }
    for (i, word) in s.words.iter().enumerate() {
        let id = i + 1;
        for mw in s.multiwords.iter().filter(|m| m.first == id) {
            writeln!(
                w,
                "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                mw.first, mw.last, mw.form, mw.misc
            )?;
        }
        let dash = |s: &str| {
            if s.is_empty() {
                "_".to_string()
            } else {
                s.to_string()
            }
        };
        writeln!(
            w,
            "{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            dash(&word.form),
            dash(&word.lemma),
            dash(&word.upos),
            dash(&word.xpos),
            dash(&word.feats),
            word.head,
            dash(&word.deprel),
            dash(&word.deps),
            dash(&word.misc)
        )?;
    }
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = They don't sleep.\n\
1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t4:nsubj\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
4\tsleep\tsleep\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
4.1\tsleep\tsleep\tVERB\tVB\t_\t_\t_\t0:root\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\n";

    #[test]
    fn reads_multiwords_skips_empty_nodes() {
        let s = read(SAMPLE.as_bytes(), "t").unwrap();
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert_eq!(s.words.len(), 5);
        assert_eq!(s.multiwords.len(), 1);
        assert_eq!(s.comment("text"), Some("They don't sleep."));
        assert!(s.has_comment("newdoc"));
        assert!(!s.has_comment("newpar"));
        assert!(s.no_space_after(4));
        assert!(!s.no_space_after(1));
        assert_eq!(s.words[3].head, 0);
    }

    #[test]
    fn round_trip() {
        let s = read(SAMPLE.as_bytes(), "t").unwrap();
        let mut buf = Vec::new();
        write(&mut buf, &s).unwrap();
        let again = read(buf.as_slice(), "t").unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let e = read("1\tx\n".as_bytes(), "bad.conllu").unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad.conllu:1: expected 10 tab-separated columns, found 2"
        );
        let e = read("2\tx\tx\tX\tX\t_\t0\troot\t_\t_\n".as_bytes(), "b").unwrap_err();
        assert!(e.to_string().contains("out of sequence"));
    }
}
