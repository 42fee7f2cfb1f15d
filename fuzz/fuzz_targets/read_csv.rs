#![no_main]
//! Fuzz target `read_csv`: the body is `annals_fuzz_targets::csv`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::csv(data));
