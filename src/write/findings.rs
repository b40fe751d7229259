//! `findings.json` and `findings.csv`: one entry per finding, every location.

use std::path::Path;

use super::{CsvSink, CsvStyle};
use crate::error::Result;
use crate::reconcile::{Location, Reconciliation};

/// `table 7, row 2, Totale, line 101`.
pub fn location_text(l: &Location) -> String {
    let mut parts = vec![format!("table {}", l.table)];
    if l.row > 0 {
        parts.push(format!("row {}", l.row));
    }
    if !l.column.is_empty() {
        parts.push(l.column.to_string());
    }
    parts.push(format!("line {}", l.line));
    parts.join(", ")
}

pub fn write_findings(dir: &Path, reconciliation: &Reconciliation, style: CsvStyle) -> Result<()> {
    super::json::write_json(&dir.join("findings.json"), &reconciliation.findings, 1)?;
    let mut out = CsvSink::create(&dir.join("findings.csv"), style)?;
    out.row([
        "id",
        "severity",
        "rule",
        "message",
        "expected",
        "found",
        "locations",
        "notes",
    ])?;
    for f in &reconciliation.findings {
        out.row([
            f.id.as_str(),
            f.severity.as_str(),
            f.rule.as_str(),
            &f.message,
            f.expected.as_deref().unwrap_or_default(),
            f.found.as_deref().unwrap_or_default(),
            &f.locations
                .iter()
                .map(location_text)
                .collect::<Vec<_>>()
                .join("; "),
            &f.notes.join("; "),
        ])?;
    }
    out.finish()
}
