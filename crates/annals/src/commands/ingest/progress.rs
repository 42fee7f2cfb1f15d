//! The ingest progress display: a spinner with documents and documents/s, or, when the
//! number of inputs is known and more than one, a bar over the inputs with an ETA.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use annals_pipeline::{Observer, Severity};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shared by the reader and the writer thread; hidden when quiet or not on a terminal.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    docs: Arc<AtomicU64>,
    started: Instant,
    /// Warnings are not printed (errors still are).
    quiet: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
        } else {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        };
        Progress {
            bar,
            docs: Arc::new(AtomicU64::new(0)),
            started: Instant::now(),
            quiet,
        }
    }

    /// The total is known: show a bar over `inputs` with an ETA (only for several inputs;
    /// one input's size in documents is not known before it is read).
    pub fn set_inputs(&self, inputs: usize) {
        if inputs < 2 || self.bar.is_hidden() {
            return;
        }
        self.bar.set_length(inputs as u64);
        self.bar.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} inputs, ETA {eta} · {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
    }

    /// One more input read to its end.
    pub fn input_done(&self) {
        self.bar.inc(1);
    }

    /// `n` more documents stored or found already present.
    pub fn add_docs(&self, n: u64) {
        let done = self.docs.fetch_add(n, Ordering::Relaxed) + n;
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar
            .set_message(format!("{done} documents ({:.0}/s)", done as f64 / secs));
    }

    /// Print a line without the bar tearing it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The engine's callbacks drawn on the bar: problems printed above it, documents counted.
impl Observer for Progress {
    fn documents_done(&self, n: u64) {
        self.add_docs(n);
    }

    fn problem(&self, severity: Severity, message: &str) {
        match severity {
            Severity::Error => self.suspend(|| eprintln!("error: {message}")),
            Severity::Warning if !self.quiet => {
                self.suspend(|| eprintln!("warning: {message}"));
            }
            Severity::Warning => {}
        }
    }
}
