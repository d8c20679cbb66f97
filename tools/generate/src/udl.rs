//! The uniffi face: `udl/alternative_payments.udl` (the published interface description) and
//! `udl/src/generated.rs` (its records and resource objects), both from the declaration and
//! the models. Records convert through the core's JSON entry point
//! (`blocking::Client::call`), so nothing in `udl/src` mirrors a core type by hand.

use std::collections::BTreeSet;

use alternative_payments::operations::argument_schema;
use serde_json::Value;

use crate::models::{parse_type, Model, Type};
use crate::{interface_of, shape, wrap, Argument, Operation, HEADER, RESOURCES};

/// The fixed part of the UDL: the namespace, the settings and the errors.
const HEAD: &str = include_str!("../templates/head.udl");

/// Names the API uses that do not read well as record fields in every uniffi language.
fn field_name(name: &str) -> &str {
    match name {
        "type" => "kind",
        "default" => "is_default",
        other => other,
    }
}

/// An argument's or field's type in the UDL and in Rust.
struct Kind {
    udl: String,
    rust: String,
}

fn kind(ty: &Type, format: Option<&str>) -> Kind {
    let (udl, rust) = match ty {
        Type::Text | Type::Money | Type::Object => ("string".to_string(), "String".to_string()),
        Type::Bool => ("boolean".into(), "bool".into()),
        Type::Integer => match format {
            Some("uint32") => ("u32".into(), "u32".into()),
            Some("uint64") => ("u64".into(), "u64".into()),
            _ => ("i64".into(), "i64".into()),
        },
        Type::Number => ("f64".into(), "f64".into()),
        Type::Model(name) => (input_name(name), input_name(name)),
        Type::List(inner) => {
            let inner = kind(inner, None);
            return Kind { udl: format!("sequence<{}>", inner.udl), rust: format!("Vec<{}>", inner.rust) };
        }
    };
    Kind { udl, rust }
}

fn optional(kind: Kind, optional: bool) -> Kind {
    if optional {
        Kind { udl: format!("{}?", kind.udl), rust: format!("Option<{}>", kind.rust) }
    } else {
        kind
    }
}

/// The record of a nested argument struct: `LineItemArgs` → `LineItemInput`.
fn input_name(name: &str) -> String {
    name.strip_suffix("Args").map(|n| format!("{n}Input")).unwrap_or_else(|| name.to_string())
}

/// The record of what an operation answers: `Page<Customer>` → `CustomerPage`.
fn result_kind(operation: &Operation) -> Kind {
    let (outer, model) = shape(operation.spec.returns);
    let model = if model == "String" { "string".to_string() } else { model.to_string() };
    let rust_model = if model == "string" { "String".to_string() } else { model.clone() };
    match outer {
        "Page" => Kind { udl: format!("{model}Page"), rust: format!("{model}Page") },
        "Option" => Kind { udl: format!("{model}?"), rust: format!("Option<{rust_model}>") },
        "Vec" => Kind { udl: format!("sequence<{model}>"), rust: format!("Vec<{rust_model}>") },
        _ => Kind { udl: model, rust: rust_model },
    }
}

/// A record of arguments: its name, fields and documentation.
struct Record {
    name: String,
    about: String,
    fields: Vec<(String, Kind, bool, String)>,
}

fn argument_record(name: String, about: String, arguments: &[&Argument]) -> Record {
    let fields = arguments
        .iter()
        .map(|a| {
            let (ty, _) = parse_type(&a.schema);
            let format = a.schema["format"].as_str().or_else(|| a.schema["items"]["format"].as_str());
            (a.name.clone(), optional(kind(&ty, format), !a.required), !a.required, a.description.clone())
        })
        .collect();
    Record { name, about, fields }
}

/// Nested argument structs (`LineItemArgs`) of every operation, as records.
fn input_records(operations: &[Operation]) -> Vec<Record> {
    let mut seen = BTreeSet::new();
    let mut records = Vec::new();
    for operation in operations {
        let schema = argument_schema(operation.spec.name).unwrap_or(Value::Null);
        for (name, definition) in schema["$defs"].as_object().into_iter().flatten() {
            if name == "Money" || !seen.insert(name.clone()) {
                continue;
            }
            let required: Vec<&str> = definition["required"]
                .as_array()
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let arguments: Vec<Argument> = definition["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(field, property)| Argument {
                    name: field.clone(),
                    required: required.contains(&field.as_str()),
                    schema: property.clone(),
                    description: property["description"].as_str().unwrap_or_default().replace('\n', " "),
                    in_path: false,
                })
                .collect();
            let about = definition["description"].as_str().unwrap_or_default().replace('\n', " ");
            records.push(argument_record(input_name(name), about, &arguments.iter().collect::<Vec<_>>()));
        }
    }
    records
}

