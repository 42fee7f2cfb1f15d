//! SIGINT (ctrl-C) and SIGTERM (`timeout`, systemd, `docker stop`) during an ingest: the
//! first cancels the run, which stops reading, stores what is queued and prints the
//! summary; a second one of either exits at once. The exit status is 128 + the signal
//! number (130 for SIGINT, 143 for SIGTERM), as a shell reports a process the signal ended.
//!
//! `signal-hook` rather than `ctrlc` (whose `termination` feature also catches SIGTERM):
//! ctrlc's handler is not told which signal arrived, and the two need different exit
//! codes. signal-hook's iterator runs the handling on an ordinary thread, so cancelling
//! and printing are not restricted to async-signal-safe calls.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;

use annals_pipeline::CancelToken;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

/// The installed handler; dropping it stops its thread and restores the default actions
/// only as far as signal-hook does (the handler stays registered, doing nothing).
pub struct Interrupts {
    received: Arc<AtomicI32>,
    handle: Handle,
}

impl Interrupts {
    /// Cancel `token` on the first SIGINT/SIGTERM; exit on the second.
    pub fn install(token: CancelToken) -> std::io::Result<Interrupts> {
        let mut signals = Signals::new([SIGINT, SIGTERM])?;
        let handle = signals.handle();
        let received = Arc::new(AtomicI32::new(0));
        let seen = Arc::clone(&received);
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if seen.swap(signal, Ordering::SeqCst) != 0 {
                        eprintln!("interrupted again: exiting now");
                        std::process::exit(128 + signal);
                    }
                    token.cancel();
                }
            })?;
        Ok(Interrupts { received, handle })
    }

    /// The first signal received, if any.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }
}

impl Drop for Interrupts {
    fn drop(&mut self) {
        self.handle.close();
    }
}
