#![no_main]
//! Fuzz target `parser`: the body is `annals_fuzz_targets::parser`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::parser(data));
