//! `report.md`: the summary (findings per severity; per rule, checks passed
//! and failed), then the findings by severity and rule, each with its places
//! as `file:line`, expected versus found, and the cells quoted; then how the
//! tables were read where they were not written the regular way.

use std::path::Path;

use crate::error::Result;
use crate::grid::Grid;
use crate::reconcile::{Finding, Reconciliation, Rule, Severity};

/// Text as inline code, whatever backticks it holds.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return "(empty)".to_string();
    }
    let text = text.replace('\n', " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text that Markdown must not read as markup.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace('\n', " ").chars() {
        if "\\`*_[]<>#|!".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn summary_line(r: &Reconciliation) -> String {
    let passed: usize = r.checks.values().map(|t| t.passed).sum();
    let failed: usize = r.checks.values().map(|t| t.failed).sum();
    format!(
        "findings: {} errors, {} warnings, {} info; checks: {passed} passed, {failed} failed",
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info)
    )
}

/// The report as a string.
pub fn render(document: &str, grids: &[Grid], r: &Reconciliation) -> String {
    let mut s = String::new();
    render_into(&mut s, document, grids, r);
    s
}

/// Writes the report into `s`, piece by piece.
pub fn render_into<W: std::fmt::Write>(
    s: &mut W,
    document: &str,
    grids: &[Grid],
    r: &Reconciliation,
) {
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
        let findings: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
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
                let _ = writeln!(
                    s,
                    "- **{}** <a id=\"{}\"></a>`{}`",
                    plain(&f.message),
                    f.id,
                    f.id
                );
                if f.expected.is_some() || f.found.is_some() {
                    let _ = writeln!(
                        s,
                        "  - expected {}, found {}",
                        code(f.expected.as_deref().unwrap_or_default()),
                        code(f.found.as_deref().unwrap_or_default())
                    );
                }
                for l in &f.locations {
                    let cell = if l.row > 0 || !l.column.is_empty() {
                        format!(
                            " — table {}, row {}, {}: {}",
                            l.table,
                            l.row,
                            code(&l.column),
                            code(&l.text)
                        )
                    } else {
                        format!(" — table {}", l.table)
                    };
                    let _ = writeln!(s, "  - {}{cell}", code(&format!("{document}:{}", l.line)));
                }
                for note in &f.notes {
                    let _ = writeln!(s, "  - note: {}", plain(note));
                }
            }
        }
    }
    if r.findings.is_empty() {
        let _ = writeln!(s, "\nNo findings: every check passed.");
    }
    write_repairs(s, document, grids);
}

/// How each table was read where it was not written the regular way: merged
/// cells written as blanks, headers without markup, tables continued.
fn write_repairs<W: std::fmt::Write>(s: &mut W, document: &str, grids: &[Grid]) {
    if grids.iter().all(|g| g.repairs.is_empty()) {
        return;
    }
    let _ = writeln!(s, "\n## How the tables were read\n");
    for grid in grids.iter().filter(|g| !g.repairs.is_empty()) {
        let caption = grid
            .caption
            .as_ref()
            .map_or(String::new(), |c| format!(" ({})", plain(&c.text)));
        let _ = writeln!(s, "- table {}{caption}", grid.index);
        for repair in &grid.repairs {
            let _ = writeln!(
                s,
                "  - {}: {}",
                code(&format!("{document}:{}", repair.line)),
                plain(&repair.detail)
            );
        }
    }
}

pub fn write_report(path: &Path, document: &str, grids: &[Grid], r: &Reconciliation) -> Result<()> {
    let mut out = super::FileText::create(path)?;
    render_into(&mut out, document, grids, r);
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
