//! `datapackage.json`: the output folder described as a Frictionless Data
//! Package, so that a program (or `frictionless validate`) reads every CSV
//! with its columns' types, the dialect's characters and words, the primary
//! key of each record file and the references between them.

use std::path::Path;

use serde_json::{Value as Json, json};

use super::sheets::{Sheet, Type};
use super::{CsvStyle, table_columns, table_file_name};
use crate::Extraction;
use crate::error::Result;

/// The table columns the package describes, all tables together: a
/// document of thousands of wide tables would otherwise make a package of
/// hundreds of megabytes.
pub const MAX_TABLE_FIELDS: usize = 100_000;

fn field(name: &str, ty: Type, description: &str, style: CsvStyle) -> Json {
    let mut f = json!({ "name": name, "type": ty.schema() });
    if !description.is_empty() {
        f["description"] = json!(description);
    }
    match ty {
        Type::Number => {
            f["decimalChar"] = json!(style.dialect.decimal().to_string());
        }
        Type::Boolean => {
            f["trueValues"] = json!([style.dialect.boolean(true)]);
            f["falseValues"] = json!([style.dialect.boolean(false)]);
        }
        Type::Code => {
            f["constraints"] = json!({ "pattern": "[0-9]+" });
        }
        Type::Text | Type::Integer => {}
    }
    f
}

fn resource(name: &str, path: &str, fields: Vec<Json>, style: CsvStyle) -> Json {
    let dialect = style.dialect;
    json!({
        "profile": "tabular-data-resource",
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        // The BOM of the spreadsheet dialects, which Python's codec of this
        // name (frictionless's) drops.
        "encoding": if dialect.bom() { "utf-8-sig" } else { "utf-8" },
        "dialect": {
            "delimiter": (dialect.delimiter() as char).to_string(),
            "lineTerminator": if dialect.crlf() { "\r\n" } else { "\n" },
            "quoteChar": "\"",
            "doubleQuote": true,
            "header": true,
        },
        "schema": { "fields": fields, "missingValues": [""] },
    })
}

/// A resource name as the standard allows it (lower case, digits, `-._`).
fn resource_name(text: &str) -> String {
    let name: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "document".into()
    } else {
        name
    }
}

/// The package of one output folder: the record files, `tables.csv`,
/// `findings.csv` and every table's CSV.
pub fn package(
    name: &str,
    title: &str,
    ex: &Extraction,
    sheets: &[&Sheet],
    style: CsvStyle,
) -> Json {
    let mut resources = Vec::new();
    for sheet in sheets {
        let fields = sheet
            .columns
            .iter()
            .map(|c| field(c.name, c.ty, c.description, style))
            .collect();
        let mut r = resource(sheet.name, &format!("{}.csv", sheet.name), fields, style);
        let key = sheet.columns[0].name;
        r["schema"]["primaryKey"] = json!([key]);
        let mut foreign = Vec::new();
        for c in sheet.columns {
            let to_tables = matches!(c.name, "continues" | "copy_of")
                || (c.name == "table" && sheet.name != "tables");
            if to_tables {
                let resource = if sheet.name == "tables" { "" } else { "tables" };
                foreign.push(json!({
                    "fields": [c.name],
                    "reference": { "resource": resource, "fields": ["table"] },
                }));
            }
        }
        if !foreign.is_empty() {
            r["schema"]["foreignKeys"] = json!(foreign);
        }
        resources.push(r);
    }
    let text = |name: &str| field(name, Type::Text, "", style);
    let findings: Vec<Json> = super::findings::COLUMNS.iter().map(|n| text(n)).collect();
    let mut r = resource("findings", "findings.csv", findings, style);
    r["schema"]["primaryKey"] = json!(["id"]);
    resources.push(r);
    let mut described = 0usize;
    for grid in &ex.grids {
        let file = table_file_name(grid);
        let name = format!("table-{}", resource_name(file.trim_end_matches(".csv")));
        described += grid.width;
        let mut r = if described <= MAX_TABLE_FIELDS {
            let fields = table_columns(grid).iter().map(|n| text(n)).collect();
            resource(&name, &format!("tables/{file}"), fields, style)
        } else {
            let mut r = resource(&name, &format!("tables/{file}"), Vec::new(), style);
            r.as_object_mut().map(|o| o.remove("schema"));
            r["description"] = json!(format!(
                "no schema: the package describes the columns of its tables up to {MAX_TABLE_FIELDS} in all; every column of this one is text"
            ));
            r
        };
        if let Some(caption) = &grid.caption {
            r["title"] = json!(caption.text);
        }
        resources.push(r);
    }
    json!({
        "profile": "tabular-data-package",
        "name": resource_name(name),
        "title": title,
        "resources": resources,
    })
}

/// Writes `datapackage.json` into `dir`.
pub fn write_package(
    dir: &Path,
    name: &str,
    title: &str,
    ex: &Extraction,
    sheets: &[&Sheet],
    style: CsvStyle,
) -> Result<()> {
    let package = package(name, title, ex, sheets, style);
    super::json::write_json(&dir.join("datapackage.json"), &package, 3)
}
