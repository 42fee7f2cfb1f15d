#![no_main]
//! Fuzz target `tokenizer`: the body is `annals_fuzz_targets::tokenizer`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::tokenizer(data));
