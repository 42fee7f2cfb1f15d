#![no_main]
//! Fuzz target `coder`: the body is `annals_fuzz_targets::coder`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::coder(data));
