//! The web UI: static pages, one script and one stylesheet, compiled into the binary.
//!
//! Pages carry no data: the script reads the URL and calls the API, so every view is a
//! permalink and the UI sees exactly what an API client sees. Each page is its `<main>`
//! (`assets/pages/`) inside one shell (`assets/page.html`) with the title, the script's
//! page name and the navigation, so the pages cannot drift apart.

use axum::body::Bytes;
use axum::http::header;
use axum::routing::get;
use axum::Router;

use crate::api::AppState;

const SHELL: &str = include_str!("../assets/page.html");
const SCRIPT: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/app.css");

/// The navigation bar: path and label.
const NAV: [(&str, &str); 6] = [
    ("/", "Events"),
    ("/documents", "Documents"),
    ("/stories", "Stories"),
    ("/actors", "Actors"),
    ("/timeline", "Timeline"),
    ("/search", "Search"),
];

/// One page: its route, its `<title>`, the name the script dispatches on, the navigation
/// entry marked current (if any) and its `<main>`.
struct Page {
    route: &'static str,
    title: &'static str,
    name: &'static str,
    current: Option<&'static str>,
    main: &'static str,
}

const PAGES: [Page; 9] = [
    Page {
        route: "/",
        title: "Events",
        name: "events",
        current: Some("/"),
        main: include_str!("../assets/pages/events.html"),
    },
    Page {
        route: "/documents",
        title: "Documents",
        name: "documents",
        current: Some("/documents"),
        main: include_str!("../assets/pages/documents.html"),
    },
    Page {
        route: "/documents/{id}",
        title: "Document",
        name: "document",
        current: None,
        main: include_str!("../assets/pages/document.html"),
    },
    Page {
        route: "/stories",
        title: "Stories",
        name: "stories",
        current: Some("/stories"),
        main: include_str!("../assets/pages/stories.html"),
    },
    Page {
        route: "/stories/{id}",
        title: "Story",
        name: "story",
        current: None,
        main: include_str!("../assets/pages/story.html"),
    },
    Page {
        route: "/actors",
        title: "Actors",
        name: "actors",
        current: Some("/actors"),
        main: include_str!("../assets/pages/actors.html"),
    },
    Page {
        route: "/actors/{code}",
        title: "Actor",
        name: "actor",
        current: Some("/actors"),
        main: include_str!("../assets/pages/actor.html"),
    },
    Page {
        route: "/timeline",
        title: "Timeline",
        name: "timeline",
        current: Some("/timeline"),
        main: include_str!("../assets/pages/timeline.html"),
    },
    Page {
        route: "/search",
        title: "Search",
        name: "search",
        current: Some("/search"),
        main: include_str!("../assets/pages/search.html"),
    },
];

/// The whole HTML of `page`.
fn render(page: &Page) -> String {
    let nav: Vec<String> = NAV
        .iter()
        .map(|(href, label)| {
            let current = if page.current == Some(*href) {
                r#" aria-current="page""#
            } else {
                ""
            };
            format!(r#"    <a href="{href}"{current}>{label}</a>"#)
        })
        .collect();
    SHELL
        .replace("{{title}}", page.title)
        .replace("{{page}}", page.name)
        .replace("{{nav}}", &nav.join("\n"))
        .replace("{{main}}", page.main)
}

/// Add the UI's routes to `app`.
pub fn add_routes(mut app: Router<AppState>) -> Router<AppState> {
    for page in &PAGES {
        let html = Bytes::from(render(page));
        app = app.route(
            page.route,
            get(
                move || async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html) },
            ),
        );
    }
    app.route(
        "/assets/app.js",
        get(|| async {
            (
                [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                SCRIPT,
            )
        }),
    )
    .route(
        "/assets/app.css",
        get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_fill_the_shell_and_mark_their_section() {
        let Some(actor) = PAGES.iter().find(|p| p.name == "actor") else {
            panic!("no actor page");
        };
        let html = render(actor);
        assert!(html.contains("<title>Actor · annals</title>"), "{html}");
        assert!(html.contains(r#"<body data-page="actor">"#));
        assert!(html.contains(r#"<a href="/actors" aria-current="page">Actors</a>"#));
        assert_eq!(html.matches("aria-current").count(), 1);
        assert!(html.contains(r#"<table id="partners" class="data">"#));
        for page in &PAGES {
            assert!(
                !render(page).contains("{{"),
                "{}: a placeholder is left",
                page.name
            );
        }
    }
}
