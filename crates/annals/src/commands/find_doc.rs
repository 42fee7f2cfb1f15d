//! Naming a stored document on the command line: its id, a unique prefix of it, or the
//! file it was read from. Ids are hashes of the clean text, so they change whenever
//! cleaning does and a user rarely knows them; the file name (`000_095ba332747d2447.txt`)
//! is what they ingested.

use annals_store::Store;
use anyhow::{bail, Result};

/// Fewest characters of a file name a lookup by source accepts.
const MIN_SOURCE_CHARS: usize = 4;

/// How many candidates an ambiguous name reports.
const SHOWN: usize = 5;

/// The id of the document `arg` names: an id or unique id prefix first, else the one
/// document whose source is `arg` or whose source file name contains `arg`. `None` when
/// nothing matches; an error when several documents' sources match.
pub fn find_document(store: &dyn Store, arg: &str) -> Result<Option<String>> {
    if let Some(id) = store.resolve_id(arg)? {
        return Ok(Some(id));
    }
    if arg.chars().count() < MIN_SOURCE_CHARS {
        return Ok(None);
    }
    let docs = store.list_documents(None, 0)?;
    let matches: Vec<(&str, &str)> = docs
        .iter()
        .filter_map(|d| {
            let source = d.source.as_deref()?;
            source_matches(source, arg).then_some((d.id.as_str(), source))
        })
        .collect();
    match matches.as_slice() {
        [] => Ok(None),
        [(id, _)] => Ok(Some((*id).to_string())),
        many => {
            let listed: Vec<String> = many
                .iter()
                .take(SHOWN)
                .map(|(id, source)| format!("{id} ({source})"))
                .collect();
            bail!(
                "{arg:?} matches the sources of {} documents: {}{}; give the id",
                many.len(),
                listed.join(", "),
                if many.len() > SHOWN { ", …" } else { "" }
            )
        }
    }
}

/// `arg` is the whole source, or part of its file name (the last path component; for a
/// record of a JSONL or CSV file, `wire.jsonl:3`).
fn source_matches(source: &str, arg: &str) -> bool {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    source == arg || name.contains(arg)
}

#[cfg(test)]
mod tests {
    use super::source_matches;

    #[test]
    fn whole_source_or_part_of_its_file_name() {
        let s = "../shared/seeds/000_095ba332747d2447.txt";
        assert!(source_matches(s, s));
        assert!(source_matches(s, "095ba332"));
        assert!(source_matches(s, "000_095ba332747d2447.txt"));
        assert!(!source_matches(s, "shared"));
        assert!(!source_matches(s, "seeds/000"));
    }
}
