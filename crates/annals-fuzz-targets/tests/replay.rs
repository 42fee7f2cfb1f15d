//! Replays the saved fuzz corpus on stable: every file under `fuzz/regressions/<target>/`
//! (crash inputs the fuzzers found, plus a small seed corpus) goes through the same target
//! body the fuzzer runs. A regression panics with the file's path.

use std::path::{Path, PathBuf};

use annals_fuzz_targets::TARGETS;

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions")
}

/// Files of one target's directory, sorted so failures are reproducible.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = regressions_dir().join(target);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| match e {
            Ok(e) => e.path(),
            Err(e) => panic!("{}: {e}", dir.display()),
        })
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: &str) -> usize {
    let Some(&(_, body)) = TARGETS.iter().find(|(name, _)| *name == target) else {
        panic!("no target {target}");
    };
    let files = inputs(target);
    for path in &files {
        let data = match std::fs::read(path) {
            Ok(d) => d,
            Err(e) => panic!("{}: {e}", path.display()),
        };
        eprintln!("replay {target}: {}", path.display());
        body(&data);
    }
    files.len()
}

macro_rules! replay_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let n = replay(stringify!($name));
                assert!(n > 0, "fuzz/regressions/{} holds no input", stringify!($name));
            }
        )*

        /// Every target in `TARGETS` has a test above and a regressions directory.
        #[test]
        fn every_target_is_replayed() {
            let tested = [$(stringify!($name)),*];
            for (name, _) in TARGETS {
                assert!(tested.contains(name), "target {name} is not replayed");
            }
            assert_eq!(tested.len(), TARGETS.len());
        }
    };
}

replay_tests!(
    read_text, read_jsonl, read_csv, read_html, read_feed, read_warc, read_gzip, tokenizer,
    splitter, parser, actors, coder, dates, quantities, fts_query,
);
