//! Records to and from the core's JSON entry point: arguments are serialized records, results
//! are read field by field into the generated records. The JSON is the core's own output
//! (already decoded and checked), so a mismatch here is a defect of the SDK, reported as a
//! `ResponseDecode` error rather than a panic.

use alternative_payments::blocking;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{AlternativePaymentsError, Result};

/// A record read from the core's JSON.
pub trait FromJson: Sized {
    /// Reads `value`; `null` only where the record allows it.
    fn from_json(value: Value) -> Result<Self>;
}

fn mismatch(what: &str, value: &Value) -> AlternativePaymentsError {
    let excerpt: String = value.to_string().chars().take(200).collect();
    AlternativePaymentsError::ResponseDecode {
        status: 200,
        error_message: format!("expected {what} from the core, found {excerpt}"),
        body_excerpt: excerpt,
    }
}

/// Text; money (a JSON number or a decimal string) as its exact decimal text; any other JSON
/// (an object the SDK does not type) as JSON text.
impl FromJson for String {
    fn from_json(value: Value) -> Result<Self> {
        match value {
            Value::String(text) => Ok(text),
            Value::Null => Err(mismatch("a value", &Value::Null)),
            Value::Number(number) => Ok(number.to_string()),
            other => Ok(other.to_string()),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self> {
        value.as_bool().ok_or_else(|| mismatch("a boolean", &value))
    }
}

impl FromJson for i64 {
    fn from_json(value: Value) -> Result<Self> {
        value.as_i64().ok_or_else(|| mismatch("an integer", &value))
    }
}

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<Self> {
        value.as_f64().ok_or_else(|| mismatch("a number", &value))
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self> {
        match value {
            Value::Array(items) => items.into_iter().map(T::from_json).collect(),
            other => Err(mismatch("a list", &other)),
        }
    }
}

/// The fields of a JSON object.
pub fn object(value: Value) -> Result<Map<String, Value>> {
    match value {
        Value::Object(fields) => Ok(fields),
        other => Err(mismatch("an object", &other)),
    }
}

/// Takes the field `name` out of `fields` (absent reads as `null`); what remains is the extra.
pub fn take<T: FromJson>(fields: &mut Map<String, Value>, name: &str) -> Result<T> {
    T::from_json(fields.remove(name).unwrap_or(Value::Null))
}

/// A record of arguments as the JSON object the core's entry point takes.
pub fn arguments<T: Serialize>(params: &T) -> Result<Map<String, Value>> {
    match serde_json::to_value(params) {
        Ok(value) => object(value),
        Err(err) => Err(AlternativePaymentsError::InvalidArgument {
            argument: "params".into(),
            error_message: format!("invalid argument `params`: {err}"),
        }),
    }
}

/// Runs `operation` on the core and reads its answer into a record.
pub fn call<T: FromJson>(client: &blocking::Client, operation: &str, args: Map<String, Value>) -> Result<T> {
    T::from_json(client.call(operation, Value::Object(args))?)
}

/// A core model as its record.
pub fn from_model<M: Serialize, T: FromJson>(model: &M) -> Result<T> {
    let value = serde_json::to_value(model).map_err(|err| mismatch(&err.to_string(), &Value::Null))?;
    T::from_json(value)
}
