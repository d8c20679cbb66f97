//! `uniffi-bindgen`: generates the bindings of another language from the built library, e.g.
//! `cargo run -p alternative-payments-ffi --bin uniffi-bindgen -- generate --library
//! target/debug/libalternative_payments_ffi.so --language kotlin --out-dir out/`.
fn main() {
    uniffi::uniffi_bindgen_main()
}
