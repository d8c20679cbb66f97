//! `make generate`: writes the bindings' resource namespaces from the core's declaration of
//! every operation (`alternative_payments::operations::SPECS` and the JSON Schema of each
//! operation's arguments), so that an endpoint or an argument is written once.
//!
//! - `bindings-python/python/alternative_payments/_resources.py`: the Python resource classes,
//!   with typed keyword arguments and docstrings;
//! - `bindings-node/resources.js` and `bindings-node/resources.d.ts`: the Node resource classes
//!   and their typings;
//! - the models (from the JSON Schema of every operation's result): Python's `_models.py` and
//!   Node's `models.d.ts`;
//! - the uniffi face: `udl/alternative_payments.udl` and `udl/src/generated.rs`.
//!
//! `ap-generate --check` writes nothing and fails when a generated file differs from what it
//! would write (the test command runs it).

use std::collections::BTreeMap;
use std::path::PathBuf;

use alternative_payments::operations::{argument_schema, result_schema, OperationSpec, SPECS};
use serde_json::Value;

mod models;
mod udl;

/// Each resource's class name and description, in the order of the API docs.
const RESOURCES: &[(&str, &str, &str)] = &[
    ("customers", "Customers", "customers, their payment methods and users"),
    ("invoices", "Invoices", "invoices and their payment and PDF links"),
    ("payment_requests", "PaymentRequests", "one-off payment requests"),
    ("transactions", "Transactions", "payments"),
    ("payouts", "Payouts", "payouts and the transactions in each"),
    ("webhooks", "Webhooks", "webhook subscriptions and the events sent to them"),
];

/// Arguments that are times: a date or an RFC 3339 time (docs/behaviour.md, "Filters").
const TIME_FILTERS: &[&str] =
    &["created_at_start", "created_at_end", "due_date_start", "due_date_end", "start_date", "end_date"];

fn main() {
    let check = std::env::args().any(|arg| arg == "--check");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let operations: Vec<Operation> = SPECS.iter().map(Operation::new).collect();
    let models = models::collect(SPECS.iter().filter_map(|spec| result_schema(spec.name)));
    let outputs = [
        ("bindings-python/python/alternative_payments/_resources.py", python(&operations)),
        ("bindings-python/python/alternative_payments/_models.py", models::python(&models)),
        ("bindings-node/resources.js", node_js(&operations)),
        ("bindings-node/resources.d.ts", node_dts(&operations)),
        ("bindings-node/models.d.ts", models::node_dts(&models)),
        ("udl/alternative_payments.udl", udl::udl(&operations, &models)),
        ("udl/src/generated.rs", udl::rust(&operations, &models)),
    ];
    let mut stale = Vec::new();
    for (path, text) in outputs {
        let file = root.join(path);
        if check {
            if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
                stale.push(path);
            }
        } else if let Err(err) = std::fs::write(&file, text) {
            eprintln!("could not write {}: {err}", file.display());
            std::process::exit(1);
        }
    }
    if !stale.is_empty() {
        eprintln!("stale generated files (run `make generate`): {}", stale.join(", "));
        std::process::exit(1);
    }
}

/// One argument: its name, whether it is required, its JSON Schema and description.
struct Argument {
    name: String,
    required: bool,
    schema: Value,
    description: String,
    /// Named in the route (`{id}`): passed positionally.
    in_path: bool,
}

struct Operation {
    spec: OperationSpec,
    /// The name of the argument struct in the core (the schema's title).
    title: String,
    resource: String,
    method: String,
    arguments: Vec<Argument>,
}

impl Operation {
    fn new(spec: &OperationSpec) -> Operation {
        let (resource, method) = spec.name.split_once('.').unwrap_or((spec.name, spec.name));
        let schema = argument_schema(spec.name).unwrap_or(Value::Null);
        let required: Vec<&str> =
            schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        let arguments = spec
            .arguments()
            .iter()
            .map(|name| {
                let property = schema["properties"][*name].clone();
                Argument {
                    name: name.to_string(),
                    required: required.contains(name),
                    description: plain(property["description"].as_str().unwrap_or_default()).replace('\n', " "),
                    schema: property,
                    in_path: spec.route.contains(&format!("{{{name}}}")),
                }
            })
            .collect();
        let title = schema["title"].as_str().unwrap_or_default().to_string();
        Operation { spec: *spec, title, resource: resource.into(), method: method.into(), arguments }
    }

