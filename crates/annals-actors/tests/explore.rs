//! Prints the mentions of `ANNALS_EXPLORE` text (development aid; passes when unset).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

#[test]
fn explore() {
    let Ok(text) = std::env::var("ANNALS_EXPLORE") else {
        return;
    };
    let date = std::env::var("ANNALS_EXPLORE_DATE").ok();
    for m in common::resolve(&text, date.as_deref()) {
        println!("{}", common::describe(&m));
    }
}
