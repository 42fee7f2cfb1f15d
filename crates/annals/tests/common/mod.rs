//! Helpers shared by the CLI end-to-end tests.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `annals --db <dir>/annals.db …`
pub fn annals(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("annals").expect("annals binary");
    cmd.arg("--db")
        .arg(db)
        .env_remove("ANNALS_DB")
        .env_remove("RUST_LOG");
    cmd
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `$ANNALS_SHARED` when set (tests then require the data); `None` skips the test.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("ANNALS_SHARED")?);
    assert!(
        dir.is_dir(),
        "ANNALS_SHARED={} is not a directory",
        dir.display()
    );
    Some(dir)
}

pub fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON output")
}