    fn of<'a>(operations: &'a [Operation], resource: &str) -> Vec<&'a Operation> {
        operations.iter().filter(|o| o.resource == resource).collect()
    }
}

/// The JSON Schema's types of a property, `null` left out.
fn types(schema: &Value) -> Vec<String> {
    match &schema["type"] {
        Value::String(t) => vec![t.clone()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").map(String::from).collect(),
        _ => Vec::new(),
    }
}

/// `Page<Customer>` → ("Page", "Customer").
fn shape(returns: &str) -> (&str, &str) {
    let returns = returns.trim();
    match returns.split_once('<') {
        Some((outer, inner)) => (outer.trim(), inner.trim_end_matches('>').trim()),
        None => ("", returns),
    }
}

const HEADER: &str = "Generated by `make generate` (tools/generate) from the core's declaration of every operation \
(core/src/operations.rs). Do not edit: change the declaration and run `make generate`.";

// ---- Python -------------------------------------------------------------------------------

fn python_type(argument: &Argument) -> String {
    if TIME_FILTERS.contains(&argument.name.as_str()) {
        return "TimeFilter".into();
    }
    if argument.name == "line_items" {
        return "List[LineItemInput]".into();
    }
    if argument.name.ends_with("_ms") {
        return "float".into();
    }
    match types(&argument.schema).first().map(String::as_str) {
        Some("integer") => "int".into(),
        Some("boolean") => "bool".into(),
        Some("number") => "float".into(),
        _ => "str".into(),
    }
}

/// The Python name of an argument: milliseconds become seconds (`timeout_ms` → `timeout`).
fn python_name(argument: &Argument) -> &str {
    argument.name.strip_suffix("_ms").unwrap_or(&argument.name)
}

fn python(operations: &[Operation]) -> String {
    let mut models = BTreeMap::new();
    for operation in operations {
        models.insert(shape(operation.spec.returns).1.to_string(), ());
    }
    models.remove("String");
    let mut out = String::new();
    out += &format!("\"\"\"The resource namespaces of the client.\n\n{}\n\"\"\"\n\n", wrap(HEADER, 96, ""));
    out += "from __future__ import annotations\n\nfrom typing import List, Optional\n\n";
    out += "from ._base import (\n    AsyncListIterator,\n    LineItemInput,\n    ListIterator,\n    TimeFilter,\n    _AsyncResource,\n    _milliseconds,\n    _Resource,\n)\n";
    out += "from ._models import (\n";
    for model in models.keys().chain(["Page".to_string()].iter()) {
        out += &format!("    {model},\n");
    }
    out += ")\n";
    for (resource, class, about) in RESOURCES {
        out += &format!("\n\nclass {class}(_Resource):\n    \"\"\"``client.{resource}``: {about}.\"\"\"\n");
        for operation in Operation::of(operations, resource) {
            out += &python_method(operation, false);
        }
    }
    for (resource, class, about) in RESOURCES {
        out += &format!(
            "\n\nclass Async{class}(_AsyncResource):\n    \"\"\"``async_client.{resource}``: {about}, awaited.\"\"\"\n"
        );
        for operation in Operation::of(operations, resource) {
            out += &python_method(operation, true);
        }
    }
    out
}

/// One method of a resource class; with `asynchronous`, of its `Async` twin (`async def`,
/// lazy lists as `AsyncListIterator`).
fn python_method(operation: &Operation, asynchronous: bool) -> String {
    let mut parameters = vec!["self".to_string()];
    let (positional, keywords): (Vec<&Argument>, Vec<&Argument>) = operation.arguments.iter().partition(|a| a.in_path);
    for argument in &positional {
        parameters.push(format!("{}: {}", argument.name, python_type(argument)));
    }
    if !keywords.is_empty() {
        parameters.push("*".into());
    }
    let (required, optional): (Vec<&Argument>, Vec<&Argument>) = keywords.iter().partition(|a| a.required);
    for argument in required {
        parameters.push(format!("{}: {}", python_name(argument), python_type(argument)));
    }
    for argument in optional {
        parameters.push(format!("{}: Optional[{}] = None", python_name(argument), python_type(argument)));
    }
    let (outer, model) = shape(operation.spec.returns);
    let returns = match (operation.spec.lazy_list, outer, model) {
        (true, _, _) if asynchronous => format!("AsyncListIterator[{model}]"),
        (true, _, _) => format!("ListIterator[{model}]"),
        (_, "Page", _) => format!("Page[{model}]"),
        (_, "Option", _) => format!("Optional[{model}]"),
        (_, "Vec", _) => format!("List[{model}]"),
        (_, _, "String") => "str".into(),
        _ => model.to_string(),
    };
    let def = if asynchronous && !operation.spec.lazy_list { "async def" } else { "def" };
    let signature = format!("    {def} {}({}) -> {returns}:", operation.method, parameters.join(", "));
    let signature = if signature.len() <= 120 {
        signature
    } else {
        let lines: Vec<String> = parameters.iter().map(|p| format!("        {p},\n")).collect();
        format!("    {def} {}(\n{}    ) -> {returns}:", operation.method, lines.concat())
    };
    let awaited = if asynchronous { "await " } else { "" };
    let mut doc = format!("        \"\"\"{}", operation.spec.summary);
    let documented: Vec<&Argument> = operation.arguments.iter().filter(|a| !a.description.is_empty()).collect();
    if !documented.is_empty() {
        doc += "\n\n";
        for argument in documented {
            let unit = if argument.name.ends_with("_ms") { "In seconds. " } else { "" };
            doc += &wrap(&format!(":param {}: {unit}{}", python_name(argument), argument.description), 112, "        ");
            doc += "\n";
        }
        doc += "        ";
    }
    doc += "\"\"\"\n";
    let arguments: Vec<String> = operation
        .arguments
        .iter()
        .map(|a| {
            if a.name.ends_with("_ms") {
                format!("{}=_milliseconds({:?}, {})", a.name, python_name(a), python_name(a))
            } else {
                format!("{0}={0}", a.name)
            }
        })
        .collect();
    let call = |how: &str, first: &str| {
        let mut items = vec![first.to_string(), format!("{:?}", operation.spec.name)];
        items.extend(arguments.iter().cloned());
        let items: Vec<String> = items.into_iter().filter(|i| !i.is_empty()).collect();
        let one_line = format!("self.{how}({})", items.join(", "));
        if one_line.len() <= 90 {
            one_line
        } else {
            format!("self.{how}(\n{}        )", items.iter().map(|i| format!("            {i},\n")).collect::<String>())
        }
    };
    let body = match (operation.spec.lazy_list, outer, model) {
        (true, _, _) => format!("        return {}\n", call("_list", model)),
        (_, "Page", _) => format!("        return {awaited}{}\n", call("_page", model)),
        (_, "Option", _) => {
            format!(
                "        data = {awaited}{}\n        return None if data is None else {model}(data)\n",
                call("_call", "")
            )
        }
        (_, "Vec", _) => format!(
            "        items = {awaited}{}\n        return [{model}(item) for item in items]\n",
            call("_call", "")
        ),
        (_, _, "String") => format!("        link: str = {awaited}{}\n        return link\n", call("_call", "")),
        _ => format!("        return {model}({awaited}{})\n", call("_call", "")),
    };
    format!("\n{signature}\n{doc}{body}")
}

// ---- Node ---------------------------------------------------------------------------------

fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn pascal(name: &str) -> String {
    let camel = camel(name);
    let mut chars = camel.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

fn ts_type(argument: &Argument) -> String {
    if TIME_FILTERS.contains(&argument.name.as_str()) {
        return "TimeFilter".into();
    }
    if argument.name == "line_items" {
        return "LineItemInput[]".into();
    }
    match types(&argument.schema).first().map(String::as_str) {
        Some("integer") | Some("number") => "number".into(),
        Some("boolean") => "boolean".into(),
        _ => "string".into(),
    }
}

/// The name of the TypeScript interface of an operation's options (path arguments aside).
/// Named after the core's parameter struct when the JSON face takes it as it is
/// (`ListPayoutsParams`, shared by every operation that takes it), else after the operation.
fn ts_params(operation: &Operation) -> String {
    let own = operation.title.ends_with("Args") || operation.title.starts_with("By") || operation.title.is_empty();
    match (own, operation.title.ends_with("Params")) {
        (true, _) => format!("{}{}Params", pascal(&operation.resource), pascal(&operation.method)),
        (false, true) => operation.title.clone(),
        (false, false) => format!("{}Params", operation.title),
    }
}

/// Options of an operation that are not in its path, in camelCase when they are the SDK's
/// own (`timeout_ms` → `timeoutMs`) and as the API names them otherwise.
fn option_name(argument: &Argument) -> String {
    if argument.name.ends_with("_ms") {
        camel(&argument.name)
    } else {
        argument.name.clone()
    }
}

fn node_js(operations: &[Operation]) -> String {
    let mut out = format!("'use strict';\n// {HEADER}\n\n");
    out += "/** Methods of every resource: arguments go to the core by the names it declares. */\n";
    out += "module.exports = (Resource, argsOf) => {\n";
    let mut exported = Vec::new();
    for (resource, class, about) in RESOURCES {
        exported.push(class.to_string());
        out += &format!("  /** `client.{}`: {about}. */\n  class {class} extends Resource {{\n", camel(resource));
        for operation in Operation::of(operations, resource) {
            let path: Vec<&Argument> = operation.arguments.iter().filter(|a| a.in_path).collect();
            let options: Vec<&Argument> = operation.arguments.iter().filter(|a| !a.in_path).collect();
            let mut parameters: Vec<String> = path.iter().map(|a| camel(&a.name)).collect();
            let mut pieces = Vec::new();
            if !options.is_empty() {
                parameters.push("params".into());
                let required = options.iter().any(|a| a.required);
                let given = if required { "params ?? null" } else { "params" };
                let renames: Vec<String> = options
                    .iter()
                    .filter(|a| option_name(a) != a.name)
                    .map(|a| format!("{}: options.{}", a.name, option_name(a)))
                    .collect();
                if renames.is_empty() {
                    pieces.push(format!("...argsOf('{}', {given})", camel(&operation.method)));
                } else {
                    pieces.push(format!("...renamed(argsOf('{}', {given}), {{ {} }})", camel(&operation.method), {
                        let pairs: Vec<String> = options
                            .iter()
                            .filter(|a| option_name(a) != a.name)
                            .map(|a| format!("{}: '{}'", option_name(a), a.name))
                            .collect();
                        pairs.join(", ")
                    }));
                }
            }
            for argument in &path {
                pieces.push(if camel(&argument.name) == argument.name {
                    argument.name.clone()
                } else {
                    format!("{}: {}", argument.name, camel(&argument.name))
                });
            }
            let args = format!("{{ {} }}", pieces.join(", "));
            let (how, prefix) = if operation.spec.lazy_list { ("_list", "") } else { ("_call", "async ") };
            parameters.push("options".into());
            out += &format!("    /** {} */\n", operation.spec.summary);
            out += &format!(
                "    {prefix}{}({}) {{ return this.{how}('{}', {args}, options); }}\n",
                camel(&operation.method),
                parameters.join(", "),
                operation.spec.name
            );
        }
        out += "  }\n";
    }
    out += "  /** Renames the SDK's own camelCase options (`timeoutMs`) to the core's names. */\n";
    out += "  function renamed(params, names) {\n";
    out += "    const out = {};\n";
    out += "    for (const [name, value] of Object.entries(params)) out[names[name] ?? name] = value;\n";
    out += "    return out;\n  }\n";
    out += &format!("  return {{ {} }};\n}};\n", exported.join(", "));
    out
}

fn node_dts(operations: &[Operation]) -> String {
    let mut out = format!("// {HEADER}\n\n");
    out += "import type {\n";
    let mut models = BTreeMap::new();
    for operation in operations {
        models.insert(shape(operation.spec.returns).1.to_string(), ());
    }
    models.remove("String");
    for model in models.keys() {
        out += &format!("  {model},\n");
    }
    out += "  LineItemInput,\n  ListIterator,\n  Page,\n  RequestOptions,\n  TimeFilter,\n} from './index';\n";
    let mut written = std::collections::BTreeSet::new();
    for operation in operations {
        let options: Vec<&Argument> = operation.arguments.iter().filter(|a| !a.in_path).collect();
        let name = interface_of(operations, operation);
        if options.is_empty() || !written.insert(name.clone()) {
            continue;
        }
        out += &format!("\n/** Options of `{}`. */\nexport interface {name} {{\n", operation.spec.name);
        for argument in options {
            if !argument.description.is_empty() {
                out += &format!("  /** {} */\n", argument.description);
            }
            let optional = if argument.required { "" } else { "?" };
            out += &format!("  {}{optional}: {};\n", option_name(argument), ts_type(argument));
        }
        out += "}\n";
    }
    for (resource, class, about) in RESOURCES {
        out += &format!("\n/** `client.{}`: {about}. */\nexport declare class {class} {{\n", camel(resource));
        for operation in Operation::of(operations, resource) {
            let mut parameters: Vec<String> = operation
                .arguments
                .iter()
                .filter(|a| a.in_path)
                .map(|a| format!("{}: string", camel(&a.name)))
                .collect();
            let options: Vec<&Argument> = operation.arguments.iter().filter(|a| !a.in_path).collect();
            if !options.is_empty() {
                let required = options.iter().any(|a| a.required);
                let interface = interface_of(operations, operation);
                parameters.push(format!("params{}: {interface}", if required { "" } else { "?" }));
            }
            parameters.push("options?: RequestOptions".into());
            let (outer, model) = shape(operation.spec.returns);
            let returns = match (operation.spec.lazy_list, outer, model) {
                (true, _, _) => format!("ListIterator<{model}>"),
                (_, "Page", _) => format!("Promise<Page<{model}>>"),
                (_, "Option", _) => format!("Promise<{model} | null>"),
                (_, "Vec", _) => format!("Promise<{model}[]>"),
                (_, _, "String") => "Promise<string>".into(),
                _ => format!("Promise<{model}>"),
            };
            out += &format!("  /** {} */\n", operation.spec.summary);
            out += &format!("  {}({}): {returns};\n", camel(&operation.method), parameters.join(", "));
        }
        out += "}\n";
    }
    out
}

/// A lazy list whose options are those of its `_page` twin (`list` and `list_page`).
fn twin<'a>(operations: &'a [Operation], operation: &Operation) -> Option<&'a Operation> {
    let name = format!("{}_page", operation.method);
    operations.iter().find(|o| o.resource == operation.resource && o.method == name && !o.spec.lazy_list)
}

