//! Expansion of command-line arguments into inputs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::{Format, IngestError, Input};

/// Expand command-line arguments into inputs, in argument order, without duplicates.
///
/// - `-` is stdin (once, however often it is given).
/// - An existing file named explicitly is always an input, whatever its extension:
///   [`read_input`](crate::read_input) reads it if `--format` is given or its extension
///   has a reader, and otherwise reports it as skipped ([`IngestError::Unsupported`]).
/// - A directory is walked recursively in sorted order, following symlinks, skipping
///   hidden files and directories (name starting with `.`) and, silently, files without a
///   known extension (even with `--format`, so `--format jsonl dir/` never reads a README).
/// - An argument that does not exist and contains `*`, `?` or `[` is a glob pattern
///   (`glob` crate syntax, `*` does not match a leading `.`); its matches are treated like
///   directory entries. A pattern matching nothing is an error.
///
/// Problems (missing path, unreadable directory, bad pattern) are returned alongside the
/// inputs that could be found; they are never fatal.
pub fn expand_inputs(args: &[String]) -> (Vec<Input>, Vec<IngestError>) {
    let mut ex = Expansion::default();
    for arg in args {
        if arg == "-" {
            if !ex.stdin {
                ex.stdin = true;
                ex.inputs.push(Input::Stdin);
            }
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => ex.walk(path),
            Ok(_) => ex.push(path.to_path_buf()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if arg.contains(['*', '?', '[']) {
                    ex.glob(arg);
                } else {
                    ex.errors.push(IngestError::NotFound { path: arg.clone() });
                }
            }
            Err(error) => ex.errors.push(IngestError::Io {
                path: arg.clone(),
                error,
            }),
        }
    }
    (ex.inputs, ex.errors)
}

#[derive(Default)]
struct Expansion {
    inputs: Vec<Input>,
    errors: Vec<IngestError>,
    seen: HashSet<PathBuf>,
    stdin: bool,
}

impl Expansion {
    fn push(&mut self, path: PathBuf) {
        if self.seen.insert(path.clone()) {
            self.inputs.push(Input::Path(path));
        }
    }

    fn walk(&mut self, root: &Path) {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if Format::from_path(e.path()).is_some() {
                        self.push(e.into_path());
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(root).display().to_string();
                    let message = match err.io_error() {
                        Some(io) => io.to_string(),
                        None => err.to_string(),
                    };
                    self.errors.push(IngestError::Walk { path, message });
                }
            }
        }
    }

    fn glob(&mut self, pattern: &str) {
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        let paths = match glob::glob_with(pattern, options) {
            Ok(p) => p,
            Err(e) => {
                self.errors.push(IngestError::GlobPattern {
                    pattern: pattern.to_owned(),
                    message: e.msg.to_owned(),
                });
                return;
            }
        };
        let mut matched = false;
        for entry in paths {
            match entry {
                Ok(path) => {
                    matched = true;
                    if path.is_dir() {
                        self.walk(&path);
                    } else if Format::from_path(&path).is_some() {
                        self.push(path);
                    }
                }
                Err(e) => self.errors.push(IngestError::Walk {
                    path: e.path().display().to_string(),
                    message: e.error().to_string(),
                }),
            }
        }
        if !matched {
            self.errors.push(IngestError::GlobNoMatch {
                pattern: pattern.to_owned(),
            });
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}
