//! Politeness: a minimum interval between two requests to the same host.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Remembers when each host was last asked and says how long to wait before asking it
/// again. Time is passed in, so the schedule is testable without sleeping.
#[derive(Debug, Default)]
pub(crate) struct HostRateLimiter {
    interval: Duration,
    next_allowed: HashMap<String, Instant>,
}

impl HostRateLimiter {
    pub(crate) fn new(interval: Duration) -> Self {
        HostRateLimiter {
            interval,
            next_allowed: HashMap::new(),
        }
    }

    /// Book a request to `host` at or after `now`; returns how long to wait first. The
    /// slot is booked immediately, so consecutive calls are spaced by the interval even
    /// before the caller has slept.
    pub(crate) fn reserve(&mut self, host: &str, now: Instant) -> Duration {
        let start = match self.next_allowed.get(host) {
            Some(&next) if next > now => next,
            _ => now,
        };
        self.next_allowed
            .insert(host.to_owned(), start + self.interval);
        start - now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_host_is_spaced_other_hosts_are_not() {
        let t0 = Instant::now();
        let s = Duration::from_secs(1);
        let mut r = HostRateLimiter::new(s);
        assert_eq!(r.reserve("a.example", t0), Duration::ZERO);
        assert_eq!(r.reserve("b.example", t0), Duration::ZERO);
        assert_eq!(r.reserve("a.example", t0), s);
        assert_eq!(r.reserve("a.example", t0), 2 * s);
        // After the interval has passed, no wait.
        let later = t0 + Duration::from_secs(10);
        assert_eq!(r.reserve("a.example", later), Duration::ZERO);
        assert_eq!(
            r.reserve("a.example", later + Duration::from_millis(400)),
            Duration::from_millis(600)
        );
    }

    #[test]
    fn zero_interval_never_waits() {
        let t0 = Instant::now();
        let mut r = HostRateLimiter::new(Duration::ZERO);
        for _ in 0..3 {
            assert_eq!(r.reserve("h", t0), Duration::ZERO);
        }
    }
}
