//! `report.md`: the summary (findings per severity; per rule, checks passed
//! and failed), then the findings by severity and rule, each with its places
//! as `file:line`, expected versus found, and the cells quoted; then each
//! table: how it was recognised (kind, roles found and missing, headers not
//! placed) and read where it was not written the regular way.

use std::path::Path;

use crate::Extraction;
use crate::error::Result;
use crate::grid::Grid;
use crate::interpret::{TableInfo, TableKind};
use crate::reconcile::{Finding, Reconciliation, Rule, Severity, counted};
use crate::source::Unit;

/// Text as inline code, whatever backticks it holds.
pub fn code(text: &str) -> String {
    let mut out = String::new();
    write_code(&mut out, text);
    out
}

/// [`code`], written into `s`.
fn write_code<W: std::fmt::Write>(s: &mut W, text: &str) {
    if text.is_empty() {
        let _ = s.write_str("(empty)");
        return;
    }
    // Written where it goes, in one pass: this runs for every value and
    // place of every finding, in a batch of thousands of documents.
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let fence = |s: &mut W| {
        for _ in 0..=longest {
            let _ = s.write_char('`');
        }
    };
    fence(s);
    let _ = s.write_str(pad);
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            let _ = s.write_char(' ');
        }
        let _ = s.write_str(part);
    }
    let _ = s.write_str(pad);
    fence(s);
}

/// Text that Markdown must not read as markup.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A finding's value as code, or `(empty)` (or `-`, not stated) in words.
fn shown_md(value: Option<&str>) -> String {
    match (value, Finding::shown(value)) {
        (_, None) => "-".to_string(),
        (Some(v), Some(s)) if v == s => code(v),
        (_, Some(s)) => s.to_string(),
    }
}

pub fn summary_line(r: &Reconciliation) -> String {
    let passed: usize = r.checks.values().map(|t| t.passed).sum();
    let failed: usize = r.checks.values().map(|t| t.failed).sum();
    // Accepted findings and stale acceptances are named only when the
    // reviewers keep a file: a document without one reads as before.
    let mut reviewed = String::new();
    if r.accepted() > 0 {
        reviewed.push_str(&format!(", {} accepted", r.accepted()));
    }
    if !r.stale.is_empty() {
        reviewed.push_str(&format!(
            "; {}",
            counted(r.stale.len(), "stale acceptance", "stale acceptances")
        ));
    }
    format!(
        "{} of {} interpreted; findings: {}, {}, {} info{reviewed}; checks: {passed} passed, {failed} failed",
        r.interpreted,
        counted(r.tables, "table", "tables"),
        counted(r.count(Severity::Error), "error", "errors"),
        counted(r.count(Severity::Warning), "warning", "warnings"),
        r.count(Severity::Info)
    )
}

/// The report as a string.
pub fn render(document: &str, ex: &Extraction) -> String {
    let mut s = String::new();
    render_into(&mut s, document, ex);
    s
}

/// Writes the report into `s`, piece by piece.
pub fn render_into<W: std::fmt::Write>(s: &mut W, document: &str, ex: &Extraction) {
    let r = &ex.reconciliation;
    let grids: Grids = ex.grids.iter().map(|g| (g.index, g)).collect();
    let _ = writeln!(s, "# Reconciliation report: {}\n", plain(document));
    let _ = writeln!(s, "{}.\n", summary_line(r));
    let _ = writeln!(
        s,
        "| rule | checks | passed | failed |\n|---|---|---:|---:|"
    );
    for rule in Rule::ALL {
        let t = r.checks.get(&rule).copied().unwrap_or_default();
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            rule.as_str(),
            rule.describe(),
            t.passed,
            t.failed
        );
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let findings: Vec<&Finding> = r.open().filter(|f| f.severity == severity).collect();
        if findings.is_empty() {
            continue;
        }
        let title = match severity {
            Severity::Error => "Errors",
            Severity::Warning => "Warnings",
            Severity::Info => "Information",
        };
        let _ = writeln!(s, "\n## {title} ({})", findings.len());
        for rule in Rule::ALL {
            let of_rule: Vec<&&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
            if of_rule.is_empty() {
                continue;
            }
            let _ = writeln!(s, "\n### {}\n", rule.as_str());
            for f in of_rule {
                write_finding(s, &grids, f, ex.reconciliation.unit);
            }
        }
    }
    let accepted: Vec<&Finding> = r.findings.iter().filter(|f| f.accepted.is_some()).collect();
    if !accepted.is_empty() {
        let _ = writeln!(s, "\n## Accepted ({})\n", accepted.len());
        let _ = writeln!(
            s,
            "Findings the reviewers examined and accepted; they fail no check while their values hold.\n"
        );
        for f in accepted {
            write_finding(s, &grids, f, ex.reconciliation.unit);
        }
    }
    if !r.stale.is_empty() {
        let _ = writeln!(s, "\n## Stale acceptances ({})\n", r.stale.len());
        for stale in &r.stale {
            let a = &stale.acceptance;
            let _ = writeln!(
                s,
                "- {} {}",
                code(&format!("{}:{}", a.file, a.line)),
                plain(&stale.message())
            );
        }
    }
    if r.findings.is_empty() {
        let _ = writeln!(s, "\nNo findings: every check passed.");
    }
    write_tables(s, document, &ex.grids, &ex.records.tables);
}

