#![no_main]
//! Fuzz target `quantities`: the body is `annals_fuzz_targets::quantities`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::quantities(data));
