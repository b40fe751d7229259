//! The records as spreadsheet tables: positions, members, offices, functions,
//! missions and stated totals, one CSV each, plus `records.json` with all.

use std::path::Path;

use super::sheets::{Sheet, Value};
use super::{CsvSink, CsvStyle};
use crate::config::CsvDialect;
use crate::error::Result;
use crate::interpret::Records;
use crate::interpret::values::format_number;

/// A value as the dialect writes it: numbers with its decimal character,
/// booleans in its words (`TRUE`, `VERO`, `true`), nothing for "not stated".
pub fn csv_text(value: &Value, dialect: CsvDialect) -> std::borrow::Cow<'_, str> {
    match value {
        Value::Text(s) => s.as_str().into(),
        Value::Number(n) => format_number(*n, dialect.decimal()).into(),
        Value::Bool(b) => dialect.boolean(*b).into(),
        Value::Empty => "".into(),
    }
}

/// Writes `sheet` as `<name>.csv` in `dir`.
pub fn write_sheet(dir: &Path, sheet: &Sheet, style: CsvStyle) -> Result<()> {
    let mut out = CsvSink::create(&dir.join(format!("{}.csv", sheet.name)), style)?;
    out.row(sheet.columns.iter().map(|c| c.name))?;
    for row in &sheet.rows {
        out.row(row.iter().map(|v| csv_text(v, style.dialect)))?;
    }
    out.finish()
}

/// The record CSVs and `records.json`.
pub fn write_records(
    dir: &Path,
    records: &Records,
    sheets: &[Sheet],
    style: CsvStyle,
) -> Result<()> {
    for sheet in sheets {
        write_sheet(dir, sheet, style)?;
    }
    super::json::write_json(&dir.join("records.json"), records, 2)
}
