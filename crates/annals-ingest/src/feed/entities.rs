//! Entity references a feed's XML uses but does not define for us: XML defines only
//! `&amp; &lt; &gt; &quot; &apos;`, and the feed parser expands no entity a DTD declares
//! (that is the billion-laughs defence), leaving `&lol9;` in the text as is. A name HTML
//! knows (`&nbsp;`, `&eacute;`, common in sloppy feeds) is left for the HTML layer, which
//! decodes it. Any other reference has no text we could put in its place, so it is
//! dropped, with a warning naming it; the rest of the item is what the publisher wrote,
//! and an item made only of such references ends up empty and is skipped as such.

use std::collections::{BTreeMap, HashMap};

use crate::html;

/// The five entities XML itself defines.
const XML_ENTITIES: [&[u8]; 5] = [b"amp", b"lt", b"gt", b"quot", b"apos"];

/// Longest entity name looked at; longer `&…;` runs are left alone (not names in practice).
const MAX_NAME: usize = 64;

/// `bytes` without references to entities neither XML nor HTML defines (outside CDATA
/// sections, comments and the DOCTYPE, where `&` is not a reference), and each dropped
/// name with its count. Returns `None` when there is nothing to drop.
pub(crate) fn drop_undefined(bytes: &[u8]) -> Option<(Vec<u8>, BTreeMap<String, usize>)> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    // Each name is looked up once, however often a (hostile) feed repeats it.
    let mut known: HashMap<&[u8], bool> = HashMap::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if let Some(skip) = verbatim_len(rest) {
            out.extend_from_slice(&rest[..skip]);
            i += skip;
            continue;
        }
        if rest[0] == b'&' {
            if let Some(name) = reference_name(rest) {
                if !*known.entry(name).or_insert_with(|| is_known(name)) {
                    *dropped
                        .entry(String::from_utf8_lossy(name).into_owned())
                        .or_default() += 1;
                    i += name.len() + 2;
                    continue;
                }
            }
        }
        out.push(rest[0]);
        i += 1;
    }
    (!dropped.is_empty()).then_some((out, dropped))
}

/// Length of a CDATA section, comment or DOCTYPE starting here (to its end, or the rest of
/// the input when unterminated); `None` elsewhere.
fn verbatim_len(rest: &[u8]) -> Option<usize> {
    let (open, close): (&[u8], &[u8]) = if rest.starts_with(b"<![CDATA[") {
        (b"<![CDATA[", b"]]>")
    } else if rest.starts_with(b"<!--") {
        (b"<!--", b"-->")
    } else if rest.starts_with(b"<!DOCTYPE") {
        // The internal subset ends with "]>" when there is one; else the first ">".
        let end = match rest.iter().position(|&b| b == b'[' || b == b'>') {
            Some(p) if rest[p] == b'[' => b"]>".as_slice(),
            _ => b">".as_slice(),
        };
        (b"<!DOCTYPE", end)
    } else {
        return None;
    };
    let body = &rest[open.len()..];
    Some(
        body.windows(close.len())
            .position(|w| w == close)
            .map_or(rest.len(), |p| open.len() + p + close.len()),
    )
}

/// The name of a named entity reference `&name;` at the start of `rest`.
fn reference_name(rest: &[u8]) -> Option<&[u8]> {
    let body = rest.get(1..)?;
    let first = *body.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None; // `&#…;` character references and stray ampersands
    }
    let len = body
        .iter()
        .take(MAX_NAME + 1)
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))?;
    (body.get(len) == Some(&b';')).then(|| &body[..len])
}

/// XML's own entities, and the names the HTML layer decodes.
fn is_known(name: &[u8]) -> bool {
    if XML_ENTITIES.contains(&name) {
        return true;
    }
    let reference = format!("&{};", String::from_utf8_lossy(name));
    html::fragment_text(&reference) != reference
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_references_are_dropped_and_counted() {
        let xml =
            b"<!DOCTYPE rss [<!ENTITY lol \"&x;\">]><t>a &lol9; b &lol9;&amp;&nbsp;&#160;</t>\
                    <![CDATA[keep &lol9;]]><!-- &lol9; -->";
        let (out, dropped) = drop_undefined(xml).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<!DOCTYPE rss [<!ENTITY lol \"&x;\">]><t>a  b &amp;&nbsp;&#160;</t>\
             <![CDATA[keep &lol9;]]><!-- &lol9; -->"
        );
        assert_eq!(
            dropped.into_iter().collect::<Vec<_>>(),
            [("lol9".to_string(), 2)]
        );
    }

    #[test]
    fn nothing_to_drop_is_none() {
        assert!(drop_undefined(b"<t>Q&amp;A &eacute; AT&T a & b</t>").is_none());
    }
}
