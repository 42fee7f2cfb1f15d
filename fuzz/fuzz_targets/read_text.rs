#![no_main]
//! Fuzz target `read_text`: the body is `annals_fuzz_targets::text`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::text(data));
