//! The tagger's label inventories: XPOS names, FEATS strings, and the joint (UPOS, XPOS)
//! classes the perceptron predicts. Predicting the pair as one class keeps UPOS and XPOS
//! consistent with each other (no `VERB`/`NN`).

use std::collections::HashMap;

use annals_core::Upos;

use crate::codec::{CodecError, Decoder, Encoder};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagSet {
    pub xpos: Vec<String>,
    /// FEATS strings; id 0 is always `_` (no features).
    pub feats: Vec<String>,
    /// Joint classes: (UPOS, XPOS id).
    pub classes: Vec<(Upos, u16)>,
}

/// Collects labels while reading the treebank, in first-seen order (deterministic for a
/// fixed input order).
#[derive(Debug, Default)]
pub(crate) struct TagSetBuilder {
    xpos: HashMap<String, u16>,
    feats: HashMap<String, u16>,
    classes: HashMap<(Upos, u16), u16>,
    set: TagSet,
}

impl Default for TagSet {
    fn default() -> Self {
        TagSet {
            xpos: Vec::new(),
            feats: vec!["_".to_string()],
            classes: Vec::new(),
        }
    }
}

fn intern(map: &mut HashMap<String, u16>, names: &mut Vec<String>, s: &str) -> Option<u16> {
    if let Some(&id) = map.get(s) {
        return Some(id);
    }
    let id = u16::try_from(names.len()).ok().filter(|&i| i < u16::MAX)?;
    map.insert(s.to_string(), id);
    names.push(s.to_string());
    Some(id)
}

impl TagSetBuilder {
    pub fn new() -> Self {
        let mut b = TagSetBuilder::default();
        b.feats.insert("_".to_string(), 0);
        b
    }

    /// Class id of a (UPOS, XPOS) pair, added if new. `None` for an unknown UPOS string or
    /// when the inventory is full.
    pub fn class(&mut self, upos: &str, xpos: &str) -> Option<u16> {
        let upos = Upos::parse(upos)?;
        let x = intern(&mut self.xpos, &mut self.set.xpos, xpos)?;
        if let Some(&c) = self.classes.get(&(upos, x)) {
            return Some(c);
        }
        let c = u16::try_from(self.set.classes.len())
            .ok()
            .filter(|&c| c < u16::MAX)?;
        self.classes.insert((upos, x), c);
        self.set.classes.push((upos, x));
        Some(c)
    }

    pub fn feats(&mut self, feats: &str) -> Option<u16> {
        let feats = if feats.is_empty() { "_" } else { feats };
        intern(&mut self.feats, &mut self.set.feats, feats)
    }

    pub fn finish(self) -> TagSet {
        self.set
    }
}

impl TagSet {
    pub fn n_classes(&self) -> usize {
        self.classes.len()
    }

    pub fn encode(&self, e: &mut Encoder) {
        e.strs(&self.xpos);
        e.strs(&self.feats);
        e.len(self.classes.len());
        for &(u, x) in &self.classes {
            e.u8(u as u8);
            e.u32(x as u32);
        }
    }

    pub fn decode(d: &mut Decoder) -> Result<TagSet, CodecError> {
        let xpos = d.strs()?;
        let feats = d.strs()?;
        if feats.first().map(String::as_str) != Some("_") || feats.len() >= u16::MAX as usize {
            return Err(CodecError::Corrupt("tagger FEATS inventory".into()));
        }
        let n = d.len(5)?;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let u = d.u8()?;
            let x = d.u32()?;
            let upos = Upos::ALL
                .get(u as usize)
                .copied()
                .ok_or_else(|| CodecError::Corrupt(format!("UPOS index {u}")))?;
            if x as usize >= xpos.len() {
                return Err(CodecError::Corrupt(format!("XPOS index {x}")));
            }
            classes.push((upos, x as u16));
        }
        if classes.len() >= u16::MAX as usize {
            return Err(CodecError::Corrupt("too many tagger classes".into()));
        }
        Ok(TagSet {
            xpos,
            feats,
            classes,
        })
    }
}
