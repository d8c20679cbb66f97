//! Payout reconciliation: each payout with every transaction that rolled into it, and whether
//! its sums add up (docs/behaviour.md, "Reconciliation").
//!
//! The reference gives a payout `sub_total`, `fees` and `total`, and each payment a `total`.
//! A payout balances when its transactions add up to its `sub_total` and its `sub_total`, less
//! the fees not covered by the customer, is its `total`. In the guides' dialect (`amount` only)
//! the transactions must add up to the payout's amount. Anything that does not add up, or an
//! amount the API did not send, is reported in `discrepancies`, never hidden.

use std::collections::VecDeque;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::models::{Money, Payout, Transaction};
use crate::pagination::{ListStream, Page, Paginator};
use crate::transport::Transport;
use crate::validate;

/// One payout, its transactions and whether they add up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reconciliation {
    /// The payout as the API sent it.
    pub payout: Payout,
    /// Every transaction of the payout (all pages).
    pub transactions: Vec<Transaction>,
    /// The sum of the transactions' `total` (the guides' `amount` when there is no total);
    /// `None` (left out of the JSON) when a transaction has neither.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions_total: Option<Money>,
    /// The sum of the payout's fees that the customer did not cover.
    pub fees_total: Money,
    /// True when every check passed.
    pub balanced: bool,
    /// What did not add up, in words (empty when balanced).
    pub discrepancies: Vec<String>,
}

impl Reconciliation {
    /// Checks a payout against its transactions.
    pub fn new(payout: Payout, transactions: Vec<Transaction>) -> Reconciliation {
        let mut discrepancies = Vec::new();
        let transactions_total = transactions.iter().try_fold(Money::zero(), |sum, transaction| {
            let amount = transaction.total.as_ref().or(transaction.amount.as_ref())?;
            sum.checked_add(amount)
        });
        if transactions_total.is_none() {
            discrepancies.push("a transaction has no total (or the sum is out of range)".to_string());
        }
        let fees_total = payout
            .fees
            .iter()
            .flatten()
            .filter(|fee| fee.covered_by_customer != Some(true))
            .filter_map(|fee| fee.amount.as_ref())
            .try_fold(Money::zero(), |sum, amount| sum.checked_add(amount))
            .unwrap_or_else(|| {
                discrepancies.push("the fees are out of range".to_string());
                Money::zero()
            });
        let gross = payout.sub_total.as_ref().or(payout.amount.as_ref().filter(|_| payout.total.is_none()));
        match (&transactions_total, gross) {
            (Some(sum), Some(gross)) if sum != gross => {
                discrepancies.push(format!("the transactions add up to {sum}, the payout's sub-total is {gross}"));
            }
            (_, None) => discrepancies.push("the payout has no sub-total or amount".to_string()),
            _ => {}
        }
        if let (Some(sub_total), Some(total)) = (&payout.sub_total, &payout.total) {
            match sub_total.checked_sub(&fees_total) {
                Some(net) if net == *total => {}
                Some(net) => {
                    discrepancies.push(format!("the sub-total less fees is {net}, the payout's total is {total}"))
                }
                None => discrepancies.push("the sub-total less fees is out of range".to_string()),
            }
        }
        Reconciliation {
            payout,
            transactions,
            transactions_total,
            fees_total,
            balanced: discrepancies.is_empty(),
            discrepancies,
        }
    }
}

/// Walks payouts page by page and reconciles each, fetching its transactions as it goes.
///
/// A failed call changes nothing: the payout whose transactions could not be fetched is asked
/// for again by the next call, so no payout is skipped.
pub struct Reconciler {
    transport: Arc<Transport>,
    payouts: Paginator<Payout>,
    /// Payouts of the current page not yet reconciled.
    queue: VecDeque<Payout>,
    /// The cursors of the current page of payouts.
    cursors: Page<()>,
}

impl Reconciler {
    pub(crate) fn new(transport: Arc<Transport>, payouts: Paginator<Payout>) -> Reconciler {
        Reconciler { transport, payouts, queue: VecDeque::new(), cursors: Page::empty() }
    }

