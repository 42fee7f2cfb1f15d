#![no_main]
//! Fuzz target `read_warc`: the body is `annals_fuzz_targets::warc`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::warc(data));
