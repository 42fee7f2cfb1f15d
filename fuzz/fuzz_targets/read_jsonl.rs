#![no_main]
//! Fuzz target `read_jsonl`: the body is `annals_fuzz_targets::jsonl`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::jsonl(data));
