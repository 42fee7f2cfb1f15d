#![no_main]
//! Fuzz target `actors`: the body is `annals_fuzz_targets::actors`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::actors(data));
