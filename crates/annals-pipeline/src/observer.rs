//! Progress and problems, reported to whoever runs the engine (the CLI draws a progress
//! bar and prints the problems; a server might count them or log them).

/// How bad a reported problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The document or input was not stored (counted in [`Summary::failed`](crate::Summary::failed)).
    Error,
    /// Stored, but something was dropped or repaired (counted in
    /// [`Summary::warnings`](crate::Summary::warnings)).
    Warning,
}

/// Callbacks from the engine's threads; every method has a do-nothing default. Called
/// from the reader's thread and the writer thread, hence `Sync`.
pub trait Observer: Send + Sync {
    /// `n` more documents stored, found already present, or failed.
    fn documents_done(&self, _n: u64) {}

    /// A problem with one document or input, with a message naming it.
    fn problem(&self, _severity: Severity, _message: &str) {}
}

/// An observer that ignores everything (benchmarks, tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {}
