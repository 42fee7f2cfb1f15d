//! RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds, parsed with `feed-rs`: one record per item.
//!
//! - text: the item's full content (`content:encoded`, Atom `content`), else its summary
//!   (`description`, Atom `summary`); HTML is turned into paragraphs
//!   ([`crate::html::fragment_text`]).
//! - url: the item's first alternate (or first) link; published: `pubDate`/`published`,
//!   else `updated`; publisher: the feed's title; title and authors as given.
//! - id: the item's `guid`/`id` when the feed gives one (hashed when longer than 64 bytes),
//!   else the content hash.
//!
//! References to entities XML does not define (`&lol9;`, which a DTD may declare but is
//! never expanded) are dropped with a warning before parsing; see [`entities`].
//!
//! An item that carries only a summary (no full content) is still stored, as its summary,
//! and a warning says so: such items are what `--follow-links` should fetch
//! ([`FeedItem::summary_only`]).

mod entities;

use std::io::Read;

use annals_core::{content_hash, InputRecord};

use crate::html;
use crate::readers::Ctx;
use crate::{IngestError, ReadItem};

/// Longest item id kept as is; longer ones are replaced by a hash.
const MAX_ID_BYTES: usize = 64;

/// One feed item as a record, and whether the feed gave only a summary of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub record: InputRecord,
    /// Author names as the feed gives them (the input record has no author field).
    pub authors: Vec<String>,
    /// The item has a summary but no full content: the record's text is that summary.
    pub summary_only: bool,
}

/// Parse a whole feed. Items without any text (no content, no summary, no title) are left
/// out; the count of such items is returned alongside.
pub fn parse_feed<R: Read>(reader: R) -> Result<(Vec<FeedItem>, usize), String> {
    // Items without an id get an id derived from nothing random: empty, so the record
    // falls back to its content hash.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = parser.parse(reader).map_err(|e| e.to_string())?;
    let publisher = feed.title.as_ref().map(|t| html::fragment_text(&t.content));
    let mut items = Vec::new();
    let mut empty = 0;
    for entry in feed.entries {
        let full = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(html::fragment_text)
            .filter(|t| !t.trim().is_empty());
        let summary = entry
            .summary
            .as_ref()
            .map(|s| html::fragment_text(&s.content))
            .filter(|t| !t.trim().is_empty());
        let title = entry
            .title
            .as_ref()
            .map(|t| html::fragment_text(&t.content))
            .filter(|t| !t.trim().is_empty());
        let summary_only = full.is_none() && summary.is_some();
        let Some(text) = full.or(summary) else {
            empty += 1;
            continue;
        };
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.clone());
        let published = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
        let authors: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|p| p.name.as_deref().map(str::trim).filter(|n| !n.is_empty()))
            .map(str::to_owned)
            .collect();
        let record = InputRecord {
            id: item_id(&entry.id),
            url,
            title,
            published,
            publisher: publisher.clone().filter(|p| !p.is_empty()),
            text,
        };
        items.push(FeedItem {
            record,
            authors,
            summary_only,
        });
    }
    Ok((items, empty))
}

/// Fetch the page behind a summary-only item and put its article text in the record,
/// keeping the feed's id and date and filling title and publisher only where the feed had
/// none. Returns the article's word count, or why the summary was kept.
fn follow_link(
    fetcher: &crate::fetch::Fetcher,
    url: &str,
    record: &mut InputRecord,
) -> Result<usize, String> {
    let (final_url, body, hint) = crate::fetch::fetch_input(fetcher, url)
        .map_err(|e| format!("could not follow its link ({e}); stored the summary"))?;
    if hint.is_some_and(|f| f != crate::Format::Html) {
        return Err(format!(
            "its link {final_url} is not an HTML page; stored the summary"
        ));
    }
    let page = html::html_record(&body, None, Some(&final_url))
        .ok_or_else(|| format!("no article text at {final_url}; stored the summary"))?;
    let words = page.text.split_whitespace().count();
    record.text = page.text;
    if record.title.is_none() {
        record.title = page.title;
    }
    if record.publisher.is_none() {
        record.publisher = page.publisher;
    }
    Ok(words)
}

