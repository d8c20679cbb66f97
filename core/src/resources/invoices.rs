//! `client.invoices()`: invoices with line items, their payment and PDF links.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::models::{Invoice, LineItem, Link};
use crate::pagination::{query_pairs, ListStream, Page, Paginator};
use crate::transport::{Call, Transport};
use crate::validate;

/// Filters and cursors of [`Invoices::list`] and [`Invoices::list_page`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListInvoicesParams {
    /// Page size.
    #[serde(default, deserialize_with = "crate::operations::whole::option_limit")]
    pub limit: Option<u32>,
    /// Start after this cursor (an `end_cursor`).
    pub after: Option<String>,
    /// End before this cursor (a `start_cursor`).
    pub before: Option<String>,
    /// Only invoices with this status, e.g. `PAID`.
    pub status: Option<String>,
    /// Only this customer's invoices.
    pub customer_id: Option<String>,
    /// Only invoices created at or after this RFC 3339 time, or a date (its first instant in UTC).
    pub created_at_start: Option<String>,
    /// Only invoices created at or before this RFC 3339 time, or a date (its last instant in UTC).
    pub created_at_end: Option<String>,
    /// Only invoices due on or after this date (`YYYY-MM-DD`), or an RFC 3339 time.
    pub due_date_start: Option<String>,
    /// Only invoices due on or before this date (`YYYY-MM-DD`), or an RFC 3339 time.
    pub due_date_end: Option<String>,
}

/// The body of [`Invoices::create`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct CreateInvoice {
    /// The billed customer.
    pub customer_id: String,
    /// Three-letter currency code.
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// The lines. An amount is sent exactly as given (whole minor units in the guides; the
    /// reference allows any number), never rounded.
    pub line_items: Vec<LineItem>,
}

/// Invoice endpoints. Get one with [`Client::invoices`](crate::Client::invoices).
#[derive(Clone, Debug)]
pub struct Invoices {
    pub(crate) transport: Arc<Transport>,
}

impl Invoices {
    /// Every invoice matching the filters, fetched page by page as the stream is read.
    pub fn list(&self, params: ListInvoicesParams) -> ListStream<Invoice> {
        self.paginator(&params).into_stream()
    }

    /// A paginator over every matching invoice (what [`Invoices::list`] streams).
    pub fn paginator(&self, params: &ListInvoicesParams) -> Paginator<Invoice> {
        Paginator::new(self.transport.clone(), "/invoices".into(), query_pairs(params))
    }

    /// One page of invoices.
    pub async fn list_page(&self, params: &ListInvoicesParams) -> Result<Page<Invoice>> {
        self.transport.page(Call::get("/invoices").query(query_pairs(params)?)).await
    }

    /// Creates an invoice. It is sent once: after a timeout or a 5xx the error says the
    /// outcome is unknown, and the SDK never sends it again by itself.
    ///
    /// ```no_run
    /// # async fn run(client: alternative_payments::Client) -> alternative_payments::Result<()> {
    /// use alternative_payments::{CreateInvoice, LineItem};
    /// let invoice = client
    ///     .invoices()
    ///     .create(&CreateInvoice {
    ///         customer_id: "cus_123".into(),
    ///         currency: "USD".into(),
    ///         due_date: "2025-09-01".into(),
    ///         line_items: vec![LineItem::new("August MSP Fee", 150_000, 1)],
    ///     })
    ///     .await?;
    /// println!("{} total {:?}", invoice.id, invoice.total);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, params: &CreateInvoice) -> Result<Invoice> {
        validate::required_text("customer_id", &params.customer_id)?;
        validate::currency(&params.currency)?;
        validate::required_text("due_date", &params.due_date)?;
        for (index, item) in params.line_items.iter().enumerate() {
            validate::text(&format!("line_items[{index}].description"), &item.description)?;
            validate::line_item_amount(&format!("line_items[{index}].amount"), &item.amount)?;
            validate::positive(&format!("line_items[{index}].quantity"), item.quantity)?;
        }
        self.transport.json(Call::post("/invoices", params)?).await
    }

    /// One invoice by id.
    pub async fn get(&self, id: &str) -> Result<Invoice> {
        let id = validate::path_id("id", id)?;
        self.transport.json(Call::get(format!("/invoices/{id}"))).await
    }

    /// Archives (soft-deletes) an invoice: the invoice when the API sends it back (200),
    /// `None` when it answers 204.
    pub async fn archive(&self, id: &str) -> Result<Option<Invoice>> {
        let id = validate::path_id("id", id)?;
        let answer = self.transport.send(Call::delete(format!("/invoices/{id}"))).await?;
        crate::resources::optional_object(answer)
    }

    /// The hosted payment link of an invoice.
    pub async fn payment_link(&self, id: &str) -> Result<String> {
        let id = validate::path_id("id", id)?;
        let link: Link = self.transport.json(Call::get(format!("/invoices/{id}/payment-link"))).await?;
        Ok(link.url)
    }

    /// A signed URL to download the invoice's PDF.
    pub async fn pdf_link(&self, id: &str) -> Result<String> {
        let id = validate::path_id("id", id)?;
        let link: Link = self.transport.json(Call::get(format!("/invoices/{id}/pdf-link"))).await?;
        Ok(link.url)
    }
}

/// The blocking twin of this resource, for code that is not async (see [`crate::blocking`]).
pub mod blocking {
    use super::*;
    use crate::pagination::Page;

    crate::blocking::blocking_resource! {
        /// Blocking invoice endpoints (see [`crate::Invoices`]).
        Invoices => invoices {
            /// One page of invoices.
            fn list_page(params: &ListInvoicesParams) -> Page<Invoice>;
            /// Creates an invoice (sent once; never retried after a timeout or 5xx).
            fn create(params: &CreateInvoice) -> Invoice;
            /// One invoice by id.
            fn get(id: &str) -> Invoice;
            /// Archives an invoice (`None` when the API answers 204).
            fn archive(id: &str) -> Option<Invoice>;
            /// The hosted payment link of an invoice.
            fn payment_link(id: &str) -> String;
            /// A signed URL to the invoice's PDF.
            fn pdf_link(id: &str) -> String;
        }
        lists {
            /// Every matching invoice, page by page as the iterator is read.
            list(params: ListInvoicesParams) via paginator -> Invoice;
        }
    }
}
