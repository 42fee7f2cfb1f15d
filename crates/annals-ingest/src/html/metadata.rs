//! Article metadata from a page's head and markup: `<meta>` tags (Open Graph, `article:`,
//! Dublin Core, `name=`), `<link rel=canonical>`, JSON-LD (`NewsArticle` and kin:
//! headline, datePublished, author, publisher), `itemprop` microdata, `<time datetime>`
//! and `<html lang>`.
//!
//! Sources are tried in order of how deliberately a site states the fact: JSON-LD and
//! article meta tags before generic ones, `<time>` last.

use dom_query::{Document, Selection};
use serde_json::Value;

/// What the page says about itself. Every field is as found (trimmed), not normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMetadata {
    pub title: Option<String>,
    pub canonical_url: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
}

/// JSON-LD `@type`s that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "WebPage",
    "Report",
];

/// Read the metadata of a parsed page.
pub fn page_metadata(doc: &Document) -> PageMetadata {
    let ld = json_ld_article(doc);
    let ld_str = |key: &str| ld.as_ref().and_then(|v| v.get(key)).and_then(string_of);
    let title = ld_str("headline")
        .or_else(|| {
            meta(
                doc,
                &["og:title", "twitter:title", "dc.title", "dcterms.title"],
            )
        })
        .or_else(|| text_of(&doc.select("head title")));
    let canonical_url = attr_of(&doc.select("link[rel='canonical']"), "href")
        .or_else(|| meta(doc, &["og:url"]))
        .or_else(|| ld_str("url"));
    let published = ld_str("datePublished")
        .or_else(|| {
            meta(
                doc,
                &[
                    "article:published_time",
                    "og:article:published_time",
                    "datepublished",
                    "dc.date",
                    "dc.date.issued",
                    "dcterms.created",
                    "dcterms.date",
                    "pubdate",
                    "publishdate",
                    "date",
                    "sailthru.date",
                    "parsely-pub-date",
                ],
            )
        })
        .or_else(|| {
            let sel = doc.select("[itemprop='datePublished']");
            attr_of(&sel, "content")
                .or_else(|| attr_of(&sel, "datetime"))
                .or_else(|| text_of(&sel))
        })
        .or_else(|| attr_of(&doc.select("time[datetime]"), "datetime"));
    let publisher = ld
        .as_ref()
        .and_then(|v| v.get("publisher"))
        .and_then(name_of)
        .or_else(|| meta(doc, &["og:site_name", "application-name", "dc.publisher"]));
    let author = ld
        .as_ref()
        .and_then(|v| v.get("author"))
        .and_then(name_of)
        .or_else(|| meta(doc, &["author", "article:author", "dc.creator", "byl"]))
        .filter(|a| !a.starts_with("http"));
    let language = attr_of(&doc.select("html"), "lang")
        .or_else(|| meta(doc, &["og:locale", "dc.language", "content-language"]));
    PageMetadata {
        title,
        canonical_url,
        published,
        publisher,
        author,
        language,
    }
}

/// The first `<meta>` whose `property`, `name` or `itemprop` is one of `keys`
/// (case-insensitive), in the order of `keys`.
fn meta(doc: &Document, keys: &[&str]) -> Option<String> {
    let metas = doc.select("meta[content]");
    for key in keys {
        for node in metas.nodes() {
            let matches = ["property", "name", "itemprop", "http-equiv"]
                .iter()
                .any(|a| {
                    node.attr(a)
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case(key))
                });
            if matches {
                if let Some(v) = node.attr("content").and_then(|c| non_empty(&c)) {
                    return Some(v);
                }
            }
        }
    }
    None
}

fn attr_of(sel: &Selection, name: &str) -> Option<String> {
    sel.nodes()
        .iter()
        .find_map(|n| n.attr(name).and_then(|v| non_empty(&v)))
}