fn interface_of(operations: &[Operation], operation: &Operation) -> String {
    match (operation.spec.lazy_list, twin(operations, operation)) {
        (true, Some(page)) => ts_params(page),
        _ => ts_params(operation),
    }
}

/// Wraps `text` at `width` columns, each line after `indent`.
/// A doc comment's rustdoc links as plain code spans (`` [`X`](crate::X) `` and `` [`X`] ``
/// become `` `X` ``): the bindings' docs have no Rust paths to link to.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        let Some(length) = rest[start + 2..].find("`]") else { break };
        let code = &rest[start + 1..start + 2 + length + 1];
        out.push_str(&rest[..start]);
        out.push_str(code);
        rest = &rest[start + 2 + length + 2..];
        if rest.starts_with('(') {
            if let Some(close) = rest.find(')') {
                rest = &rest[close + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.len() > width {
            lines.push(format!("{indent}{line}"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line += word;
    }
    if !line.is_empty() {
        lines.push(format!("{indent}{line}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn rustdoc_links_become_plain_code() {
        assert_eq!(
            super::plain("see [`WEBHOOK_TOPICS`](crate::WEBHOOK_TOPICS); check with [`construct_event`]."),
            "see `WEBHOOK_TOPICS`; check with `construct_event`."
        );
        assert_eq!(super::plain("a [`half"), "a [`half");
    }
}
