//! `alternative-payments`: the command line (see the library, `ap_cli`).

fn main() {
    std::process::exit(ap_cli::run(std::env::args().collect()));
}
