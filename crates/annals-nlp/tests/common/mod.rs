//! Helpers shared by the integration tests that read `$ANNALS_SHARED`.
#![allow(dead_code)]

use std::path::PathBuf;

/// `$ANNALS_SHARED/<relative>`: `None` (the test skips) when the variable is unset; a
/// failing assertion when it is set and the file is missing, so CI cannot skip silently.
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let Some(root) = std::env::var_os("ANNALS_SHARED") else {
        eprintln!("ANNALS_SHARED unset: skipped");
        return None;
    };
    let path = PathBuf::from(root).join(relative);
    assert!(
        path.is_file(),
        "ANNALS_SHARED is set but {} is missing",
        path.display()
    );
    Some(path)
}

pub const EWT_DEV: &str = "data/ud-english-ewt/en_ewt-ud-dev.conllu";
pub const EWT_TRAIN: &str = "data/ud-english-ewt/en_ewt-ud-train.conllu";