fn text_of(sel: &Selection) -> Option<String> {
    sel.nodes().iter().find_map(|n| non_empty(&n.text()))
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// The first JSON-LD object whose `@type` is an article type, looking inside arrays and
/// `@graph`.
fn json_ld_article(doc: &Document) -> Option<Value> {
    let scripts = doc.select("script[type='application/ld+json']");
    for node in scripts.nodes() {
        let text = node.text();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        // Iterative search so a deeply nested document cannot exhaust the stack.
        let mut stack = vec![value];
        let mut fallback = None;
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                    let types = map.get("@type").map(types_of).unwrap_or_default();
                    let article = types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
                    if article {
                        let is_page = types.iter().all(|t| t == "WebPage");
                        let obj = Value::Object(map);
                        if !is_page {
                            return Some(obj);
                        }
                        fallback.get_or_insert(obj);
                    }
                }
                _ => {}
            }
        }
        if fallback.is_some() {
            return fallback;
        }
    }
    None
}

fn types_of(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn string_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => non_empty(s),
        Value::Array(items) => items.iter().find_map(string_of),
        _ => None,
    }
}

/// A person's or organisation's name: a string, an object with `name`, or a list of them
/// (joined with ", ").
fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => non_empty(s),
        Value::Object(map) => map.get("name").and_then(string_of),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of_flat).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn name_of_flat(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => non_empty(s),
        Value::Object(map) => map.get("name").and_then(string_of),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_wins_over_meta_tags() {
        let html = r#"<html lang="en-GB"><head><title>Site | Talks</title>
            <meta property="og:title" content="Talks resume in Oslo">
            <meta property="og:site_name" content="The Harbour Times">
            <meta property="article:published_time" content="2024-05-02T08:00:00Z">
            <link rel="canonical" href="https://example.org/talks">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"x"},
              {"@type":"NewsArticle","headline":"Talks resume","datePublished":"2024-05-01",
               "author":[{"@type":"Person","name":"Ana Ruiz"},{"name":"Li Wei"}],
               "publisher":{"@type":"Organization","name":"Harbour Times Ltd"}}]}</script>
            </head><body><p>x</p></body></html>"#;
        let m = page_metadata(&Document::from(html));
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
        assert_eq!(m.published.as_deref(), Some("2024-05-01"));
        assert_eq!(m.author.as_deref(), Some("Ana Ruiz, Li Wei"));
        assert_eq!(m.publisher.as_deref(), Some("Harbour Times Ltd"));
        assert_eq!(
            m.canonical_url.as_deref(),
            Some("https://example.org/talks")
        );
        assert_eq!(m.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn meta_tags_microdata_and_time() {
        let html = r#"<html><head><title> Plain   title </title>
            <meta name="DC.date" content="2023-09-13">
            <meta name="author" content="Sam Okafor"></head>
            <body><time datetime="2020-01-01">then</time></body></html>"#;
        let m = page_metadata(&Document::from(html));
        assert_eq!(m.title.as_deref(), Some("Plain title"));
        assert_eq!(m.published.as_deref(), Some("2023-09-13"));
        assert_eq!(m.author.as_deref(), Some("Sam Okafor"));
        assert_eq!(m.publisher, None);
        let html = r#"<body><span itemprop="datePublished" content="2022-03-04">4 March</span>
            <time datetime="2020-01-01">then</time></body>"#;
        assert_eq!(
            page_metadata(&Document::from(html)).published.as_deref(),
            Some("2022-03-04")
        );
        let html = r#"<body><time datetime="2020-01-01T10:00:00+01:00">then</time></body>"#;
        assert_eq!(
            page_metadata(&Document::from(html)).published.as_deref(),
            Some("2020-01-01T10:00:00+01:00")
        );
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let html = r#"<head><script type="application/ld+json">{"@type":"NewsArticle",</script>
            <meta property="og:site_name" content="Quay Post"></head>"#;
        let m = page_metadata(&Document::from(html));
        assert_eq!(m.publisher.as_deref(), Some("Quay Post"));
        assert_eq!(m.published, None);
    }
}
