// The UDL is `udl/alternative_payments.udl`; `src/alternative_payments.udl` links to it, where
// uniffi's library mode looks for it.
fn main() {
    uniffi::generate_scaffolding("src/alternative_payments.udl").expect("the UDL is valid");
}
