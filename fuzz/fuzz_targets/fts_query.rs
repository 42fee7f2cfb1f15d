#![no_main]
//! Fuzz target `fts_query`: the body is `annals_fuzz_targets::fts_query`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::fts_query(data));