/// One finding: its message and id, values, places and notes, and who
/// accepted it.
fn write_finding<W: std::fmt::Write>(s: &mut W, grids: &Grids, f: &Finding, unit: Unit) {
    let _ = writeln!(
        s,
        "- **{}** <a id=\"{}\"></a>`{}`",
        plain(&f.message),
        f.id,
        f.id
    );
    if let Some(a) = &f.accepted {
        let _ = writeln!(
            s,
            "  - accepted by {} on {}: {} ({})",
            plain(&a.by),
            plain(&a.date),
            plain(&a.reason),
            code(&format!("{}:{}", a.file, a.line))
        );
    }
    if f.expected.is_some() || f.found.is_some() {
        let _ = writeln!(
            s,
            "  - expected {}, found {}",
            shown_md(f.expected.as_deref()),
            shown_md(f.found.as_deref())
        );
    }
    // The places as `check` groups them, by table and row, a copy once;
    // the document is named once, at the top.
    for (label, text) in super::terminal::places(&f.locations, unit) {
        let _ = writeln!(s, "  - {label}: {}", plain(&text));
    }
    for e in super::excerpt::excerpts(f, grids) {
        excerpt_md(s, &e);
    }
    for note in &f.notes {
        let _ = writeln!(s, "  - note: {}", plain(note));
    }
}

/// The tables by index, for the excerpts.
type Grids<'g> = foldhash::HashMap<usize, &'g Grid>;

/// A finding's excerpt of one table as a small Markdown table under its
/// list item: the header paths, the rows it names, the cells it calls
/// wrong in bold with `✖`, the cells they were checked against in italics.
fn excerpt_md<W: std::fmt::Write>(s: &mut W, e: &super::excerpt::Excerpt) {
    use super::excerpt::Mark;
    let grid = e.grid;
    let cell = |text: &str| plain(text.trim());
    let _ = writeln!(s, "\n    Table {}:\n", grid.index);
    let header: Vec<String> = e.columns.iter().map(|&c| cell(&grid.columns[c])).collect();
    let _ = writeln!(s, "    | {} |", header.join(" | "));
    let _ = writeln!(s, "    |{}", "---|".repeat(e.columns.len()));
    for &r in e.rows.iter().filter(|&&r| !e.is_header(r)) {
        let row: Vec<String> = e
            .columns
            .iter()
            .map(|&c| {
                let text = cell(grid.text(r, c));
                match e.mark(r, c) {
                    Mark::Found => format!("**{text}** ✖"),
                    Mark::Operand if !text.is_empty() => format!("_{text}_"),
                    _ => text,
                }
            })
            .collect();
        let _ = writeln!(s, "    | {} |", row.join(" | "));
    }
    if e.more_rows + e.more_columns > 0 {
        let _ = writeln!(
            s,
            "\n    (and {} more rows, {} more columns the finding names)",
            e.more_rows, e.more_columns
        );
    }
    let _ = s.write_char('\n');
}

/// How a table was recognised, in one line: its kind, the roles its headers
/// took, what it lacks, and the headers left unplaced; `quote` writes a
/// header as the report writes code.
pub fn recognition_line(t: &TableInfo, quote: &dyn Fn(&str) -> String) -> String {
    let r = &t.recognition;
    let mut parts = Vec::new();
    parts.push(match (t.kind, r.nearest) {
        (TableKind::Generic, Some(n)) => format!(
            "not interpreted (nearest kind: {}, {:.0}% of its roles)",
            n.kind.as_str(),
            n.score * 100.0
        ),
        (TableKind::Generic, None) => "not interpreted".to_string(),
        (kind, _) => kind.as_str().to_string(),
    });
    if let Some(first) = t.continues {
        parts.push(format!("continues table {first}"));
    }
    if let Some(original) = t.copy_of {
        parts.push(format!(
            "{} copy of table {original}",
            if t.identical {
                "identical"
            } else {
                "differing"
            }
        ));
    }
    if !r.roles.is_empty() {
        let roles: Vec<String> = r
            .roles
            .iter()
            .map(|p| format!("{} {}", p.role, quote(&p.header)))
            .collect();
        parts.push(format!("roles: {}", roles.join(", ")));
    }
    if !r.missing.is_empty() {
        parts.push(format!("missing: {}", r.missing.join(", ")));
    }
    if !r.unplaced.is_empty() {
        let unplaced: Vec<String> = r.unplaced.iter().map(|h| quote(h)).collect();
        parts.push(format!("not placed: {}", unplaced.join(", ")));
    }
    parts.join("; ")
}

/// Each table: how it was recognised, and how it was read where it was not
/// written the regular way (merged cells written as blanks, headers without
/// markup, tables continued).
fn write_tables<W: std::fmt::Write>(
    s: &mut W,
    document: &str,
    grids: &[Grid],
    tables: &[TableInfo],
) {
    if grids.is_empty() {
        return;
    }
    let info: foldhash::HashMap<usize, &TableInfo> = tables.iter().map(|t| (t.index, t)).collect();
    let _ = writeln!(s, "\n## Tables\n");
    for grid in grids {
        let caption = grid
            .caption
            .as_ref()
            .map_or(String::new(), |c| format!(" ({})", plain(&c.text)));
        let how = info.get(&grid.index).map_or(String::new(), |t| {
            format!(": {}", recognition_line(t, &code))
        });
        let _ = writeln!(
            s,
            "- table {}{caption}, {}{how}",
            grid.index,
            code(&grid.unit.place(document, grid.line))
        );
        for repair in &grid.repairs {
            let _ = writeln!(
                s,
                "  - {}: {}",
                code(&grid.unit.place(document, repair.line)),
                plain(&repair.detail)
            );
        }
    }
}

pub fn write_report(path: &Path, document: &str, ex: &Extraction) -> Result<()> {
    let mut out = super::FileText::create(path)?;
    render_into(&mut out, document, ex);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("41**"), "`41**`");
        assert_eq!(code("a `b` c"), "``a `b` c``");
        assert_eq!(code(""), "(empty)");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(
            plain("<script>*x*</script>"),
            "\\<script\\>\\*x\\*\\</script\\>"
        );
    }
}
