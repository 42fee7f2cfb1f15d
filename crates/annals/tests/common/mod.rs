//! Helpers shared by the CLI end-to-end tests.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `annals …` with `ANNALS_DB=<db>`: the commands that use a database use that one, and
/// the others (which refuse an explicit `--db`) ignore it.
pub fn annals(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("annals").expect("annals binary");
    cmd.env("ANNALS_DB", db).env_remove("RUST_LOG");
    cmd
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `$ANNALS_SHARED`. The tests that call it are `#[ignore = "needs ../shared"]`; run with
/// `--include-ignored`, they fail when the variable is unset or not a directory.
pub fn shared_dir() -> PathBuf {
    let dir = PathBuf::from(std::env::var_os("ANNALS_SHARED").unwrap_or_else(|| {
        panic!("ANNALS_SHARED must point at ../shared (these tests are ignored without it)")
    }));
    assert!(
        dir.is_dir(),
        "ANNALS_SHARED={} is not a directory",
        dir.display()
    );
    dir
}

pub fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON output")
}