/// The arguments record of every operation that takes arguments besides its path.
fn parameter_records(operations: &[Operation]) -> Vec<Record> {
    let mut seen = BTreeSet::new();
    let mut records = Vec::new();
    for operation in operations.iter().filter(|o| !o.spec.lazy_list) {
        let options: Vec<&Argument> = operation.arguments.iter().filter(|a| !a.in_path).collect();
        let name = interface_of(operations, operation);
        if options.is_empty() || !seen.insert(name.clone()) {
            continue;
        }
        records.push(argument_record(name, format!("Arguments of `{}`.", operation.spec.name), &options));
    }
    records
}

fn pages(operations: &[Operation]) -> BTreeSet<String> {
    operations
        .iter()
        .filter(|o| !o.spec.lazy_list && shape(o.spec.returns).0 == "Page")
        .map(|o| shape(o.spec.returns).1.to_string())
        .collect()
}

fn comment(text: &str, indent: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    wrap(text, 100, &format!("{indent}// ")) + "\n"
}

fn doc(text: &str, indent: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    wrap(text, 100, &format!("{indent}/// ")) + "\n"
}

/// `udl/alternative_payments.udl`.
pub fn udl(operations: &[Operation], models: &[Model]) -> String {
    let mut out = HEAD.replace("{HEADER}", HEADER);
    for model in models {
        out += &format!("\n{}dictionary {} {{\n", comment(&model.description, ""), model.name);
        for field in &model.fields {
            let kind = optional(kind(&field.ty, None), field.optional);
            out += &format!("  {} {};\n", kind.udl, field_name(&field.name));
        }
        if model.keeps_extra {
            out += "  string extra_json;\n";
        }
        out += "};\n";
    }
    for item in pages(operations) {
        out += &format!(
            "\n// One page of a list: pass `end_cursor` as `after` for the next one.\ndictionary {item}Page {{\n  \
             sequence<{item}> data;\n  boolean has_next_page;\n  boolean has_previous_page;\n  string? start_cursor;\n  \
             string? end_cursor;\n}};\n"
        );
    }
    for record in input_records(operations).iter().chain(parameter_records(operations).iter()) {
        out += &format!("\n{}dictionary {} {{\n", comment(&record.about, ""), record.name);
        for (name, kind, has_default, about) in &record.fields {
            out += &comment(about, "  ");
            let default = if *has_default { " = null" } else { "" };
            out += &format!("  {} {}{default};\n", kind.udl, field_name(name));
        }
        out += "};\n";
    }
    out += "\n// The client: every operation of the API, blocking. `list` operations are pages with cursors:\n";
    out += "// pass `end_cursor` as `after` for the next page.\ninterface Client {\n";
    out += "  [Throws=AlternativePaymentsError]\n  constructor(ClientConfig config, string? client_secret);\n";
    for (resource, class, _) in RESOURCES {
        out += &format!("  {class} {resource}();\n");
    }
    out += "};\n";
    for (resource, class, about) in RESOURCES {
        out += &format!("\n// `client.{resource}()`: {about}.\ninterface {class} {{\n");
        for operation in Operation::of(operations, resource).into_iter().filter(|o| !o.spec.lazy_list) {
            out += &comment(operation.spec.summary, "  ");
            out += "  [Throws=AlternativePaymentsError]\n";
            out += &format!(
                "  {} {}({});\n",
                result_kind(operation).udl,
                operation.method,
                parameters(operations, operation, true)
            );
        }
        out += "};\n";
    }
    out
}

fn parameters(operations: &[Operation], operation: &Operation, udl: bool) -> String {
    let mut parameters: Vec<String> = operation
        .arguments
        .iter()
        .filter(|a| a.in_path)
        .map(|a| if udl { format!("string {}", a.name) } else { format!("{}: String", a.name) })
        .collect();
    if operation.arguments.iter().any(|a| !a.in_path) {
        let record = interface_of(operations, operation);
        parameters.push(if udl { format!("{record} params") } else { format!("params: {record}") });
    }
    parameters.join(", ")
}

