//! Cursor pagination (docs/behaviour.md, "Pagination"): one [`Page`] at a time, or every item lazily through a
//! [`Paginator`], which fetches the next page only when the previous one is used up and holds
//! one page in memory.
//!
//! Pages are decoded from every shape the docs show: cursors at the top level (reference),
//! cursors under `"pagination"` (guides), a bare array, and `{"transactions": [...]}`.

use std::collections::{HashSet, VecDeque};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::transport::{Call, Transport};
use crate::validate::{time_filter, time_range, Bound};

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Page<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// Whether a page follows (pass `end_cursor` as `after` to get it).
    pub has_next_page: bool,
    /// Whether a page precedes (pass `start_cursor` as `before` to get it).
    pub has_previous_page: bool,
    /// The cursor of the first item.
    pub start_cursor: Option<String>,
    /// The cursor of the last item.
    pub end_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page with no item and no neighbour.
    pub(crate) fn empty() -> Page<T> {
        Page { data: Vec::new(), has_next_page: false, has_previous_page: false, start_cursor: None, end_cursor: None }
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

/// Decodes a list answer of any documented shape.
pub fn decode_page<T: DeserializeOwned>(body: &[u8]) -> std::result::Result<Page<T>, String> {
    let value: Value = serde_json::from_slice(body).map_err(|err| format!("not JSON: {err}"))?;
    let (items, cursors) = match value {
        Value::Array(items) => (items, None),
        Value::Object(mut object) => {
            let items = match object.remove("data").or_else(|| object.remove("transactions")) {
                Some(Value::Array(items)) => items,
                Some(Value::Null) | None => return Err("a list answer has no `data` array".into()),
                Some(_) => return Err("`data` is not an array".into()),
            };
            let cursors = match object.remove("pagination") {
                Some(Value::Object(nested)) => Some(nested),
                _ => Some(object),
            };
            (items, cursors)
        }
        _ => return Err("a list answer must be an object or an array".into()),
    };
    let data = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| serde_json::from_value(item).map_err(|err| format!("item {index}: {err}")))
        .collect::<std::result::Result<Vec<T>, String>>()?;
    let cursors = cursors.unwrap_or_default();
    let flag = |name: &str| cursors.get(name).and_then(Value::as_bool).unwrap_or(false);
    let cursor = |name: &str| cursors.get(name).and_then(Value::as_str).filter(|s| !s.is_empty()).map(String::from);
    Ok(Page {
        data,
        has_next_page: flag("has_next_page"),
        has_previous_page: flag("has_previous_page"),
        start_cursor: cursor("start_cursor"),
        end_cursor: cursor("end_cursor"),
    })
}

/// Query pairs of a list call, or the argument error that stops it before anything is sent.
pub(crate) type Query = Result<Vec<(String, String)>>;

/// Turns a parameter struct into query pairs: every field that is set, by its API name. A
/// `limit` must be positive, in every face alike (docs/behaviour.md, "Pagination"); time
/// filters are dates or RFC 3339 times ([`time_filter`], docs/behaviour.md, "Filters").
pub(crate) fn query_pairs<P: Serialize>(params: &P) -> Query {
    let Ok(Value::Object(fields)) = serde_json::to_value(params) else {
        return Ok(Vec::new());
    };
    let pairs: Vec<(String, String)> = fields
        .into_iter()
        .filter_map(|(key, value)| match value {
            Value::Null => None,
            Value::String(s) => Some((key, s)),
            other => Some((key, other.to_string())),
        })
        .collect();
    if pairs.iter().any(|(key, value)| key == "limit" && value == "0") {
        return Err(Error::invalid("limit", "must be a positive integer (the page size)"));
    }
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(key, value)| {
            let bound = match key.as_str() {
                "created_at_start" | "due_date_start" | "start_date" => Some(Bound::Start),
                "created_at_end" | "due_date_end" | "end_date" => Some(Bound::End),
                _ => None,
            };
            match bound {
                Some(bound) => time_filter(&key, &value, bound).map(|value| (key, value)),
                None => Ok((key, value)),
            }
        })
        .collect::<Result<_>>()?;
    let value_of = |name: &str| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    for (start, end) in
        [("created_at_start", "created_at_end"), ("due_date_start", "due_date_end"), ("start_date", "end_date")]
    {
        if let (Some(from), Some(to)) = (value_of(start), value_of(end)) {
            time_range(start, from, to)?;
        }
    }
    Ok(pairs)
}

/// Which way a [`Paginator`] walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Forward,
    Backward,
}

