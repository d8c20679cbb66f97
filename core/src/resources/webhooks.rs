//! `client.webhooks()`: webhook subscriptions and the events sent to them, and
//! [`construct_event`] for the receiving side (docs/behaviour.md, "Webhooks").

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};
use crate::models::{WebhookEvent, WebhookSubscription};
use crate::pagination::{query_pairs, ListStream, Page, Paginator};
use crate::transport::{Call, Transport};
use crate::validate;

/// Filters and cursors of [`Webhooks::list`] and [`Webhooks::list_page`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListWebhooksParams {
    /// Page size (the API's default is 100).
    #[serde(default, deserialize_with = "crate::operations::whole::option_limit")]
    pub limit: Option<u32>,
    /// Start after this cursor (an `end_cursor`).
    pub after: Option<String>,
    /// End before this cursor (a `start_cursor`).
    pub before: Option<String>,
    /// Only subscriptions to this topic (see [`WEBHOOK_TOPICS`](crate::WEBHOOK_TOPICS)).
    pub topic: Option<String>,
    /// Only active (`true`) or inactive (`false`) subscriptions.
    pub is_active: Option<bool>,
}

/// Filters and cursors of [`Webhooks::events`] and [`Webhooks::events_page`]. The reference
/// names no date filters for events, so none are offered.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ListWebhookEventsParams {
    /// Page size.
    #[serde(default, deserialize_with = "crate::operations::whole::option_limit")]
    pub limit: Option<u32>,
    /// Start after this cursor (an `end_cursor`).
    pub after: Option<String>,
    /// End before this cursor (a `start_cursor`).
    pub before: Option<String>,
    /// Only events of this topic.
    pub topic: Option<String>,
    /// Only events in this delivery status (the reference lists no values; sent as given).
    pub status: Option<String>,
}

/// The body of [`Webhooks::subscribe`].
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SubscribeWebhook {
    /// The HTTPS URL deliveries are posted to (required).
    pub endpoint_url: String,
    /// The topic, e.g. `invoice_paid` (required; see [`WEBHOOK_TOPICS`](crate::WEBHOOK_TOPICS)).
    pub topic: String,
    /// A secret the API sends back as `Authorization: Bearer <secret_key>` on every delivery,
    /// so the receiver can check it (the SDK's webhook check does: [`construct_event`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
}

/// Webhook endpoints. Get one with [`Client::webhooks`](crate::Client::webhooks).
#[derive(Clone, Debug)]
pub struct Webhooks {
    pub(crate) transport: Arc<Transport>,
}

impl Webhooks {
    /// Every subscription, fetched page by page as the stream is read.
    pub fn list(&self, params: ListWebhooksParams) -> ListStream<WebhookSubscription> {
        self.paginator(&params).into_stream()
    }

    /// A paginator over every subscription (what [`Webhooks::list`] streams).
    pub fn paginator(&self, params: &ListWebhooksParams) -> Paginator<WebhookSubscription> {
        Paginator::new(self.transport.clone(), "/webhooks".into(), query_pairs(params))
    }

    /// One page of subscriptions.
    pub async fn list_page(&self, params: &ListWebhooksParams) -> Result<Page<WebhookSubscription>> {
        self.transport.page(Call::get("/webhooks").query(query_pairs(params)?)).await
    }

    /// Subscribes an endpoint to a topic.
    ///
    /// ```no_run
    /// # async fn run(client: alternative_payments::Client) -> alternative_payments::Result<()> {
    /// use alternative_payments::SubscribeWebhook;
    /// let subscription = client
    ///     .webhooks()
    ///     .subscribe(&SubscribeWebhook {
    ///         endpoint_url: "https://billing.example.com/hooks/ap".into(),
    ///         topic: "invoice_paid".into(),
    ///         secret_key: Some("a long random secret".into()),
    ///     })
    ///     .await?;
    /// println!("subscribed {}", subscription.id);
    /// # Ok(()) }
    /// ```
    pub async fn subscribe(&self, params: &SubscribeWebhook) -> Result<WebhookSubscription> {
        validate::https_url("endpoint_url", &params.endpoint_url)?;
        validate::required_text("topic", &params.topic)?;
        validate::text("secret_key", params.secret_key.as_deref().unwrap_or_default())?;
        self.transport.json(Call::post("/webhooks", params)?).await
    }

    /// Removes a subscription; returns it as the API sends it back.
    pub async fn unsubscribe(&self, subscription_id: &str) -> Result<WebhookSubscription> {
        let id = validate::path_id("subscription_id", subscription_id)?;
        self.transport.json(Call::delete(format!("/webhooks/{id}"))).await
    }

    /// Every webhook event, fetched page by page as the stream is read.
    pub fn events(&self, params: ListWebhookEventsParams) -> ListStream<WebhookEvent> {
        self.events_paginator(&params).into_stream()
    }

    /// A paginator over every event (what [`Webhooks::events`] streams).
    pub fn events_paginator(&self, params: &ListWebhookEventsParams) -> Paginator<WebhookEvent> {
        Paginator::new(self.transport.clone(), "/webhooks/events".into(), query_pairs(params))
    }

