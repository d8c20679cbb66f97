//! `client.transactions()`: payments, filtered by status, type, method, invoice or customer.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::models::Transaction;
use crate::pagination::{query_pairs, ListStream, Page, Paginator};
use crate::transport::{Call, Transport};

/// Filters and cursors of [`Transactions::list`] and [`Transactions::list_page`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListTransactionsParams {
    /// Page size.
    #[serde(default, deserialize_with = "crate::operations::whole::option_limit")]
    pub limit: Option<u32>,
    /// Start after this cursor (an `end_cursor`).
    pub after: Option<String>,
    /// End before this cursor (a `start_cursor`).
    pub before: Option<String>,
    /// E.g. `succeeded`.
    pub status: Option<String>,
    /// E.g. `payment` (the API's `type`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// E.g. `standard_ach`.
    pub payment_method: Option<String>,
    /// Only payments of this invoice.
    pub invoice_id: Option<String>,
    /// Only payments of this customer.
    pub customer_id: Option<String>,
    /// Only payments created at or after this RFC 3339 time, or a date (its first or last instant in UTC).
    pub created_at_start: Option<String>,
    /// Only payments created at or before this RFC 3339 time, or a date (its first or last instant in UTC).
    pub created_at_end: Option<String>,
}

/// Transaction endpoints. Get one with [`Client::transactions`](crate::Client::transactions).
#[derive(Clone, Debug)]
pub struct Transactions {
    pub(crate) transport: Arc<Transport>,
}

impl Transactions {
    /// Every matching transaction, fetched page by page as the stream is read.
    pub fn list(&self, params: ListTransactionsParams) -> ListStream<Transaction> {
        self.paginator(&params).into_stream()
    }

    /// A paginator over every matching transaction (what [`Transactions::list`] streams).
    pub fn paginator(&self, params: &ListTransactionsParams) -> Paginator<Transaction> {
        Paginator::new(self.transport.clone(), "/payments".into(), query_pairs(params))
    }

    /// One page of transactions.
    pub async fn list_page(&self, params: &ListTransactionsParams) -> Result<Page<Transaction>> {
        self.transport.page(Call::get("/payments").query(query_pairs(params)?)).await
    }
}

/// The blocking twin of this resource, for code that is not async (see [`crate::blocking`]).
pub mod blocking {
    use super::*;
    use crate::pagination::Page;

    crate::blocking::blocking_resource! {
        /// Blocking transaction endpoints (see [`crate::Transactions`]).
        Transactions => transactions {
            /// One page of transactions.
            fn list_page(params: &ListTransactionsParams) -> Page<Transaction>;
        }
        lists {
            /// Every matching transaction, page by page as the iterator is read.
            list(params: ListTransactionsParams) via paginator -> Transaction;
        }
    }
}
