//! Expansion of command-line arguments into inputs.

mod common;

use std::path::{Path, PathBuf};

use annals_ingest::{expand_inputs, Input};
use common::{opts, read_path, write};

fn arg(p: &Path) -> String {
    p.display().to_string()
}

fn paths(inputs: &[Input]) -> Vec<PathBuf> {
    inputs
        .iter()
        .filter_map(|i| match i {
            Input::Path(p) => Some(p.clone()),
            Input::Stdin => None,
        })
        .collect()
}

#[test]
fn directories_are_walked_sorted_skipping_hidden_and_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "b.txt", b"B.");
    write(root, "a.jsonl.gz", b"");
    write(root, "sub/c.md", b"C.");
    write(root, "sub/readme.pdf", b"%PDF");
    write(root, ".hidden.txt", b"H.");
    write(root, ".git/d.txt", b"D.");
    write(root, "z.CSV", b"text\nZ.\n");
    let (inputs, errors) = expand_inputs(&[arg(root)]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        paths(&inputs),
        vec![
            root.join("a.jsonl.gz"),
            root.join("b.txt"),
            root.join("sub/c.md"),
            root.join("z.CSV"),
        ]
    );
}

#[test]
fn explicit_files_stdin_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", b"A.");
    let pdf = write(dir.path(), "notes.pdf", b"%PDF");
    let args = vec![
        arg(&a),
        "-".to_string(),
        arg(&pdf),
        arg(dir.path()),
        "-".to_string(),
    ];
    let (inputs, errors) = expand_inputs(&args);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        inputs,
        vec![
            Input::Path(a.clone()),
            Input::Stdin,
            Input::Path(pdf.clone())
        ]
    );
    // The explicitly named file without a reader is reported as skipped when read.
    let out = read_path(&pdf, &opts());
    assert!(out.records.is_empty());
    assert!(out.errors[0].starts_with(&format!("{}: skipped", pdf.display())));
}

#[test]
fn globs_match_files_and_report_no_match() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "2031-01.jsonl", b"");
    write(root, "2031-02.jsonl", b"");
    write(root, "2032-01.jsonl", b"");
    write(root, ".2031-03.jsonl", b"");
    write(root, "2031-04.log", b"");
    let pattern = format!("{}/2031-*", root.display());
    let (inputs, errors) = expand_inputs(&[pattern]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        paths(&inputs),
        vec![root.join("2031-01.jsonl"), root.join("2031-02.jsonl")]
    );
    let nothing = format!("{}/1999-*.jsonl", root.display());
    let (inputs, errors) = expand_inputs(std::slice::from_ref(&nothing));
    assert!(inputs.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].to_string(),
        format!("{nothing}: glob pattern matched no files")
    );
    let (_, errors) = expand_inputs(&[format!("{}/[", root.display())]);
    assert!(errors[0].to_string().contains("invalid glob pattern"));
}

#[test]
fn missing_paths_and_walk_errors_are_returned_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let good = write(root, "ok/a.txt", b"A.");
    // A dangling symlink makes the walk fail on that entry only.
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("ok/broken.txt")).unwrap();
    let missing = root.join("missing.txt");
    let (inputs, errors) = expand_inputs(&[arg(&missing), arg(&root.join("ok"))]);
    assert_eq!(paths(&inputs), vec![good]);
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages[0],
        format!("{}: no such file or directory", missing.display())
    );
    #[cfg(unix)]
    {
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[1].starts_with(&format!(
                "{}: cannot list directory",
                root.join("ok/broken.txt").display()
            )),
            "{messages:?}"
        );
    }
}
