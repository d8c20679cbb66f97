// The UDL is `udl/alternative_payments.udl`; `src/alternative_payments.udl` links to it, where
// uniffi's library mode looks for it.
fn main() {
    if let Err(err) = uniffi::generate_scaffolding("src/alternative_payments.udl") {
        eprintln!("the UDL does not parse: {err:#}");
        std::process::exit(1);
    }
}
