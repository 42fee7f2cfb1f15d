//! Plain text of an HTML fragment (a feed item's content, an extractor's HTML output):
//! every block element starts a new paragraph, `<br>` a new line; scripts, styles and
//! other non-content elements are dropped. The walk is iterative, so nesting depth costs
//! no stack.

use dom_query::{Document, NodeRef};

/// Elements whose content is never text to read.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "svg", "math", "head", "button",
    "select", "form", "nav",
];

/// Elements that end the paragraph before and after them.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "address",
    "details",
    "summary",
    "body",
    "html",
];

/// Paragraphs of an HTML fragment, separated by blank lines; whitespace inside a paragraph
/// is collapsed.
pub fn fragment_text(html: &str) -> String {
    let doc = Document::fragment(html);
    node_text(&doc.root())
}

/// The text of a parsed node and its descendants, laid out as in [`fragment_text`].
pub(crate) fn node_text(root: &NodeRef) -> String {
    let mut out = Paragraphs::default();
    // (node, entering): exits are pushed so block ends are seen after the children.
    let mut stack: Vec<(NodeRef, bool)> = vec![(*root, true)];
    while let Some((node, entering)) = stack.pop() {
        let name = node.node_name();
        let name = name.as_deref().map(str::to_ascii_lowercase);
        let block = name.as_deref().is_some_and(|n| BLOCK.contains(&n));
        if !entering {
            if block {
                out.break_paragraph();
            }
            continue;
        }
        if node.is_text() {
            out.push_text(&node.text());
            continue;
        }
        match name.as_deref() {
            Some(n) if SKIP.contains(&n) => continue,
            Some("br") => {
                out.break_line();
                continue;
            }
            _ => {}
        }
        if block {
            out.break_paragraph();
        }
        stack.push((node, false));
        let mut children = Vec::new();
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            children.push(c);
        }
        stack.extend(children.into_iter().rev().map(|c| (c, true)));
    }
    out.finish()
}

/// Builds text paragraph by paragraph.
#[derive(Default)]
struct Paragraphs {
    done: String,
    line: String,
    paragraph: Vec<String>,
}

impl Paragraphs {
    fn push_text(&mut self, text: &str) {
        for (i, word) in text.split_whitespace().enumerate() {
            let glue = i == 0 && !text.starts_with(char::is_whitespace);
            if !self.line.is_empty() && !glue {
                self.line.push(' ');
            }
            self.line.push_str(word);
        }
        if text.ends_with(char::is_whitespace) && !self.line.is_empty() {
            self.line.push(' ');
        }
    }

    fn break_line(&mut self) {
        let line = self.line.trim();
        if !line.is_empty() {
            self.paragraph.push(line.to_owned());
        }
        self.line.clear();
    }

    fn break_paragraph(&mut self) {
        self.break_line();
        if self.paragraph.is_empty() {
            return;
        }
        if !self.done.is_empty() {
            self.done.push_str("\n\n");
        }
        self.done.push_str(&self.paragraph.join("\n"));
        self.paragraph.clear();
    }

    fn finish(mut self) -> String {
        self.break_paragraph();
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs() {
        let html = "<p>The envoys <b>met</b> on Tuesday.</p><p>They signed<br>a pact.</p>\
                    <script>var x = 1;</script><ul><li>One</li><li>Two</li></ul>text";
        assert_eq!(
            fragment_text(html),
            "The envoys met on Tuesday.\n\nThey signed\na pact.\n\nOne\n\nTwo\n\ntext"
        );
    }

    #[test]
    fn inline_markup_does_not_split_words() {
        assert_eq!(
            fragment_text("<p>Pyong<i>yang</i> &amp; Seoul</p>"),
            "Pyongyang & Seoul"
        );
        assert_eq!(fragment_text("plain text only"), "plain text only");
        assert_eq!(fragment_text(""), "");
    }

    #[test]
    fn deep_nesting_is_fine() {
        let depth = 20_000;
        let html = format!("{}deep{}", "<div>".repeat(depth), "</div>".repeat(depth));
        assert_eq!(fragment_text(&html), "deep");
    }
}
