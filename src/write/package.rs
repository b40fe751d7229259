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

/// The resource of a record file (or `tables.csv`): its schema, primary
/// key and references to `tables.csv`.
fn sheet_resource(sheet: &Sheet, style: CsvStyle) -> Json {
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
    r
}

/// The same for every document of a dialect, so made once per file and
/// dialect and kept as text: in a batch, building it again for every
/// document was the package's main cost.
fn cached(key: &'static str, style: CsvStyle, make: impl FnOnce() -> Json) -> std::sync::Arc<str> {
    use std::sync::{Arc, Mutex};
    type Cache = Vec<((&'static str, bool, char, u8), Arc<str>)>;
    static CACHE: Mutex<Cache> = Mutex::new(Vec::new());
    let d = style.dialect;
    let id = (key, d.bom(), d.decimal(), d.delimiter());
    if let Some((_, text)) = CACHE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(k, _)| *k == id)
    {
        return text.clone();
    }
    let text: Arc<str> = serde_json::to_string(&make()).unwrap_or_default().into();
    CACHE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((id, text.clone()));
    text
}

/// A table's resource, every column text, as serde_json writes the object
/// [`resource`] makes (its keys in order) but without making it: a batch
/// writes a dozen of these per document, and the tree was most of the
/// package's cost. The dialect's part is made once.
fn table_resource(
    name: &str,
    path: &str,
    columns: &[String],
    caption: Option<&str>,
    style: CsvStyle,
) -> String {
    let common = cached("table-resource", style, || {
        let mut r = resource("", "", Vec::new(), style);
        if let Some(o) = r.as_object_mut() {
            o.retain(|k, _| matches!(k.as_str(), "dialect" | "encoding" | "format" | "mediatype"));
        }
        r
    });
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    // The keys that sort before "name" ("dialect" to "mediatype"), without
    // their object's braces.
    let mut out = String::with_capacity(common.len() + 160 + 40 * columns.len());
    out.push_str(&common[..common.len() - 1]);
    out.push_str(",\"name\":");
    out.push_str(&quote(name));
    out.push_str(",\"path\":");
    out.push_str(&quote(path));
    out.push_str(",\"profile\":\"tabular-data-resource\",\"schema\":{\"fields\":[");
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"name\":");
        out.push_str(&quote(column));
        out.push_str(",\"type\":\"string\"}");
    }
    out.push_str("],\"missingValues\":[\"\"]}");
    if let Some(caption) = caption {
        out.push_str(",\"title\":");
        out.push_str(&quote(caption));
    }
    out.push('}');
    out
}

/// `datapackage.json` of one output folder, one resource a line: the record
/// files, `tables.csv`, `findings.csv` and every table's CSV.
pub fn package(
    name: &str,
    title: &str,
    ex: &Extraction,
    sheets: &[&Sheet],
    style: CsvStyle,
) -> String {
    let mut resources: Vec<std::sync::Arc<str>> = Vec::new();
    for sheet in sheets {
        resources.push(cached(sheet.name, style, || sheet_resource(sheet, style)));
    }
    let text = |name: &str| field(name, Type::Text, "", style);
    resources.push(cached("findings", style, || {
        let findings: Vec<Json> = super::findings::COLUMNS.iter().map(|n| text(n)).collect();
        let mut r = resource("findings", "findings.csv", findings, style);
        r["schema"]["primaryKey"] = json!(["id"]);
        r
    }));
    let mut described = 0usize;
    for grid in &ex.grids {
        let file = table_file_name(grid);
        let name = format!("table-{}", resource_name(file.trim_end_matches(".csv")));
        described += grid.width;
        let caption = grid.caption.as_ref().map(|c| c.text.as_str());
        if described <= MAX_TABLE_FIELDS {
            let path = format!("tables/{file}");
            let columns = table_columns(grid);
            resources.push(table_resource(&name, &path, &columns, caption, style).into());
            continue;
        }
        let mut r = {
            let mut r = resource(&name, &format!("tables/{file}"), Vec::new(), style);
            r.as_object_mut().map(|o| o.remove("schema"));
            r["description"] = json!(format!(
                "no schema: the package describes the columns of its tables up to {MAX_TABLE_FIELDS} in all; every column of this one is text"
            ));
            r
        };
        if let Some(caption) = caption {
            r["title"] = json!(caption);
        }
        resources.push(serde_json::to_string(&r).unwrap_or_default().into());
    }
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut out = format!(
        "{{\n\"profile\": \"tabular-data-package\",\n\"name\": {},\n\"title\": {},\n\"resources\": [\n",
        quote(&resource_name(name)),
        quote(title)
    );
    for (i, r) in resources.iter().enumerate() {
        out.push_str(r);
        out.push_str(if i + 1 < resources.len() { ",\n" } else { "\n" });
    }
    out.push_str("]}\n");
    out
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
    let path = dir.join("datapackage.json");
    let text = package(name, title, ex, sheets, style);
    let file = std::fs::File::create(&path).map_err(|e| crate::error::Error::write(&path, e))?;
    use std::io::Write as _;
    (&file)
        .write_all(text.as_bytes())
        .map_err(|e| crate::error::Error::write(&path, e))?;
    super::folder::start_writeback(&file);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The resource as the tree made it, which `table_resource` writes
    /// without one.
    fn as_tree(
        name: &str,
        path: &str,
        columns: &[String],
        caption: Option<&str>,
        style: CsvStyle,
    ) -> String {
        let fields = columns
            .iter()
            .map(|n| field(n, Type::Text, "", style))
            .collect();
        let mut r = resource(name, path, fields, style);
        if let Some(caption) = caption {
            r["title"] = json!(caption);
        }
        serde_json::to_string(&r).unwrap()
    }

    #[test]
    fn a_table_resource_is_written_as_its_tree_would_be() {
        let columns: Vec<String> = ["Gruppo", "Quota \"A\" / B\\C", "Città\ttab", ""]
            .map(String::from)
            .to_vec();
        for dialect in [
            crate::config::CsvDialect::Excel,
            crate::config::CsvDialect::ExcelIt,
            crate::config::CsvDialect::Plain,
        ] {
            let style = CsvStyle {
                dialect,
                formula_guard: true,
            };
            for caption in [None, Some("Tabella \"1\" – sintesi")] {
                for cols in [&columns[..], &[]] {
                    assert_eq!(
                        table_resource("table-01-x", "tables/01-x.csv", cols, caption, style),
                        as_tree("table-01-x", "tables/01-x.csv", cols, caption, style)
                    );
                }
            }
        }
    }
}
