//! CPU time of the calling thread, so `annals bench ingest` can report what each stage
//! costs per document. Wall-clock throughput on a shared machine moves with whatever else
//! runs; a thread's own CPU seconds hardly do.

use std::time::Duration;

/// Clock ticks per second of `/proc/*/stat` times. `USER_HZ` is 100 on every Linux
/// architecture the kernel exports to user space (it is fixed for the ABI, whatever the
/// kernel's internal HZ), and reading it properly would need `sysconf` through libc.
const USER_HZ: u64 = 100;

/// User plus system CPU time of the calling thread (Linux `/proc/thread-self/stat`), at a
/// resolution of 10 ms; `None` where that file does not exist or cannot be parsed.
pub fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    parse_stat_cpu(&stat)
}

/// utime + stime (fields 14 and 15) of a `/proc/*/stat` line. The command name (field 2)
/// is in parentheses and may itself hold spaces and parentheses, so fields are counted
/// from the last `)`.
fn parse_stat_cpu(stat: &str) -> Option<Duration> {
    let after_comm = stat.get(stat.rfind(')')? + 1..)?;
    // After the name come field 3 (state) onwards: utime is the 12th of those.
    let mut fields = after_comm.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    let ticks = utime.checked_add(stime)?;
    Some(Duration::from_millis(ticks.saturating_mul(1000 / USER_HZ)))
}

/// CPU time spent by the ingest pipeline's threads, summed over the run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PipelineCpu {
    /// The analysis workers together.
    pub workers: Duration,
    /// The writer thread (near-duplicate check and database writes).
    pub writer: Duration,
}

impl PipelineCpu {
    /// Add `other`'s times to these.
    pub fn merge(&mut self, other: &PipelineCpu) {
        self.workers += other.workers;
        self.writer += other.writer;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_after_the_command_name() {
        // A thread name with spaces and a parenthesis must not shift the fields.
        let line = "7250 (ingest (w) 1) R 7247 7247 6449 0 -1 4194304 103 0 0 0 250 31 0 0 \
                    20 0 1 0 99003 3133440 409";
        assert_eq!(parse_stat_cpu(line), Some(Duration::from_millis(2810)));
        assert_eq!(parse_stat_cpu("garbage"), None);
        assert_eq!(parse_stat_cpu("1 (x) R 1 2"), None);
    }

    #[test]
    fn this_thread_has_a_cpu_time_on_linux() {
        if std::path::Path::new("/proc/thread-self/stat").exists() {
            assert!(thread_cpu_time().is_some());
        }
    }
}
