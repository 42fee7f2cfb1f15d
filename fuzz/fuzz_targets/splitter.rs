#![no_main]
//! Fuzz target `splitter`: the body is `annals_fuzz_targets::splitter`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::splitter(data));
