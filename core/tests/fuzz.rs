//! The decoders' property tests, run for as long as `FUZZ_SECONDS` says (a stable-toolchain
//! stand-in for `cargo fuzz`). Ignored in the normal test run:
//!
//! ```text
//! FUZZ_SECONDS=600 cargo test -p alternative-payments --features fuzzing --release --test fuzz -- --ignored --nocapture
//! ```
#![cfg(feature = "fuzzing")]

use std::time::{Duration, Instant};

use alternative_payments::decoding_properties::{arbitrary_json, decode_everything};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

#[test]
#[ignore = "runs for FUZZ_SECONDS; see the README"]
fn decoders_survive_random_input_for_a_while() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runner = TestRunner::default();
    let bytes = proptest::collection::vec(proptest::num::u8::ANY, 0..4096);
    let json = arbitrary_json();
    let mut cases: u64 = 0;
    while Instant::now() < deadline {
        for _ in 0..1000 {
            decode_everything(&bytes.new_tree(&mut runner).expect("a case").current());
            let value = json.new_tree(&mut runner).expect("a case").current();
            decode_everything(&serde_json::to_vec(&value).unwrap_or_default());
            cases += 2;
        }
    }
    println!("fuzz: {cases} inputs in {seconds} s, no panic");
}
