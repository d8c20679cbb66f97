//! `client.payouts()`: payout batches and the transactions in each.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::models::{Payout, Transaction};
use crate::pagination::{query_pairs, ListStream, Page, Paginator};
use crate::reconcile::{Reconciler, Reconciliation};
use crate::transport::{Call, Transport};
use crate::validate;

/// Filters and cursors of [`Payouts::list`] and [`Payouts::list_page`], as the reference names
/// them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListPayoutsParams {
    /// Page size.
    #[serde(default, deserialize_with = "crate::operations::whole::option_limit")]
    pub limit: Option<u32>,
    /// Start after this cursor (an `end_cursor`).
    pub after: Option<String>,
    /// End before this cursor (a `start_cursor`).
    pub before: Option<String>,
    /// One of the payout statuses, e.g. `succeeded`, `pending`, `failed`.
    pub status: Option<String>,
    /// Only payouts of this customer.
    pub customer_id: Option<String>,
    /// Only payouts holding a payment of this invoice.
    pub invoice_id: Option<String>,
    /// Only payouts from this RFC 3339 time on, or a date (its first or last instant in UTC).
    pub start_date: Option<String>,
    /// Only payouts up to this RFC 3339 time, or a date (its first or last instant in UTC).
    pub end_date: Option<String>,
}

/// Payout endpoints. Get one with [`Client::payouts`](crate::Client::payouts).
#[derive(Clone, Debug)]
pub struct Payouts {
    pub(crate) transport: Arc<Transport>,
}

impl Payouts {
    /// Every payout, fetched page by page as the stream is read.
    pub fn list(&self, params: ListPayoutsParams) -> ListStream<Payout> {
        self.paginator(&params).into_stream()
    }

    /// A paginator over every payout (what [`Payouts::list`] streams).
    pub fn paginator(&self, params: &ListPayoutsParams) -> Paginator<Payout> {
        Paginator::new(self.transport.clone(), "/payouts".into(), query_pairs(params))
    }

    /// One page of payouts.
    pub async fn list_page(&self, params: &ListPayoutsParams) -> Result<Page<Payout>> {
        self.transport.page(Call::get("/payouts").query(query_pairs(params)?)).await
    }

    /// One payout by id.
    pub async fn get(&self, id: &str) -> Result<Payout> {
        let id = validate::path_id("id", id)?;
        self.transport.json(Call::get(format!("/payouts/{id}"))).await
    }

    /// Every payout matching the filters with all its transactions, and whether its sums add
    /// up (see [`Reconciliation`]), fetched lazily within the rate limit.
    ///
    /// ```no_run
    /// # async fn run(client: alternative_payments::Client) -> alternative_payments::Result<()> {
    /// use futures_util::TryStreamExt;
    /// use alternative_payments::ListPayoutsParams;
    /// let last_month = ListPayoutsParams { start_date: Some("2026-11-01".into()), end_date: Some("2026-11-30".into()), ..Default::default() };
    /// let mut payouts = client.payouts().reconcile(last_month);
    /// while let Some(reconciled) = payouts.try_next().await? {
    ///     if !reconciled.balanced {
    ///         println!("{}: {:?}", reconciled.payout.id, reconciled.discrepancies);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn reconcile(&self, params: ListPayoutsParams) -> ListStream<Reconciliation> {
        self.reconciler(&params).into_stream()
    }

    /// What [`Payouts::reconcile`] streams, one item or page at a time.
    pub fn reconciler(&self, params: &ListPayoutsParams) -> Reconciler {
        Reconciler::new(self.transport.clone(), self.paginator(params))
    }

    /// One page of payouts, reconciled.
    pub async fn reconcile_page(&self, params: &ListPayoutsParams) -> Result<Page<Reconciliation>> {
        let mut reconciler = self.reconciler(params);
        let page = reconciler.next_page().await?;
        Ok(page.unwrap_or_else(Page::empty))
    }

    /// The transactions that rolled into a payout: every page, when the server pages them.
    pub async fn transactions(&self, id: &str) -> Result<Vec<Transaction>> {
        let id = validate::path_id("id", id)?;
        Paginator::new(self.transport.clone(), format!("/payouts/{id}/transactions"), Ok(Vec::new())).collect().await
    }
}

/// The blocking twin of this resource, for code that is not async (see [`crate::blocking`]).
pub mod blocking {
    use super::*;
    use crate::pagination::Page;

    crate::blocking::blocking_resource! {
        /// Blocking payout endpoints (see [`crate::Payouts`]).
        Payouts => payouts {
            /// One page of payouts.
            fn list_page(params: &ListPayoutsParams) -> Page<Payout>;
            /// One payout by id.
            fn get(id: &str) -> Payout;
            /// The transactions of a payout.
            fn transactions(id: &str) -> Vec<Transaction>;
            /// One page of payouts, reconciled.
            fn reconcile_page(params: &ListPayoutsParams) -> Page<crate::Reconciliation>;
        }
        lists {
            /// Every payout, page by page as the iterator is read.
            list(params: ListPayoutsParams) via paginator -> Payout;
        }
    }

    impl Payouts<'_> {
        /// Every payout with all its transactions and whether they add up, page by page as the
        /// iterator is read (see [`crate::Payouts::reconcile`]).
        pub fn reconcile(&self, params: ListPayoutsParams) -> crate::blocking::Iter<crate::Reconciler> {
            let reconciler = self.client.async_client().map(|c| c.payouts().reconciler(&params));
            crate::blocking::Iter::new(self.client, reconciler)
        }
    }
}
