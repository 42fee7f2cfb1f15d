#![no_main]
//! Fuzz target `read_gzip`: the body is `annals_fuzz_targets::gzip`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::gzip(data));
