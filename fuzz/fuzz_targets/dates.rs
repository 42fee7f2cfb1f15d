#![no_main]
//! Fuzz target `dates`: the body is `annals_fuzz_targets::dates`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::dates(data));
