//! The `alternative-payments` command line, on the SDK's blocking client. One implementation:
//! the Rust binary, the Python console script and the npm `bin` all call [`run`].
//!
//! ```text
//! alternative-payments payouts export --from 2026-11-01 --to 2026-11-30 --format csv --output payouts.csv
//! alternative-payments customers list --format table
//! alternative-payments invoices get inv_123
//! ```
//!
//! Credentials come from the same variables as the clients (`ALTERNATIVE_PAYMENTS_CLIENT_ID`,
//! `_CLIENT_SECRET`, `_BASE_URL`, `_REDIS_URL`); `--base-url` and `--redis-url` override them.

mod warnings;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use alternative_payments::blocking::Client;
use alternative_payments::{ClientBuilder, ListPayoutsParams, Money, Reconciliation};
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;

/// Runs the command line with `args` (the program name first); returns the exit code.
pub fn run(args: Vec<String>) -> i32 {
    warnings::install();
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return err.exit_code();
        }
    };
    match execute(cli) {
        Ok(()) | Err(Stop::OutputClosed) => 0,
        Err(Stop::Failed(message)) => {
            eprintln!("alternative-payments: {message}");
            1
        }
    }
}

/// Why a command stopped early.
enum Stop {
    /// What to tell the user.
    Failed(String),
    /// The reader of the output went away (`| head`): not an error of the command.
    OutputClosed,
}

/// An output error: a closed pipe ends the command quietly.
fn output_error(err: std::io::Error) -> Stop {
    match err.kind() {
        std::io::ErrorKind::BrokenPipe => Stop::OutputClosed,
        _ => Stop::Failed(format!("cannot write the output: {err}")),
    }
}

/// An SDK error, in the command line's words: settings and arguments by their flag or variable.
fn sdk_error(err: alternative_payments::Error) -> Stop {
    use alternative_payments::Error;
    let flag = |name: &str| match name {
        "start_date" => Some("--from"),
        "end_date" => Some("--to"),
        "base_url" => Some("--base-url"),
        "redis_url" => Some("--redis-url"),
        _ => None,
    };
    let message = match &err {
        Error::Configuration { setting, .. } if setting == "client_id" || setting == "client_secret" => {
            "no credentials: set ALTERNATIVE_PAYMENTS_CLIENT_ID and ALTERNATIVE_PAYMENTS_CLIENT_SECRET".to_string()
        }
        Error::Configuration { setting: name, message } | Error::InvalidArgument { argument: name, message } => {
            match flag(name) {
                Some(flag) => format!("invalid {flag}: {message}"),
                None => err.to_string(),
            }
        }
        _ => err.to_string(),
    };
    Stop::Failed(message)
}

#[derive(Parser)]
#[command(name = "alternative-payments", version, about = "The Alternative Payments API from the command line.")]
struct Cli {
    /// The API's base URL (else ALTERNATIVE_PAYMENTS_BASE_URL, else production).
    #[arg(long, global = true)]
    base_url: Option<String>,
    /// A Redis shared with the other processes of the key (else ALTERNATIVE_PAYMENTS_REDIS_URL).
    #[arg(long, global = true)]
    redis_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Payouts: export them with their transactions.
    Payouts {
        #[command(subcommand)]
        action: PayoutsAction,
    },
    /// Customers: list them or get one.
    Customers {
        #[command(subcommand)]
        action: ListOrGet,
    },
    /// Invoices: list them or get one.
    Invoices {
        #[command(subcommand)]
        action: ListOrGet,
    },
    /// Payment requests: get one.
    PaymentRequests {
        #[command(subcommand)]
        action: GetOnly,
    },
    /// Transactions (payments): list them.
    Transactions {
        #[command(subcommand)]
        action: ListOnly,
    },
}