fn item_id(id: &str) -> Option<String> {
    let id = id.trim();
    if id.is_empty() {
        None
    } else if id.len() > MAX_ID_BYTES {
        Some(format!("feed-{}", content_hash(id).get(..16).unwrap_or("")))
    } else {
        Some(id.to_owned())
    }
}

/// Lowercased name of the first element in `head`, skipping the XML declaration,
/// processing instructions, comments and doctype; `None` when there is none (yet).
pub fn root_element(head: &[u8]) -> Option<String> {
    let mut rest = head;
    loop {
        let start = memchr::memchr(b'<', rest)?;
        rest = rest.get(start..)?;
        if rest.starts_with(b"<!--") {
            let end = memchr::memmem::find(rest, b"-->")?;
            rest = rest.get(end + 3..)?;
        } else if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            let end = memchr::memchr(b'>', rest)?;
            rest = rest.get(end + 1..)?;
        } else {
            let name: Vec<u8> = rest
                .get(1..)?
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_' | b'.'))
                .take(64)
                .map(u8::to_ascii_lowercase)
                .collect();
            return (!name.is_empty()).then(|| String::from_utf8_lossy(&name).into_owned());
        }
    }
}

pub(crate) fn read<R: Read>(reader: R, ctx: &Ctx, sink: &mut dyn FnMut(ReadItem)) {
    let mut bytes = Vec::new();
    if let Err(e) = reader
        .take(ctx.max.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return sink(ReadItem::Error(ctx.io_error(e)));
    }
    if bytes.len() as u64 > ctx.max {
        return sink(ReadItem::Error(IngestError::TooLarge {
            at: ctx.at(None),
            limit: ctx.max,
        }));
    }
    let head = bytes.get(..4096).unwrap_or(&bytes);
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match root_element(head).as_deref() {
        Some("rss" | "feed" | "rdf:rdf" | "channel") => {}
        Some(other) => {
            return sink(ReadItem::Error(IngestError::Feed {
                path: ctx.path.clone(),
                message: format!("root element <{other}> is not rss, feed or rdf:RDF"),
            }))
        }
        None => {
            return sink(ReadItem::Error(IngestError::Feed {
                path: ctx.path.clone(),
                message: "not XML (no root element in the first 4 KB)".into(),
            }))
        }
    }
    if let Some((cleaned, dropped)) = entities::drop_undefined(&bytes) {
        let names: Vec<String> = dropped.iter().map(|(n, c)| format!("&{n}; ×{c}")).collect();
        sink(ctx.warn(
            None,
            format!(
                "dropped references to undefined entities (entities a DTD declares are \
                 not expanded): {}",
                names.join(", ")
            ),
        ));
        bytes = cleaned;
    }
    let (items, empty) = match parse_feed(bytes.as_slice()) {
        Ok(parsed) => parsed,
        Err(message) => {
            return sink(ReadItem::Error(IngestError::Feed {
                path: ctx.path.clone(),
                message,
            }))
        }
    };
    if items.is_empty() && empty == 0 {
        return sink(ReadItem::Error(IngestError::Feed {
            path: ctx.path.clone(),
            message: "feed has no items".into(),
        }));
    }
    if empty > 0 {
        sink(ctx.warn(
            None,
            format!("skipped {empty} feed item(s) without any text"),
        ));
    }
    // One fetcher per feed, so its per-host spacing covers all the feed's links.
    let fetcher = ctx
        .follow_links
        .then(|| crate::fetch::Fetcher::new(crate::fetch::FetchConfig::default()));
    for (i, mut item) in items.into_iter().enumerate() {
        let number = i as u64 + 1;
        if item.summary_only {
            let words = item.record.text.split_whitespace().count();
            let followed = match (&fetcher, item.record.url.clone()) {
                (Some(fetcher), Some(url)) => follow_link(fetcher, &url, &mut item.record),
                _ => Err("stored as the summary".to_string()),
            };
            match followed {
                Ok(article_words) => sink(ctx.warn(
                    Some(number),
                    format!(
                        "item has only a summary ({words} words); followed its link and \
                         stored the article ({article_words} words)"
                    ),
                )),
                Err(why) => sink(ctx.warn(
                    Some(number),
                    format!("item has only a summary ({words} words); {why}"),
                )),
            }
        }
        ctx.deliver(Some(number), item.record, sink);
    }
}
