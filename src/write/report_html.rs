//! `report.html`: one self-contained page (no script, no external asset, a
//! Content-Security-Policy that forbids any fetch): the summary, the findings
//! with links to their cells, and every table rendered as the document writes
//! it, each cell a finding involves highlighted by severity with the finding
//! beside the table and a link back. All document text is escaped.

use std::collections::HashMap;
use std::path::Path;

use super::findings::place_text;
use super::report_md::{recognition_line, summary_line};
use crate::Extraction;
use crate::error::Result;
use crate::grid::{Grid, Slot};
use crate::interpret::TableInfo;
use crate::reconcile::{Finding, Rule, Severity};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    // Most texts need no escaping: they are handed on without a copy.
    if !text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A finding's message as HTML: its `code` spans as `<code>`, its word
/// diffs (`[-old-]{+new+}`) as `<del>` and `<ins>`, the rest escaped. A
/// mark without its end stays as written.
pub fn rich(text: &str) -> String {
    const MARKS: [(&str, &str, &str); 3] =
        [("`", "`", "code"), ("[-", "-]", "del"), ("{+", "+}", "ins")];
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    loop {
        let next = MARKS
            .iter()
            .filter_map(|m| Some((rest.find(m.0)?, m)))
            .min_by_key(|(at, _)| *at);
        let Some((at, (open, close, tag))) = next else {
            out.push_str(&escape(rest));
            return out;
        };
        out.push_str(&escape(&rest[..at]));
        let after = &rest[at + open.len()..];
        match after.find(close) {
            Some(end) => {
                out.push_str(&format!("<{tag}>{}</{tag}>", escape(&after[..end])));
                rest = &after[end + close.len()..];
            }
            None => {
                out.push_str(&escape(open));
                rest = after;
            }
        }
    }
}

/// A finding's value as code, or `(empty)` (or `-`, not stated) in words.
fn shown_html(value: Option<&str>) -> String {
    match (value, Finding::shown(value)) {
        (_, None) => "-".to_string(),
        (Some(v), Some(s)) if v == s => format!("<code>{}</code>", escape(v)),
        (_, Some(s)) => format!("<em>{s}</em>"),
    }
}

fn cell_id(table: usize, row: usize, col: usize) -> String {
    format!("c-{table}-{row}-{col}")
}

