//! Logs at every level hold no secret and no token. In a test binary of its own: tracing caches
//! per call site whether anyone listens, and tests of other threads that emit the same events
//! with no subscriber would make this one miss them.

mod common;

use common::*;
use serde_json::json;

/// Collects every tracing event of every crate, at every level, as text.
struct Capture(std::sync::Arc<std::sync::Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Fields(&mut self.0.lock().unwrap()));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.0.lock().unwrap();
        text.push_str(&format!("\n{} {}", event.metadata().level(), event.metadata().target()));
        event.record(&mut Fields(&mut text));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn the_most_verbose_logs_hold_no_secret_or_token() {
    let captured = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let _guard = tracing::subscriber::set_default(Capture(captured.clone()));
    let sandbox = sandbox(None);
    let client = client(&sandbox);
    client.customers().list_page(&Default::default()).await.unwrap();
    control(&sandbox, "POST", "/tokens/expire", json!({}));
    client.customers().list_page(&Default::default()).await.unwrap();
    let wrong = builder(&sandbox).client_secret("the-wrong-secret").build().unwrap();
    let _ = wrong.customers().list_page(&Default::default()).await;
    let text = captured.lock().unwrap().clone();
    assert!(text.contains("obtained an access token") && text.contains("status=200"), "{text}");
    for secret in [CLIENT_SECRET, "the-wrong-secret", "sbx_tok_", "Bearer ", "Basic "] {
        assert!(!text.contains(secret), "{secret:?} reached the logs:\n{text}");
    }
}
