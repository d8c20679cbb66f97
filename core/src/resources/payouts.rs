//! `client.payouts()`: payout batches and the transactions in each.

use std::sync::Arc;

use crate::error::Result;
use crate::models::{Payout, Transaction};
use crate::pagination::{query_pairs, ListStream, Page, Paginator};
use crate::resources::customers::PageParams;
use crate::transport::{Call, Transport};
use crate::validate;

/// Payout endpoints. Get one with [`Client::payouts`](crate::Client::payouts).
#[derive(Clone, Debug)]
pub struct Payouts {
    pub(crate) transport: Arc<Transport>,
}

impl Payouts {
    /// Every payout, fetched page by page as the stream is read.
    pub fn list(&self, params: PageParams) -> ListStream<Payout> {
        self.paginator(&params).into_stream()
    }

    /// A paginator over every payout (what [`Payouts::list`] streams).
    pub fn paginator(&self, params: &PageParams) -> Paginator<Payout> {
        Paginator::new(self.transport.clone(), "/payouts".into(), query_pairs(params))
    }

    /// One page of payouts.
    pub async fn list_page(&self, params: &PageParams) -> Result<Page<Payout>> {
        self.transport.page(Call::get("/payouts").query(query_pairs(params)?)).await
    }

    /// One payout by id.
    pub async fn get(&self, id: &str) -> Result<Payout> {
        let id = validate::path_id("id", id)?;
        self.transport.json(Call::get(format!("/payouts/{id}"))).await
    }

    /// The transactions that rolled into a payout: every page, when the server pages them.
    pub async fn transactions(&self, id: &str) -> Result<Vec<Transaction>> {
        let id = validate::path_id("id", id)?;
        Paginator::new(self.transport.clone(), format!("/payouts/{id}/transactions"), Ok(Vec::new())).collect().await
    }
}