#[derive(Subcommand)]
enum PayoutsAction {
    /// One row per payout transaction, money exactly as the API sends it.
    Export {
        /// Only payouts from this date or RFC 3339 time.
        #[arg(long)]
        from: Option<String>,
        /// Only payouts up to this date or RFC 3339 time.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Write here instead of to standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ListOrGet {
    /// Every item (fetched page by page).
    List {
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
    },
    /// One item by id.
    Get {
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum GetOnly {
    /// One item by id.
    Get {
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
    },
}

#[derive(Subcommand)]
enum ListOnly {
    /// Every item (fetched page by page).
    List {
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object per line, every field the API sent.
    Jsonl,
    /// Aligned columns of the main fields.
    Table,
}

fn execute(cli: Cli) -> Result<(), Stop> {
    let mut builder =
        ClientBuilder::new().user_agent(format!("alternative-payments-cli/{}", env!("CARGO_PKG_VERSION")));
    if let Some(url) = cli.base_url {
        builder = builder.base_url(url);
    }
    if let Some(url) = cli.redis_url {
        builder = builder.redis_url(url);
    }
    let client = Client::new(&builder).map_err(sdk_error)?;
    let columns = |resource: &str| -> &'static [&'static str] {
        match resource {
            "customers" => &["id", "name", "email", "created_at"],
            "invoices" => &["id", "customer_id", "status", "total", "currency", "due_date"],
            "payment_requests" => &["id", "status", "reference_id", "url"],
            _ => &["id", "status", "total", "customer_id", "created_at"],
        }
    };
    match cli.command {
        Command::Payouts { action: PayoutsAction::Export { from, to, format, output } } => {
            export(&client, ListPayoutsParams { start_date: from, end_date: to, ..Default::default() }, format, output)
        }
        Command::Customers { action: ListOrGet::List { format } } => {
            list(&client, "customers.list", columns("customers"), format)
        }
        Command::Customers { action: ListOrGet::Get { id, format } } => {
            get(&client, "customers.get", &id, columns("customers"), format)
        }
        Command::Invoices { action: ListOrGet::List { format } } => {
            list(&client, "invoices.list", columns("invoices"), format)
        }
        Command::Invoices { action: ListOrGet::Get { id, format } } => {
            get(&client, "invoices.get", &id, columns("invoices"), format)
        }
        Command::PaymentRequests { action: GetOnly::Get { id, format } } => {
            get(&client, "payment_requests.get", &id, columns("payment_requests"), format)
        }
        Command::Transactions { action: ListOnly::List { format } } => {
            list(&client, "transactions.list", columns("transactions"), format)
        }
    }
}

fn list(client: &Client, operation: &str, columns: &[&str], format: Format) -> Result<(), Stop> {
    let mut rows = Vec::new();
    let mut out = std::io::stdout().lock();
    for item in client.list(operation, Value::Null) {
        let item = item.map_err(sdk_error)?;
        match format {
            Format::Jsonl => writeln!(out, "{item}").map_err(output_error)?,
            Format::Table => rows.push(item),
        }
    }
    if let Format::Table = format {
        write!(out, "{}", table(columns, &rows)).map_err(output_error)?;
    }
    out.flush().map_err(output_error)
}

fn get(client: &Client, operation: &str, id: &str, columns: &[&str], format: Format) -> Result<(), Stop> {
    let item = client.call(operation, serde_json::json!({ "id": id })).map_err(sdk_error)?;
    let text = match format {
        Format::Jsonl => format!("{item}\n"),
        Format::Table => table(columns, &[item]),
    };
    std::io::stdout().lock().write_all(text.as_bytes()).map_err(output_error)
}

/// The text of a JSON field in a table or a CSV cell: strings bare, numbers as sent, null empty.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A field of a row, where the guides' shape names it otherwise (`amount` for `total`).
fn field<'a>(row: &'a Value, column: &str) -> &'a Value {
    match (&row[column], column) {
        (Value::Null, "total") => &row["amount"],
        (value, _) => value,
    }
}

/// A table cell: control characters (a line break, a terminal escape) are shown escaped, so
/// text from the API can neither break a row nor drive the terminal.
fn table_cell(value: &Value) -> String {
    cell(value).chars().flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] }).collect()
}