    /// Fetches the next page of payouts when the current one is done; false after the last.
    async fn fill(&mut self) -> Result<bool> {
        if !self.queue.is_empty() {
            return Ok(true);
        }
        let Some(page) = self.payouts.next_page().await? else { return Ok(false) };
        self.cursors = Page {
            data: Vec::new(),
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
            start_cursor: page.start_cursor,
            end_cursor: page.end_cursor,
        };
        self.queue.extend(page.data);
        Ok(true)
    }

    /// Reconciles the first payout of the queue (which stays there if that fails).
    async fn reconcile_first(&mut self) -> Result<Option<Reconciliation>> {
        let Some(payout) = self.queue.front() else { return Ok(None) };
        let id = validate::path_id("id", &payout.id)?;
        let transactions = Paginator::<Transaction>::new(
            self.transport.clone(),
            format!("/payouts/{id}/transactions"),
            Ok(Vec::new()),
        )
        .collect()
        .await?;
        Ok(self.queue.pop_front().map(|payout| Reconciliation::new(payout, transactions)))
    }

    /// The next payout reconciled, or `None` after the last.
    pub async fn next_item(&mut self) -> Result<Option<Reconciliation>> {
        loop {
            if !self.fill().await? {
                return Ok(None);
            }
            if let Some(reconciliation) = self.reconcile_first().await? {
                return Ok(Some(reconciliation));
            }
        }
    }

    /// The rest of the current page of payouts reconciled (the next page when it is done), or
    /// `None` after the last.
    pub async fn next_page(&mut self) -> Result<Option<Page<Reconciliation>>> {
        if !self.fill().await? {
            return Ok(None);
        }
        let mut data = Vec::new();
        while let Some(reconciliation) = self.reconcile_first().await? {
            data.push(reconciliation);
        }
        let cursors = &self.cursors;
        Ok(Some(Page {
            data,
            has_next_page: cursors.has_next_page,
            has_previous_page: cursors.has_previous_page,
            start_cursor: cursors.start_cursor.clone(),
            end_cursor: cursors.end_cursor.clone(),
        }))
    }

    /// Every reconciliation as a stream.
    pub fn into_stream(self) -> ListStream<Reconciliation> {
        crate::pagination::stream(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn payout(value: serde_json::Value) -> Payout {
        serde_json::from_value(value).unwrap()
    }

    fn transaction(total: serde_json::Value) -> Transaction {
        serde_json::from_value(json!({"id": "txn", "total": total})).unwrap()
    }

    #[test]
    fn a_payout_balances_when_transactions_and_fees_add_up() {
        let fees = json!([{"amount": 145.3, "covered_by_customer": false}, {"amount": 9, "covered_by_customer": true}]);
        let paid = payout(json!({"id": "p", "sub_total": 5000, "total": 4854.7, "fees": fees}));
        let ok = Reconciliation::new(paid.clone(), vec![transaction(json!(4000)), transaction(json!("1000"))]);
        assert!(ok.balanced, "{:?}", ok.discrepancies);
        assert_eq!(
            (ok.transactions_total.unwrap().to_string(), ok.fees_total.to_string()),
            ("5000".into(), "145.3".into())
        );
        let short = Reconciliation::new(paid, vec![transaction(json!(4000))]);
        assert!(!short.balanced);
        assert!(short.discrepancies[0].contains("add up to 4000"), "{:?}", short.discrepancies);
    }

    #[test]
    fn what_is_missing_or_off_is_reported_never_hidden() {
        let off =
            Reconciliation::new(payout(json!({"id": "p", "sub_total": 10, "total": 9})), vec![transaction(json!(10))]);
        assert_eq!(off.discrepancies, ["the sub-total less fees is 10, the payout's total is 9"]);
        let unknown: Transaction = serde_json::from_value(json!({"id": "t"})).unwrap();
        let missing = Reconciliation::new(payout(json!({"id": "p", "sub_total": 10, "total": 10})), vec![unknown]);
        assert!(!missing.balanced && missing.transactions_total.is_none());
        let guides = Reconciliation::new(
            payout(json!({"id": "p", "amount": 10})),
            vec![transaction(json!(4)), transaction(json!(6))],
        );
        assert!(guides.balanced, "{:?}", guides.discrepancies);
    }
}
