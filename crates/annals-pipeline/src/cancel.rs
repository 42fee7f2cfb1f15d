//! Cancellation: a flag the caller sets (from a signal handler, a server's shutdown, a
//! test) and the engine polls between documents.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A shared "stop" flag. Clones share one flag; setting it is one atomic store, so it is
/// safe to call from a signal-handling thread.
///
/// On cancellation the ingest stops reading (mid-input: the input's reader sees its end),
/// lets what is already queued be analysed and stored, and
/// [`Ingest::finish`](crate::Ingest::finish) reports it in
/// [`Summary::cancelled`](crate::Summary::cancelled).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ask everything holding a clone of this token to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A reader that reports its end once `token` is cancelled, so a reader of a large input
/// stops at its next buffer refill instead of reading on to the input's end.
pub(crate) struct CancellableRead<R> {
    pub(crate) inner: R,
    pub(crate) token: CancelToken,
}

impl<R: std::io::Read> std::io::Read for CancellableRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.token.is_cancelled() {
            return Ok(0);
        }
        self.inner.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn a_cancelled_reader_ends() {
        let token = CancelToken::new();
        let mut r = CancellableRead {
            inner: &b"abcdef"[..],
            token: token.clone(),
        };
        let mut buf = [0u8; 3];
        assert_eq!(r.read(&mut buf).ok(), Some(3));
        token.cancel();
        assert_eq!(r.read(&mut buf).ok(), Some(0));
        assert!(token.is_cancelled());
    }
}