const STYLE: &str = "
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #bbb; padding: .25em .5em; vertical-align: top; white-space: pre-line; }
th { background: #f3f3f3; }
table.checks td:nth-child(n+3) { text-align: right; }
.sev-error { background: #ffd7d7; outline: 3px solid #c00; outline-offset: -3px; }
.sev-warning { background: #fff0c2; outline: 3px solid #b37a00; outline-offset: -3px; }
.sev-info { background: #dcecff; outline: 3px solid #2a6fb5; outline-offset: -3px; }
.badge { display: inline-block; min-width: 4.5em; text-align: center; border-radius: 3px; font-weight: bold; font-size: .85em; }
li.sev-error, li.sev-warning, li.sev-info { outline: none; margin: .4em 0; padding: .3em .5em; list-style-position: inside; }
.doc-table { display: flex; gap: 2em; align-items: flex-start; flex-wrap: wrap; }
.beside { max-width: 40em; font-size: .92em; }
.beside li { margin: .3em 0; }
sup a { text-decoration: none; font-weight: bold; }
.where { color: #555; font-size: .92em; }
ul.repairs { color: #444; font-size: .92em; margin: .2em 0 .6em; }
:target { box-shadow: 0 0 0 4px #7b2cbf; }
";

/// The report as a string.
pub fn render(document: &str, ex: &Extraction) -> String {
    let mut s = String::new();
    render_into(&mut s, document, ex);
    s
}

/// Writes the report into `s`, piece by piece.
pub fn render_into<W: std::fmt::Write>(s: &mut W, document: &str, ex: &Extraction) {
    let (grids, r) = (&ex.grids, &ex.reconciliation);
    let info: HashMap<usize, &TableInfo> = ex.records.tables.iter().map(|t| (t.index, t)).collect();
    // Finding numbers, and the cells each touches.
    let number: HashMap<&str, usize> = r
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i + 1))
        .collect();
    let mut on_cell: HashMap<(usize, usize, usize), Vec<&Finding>> = HashMap::new();
    let mut on_table: HashMap<usize, Vec<&Finding>> = HashMap::new();
    for f in &r.findings {
        for l in &f.locations {
            if let (Some(row), Some(col)) = (l.grid_row, l.col) {
                let list = on_cell.entry((l.table, row, col)).or_default();
                if !list.iter().any(|g| g.id == f.id) {
                    list.push(f);
                }
            }
            let list = on_table.entry(l.table).or_default();
            if !list.iter().any(|g| g.id == f.id) {
                list.push(f);
            }
        }
    }
    let doc = escape(document);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Reconciliation report: {doc}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Reconciliation report: {doc}</h1>\n<p class=\"summary\">{}.</p>\n",
        escape(&summary_line(r))
    );
    let _ = writeln!(
        s,
        "<table class=\"checks\"><thead><tr><th>rule</th><th>checks</th><th>passed</th><th>failed</th></tr></thead><tbody>"
    );
    for rule in Rule::ALL {
        let t = r.checks.get(&rule).copied().unwrap_or_default();
        let _ = writeln!(
            s,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            rule.as_str(),
            escape(rule.describe()),
            t.passed,
            t.failed
        );
    }
    let _ = writeln!(s, "</tbody></table>\n<h2>Findings</h2>");
    if r.findings.is_empty() {
        let _ = writeln!(s, "<p>No findings: every check passed.</p>");
    }
    let _ = writeln!(s, "<ol class=\"findings\">");
    for f in &r.findings {
        let sev = f.severity.as_str();
        let _ = write!(
            s,
            "<li id=\"f-{}\" class=\"sev-{sev}\"><span class=\"badge\">{sev}</span> <code>{}</code> {}",
            escape(&f.id),
            f.rule.as_str(),
            rich(&f.message)
        );
        if f.expected.is_some() || f.found.is_some() {
            let _ = write!(
                s,
                "<br>expected {}, found {}",
                shown_html(f.expected.as_deref()),
                shown_html(f.found.as_deref())
            );
        }
        let _ = write!(s, "<br><span class=\"where\">");
        let links: Vec<String> = f
            .locations
            .iter()
            .map(|l| {
                let target = match (l.grid_row, l.col) {
                    (Some(row), Some(col)) => cell_id(l.table, row, col),
                    _ => format!("t-{}", l.table),
                };
                format!(
                    "<a href=\"#{target}\">{}:{} ({})</a>",
                    doc,
                    l.line,
                    escape(&place_text(l))
                )
            })
            .collect();
        let _ = write!(s, "{}</span>", links.join(" · "));
        for note in &f.notes {
            let _ = write!(s, "<br><em>note:</em> {}", escape(note));
        }
        let _ = writeln!(s, "</li>");
    }
    let _ = writeln!(s, "</ol>\n<h2>Tables</h2>");
    for grid in grids {
        let info = info.get(&grid.index).copied();
        render_table(s, grid, info, &on_cell, on_table.get(&grid.index), &number);
    }
    let _ = writeln!(s, "</body>\n</html>");
}

fn render_table<W: std::fmt::Write>(
    s: &mut W,
    grid: &Grid,
    info: Option<&TableInfo>,
    on_cell: &HashMap<(usize, usize, usize), Vec<&Finding>>,
    findings: Option<&Vec<&Finding>>,
    number: &HashMap<&str, usize>,
) {
    let caption = grid
        .caption
        .as_ref()
        .map_or(String::new(), |c| format!(" — {}", escape(&c.text)));
    let _ = writeln!(
        s,
        "<section id=\"t-{0}\"><h3>Table {0}{caption} <span class=\"where\">(line {1})</span></h3>",
        grid.index, grid.line
    );
    if let Some(t) = info {
        let quote = |h: &str| format!("<code>{}</code>", escape(h));
        let _ = writeln!(s, "<p class=\"where\">{}</p>", recognition_line(t, &quote));
    }
    if !grid.repairs.is_empty() {
        let _ = write!(s, "<ul class=\"repairs\">");
        for repair in &grid.repairs {
            let _ = write!(
                s,
                "<li><span class=\"where\">line {}</span> {}</li>",
                repair.line,
                escape(&repair.detail)
            );
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(s, "<div class=\"doc-table\"><table class=\"doc\">");
    // A table no finding points into has no marked cell: no lookups.
    let on_cell = findings.map(|_| on_cell);
    // Every cell as written is shown at its own place, a blank one that
    // continues the cell above included. The cells come in row order, so a
    // cursor finds them without a map, unless a hostile table broke the order.
    let key = |i: usize| (grid.cells[i].row, grid.cells[i].col);
    let origins: Option<HashMap<(usize, usize), usize>> = (!(0..grid.cells.len())
        .is_sorted_by_key(key))
    .then(|| (0..grid.cells.len()).map(|i| (key(i), i)).collect());
    let mut cursor = 0;
    let mut origin_at = |at: (usize, usize)| -> Option<usize> {
        if let Some(map) = &origins {
            return map.get(&at).copied();
        }
        while cursor < grid.cells.len() && key(cursor) < at {
            cursor += 1;
        }
        // Of two cells placed at one slot, the later is shown.
        while cursor + 1 < grid.cells.len() && key(cursor + 1) == at {
            cursor += 1;
        }
        (cursor < grid.cells.len() && key(cursor) == at).then_some(cursor)
    };
    for (r, row) in grid.rows.iter().enumerate() {
        let _ = write!(s, "<tr>");
        for (c, slot) in row.slots.iter().enumerate() {
            let Some(i) = origin_at((r, c)) else {
                if *slot == Slot::Empty {
                    let _ = write!(s, "<td></td>");
                }
                continue;
            };
            let cell = &grid.cells[i];
            let tag = if r < grid.header_rows || cell.source.header {
                "th"
            } else {
                "td"
            };
            // Written straight into the report: no string per cell.
            let _ = write!(s, "<{tag} id=\"c-{}-{r}-{c}\"", grid.index);
            if cell.height > 1 {
                let _ = write!(s, " rowspan=\"{}\"", cell.height);
            }
            if cell.width > 1 {
                let _ = write!(s, " colspan=\"{}\"", cell.width);
            }
            let list = on_cell.and_then(|m| m.get(&(grid.index, r, c)));
            if let Some(list) = list {
                let worst = list
                    .iter()
                    .map(|f| f.severity)
                    .max()
                    .unwrap_or(Severity::Info);
                let titles: Vec<String> = list
                    .iter()
                    .map(|f| format!("{}: {}", f.severity.as_str(), f.message))
                    .collect();
                let _ = write!(
                    s,
                    " class=\"sev-{}\" title=\"{}\"",
                    worst.as_str(),
                    escape(&titles.join("\n"))
                );
            }
            let _ = write!(s, ">{}", escape(&cell.source.text));
            for f in list.into_iter().flatten() {
                let n = number.get(f.id.as_str()).copied().unwrap_or_default();
                let _ = write!(s, "<sup><a href=\"#f-{}\">[{n}]</a></sup>", escape(&f.id));
            }
            let _ = write!(s, "</{tag}>");
        }
        let _ = writeln!(s, "</tr>");
    }
    let _ = writeln!(s, "</table>");
    if let Some(list) = findings {
        let _ = writeln!(s, "<ul class=\"beside\">");
        for f in list {
            let n = number.get(f.id.as_str()).copied().unwrap_or_default();
            let _ = writeln!(
                s,
                "<li class=\"sev-{}\"><a href=\"#f-{}\">[{n}]</a> {}</li>",
                f.severity.as_str(),
                escape(&f.id),
                rich(&f.message)
            );
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(s, "</div></section>");
}

pub fn write_report(path: &Path, document: &str, ex: &Extraction) -> Result<()> {
    let mut out = super::FileText::create(path)?;
    render_into(&mut out, document, ex);
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::{escape, rich};

    #[test]
    fn messages_show_code_and_word_diffs_as_markup() {
        assert_eq!(
            rich("`17††` (table 2) carries `††` & <b>"),
            "<code>17††</code> (table 2) carries <code>††</code> &amp; &lt;b&gt;"
        );
        assert_eq!(
            rich("controllo {+della produzione e +}dei [-vecchi-] livelli"),
            "controllo <ins>della produzione e </ins>dei <del>vecchi</del> livelli"
        );
        assert_eq!(rich("a ` alone, [- and {+ too"), "a ` alone, [- and {+ too");
        assert_eq!(rich("`<script>`"), "<code>&lt;script&gt;</code>");
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<img src=x onerror=\"a('b')\">&"),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
    }
}