/// Walks a list page by page, and item by item. Async users get it as a [`ListStream`];
/// the blocking client and the bindings call [`Paginator::next_item`] or
/// [`Paginator::next_page`].
///
/// A failed call changes nothing: the next call asks for the same page again, so a caller who
/// catches an error and goes on loses no item and never sees a list end early.
pub struct Paginator<T> {
    transport: Arc<Transport>,
    path: String,
    query: Vec<(String, String)>,
    /// An argument refused before anything was sent, reported by every call.
    refused: Option<(String, String)>,
    direction: Direction,
    cursor: Option<String>,
    seen: HashSet<String>,
    buffer: VecDeque<T>,
    done: bool,
    _items: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned + Send + 'static> Paginator<T> {
    /// Starts at the cursor in `query` (`after`, or `before` to walk backwards), or at the
    /// first page.
    pub(crate) fn new(transport: Arc<Transport>, path: String, query: Query) -> Self {
        let (mut query, refused) = match query {
            Ok(query) => (query, None),
            Err(Error::InvalidArgument { argument, message }) => (Vec::new(), Some((argument, message))),
            Err(other) => (Vec::new(), Some(("arguments".into(), other.to_string()))),
        };
        let take = |query: &mut Vec<(String, String)>, key: &str| {
            let index = query.iter().position(|(k, _)| k == key)?;
            Some(query.remove(index).1)
        };
        let after = take(&mut query, "after");
        let before = take(&mut query, "before");
        let (direction, cursor) = match (after, before) {
            (None, Some(before)) => (Direction::Backward, Some(before)),
            (after, _) => (Direction::Forward, after),
        };
        Paginator {
            transport,
            path,
            query,
            refused,
            direction,
            cursor,
            seen: HashSet::new(),
            buffer: VecDeque::new(),
            done: false,
            _items: PhantomData,
        }
    }

    /// The next page, or `None` after the last one. A page that hands back a cursor already
    /// seen is an error, not an endless loop.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>> {
        if let Some((argument, message)) = &self.refused {
            return Err(Error::invalid(argument, message.clone()));
        }
        if self.done {
            return Ok(None);
        }
        let mut query = self.query.clone();
        if let Some(cursor) = &self.cursor {
            let key = if self.direction == Direction::Forward { "after" } else { "before" };
            query.push((key.into(), cursor.clone()));
        }
        let page: Page<T> = self.transport.page(Call::get(self.path.clone()).query(query)).await?;
        let (more, next) = match self.direction {
            Direction::Forward => (page.has_next_page, page.end_cursor.clone()),
            Direction::Backward => (page.has_previous_page, page.start_cursor.clone()),
        };
        if !more || page.data.is_empty() {
            self.done = true;
            return Ok(Some(page));
        }
        let next =
            next.ok_or_else(|| Error::decode(200, "the page says more follow but gives no cursor to fetch them", b""))?;
        if self.seen.contains(&next) || self.cursor.as_ref() == Some(&next) {
            return Err(Error::decode(
                200,
                format!("the server repeated the cursor {next:?}; stopping instead of looping"),
                b"",
            ));
        }
        self.seen.insert(next.clone());
        self.cursor = Some(next);
        Ok(Some(page))
    }

    /// The next item of the page in hand, if it has one left (no request).
    pub fn take_buffered(&mut self) -> Option<T> {
        self.buffer.pop_front()
    }

    /// The next item, fetching the next page when this one is used up.
    pub async fn next_item(&mut self) -> Result<Option<T>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Ok(Some(item));
            }
            match self.next_page().await? {
                Some(page) => self.buffer.extend(page.data),
                None => return Ok(None),
            }
        }
    }

    /// Every item of the list from here on, in one vector (for lists that are small by nature,
    /// such as a customer's payment methods).
    pub(crate) async fn collect(mut self) -> Result<Vec<T>> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await? {
            items.extend(page.data);
        }
        Ok(items)
    }

    /// Every item as a stream.
    pub fn into_stream(self) -> ListStream<T> {
        stream(self)
    }
}

/// Every item of any lazy list (a paginator, the payout reconciler) as a stream; after an error
/// the stream goes on with the same list, which asks for what failed again.
pub(crate) fn stream<P: crate::blocking::Pages>(pages: P) -> ListStream<P::Item> {
    Box::pin(futures_util::stream::unfold(Some(pages), |state| async move {
        let mut pages = state?;
        match pages.next_item().await {
            Ok(Some(item)) => Some((Ok(item), Some(pages))),
            Ok(None) => None,
            Err(err) => Some((Err(err), Some(pages))),
        }
    }))
}