fn table(columns: &[&str], rows: &[Value]) -> String {
    let cells: Vec<Vec<String>> =
        rows.iter().map(|row| columns.iter().map(|c| table_cell(field(row, c))).collect()).collect();
    let widths: Vec<usize> = (0..columns.len())
        .map(|i| cells.iter().map(|row| row[i].chars().count()).chain([columns[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |values: Vec<String>| {
        let padded: Vec<String> = values.iter().zip(&widths).map(|(v, w)| format!("{v:<w$}")).collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut text = line(columns.iter().map(|c| c.to_string()).collect());
    for row in cells {
        text += &line(row);
    }
    text
}

/// The columns of `payouts export`.
const EXPORT_COLUMNS: &[&str] = &[
    "payout_id",
    "payout_created_at",
    "payout_arrival_date",
    "payout_status",
    "payout_total",
    "payout_fees",
    "payout_balanced",
    "transaction_id",
    "transaction_total",
    "transaction_fees",
    "customer_id",
    "invoice_id",
    "status",
];

/// Exports to `output` through a file beside it, renamed over it only when the export is
/// whole: a failed export (bad dates, the API down) leaves an existing file as it was.
fn export(
    client: &Client,
    params: ListPayoutsParams,
    format: ExportFormat,
    output: Option<PathBuf>,
) -> Result<(), Stop> {
    let Some(path) = output else { return export_to(client, params, format, &mut std::io::stdout().lock()) };
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial"));
    let cannot = |err: std::io::Error| Stop::Failed(format!("cannot write {}: {err}", path.display()));
    let file = std::fs::File::create(&partial).map_err(cannot)?;
    let mut out = std::io::BufWriter::new(file);
    let written = export_to(client, params, format, &mut out).and_then(|()| out.flush().map_err(output_error));
    drop(out);
    let renamed = written.and_then(|()| std::fs::rename(&partial, &path).map_err(cannot));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    renamed
}

/// Writes the export to `out`; the CSV header only once the first payout is in, so a failure
/// before it writes nothing.
fn export_to(
    client: &Client,
    params: ListPayoutsParams,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<(), Stop> {
    let mut write = |text: String| out.write_all(text.as_bytes()).map_err(output_error);
    let header = format!("{}\n", EXPORT_COLUMNS.join(","));
    let mut headed = !matches!(format, ExportFormat::Csv);
    let progress = progress();
    for reconciled in client.payouts().reconcile(params) {
        let reconciled = reconciled.map_err(sdk_error)?;
        if !headed {
            write(header.clone())?;
            headed = true;
        }
        progress.inc(1);
        if !reconciled.balanced {
            eprintln!(
                "alternative-payments: payout {} does not add up: {}",
                reconciled.payout.id,
                reconciled.discrepancies.join("; ")
            );
        }
        for row in rows(&reconciled) {
            let line = match format {
                ExportFormat::Csv => {
                    format!("{}\n", row.iter().map(|v| csv_field(&cell(v))).collect::<Vec<_>>().join(","))
                }
                ExportFormat::Jsonl => {
                    let object: serde_json::Map<String, Value> =
                        EXPORT_COLUMNS.iter().map(|c| c.to_string()).zip(row).collect();
                    format!("{}\n", Value::Object(object))
                }
            };
            write(line)?;
        }
    }
    progress.finish_and_clear();
    if !headed {
        write(header)?;
    }
    Ok(())
}

/// Progress of a long export on standard error, only when it is a terminal (stdout holds the
/// data alone). The API does not say how many payouts a range holds, so it shows the count, the
/// rate and the time so far rather than an ETA.
fn progress() -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos} payouts exported ({per_sec}, {elapsed})")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// One row per transaction of the payout (one row with empty transaction columns when it has
/// none), in the order of [`EXPORT_COLUMNS`].
fn rows(reconciled: &Reconciliation) -> Vec<Vec<Value>> {
    let payout = &reconciled.payout;
    let money = |amount: Option<&Money>| amount.map_or(Value::Null, |m| Value::String(m.to_string()));
    let head = vec![
        Value::String(payout.id.clone()),
        payout.created_at.clone().map_or(Value::Null, Value::String),
        payout.arrival_date.clone().map_or(Value::Null, Value::String),
        payout.status.clone().map_or(Value::Null, Value::String),
        money(payout.total.as_ref().or(payout.amount.as_ref())),
        Value::String(reconciled.fees_total.to_string()),
        Value::Bool(reconciled.balanced),
    ];
    if reconciled.transactions.is_empty() {
        let mut row = head;
        row.extend(std::iter::repeat_n(Value::Null, EXPORT_COLUMNS.len() - row.len()));
        return vec![row];
    }
    reconciled
        .transactions
        .iter()
        .map(|transaction| {
            let fees = transaction
                .fees
                .iter()
                .flatten()
                .filter_map(|fee| fee.amount.as_ref())
                .try_fold(Money::zero(), |sum, amount| sum.checked_add(amount));
            let mut row = head.clone();
            row.extend([
                Value::String(transaction.id.clone()),
                money(transaction.total.as_ref().or(transaction.amount.as_ref())),
                money(fees.as_ref()),
                transaction.customer_id.clone().map_or(Value::Null, Value::String),
                transaction.invoice_id.clone().map_or(Value::Null, Value::String),
                transaction.status.clone().map_or(Value::Null, Value::String),
            ]);
            row
        })
        .collect()
}

/// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("145.3"), "145.3");
        assert_eq!(csv_field("Acme, Inc."), "\"Acme, Inc.\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn tables_align_their_columns() {
        let rows =
            [serde_json::json!({"id": "cus_1", "name": "Acme"}), serde_json::json!({"id": "cus_22", "name": null})];
        assert_eq!(table(&["id", "name"], &rows), "id      name\ncus_1   Acme\ncus_22\n");
    }

    #[test]
    fn table_cells_escape_control_characters_and_read_the_guides_amount() {
        let rows = [serde_json::json!({"id": "a", "name": "Evil\nInc\u{1b}[31m"}), serde_json::json!({"id": "b"})];
        assert_eq!(table(&["id", "name"], &rows), "id  name\na   Evil\\nInc\\u{1b}[31m\nb\n");
        let guides = [serde_json::json!({"id": "inv_1", "amount": 1500})];
        assert_eq!(table(&["id", "total"], &guides), "id     total\ninv_1  1500\n");
    }
}