/// `udl/src/generated.rs`.
pub fn rust(operations: &[Operation], models: &[Model]) -> String {
    let mut out = format!("// {HEADER}\n//\n// The records and resource objects of `alternative_payments.udl`.\n\n");
    out += "use std::sync::Arc;\n\nuse alternative_payments::blocking;\nuse serde_json::{Map, Value};\n\n";
    out += "use crate::json::{arguments, call, object, take, FromJson};\nuse crate::{Client, Result};\n";
    for model in models {
        out += &format!("\n{}pub struct {} {{\n", doc(&model.description, ""), model.name);
        for field in &model.fields {
            let kind = optional(kind(&field.ty, None), field.optional);
            out += &doc(&field.description, "    ");
            out += &format!("    pub {}: {},\n", field_name(&field.name), kind.rust);
        }
        if model.keeps_extra {
            out += "    /// Every field the server sent that this version does not know, as a JSON object.\n";
            out += "    pub extra_json: String,\n";
        }
        out += "}\n\n";
        out += &format!("impl FromJson for {} {{\n    fn from_json(value: Value) -> Result<Self> {{\n", model.name);
        out += "        let mut fields = object(value)?;\n";
        out += &format!("        Ok({} {{\n", model.name);
        for field in &model.fields {
            out += &format!("            {}: take(&mut fields, {:?})?,\n", field_name(&field.name), field.name);
        }
        if model.keeps_extra {
            out += "            extra_json: Value::Object(fields).to_string(),\n";
        }
        out += "        })\n    }\n}\n";
    }
    for item in pages(operations) {
        out += &format!(
            "\n/// One page of a list: pass `end_cursor` as `after` for the next one.\npub struct {item}Page {{\n    \
             pub data: Vec<{item}>,\n    pub has_next_page: bool,\n    pub has_previous_page: bool,\n    \
             pub start_cursor: Option<String>,\n    pub end_cursor: Option<String>,\n}}\n\n\
             impl FromJson for {item}Page {{\n    fn from_json(value: Value) -> Result<Self> {{\n        \
             let mut fields = object(value)?;\n        Ok({item}Page {{\n            \
             data: take(&mut fields, \"data\")?,\n            has_next_page: take(&mut fields, \"has_next_page\")?,\n            \
             has_previous_page: take(&mut fields, \"has_previous_page\")?,\n            \
             start_cursor: take(&mut fields, \"start_cursor\")?,\n            end_cursor: take(&mut fields, \"end_cursor\")?,\n        \
             }})\n    }}\n}}\n"
        );
    }
    for record in input_records(operations).iter().chain(parameter_records(operations).iter()) {
        out += &format!("\n{}#[derive(serde::Serialize)]\npub struct {} {{\n", doc(&record.about, ""), record.name);
        for (name, kind, _, about) in &record.fields {
            out += &doc(about, "    ");
            if field_name(name) != name {
                out += &format!("    #[serde(rename = {name:?})]\n");
            }
            out += &format!("    pub {}: {},\n", field_name(name), kind.rust);
        }
        out += "}\n";
    }
    out += "\nimpl Client {\n";
    for (resource, class, about) in RESOURCES {
        out += &format!("    /// `client.{resource}()`: {about}.\n");
        out += &format!("    pub fn {resource}(&self) -> Arc<{class}> {{\n        Arc::new({class} {{ client: self.inner.clone() }})\n    }}\n");
    }
    out += "}\n";
    for (resource, class, about) in RESOURCES {
        out += &format!(
            "\n/// `client.{resource}()`: {about}.\npub struct {class} {{\n    client: blocking::Client,\n}}\n\n"
        );
        out += &format!("impl {class} {{\n");
        for operation in Operation::of(operations, resource).into_iter().filter(|o| !o.spec.lazy_list) {
            out += &doc(operation.spec.summary, "    ");
            out += &format!(
                "    pub fn {}(&self, {}) -> Result<{}> {{\n",
                operation.method,
                parameters(operations, operation, false),
                result_kind(operation).rust
            );
            let path: Vec<&Argument> = operation.arguments.iter().filter(|a| a.in_path).collect();
            let has_params = operation.arguments.iter().any(|a| !a.in_path);
            let mutable = if path.is_empty() { "" } else { "mut " };
            out += &if has_params {
                format!("        let {mutable}args = arguments(&params)?;\n")
            } else {
                format!("        let {mutable}args = Map::new();\n")
            };
            for argument in path {
                out += &format!("        args.insert({:?}.into(), Value::String({}));\n", argument.name, argument.name);
            }
            out += &format!("        call(&self.client, {:?}, args)\n    }}\n", operation.spec.name);
        }
        out += "}\n";
    }
    out.replace("(&self, )", "(&self)")
}