/// A lazy stream of every item of a list, fetching pages as it goes.
///
/// ```no_run
/// # async fn run(client: alternative_payments::Client) -> alternative_payments::Result<()> {
/// use futures_util::TryStreamExt;
/// let mut customers = client.customers().list(Default::default());
/// while let Some(customer) = customers.try_next().await? {
///     println!("{}", customer.id);
/// }
/// # Ok(()) }
/// ```
pub type ListStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Item {
        id: String,
    }

    #[test]
    fn cursors_at_the_top_level() {
        let page: Page<Item> = decode_page(
            br#"{"data":[{"id":"a"}],"end_cursor":"c2","has_next_page":true,
            "has_previous_page":false,"start_cursor":"c1"}"#,
        )
        .unwrap();
        assert_eq!(page.data, vec![Item { id: "a".into() }]);
        assert!(page.has_next_page && !page.has_previous_page);
        assert_eq!((page.start_cursor.as_deref(), page.end_cursor.as_deref()), (Some("c1"), Some("c2")));
    }

    #[test]
    fn cursors_under_pagination() {
        let page: Page<Item> = decode_page(
            br#"{"data":[{"id":"a"}],"pagination":{"has_next_page":true,"has_previous_page":true,"start_cursor":"c1","end_cursor":"c9"}}"#,
        )
        .unwrap();
        assert_eq!((page.has_next_page, page.has_previous_page), (true, true));
        assert_eq!((page.start_cursor.as_deref(), page.end_cursor.as_deref()), (Some("c1"), Some("c9")));
        let ids: Vec<String> = page.into_iter().map(|item| item.id).collect();
        assert_eq!(ids, ["a"], "a page iterates its items");
    }

    #[test]
    fn bare_arrays_and_transactions() {
        let page: Page<Item> = decode_page(br#"[{"id":"u1"},{"id":"u2"}]"#).unwrap();
        assert_eq!(page.data.len(), 2);
        assert!(!page.has_next_page);
        let page: Page<Item> = decode_page(br#"{"transactions":[{"id":"t1"}]}"#).unwrap();
        assert_eq!(page.data[0].id, "t1");
        let page: Page<Item> = decode_page(br#"{"data":[]}"#).unwrap();
        assert!(page.data.is_empty() && !page.has_next_page);
    }

    #[test]
    fn wrong_shapes_are_errors() {
        for body in [&b"nope"[..], b"{}", b"42", br#"{"data":{}}"#, br#"{"data":[{"no_id":1}]}"#] {
            assert!(decode_page::<Item>(body).is_err(), "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn query_pairs_turn_dates_of_every_time_filter_into_instants() {
        let params = serde_json::json!({
            "created_at_start": "2025-01-01", "due_date_start": "2025-02-01", "start_date": "2025-03-01",
            "created_at_end": "2025-01-31", "due_date_end": "2025-02-28", "end_date": "2025-03-31", "status": "2025-04-01",
        });
        let pairs: std::collections::BTreeMap<String, String> = query_pairs(&params).unwrap().into_iter().collect();
        for start in ["created_at_start", "due_date_start", "start_date"] {
            assert!(pairs[start].ends_with("T00:00:00Z"), "{start}: {}", pairs[start]);
        }
        for end in ["created_at_end", "due_date_end", "end_date"] {
            assert!(pairs[end].ends_with("T23:59:59.999999Z"), "{end}: {}", pairs[end]);
        }
        assert_eq!(pairs["status"], "2025-04-01", "other arguments are sent as given");
        assert!(query_pairs(&serde_json::json!({"end_date": "yesterday"})).is_err());
        for (start, end) in
            [("created_at_start", "created_at_end"), ("due_date_start", "due_date_end"), ("start_date", "end_date")]
        {
            let swapped = query_pairs(&serde_json::json!({start: "2025-03-01", end: "2025-02-01"})).unwrap_err();
            assert!(matches!(&swapped, Error::InvalidArgument { argument, .. } if argument == start), "{swapped:?}");
        }
    }

    #[test]
    fn query_pairs_skip_unset_fields() {
        #[derive(Serialize)]
        struct Params {
            limit: Option<u32>,
            after: Option<String>,
            status: Option<String>,
        }
        let pairs = query_pairs(&Params { limit: Some(50), after: None, status: Some("PAID".into()) }).unwrap();
        assert_eq!(pairs, vec![("limit".to_string(), "50".to_string()), ("status".to_string(), "PAID".to_string())]);
        let refused = query_pairs(&Params { limit: Some(0), after: None, status: None });
        assert!(matches!(refused, Err(Error::InvalidArgument { argument, .. }) if argument == "limit"));
    }
}
