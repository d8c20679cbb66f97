//! `ap-sandbox`: runs the sandbox until interrupted.
//!
//! ```text
//! ap-sandbox [--port 0] [--rate-limit 5|off] [--token-ttl 3600]
//!            [--client-id sandbox_client_id] [--client-secret sandbox_client_secret]
//! ```
//! The first line printed is `listening on http://127.0.0.1:<port>`.

use std::io::Write;

use ap_sandbox::{Config, Sandbox};

const USAGE: &str = "usage: ap-sandbox [--port N] [--rate-limit N|off] [--token-ttl SECS] \
                     [--client-id ID] [--client-secret SECRET]";

fn main() {
    let (config, port) = match parse(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("ap-sandbox: {message}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let sandbox = match Sandbox::start_on(config, port) {
        Ok(sandbox) => sandbox,
        Err(err) => {
            eprintln!("ap-sandbox: cannot listen on port {port}: {err}");
            std::process::exit(1);
        }
    };
    println!("listening on {}", sandbox.url());
    let _ = std::io::stdout().flush();
    sandbox.wait();
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<(Config, u16), String> {
    let mut config = Config::default();
    let mut port = 0;
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |v: &str| v.parse::<u64>().map_err(|_| format!("{flag}: not a number: {v}"));
        match flag.as_str() {
            "--port" => port = u16::try_from(number(&value)?).map_err(|_| "--port: out of range".to_string())?,
            "--rate-limit" if value == "off" => config.rate_limit = None,
            "--rate-limit" => config.rate_limit = Some(number(&value)? as u32),
            "--token-ttl" => config.token_ttl_secs = number(&value)?,
            "--client-id" => config.client_id = value,
            "--client-secret" => config.client_secret = value,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok((config, port))
}