    /// One page of webhook events.
    pub async fn events_page(&self, params: &ListWebhookEventsParams) -> Result<Page<WebhookEvent>> {
        self.transport.page(Call::get("/webhooks/events").query(query_pairs(params)?)).await
    }
}

/// Checks a webhook delivery and reads its event.
///
/// `authorization` is the delivery's `Authorization` header (`None` when it had none) and
/// `secret_key` the secret given to [`Webhooks::subscribe`]. The header must be
/// `Bearer <secret_key>`, compared in constant time; otherwise the error is
/// [`Error::WebhookVerification`] (answer the delivery with 401 and do not act on it). The body
/// must be a JSON object; its `topic` is kept whatever it is, also a topic newer than
/// [`WEBHOOK_TOPICS`](crate::WEBHOOK_TOPICS), and every field is kept in the event.
///
/// ```
/// use alternative_payments::webhooks::construct_event;
/// let body = br#"{"id": "evt_1", "topic": "invoice_paid", "data": {"id": "inv_1"}}"#;
/// let event = construct_event(body, Some("Bearer s3cret"), "s3cret").unwrap();
/// assert_eq!(event.topic.as_deref(), Some("invoice_paid"));
/// assert!(construct_event(body, Some("Bearer wrong"), "s3cret").is_err());
/// ```
pub fn construct_event(body: &[u8], authorization: Option<&str>, secret_key: &str) -> Result<WebhookEvent> {
    verify_authorization(authorization, secret_key)?;
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|err| Error::webhook(format!("the delivery's body is not JSON ({err})")))?;
    if !value.is_object() {
        return Err(Error::webhook("the delivery's body is not a JSON object"));
    }
    serde_json::from_value(value).map_err(|err| Error::webhook(format!("the delivery's body is not an event ({err})")))
}

/// Checks that `authorization` is `Bearer <secret_key>` (the scheme in any case), in time that
/// does not depend on where the two secrets differ.
pub fn verify_authorization(authorization: Option<&str>, secret_key: &str) -> Result<()> {
    if secret_key.is_empty() {
        return Err(Error::invalid("secret_key", "must be the subscription's secret key, not empty"));
    }
    let header = authorization.map(str::trim).unwrap_or_default();
    if header.is_empty() {
        return Err(Error::webhook("the delivery has no Authorization header"));
    }
    let presented = match header.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => return Err(Error::webhook("the delivery's Authorization header is not a Bearer secret")),
    };
    if bool::from(presented.as_bytes().ct_eq(secret_key.as_bytes())) {
        Ok(())
    } else {
        Err(Error::webhook("the delivery's secret does not match the subscription's secret key"))
    }
}

/// The blocking twin of this resource, for code that is not async (see [`crate::blocking`]).
pub mod blocking {
    use super::*;
    use crate::pagination::Page;

    crate::blocking::blocking_resource! {
        /// Blocking webhook endpoints (see [`crate::Webhooks`]).
        Webhooks => webhooks {
            /// One page of subscriptions.
            fn list_page(params: &ListWebhooksParams) -> Page<WebhookSubscription>;
            /// Subscribes an endpoint to a topic.
            fn subscribe(params: &SubscribeWebhook) -> WebhookSubscription;
            /// Removes a subscription.
            fn unsubscribe(subscription_id: &str) -> WebhookSubscription;
            /// One page of webhook events.
            fn events_page(params: &ListWebhookEventsParams) -> Page<WebhookEvent>;
        }
        lists {
            /// Every subscription, page by page as the iterator is read.
            list(params: ListWebhooksParams) via paginator -> WebhookSubscription;
            /// Every webhook event, page by page as the iterator is read.
            events(params: ListWebhookEventsParams) via events_paginator -> WebhookEvent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_the_bearer_secret() {
        assert!(verify_authorization(Some("Bearer s3cret"), "s3cret").is_ok());
        assert!(verify_authorization(Some("bearer  s3cret "), "s3cret").is_ok());
        for header in
            [None, Some(""), Some("s3cret"), Some("Basic s3cret"), Some("Bearer s3cre"), Some("Bearer s3cret2")]
        {
            let err = verify_authorization(header, "s3cret").unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::WebhookVerification, "{header:?}");
            assert!(!err.to_string().contains("s3cret"), "the secret leaked: {err}");
        }
        assert_eq!(verify_authorization(Some("Bearer "), "").unwrap_err().kind(), crate::ErrorKind::InvalidArgument);
    }

    #[test]
    fn keeps_unknown_topics_and_every_field() {
        let body = br#"{"id":"evt_9","topic":"a_topic_from_the_future","data":{"id":"x"},"created_at":"2026-01-01T00:00:00Z"}"#;
        let event = construct_event(body, Some("Bearer k"), "k").unwrap();
        assert_eq!(event.topic.as_deref(), Some("a_topic_from_the_future"));
        assert_eq!(event.extra["data"]["id"], "x");
        for bad in [&b"not json"[..], b"[1,2]", b"\"text\""] {
            assert_eq!(
                construct_event(bad, Some("Bearer k"), "k").unwrap_err().kind(),
                crate::ErrorKind::WebhookVerification
            );
        }
    }
}
