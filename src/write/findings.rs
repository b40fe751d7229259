//! `findings.json` and `findings.csv`: one entry per finding, every location.

use std::path::Path;

use super::{CsvSink, CsvStyle};
use crate::error::Result;
use crate::reconcile::{Location, Reconciliation};
use crate::source::Unit;

/// `table 7, row 2, Totale, line 101` (`paragraph 101` in a Word file).
pub fn location_text(l: &Location, unit: Unit) -> String {
    format!("{}, {}", place_text(l), unit.at(l.line))
}

/// A location without its line, for where the line is already written in
/// front of it (`doc.md:113 (table 3, row 1, Totali / I Fascia)`).
pub fn place_text(l: &Location) -> String {
    if l.table == 0 {
        return "outside the tables".to_string();
    }
    use std::fmt::Write;
    let mut out = String::with_capacity(24 + l.column.len());
    let _ = write!(out, "table {}", l.table);
    if l.row > 0 {
        let _ = write!(out, ", row {}", l.row);
    }
    if !l.column.is_empty() {
        out.push_str(", ");
        out.push_str(&l.column);
    }
    out
}

/// The columns of `findings.csv`.
pub const COLUMNS: [&str; 9] = [
    "id",
    "severity",
    "rule",
    "message",
    "expected",
    "found",
    "locations",
    "notes",
    "accepted",
];

/// Who accepted a finding, when and why (`A. Reviewer, 2026-11-20: by
/// design`), or nothing.
pub fn accepted_text(f: &crate::reconcile::Finding) -> String {
    f.accepted
        .as_ref()
        .map(|a| format!("{}, {}: {}", a.by, a.date, a.reason))
        .unwrap_or_default()
}

pub fn write_findings(dir: &Path, reconciliation: &Reconciliation, style: CsvStyle) -> Result<()> {
    super::json::write_json(&dir.join("findings.json"), &reconciliation.findings, 1)?;
    let mut out = CsvSink::create(&dir.join("findings.csv"), style)?;
    out.row(COLUMNS)?;
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
                .map(|l| location_text(l, reconciliation.unit))
                .collect::<Vec<_>>()
                .join("; "),
            &f.notes.join("; "),
            &accepted_text(f),
        ])?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_names_its_line_unless_the_line_is_written_before_it() {
        let cell = Location {
            table: 7,
            row: 2,
            column: "Totali / II Fascia".into(),
            line: 101,
            text: "63".into(),
            grid_row: Some(3),
            col: Some(4),
            offset: None,
        };
        assert_eq!(place_text(&cell), "table 7, row 2, Totali / II Fascia");
        assert_eq!(
            location_text(&cell, Unit::Line),
            "table 7, row 2, Totali / II Fascia, line 101"
        );
        assert_eq!(
            location_text(&cell, Unit::Paragraph),
            "table 7, row 2, Totali / II Fascia, paragraph 101"
        );
        let table = Location {
            row: 0,
            column: "".into(),
            line: 84,
            ..cell
        };
        assert_eq!(place_text(&table), "table 7");
        assert_eq!(location_text(&table, Unit::Line), "table 7, line 84");
    }
}
