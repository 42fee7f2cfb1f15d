//! Triage of unresolved names by likely kind, through the real parser.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use annals_actors::UnresolvedKind;
use annals_nlp::pipeline::Scratch;

/// The kind of the unresolved mention `text` in `sentence`.
fn kind_of(sentence: &str, text: &str) -> UnresolvedKind {
    let doc = common::document(sentence, None);
    let parsed = common::pipeline().parse_document(&doc, &mut Scratch::default());
    let resolver = common::resolver();
    let mentions = resolver.resolve_document(&doc, &parsed);
    let m = mentions
        .iter()
        .find(|m| m.text == text && !m.is_resolved())
        .unwrap_or_else(|| panic!("no unresolved {text:?} in {mentions:#?}"));
    resolver.unresolved_kind(m, &parsed[m.sentence].tokens)
}

#[test]
fn unresolved_names_are_sorted_by_kind() {
    use UnresolvedKind::*;
    let cases = [
        (
            "Maria Fernanda Ortiz addressed the crowd.",
            "Maria Fernanda Ortiz",
            Person,
        ),
        ("Senator Brenner voted against the bill.", "Brenner", Person),
        (
            "The Zarnovian Liberation Front claimed the attack.",
            "Zarnovian Liberation Front",
            Organisation,
        ),
        (
            "Shares of Kelmor Motors fell.",
            "Kelmor Motors",
            Organisation,
        ),
        ("NASA launched the probe.", "NASA", Organisation),
        (
            "Floods hit Fulton County on Sunday.",
            "Fulton County",
            Place,
        ),
        ("The storm reached Varnholt on Tuesday.", "Varnholt", Other),
        ("Rescuers worked in Varnholt overnight.", "Varnholt", Place),
        ("Minetest released a new version.", "Minetest", Other),
        ("Shares of Red Hat rose.", "Red Hat", Other),
        (
            "Jo Jorgensen spoke. Jorgensen said she would run.",
            "Jorgensen",
            Person,
        ),
        (
            "Voters in North Cotabato went to the polls.",
            "North Cotabato",
            Place,
        ),
        ("Manhattan voted for the measure.", "Manhattan", Place),
    ];
    let mut wrong = Vec::new();
    for (sentence, text, want) in cases {
        let got = kind_of(sentence, text);
        if got != want {
            wrong.push(format!("{sentence}: {text} is {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn stored_names_are_sorted_by_their_words() {
    let r = common::resolver();
    assert_eq!(
        r.unresolved_kind_of_text("Dorsa Derakhshani"),
        UnresolvedKind::Person
    );
    assert_eq!(
        r.unresolved_kind_of_text("Democratic Front"),
        UnresolvedKind::Organisation
    );
    assert_eq!(
        r.unresolved_kind_of_text("Gaza City"),
        UnresolvedKind::Place
    );
    assert_eq!(
        r.unresolved_kind_of_text("BBC"),
        UnresolvedKind::Organisation
    );
    assert_eq!(r.unresolved_kind_of_text("Minetest"), UnresolvedKind::Other);
}
