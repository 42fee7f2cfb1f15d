#![no_main]
//! Fuzz target `read_html`: the body is `annals_fuzz_targets::html`, shared with the replay test.

libfuzzer_sys::fuzz_target!(|data: &[u8]| annals_fuzz_targets::html(data));
