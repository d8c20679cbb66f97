//! The models the operations answer, read from the JSON Schema of their results
//! (`alternative_payments::operations::result_schema`), and the Python classes and TypeScript
//! interfaces written from them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{wrap, HEADER};

/// A field's type, as the JSON Schema says it.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Text,
    Bool,
    Integer,
    Number,
    /// The core's `Money`: an exact decimal.
    Money,
    /// Another model, by name.
    Model(String),
    List(Box<Type>),
    /// Anything (a JSON object the SDK does not type).
    Object,
}

/// One field of a model.
pub struct Field {
    /// The API's name (serde's).
    pub name: String,
    pub ty: Type,
    /// May be absent or null.
    pub optional: bool,
    pub description: String,
}

/// One model: a struct of `core/src/models.rs` (or `reconcile.rs`).
pub struct Model {
    pub name: String,
    pub description: String,
    /// Required fields first in the order the core declares them, then the others by name.
    pub fields: Vec<Field>,
    /// Fields the SDK does not know are kept (`#[serde(flatten)] extra`).
    pub keeps_extra: bool,
}

/// A schema's type and whether it may be null.
pub fn parse_type(schema: &Value) -> (Type, bool) {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return (if name == "Money" { Type::Money } else { Type::Model(name.to_string()) }, false);
    }
    if let Some(variants) = schema["anyOf"].as_array() {
        let nullable = variants.iter().any(|v| v["type"] == "null");
        let inner = variants.iter().find(|v| v["type"] != "null").map(parse_type).map(|(t, _)| t);
        return (inner.unwrap_or(Type::Object), nullable);
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let nullable = types.contains(&"null");
    let ty = match types.iter().find(|t| **t != "null").copied() {
        Some("string") => Type::Text,
        Some("boolean") => Type::Bool,
        Some("integer") => Type::Integer,
        Some("number") => Type::Number,
        Some("array") => Type::List(Box::new(parse_type(&schema["items"]).0)),
        _ => Type::Object,
    };
    (ty, nullable)
}

fn model(name: &str, schema: &Value) -> Model {
    let required: Vec<&str> =
        schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let properties = schema["properties"].as_object().cloned().unwrap_or_default();
    let mut names: Vec<String> = required.iter().map(|n| n.to_string()).collect();
    names.extend(properties.keys().filter(|n| !required.contains(&n.as_str())).cloned());
    let fields = names
        .into_iter()
        .map(|name| {
            let property = &properties[&name];
            let (ty, nullable) = parse_type(property);
            Field {
                optional: nullable || !required.contains(&name.as_str()),
                ty,
                description: one_line(property["description"].as_str().unwrap_or_default()),
                name,
            }
        })
        .collect();
    Model {
        name: name.to_string(),
        description: one_line(schema["description"].as_str().unwrap_or_default()),
        fields,
        keeps_extra: schema["additionalProperties"] == true,
    }
}

