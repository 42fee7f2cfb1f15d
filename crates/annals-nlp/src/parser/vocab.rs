//! String ↔ id maps for words and tags, and the word normalisation they share.

use std::collections::HashMap;

use super::features::{FIRST_ID, UNK_ID};

/// An ordered list of strings with ids starting at [`FIRST_ID`]; anything else is
/// [`UNK_ID`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Vocab {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Vocab {
    /// Ids follow the order of `names` (duplicates keep their first id).
    pub fn new(names: Vec<String>) -> Self {
        let mut index = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            index.entry(n.clone()).or_insert(FIRST_ID + i as u32);
        }
        Vocab { names, index }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    #[inline]
    pub fn id(&self, s: &str) -> u32 {
        self.index.get(s).copied().unwrap_or(UNK_ID)
    }
}

/// Lower-case and map digits to `0`, so "1990"/"2024" and "The"/"the" share statistics.
pub(crate) fn normalize_word(form: &str, out: &mut String) {
    out.clear();
    for c in form.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_unknowns() {
        let v = Vocab::new(vec!["a".into(), "b".into(), "a".into()]);
        assert_eq!(v.id("a"), FIRST_ID);
        assert_eq!(v.id("b"), FIRST_ID + 1);
        assert_eq!(v.id("zzz"), UNK_ID);
    }

    #[test]
    fn normalisation() {
        let mut s = String::new();
        normalize_word("Pyongyang2024", &mut s);
        assert_eq!(s, "pyongyang0000");
        normalize_word("ÉTÉ", &mut s);
        assert_eq!(s, "été");
    }
}
