#![no_main]
//! Fuzz target `read_feed`: the body is `annals_fuzz_targets::feed`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::feed(data));