fn one_line(text: &str) -> String {
    crate::plain(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every model held by `schemas` (the results of every operation), dependencies before the
/// models that hold them.
pub fn collect(schemas: impl IntoIterator<Item = Value>) -> Vec<Model> {
    let mut found = BTreeMap::new();
    for schema in schemas {
        for (name, definition) in schema["$defs"].as_object().into_iter().flatten() {
            if name != "Money" {
                found.insert(name.clone(), model(name, definition));
            }
        }
        let title = schema["title"].as_str().unwrap_or_default();
        if schema["type"] == "object" && title != "Page" && schema["properties"].is_object() {
            found.insert(title.to_string(), model(title, &schema));
        }
    }
    let mut ordered = Vec::new();
    let names: Vec<String> = found.keys().cloned().collect();
    for name in names {
        place(&name, &mut found, &mut ordered);
    }
    ordered
}

fn place(name: &str, found: &mut BTreeMap<String, Model>, ordered: &mut Vec<Model>) {
    let Some(model) = found.remove(name) else { return };
    for field in &model.fields {
        if let Some(inner) = held_model(&field.ty) {
            place(inner, found, ordered);
        }
    }
    ordered.push(model);
}

/// The model a field holds (itself or in a list).
pub fn held_model(ty: &Type) -> Option<&str> {
    match ty {
        Type::Model(name) => Some(name),
        Type::List(inner) => held_model(inner),
        _ => None,
    }
}

// ---- Python -------------------------------------------------------------------------------

fn python_type(ty: &Type) -> String {
    match ty {
        Type::Text => "str".into(),
        Type::Bool => "bool".into(),
        Type::Integer => "int".into(),
        Type::Number => "float".into(),
        Type::Money => "Decimal".into(),
        Type::Model(name) => name.clone(),
        Type::List(inner) => format!("List[{}]", python_type(inner)),
        Type::Object => "Dict[str, Any]".into(),
    }
}

/// Markdown's `code` as reStructuredText's ``code``.
fn rst(text: &str) -> String {
    text.replace('`', "``")
}

/// A tuple of names, wrapped under `indent`.
fn python_tuple(names: &[&str], indent: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    let one_line = if quoted.len() == 1 { format!("({},)", quoted[0]) } else { format!("({})", quoted.join(", ")) };
    if indent.len() + 12 + one_line.len() <= 116 {
        return one_line;
    }
    let items: Vec<String> = quoted.iter().map(|q| format!("{q},")).collect();
    format!("(\n{}\n{indent})", wrap(&items.join(" "), 116, &format!("{indent}    ")))
}

/// `_models.py`: one class per model.
pub fn python(models: &[Model]) -> String {
    let mut out = format!(
        "\"\"\"The API's objects as typed classes (see ``Model`` for what every model keeps).\n\n{}\n\"\"\"\n\n",
        wrap(&HEADER.replace("every operation", "every operation and model"), 96, "")
    );
    let types: Vec<String> = models.iter().flat_map(|m| &m.fields).map(|f| python_type(&f.ty)).collect();
    let optional = models.iter().flat_map(|m| &m.fields).any(|f| f.optional);
    let typing: Vec<&str> = [
        ("Any", types.iter().any(|t| t.contains("Any"))),
        ("Dict", types.iter().any(|t| t.contains("Dict["))),
        ("List", types.iter().any(|t| t.contains("List["))),
        ("Optional", optional),
    ]
    .into_iter()
    .filter_map(|(name, used)| used.then_some(name))
    .collect();
    out += "from __future__ import annotations\n\nfrom decimal import Decimal\n";
    if !typing.is_empty() {
        out += &format!("from typing import {}\n", typing.join(", "));
    }
    out += "\n";
    out += "from ._model import Model, Page\n";
    for model in models {
        out += &format!("\n\nclass {}(Model):\n", model.name);
        out += &format!("    \"\"\"{}\n\n", wrap(&rst(&model.description), 112, "    ").trim_start());
        for field in &model.fields {
            out += &wrap(&format!(":ivar {}: {}", field.name, rst(&field.description)), 112, "    ");
            out += "\n";
        }
        out += "    \"\"\"\n\n";
        let names: Vec<&str> = model.fields.iter().map(|f| f.name.as_str()).collect();
        out += &format!("    _fields = {}\n", python_tuple(&names, "    "));
        let nested: Vec<String> =
            model.fields.iter().filter_map(|f| held_model(&f.ty).map(|m| format!("{:?}: {m}", f.name))).collect();
        if !nested.is_empty() {
            out += &format!("    _nested = {{{}}}\n", nested.join(", "));
        }
        let money: Vec<&str> = model.fields.iter().filter(|f| f.ty == Type::Money).map(|f| f.name.as_str()).collect();
        if !money.is_empty() {
            out += &format!("    _money = {}\n", python_tuple(&money, "    "));
        }
        for field in &model.fields {
            let ty = python_type(&field.ty);
            let ty = if field.optional { format!("Optional[{ty}]") } else { ty };
            out += &format!("    {}: {ty}\n", field.name);
        }
    }
    out += "\n\n__all__ = [\n    \"Model\",\n";
    for model in models {
        out += &format!("    {:?},\n", model.name);
    }
    out += "    \"Page\",\n]\n";
    out
}

// ---- Node ---------------------------------------------------------------------------------

fn ts_type(ty: &Type) -> String {
    match ty {
        Type::Text => "string".into(),
        Type::Bool => "boolean".into(),
        Type::Integer | Type::Number => "number".into(),
        Type::Money => "Money".into(),
        Type::Model(name) => name.clone(),
        Type::List(inner) => format!("{}[]", ts_type(inner)),
        Type::Object => "Record<string, unknown>".into(),
    }
}

/// `models.d.ts`: one interface per model.
pub fn node_dts(models: &[Model]) -> String {
    let mut out = format!("// {}\n\n", HEADER.replace("every operation", "every operation and model"));
    out += "/** Fields the server sent that this version does not know are kept too. */\n";
    out += "interface Extra {\n  [field: string]: unknown;\n}\n\n";
    out += "/**\n * Money exactly as the server sent it: whole minor units in the guides (150000 is 1,500.00), any\n";
    out += " * number in the vendor's reference (`sub_total`, `total`, fees). A decimal string only when the\n";
    out += " * value has more digits than a JavaScript number holds exactly.\n */\n";
    out += "export type Money = number | string;\n";
    for model in models {
        out += &format!("\n/** {} */\n", model.description);
        let extends = if model.keeps_extra { " extends Extra" } else { "" };
        out += &format!("export interface {}{extends} {{\n", model.name);
        for field in &model.fields {
            if !field.description.is_empty() {
                out += &format!("  /** {} */\n", field.description);
            }
            let optional = if field.optional { "?" } else { "" };
            out += &format!("  {}{optional}: {};\n", field.name, ts_type(&field.ty));
        }
        out += "}\n";
    }
    out
}
