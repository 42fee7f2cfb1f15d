//! Helpers shared by the integration tests that read `$ANNALS_SHARED`.
#![allow(dead_code)]

use std::path::PathBuf;

/// `$ANNALS_SHARED/<relative>`. The tests that call it are `#[ignore = "needs ../shared"]`;
/// run with `--include-ignored`, they fail when the variable is unset or the file missing.
pub fn shared_file(relative: &str) -> PathBuf {
    let root = std::env::var_os("ANNALS_SHARED").unwrap_or_else(|| {
        panic!("ANNALS_SHARED must point at ../shared (these tests are ignored without it)")
    });
    let path = PathBuf::from(root).join(relative);
    assert!(
        path.is_file(),
        "ANNALS_SHARED is set but {} is missing",
        path.display()
    );
    path
}

pub const EWT_DEV: &str = "data/ud-english-ewt/en_ewt-ud-dev.conllu";
pub const EWT_TRAIN: &str = "data/ud-english-ewt/en_ewt-ud-train.conllu";
