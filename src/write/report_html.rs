//! `report.html`: one self-contained page (no external asset; a
//! Content-Security-Policy that forbids any fetch and every script but its
//! own, named by hash): contents, the checks, the findings by severity with
//! a filter that needs no script, and every table rendered as the document
//! writes it, the cell a finding calls wrong marked apart from the cells it
//! was checked against, with the findings beside the table and links back.
//! All document text is escaped.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::Path;

use super::report_md::{recognition_line, summary_line};
use crate::Extraction;
use crate::error::Result;
use crate::grid::{Grid, Slot};
use crate::interpret::TableInfo;
use crate::reconcile::{Finding, Rule, Severity};
use crate::source::Unit;

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
    // The runs between the marked characters are copied whole; the marks
    // are ASCII, so every cut falls on a character boundary.
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
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
    // One scan for the marks' first bytes, instead of a search per mark
    // from every position: messages are many, their marks few.
    let mut from = 0;
    while let Some(found) = memchr::memchr3(b'`', b'[', b'{', &rest.as_bytes()[from..]) {
        let at = from + found;
        let Some((open, close, tag)) = MARKS.iter().find(|m| rest[at..].starts_with(m.0)) else {
            from = at + 1;
            continue;
        };
        let after = &rest[at + open.len()..];
        match after.find(close) {
            Some(end) => {
                out.push_str(&escape(&rest[..at]));
                out.push_str(&format!("<{tag}>{}</{tag}>", escape(&after[..end])));
                rest = &after[end + close.len()..];
                from = 0;
            }
            // A mark without its end stays as written.
            None => from = at + open.len(),
        }
    }
    out.push_str(&escape(rest));
    out
}

/// A finding's value as code, or `(empty)` (or `-`, not stated) in words.
fn shown_html(value: Option<&str>) -> String {
    match (value, Finding::shown(value)) {
        (_, None) => "-".to_string(),
        (Some(v), Some(s)) if v == s => format!("<code>{}</code>", escape(v)),
        (_, Some(s)) => format!("<em>{s}</em>"),
    }
}

/// A cell of a table: table, grid row, column.
type Slot3 = (usize, usize, usize);

/// The links back to findings a cell shows; past them, a count.
const MAX_BACKLINKS: usize = 6;

/// The page's one script, allowed by its hash in the
/// Content-Security-Policy (nothing else may run). It only improves landing
/// on a cell where a table scrolls in its own box (narrow screens): the box
/// scrolls the cell just below its sticky header rows, and the page puts the
/// box at the top, so that the caption, the header rows and the cell are in
/// view together. Without it (or on a wide screen, where no box scrolls),
/// the style sheet's scroll margins do what they can.
const SCRIPT: &str = "document.documentElement.dataset.enhanced='1';\
function land(){var id=decodeURIComponent(location.hash.slice(1));\
var cell=id.indexOf('c-')===0&&document.getElementById(id);if(!cell)return;\
var box=cell.closest('.scroll');if(!box||getComputedStyle(box).overflowY==='visible')return;\
var head=box.querySelector('thead');var top=cell.getBoundingClientRect().top-box.getBoundingClientRect().top+box.scrollTop;\
box.scrollTop=top-(head?head.offsetHeight:0)-4;window.scrollBy(0,box.getBoundingClientRect().top);}\
addEventListener('hashchange',land);addEventListener('load',land);";

/// `sha256-…` of [`SCRIPT`], as the policy names it.
fn script_hash() -> &'static str {
    static HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use base64::Engine as _;
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(SCRIPT.as_bytes());
        format!(
            "sha256-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    });
    &HASH
}

const STYLE: &str = "
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #222; }
@media (max-width: 600px) { body { margin: .6em; } }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
code { overflow-wrap: anywhere; }
nav.toc ul { margin: .3em 0; }
nav.toc ul ul { display: flex; flex-wrap: wrap; gap: .1em 1.4em; list-style: none; padding-left: 1.2em; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #bbb; padding: .25em .5em; vertical-align: top; white-space: pre-line; }
th { background: #f3f3f3; }
table.checks td:nth-child(n+3) { text-align: right; }
table.checks td:first-child code { overflow-wrap: normal; white-space: nowrap; }
.scroll { max-width: 100%; }
thead { position: sticky; top: 0; z-index: 2; }
thead tr:last-child th { box-shadow: inset 0 -2px 0 #888; }
td, th { overflow-wrap: break-word; }
.found.sev-error { background: #ffb3b3; outline: 3px solid #c00; outline-offset: -3px; }
.found.sev-warning { background: #ffe08a; outline: 3px solid #b37a00; outline-offset: -3px; }
.found.sev-info { background: #bcd9ff; outline: 3px solid #2a6fb5; outline-offset: -3px; }
.operand.sev-error { background: #fff0f0; outline: 2px dashed #d77; outline-offset: -2px; }
.operand.sev-warning { background: #fffaeb; outline: 2px dashed #c9a040; outline-offset: -2px; }
.operand.sev-info { background: #f0f7ff; outline: 2px dashed #7aa3d0; outline-offset: -2px; }
td.found::before, th.found::before { content: '\\2716\\00a0'; font-weight: bold; }
.badge { display: inline-block; min-width: 4.5em; text-align: center; border-radius: 3px; font-weight: bold; font-size: .85em; }
li.finding { margin: .4em 0; padding: .3em .5em; list-style-position: inside; overflow-wrap: anywhere; }
li.sev-error { background: #ffe4e4; } li.sev-warning { background: #fff5d6; } li.sev-info { background: #e6f1ff; }
li.accepted { background: #eee; color: #444; }
table.excerpt { font-size: .9em; margin: .3em 0 .2em; background: #fff; }
table.excerpt caption { text-align: left; font-size: .85em; }
table.excerpt a { color: inherit; }
ul.places { list-style: none; padding-left: 0; margin: .2em 0; }
.doc-table { display: flex; gap: 2em; align-items: flex-start; flex-wrap: wrap; }
.doc-table > .scroll { flex: 0 1 auto; }
.beside { max-width: 40em; font-size: .92em; }
.beside li { margin: .3em 0; }
sup a { text-decoration: none; font-weight: bold; }
.where { color: #555; font-size: .92em; }
ul.repairs { color: #444; font-size: .92em; margin: .2em 0 .6em; }
[id^='c-'] { scroll-margin-top: 35vh; }
@media (max-width: 900px) {
  .scroll { overflow: auto; max-height: 45vh; }
  [id^='c-'] { scroll-margin-top: 45vh; }
}
tr.caption th { text-align: left; background: #e4e4e4; font-weight: normal; white-space: normal; }
section, li.finding { scroll-margin-top: 1em; }
:target { outline: 4px solid #7b2cbf !important; outline-offset: -4px !important; }
.filter { display: flex; flex-wrap: wrap; gap: .3em .8em; margin: .5em 0; padding: .4em; border: 1px solid #ccc; }
.filter input { margin: 0 .2em 0 0; }
details.accept summary { color: #555; font-size: .85em; cursor: pointer; }
details.accept pre { background: #fff; padding: .4em; white-space: pre-wrap; overflow-wrap: anywhere; }
@media print {
  .filter, nav.toc, details.accept { display: none; }
  .scroll { overflow: visible; max-height: none; }
  thead { position: static; }
  thead { display: table-header-group; }
  tr, li.finding { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  /* Chromium does not honour break-after: avoid; a block that reserves the
     height of a few rows below it moves to the next page with them. */
  .table-head { break-inside: avoid; }
  .table-head::after { content: ''; display: block; height: 10em; margin-bottom: -10em; }
  section { break-inside: auto; }
}
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
    // The cells a finding calls wrong, apart from those it was checked
    // against. Accepted findings paint no cell: what is left to fix stands
    // out.
    let mut found_at: HashSet<(usize, usize, usize)> = HashSet::new();
    // Findings come one after another: a cell or table one finding names
    // twice has it last in its list.
    let is_last = |list: &[&Finding], f: &Finding| list.last().is_some_and(|g| g.id == f.id);
    for f in &r.findings {
        for (l, found) in f.locations.iter().zip(f.found_marks()) {
            if let (Some(row), Some(col), None) = (l.grid_row, l.col, &f.accepted) {
                let list = on_cell.entry((l.table, row, col)).or_default();
                if !is_last(list, f) {
                    list.push(f);
                }
                if found {
                    found_at.insert((l.table, row, col));
                }
            }
            let list = on_table.entry(l.table).or_default();
            if !is_last(list, f) {
                list.push(f);
            }
        }
    }
    let doc = escape(document);
    let items = Items {
        grids: grids.iter().map(|g| (g.index, g)).collect(),
        unit: r.unit,
    };
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '{}'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Reconciliation report: {doc}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Reconciliation report: {doc}</h1>\n<p class=\"summary\">{}.</p>\n",
        script_hash(),
        escape(&summary_line(r))
    );
    // A table of contents: the sections, then every table.
    let _ = write!(
        s,
        "<nav class=\"toc\"><ul><li><a href=\"#checks\">Checks</a></li><li><a href=\"#findings\">Findings</a><ul>"
    );
    let sections = [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Information"),
    ];
    for (severity, title) in sections {
        let n = r.open().filter(|f| f.severity == severity).count();
        if n > 0 {
            let _ = write!(
                s,
                "<li><a href=\"#findings-{}\">{title} ({n})</a></li>",
                severity.as_str()
            );
        }
    }
    if r.accepted() > 0 {
        let _ = write!(
            s,
            "<li><a href=\"#findings-accepted\">Accepted ({})</a></li>",
            r.accepted()
        );
    }
    if !r.stale.is_empty() {
        let _ = write!(
            s,
            "<li><a href=\"#stale\">Stale acceptances ({})</a></li>",
            r.stale.len()
        );
    }
    let _ = write!(s, "</ul></li><li><a href=\"#tables\">Tables</a><ul>");
    for grid in grids {
        let caption = grid
            .caption
            .as_ref()
            .map_or(String::new(), |c| format!(" — {}", escape(&c.text)));
        let _ = write!(
            s,
            "<li><a href=\"#t-{0}\">Table {0}{caption}</a></li>",
            grid.index
        );
    }
    let _ = writeln!(s, "</ul></li></ul></nav>");
    let _ = writeln!(
        s,
        "<h2 id=\"checks\">Checks</h2><div class=\"scroll\"><table class=\"checks\"><thead><tr><th>rule</th><th>checks</th><th>passed</th><th>failed</th></tr></thead><tbody>"
    );
    for rule in Rule::ALL {
        let t = r.checks.get(&rule).copied().unwrap_or_default();
        // A rule with findings links to its first one.
        let name = match r.findings.iter().find(|f| f.rule == rule) {
            Some(f) => format!(
                "<a href=\"#f-{}\"><code>{}</code></a>",
                escape(&f.id),
                rule.as_str()
            ),
            None => format!("<code>{}</code>", rule.as_str()),
        };
        let _ = writeln!(
            s,
            "<tr><td>{name}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(rule.describe()),
            t.passed,
            t.failed
        );
    }
    let _ = writeln!(
        s,
        "</tbody></table></div>\n<h2 id=\"findings\">Findings</h2>"
    );
    if r.findings.is_empty() {
        let _ = writeln!(s, "<p>No findings: every check passed.</p>");
    } else {
        filter(s, r);
    }
    let mut open_list = false;
    let heading = |s: &mut W, id: &str, title: &str, n: usize, open: &mut bool| {
        if *open {
            let _ = writeln!(s, "</ol>");
        }
        let _ = writeln!(
            s,
            "<h3 id=\"{id}\">{title} ({n})</h3>\n<ol class=\"findings\">"
        );
        *open = true;
    };
    for (severity, title) in sections {
        let list: Vec<&Finding> = r.open().filter(|f| f.severity == severity).collect();
        if list.is_empty() {
            continue;
        }
        heading(
            s,
            &format!("findings-{}", severity.as_str()),
            title,
            list.len(),
            &mut open_list,
        );
        for f in list {
            finding_item(s, &items, f);
        }
    }
    if r.accepted() > 0 {
        heading(
            s,
            "findings-accepted",
            "Accepted",
            r.accepted(),
            &mut open_list,
        );
        for f in r.findings.iter().filter(|f| f.accepted.is_some()) {
            finding_item(s, &items, f);
        }
    }
    if open_list {
        let _ = writeln!(s, "</ol>");
    }
    if !r.stale.is_empty() {
        let _ = writeln!(
            s,
            "<h3 id=\"stale\">Stale acceptances ({})</h3>\n<ul>",
            r.stale.len()
        );
        for stale in &r.stale {
            let a = &stale.acceptance;
            let _ = writeln!(
                s,
                "<li><code>{}:{}</code> {}</li>",
                escape(&a.file),
                a.line,
                rich(&stale.message())
            );
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(s, "<h2 id=\"tables\">Tables</h2>");
    for grid in grids {
        let info = info.get(&grid.index).copied();
        render_table(
            s,
            grid,
            info,
            (&on_cell, &found_at),
            on_table.get(&grid.index),
            &number,
        );
    }
    let _ = writeln!(s, "<script>{SCRIPT}</script>\n</body>\n</html>");
}

/// The filter: severities and rules as radio buttons, which a style sheet
/// of `:has()` rules obeys, so that it works without any script.
fn filter<W: std::fmt::Write>(s: &mut W, r: &crate::reconcile::Reconciliation) {
    let mut rules: Vec<Rule> = r.findings.iter().map(|f| f.rule).collect();
    rules.sort();
    rules.dedup();
    let mut css = String::new();
    let _ = write!(
        s,
        "<form class=\"filter\" aria-label=\"filter the findings\"><strong>Show:</strong> <label><input type=\"radio\" name=\"sev\" id=\"show-all\" checked>all</label>"
    );
    for (class, label) in [
        ("sev-error", "errors"),
        ("sev-warning", "warnings"),
        ("sev-info", "info"),
        ("accepted", "accepted"),
    ] {
        let _ = write!(
            s,
            "<label><input type=\"radio\" name=\"sev\" id=\"show-{class}\">{label}</label>"
        );
        css.push_str(&format!(
            "body:has(#show-{class}:checked) li.finding:not(.{class}) {{ display: none; }}\n"
        ));
    }
    let _ = write!(
        s,
        "<strong>Rule:</strong> <label><input type=\"radio\" name=\"rule\" id=\"rule-all\" checked>all</label>"
    );
    for rule in rules {
        let name = rule.as_str();
        let _ = write!(
            s,
            "<label><input type=\"radio\" name=\"rule\" id=\"show-rule-{name}\"><code>{name}</code></label>"
        );
        css.push_str(&format!("body:has(#show-rule-{name}:checked) li.finding:not(.rule-{name}) {{ display: none; }}\n"));
    }
    let _ = writeln!(s, "</form>\n<style>{css}</style>");
}

/// What every finding of the list is drawn with: the tables, by index, and
/// what their lines count.
struct Items<'a> {
    grids: HashMap<usize, &'a Grid>,
    unit: Unit,
}

/// One finding of the list, with its values, its table excerpts, its places
/// grouped by table and row, notes and acceptance.
fn finding_item<W: std::fmt::Write>(s: &mut W, items: &Items, f: &Finding) {
    let sev = f.severity.as_str();
    let accepted = if f.accepted.is_some() {
        " accepted"
    } else {
        ""
    };
    let _ = write!(
        s,
        "<li id=\"f-{}\" class=\"finding sev-{sev} rule-{}{accepted}\"><span class=\"badge\">{sev}</span> <code>{}</code> {}",
        escape(&f.id),
        f.rule.as_str(),
        f.rule.as_str(),
        rich(&f.message)
    );
    if let Some(a) = &f.accepted {
        let _ = write!(
            s,
            "<br><strong>accepted</strong> by {} on {}: {} <span class=\"where\">({}:{})</span>",
            escape(&a.by),
            escape(&a.date),
            escape(&a.reason),
            escape(&a.file),
            a.line
        );
    }
    if f.expected.is_some() || f.found.is_some() {
        let _ = write!(
            s,
            "<br>expected {}, found {}",
            shown_html(f.expected.as_deref()),
            shown_html(f.found.as_deref())
        );
    }
    for e in super::excerpt::excerpts(f, &items.grids) {
        excerpt_html(s, &e, f.severity);
    }
    // The places, as `check` groups them: by table and row, a copy once.
    let _ = s.write_str("<ul class=\"places\">");
    for (label, text) in super::terminal::places(&f.locations, items.unit) {
        let _ = write!(
            s,
            "<li><span class=\"where\">{label}:</span> {}</li>",
            table_links(&text)
        );
    }
    let _ = s.write_str("</ul>");
    for note in &f.notes {
        let _ = write!(s, "<br><em>note:</em> {}", escape(note));
    }
    if f.accepted.is_none() {
        // What the reviewers copy into orgtables.toml to accept it.
        let _ = write!(
            s,
            "<details class=\"accept\"><summary>accept…</summary><pre>{}</pre></details>",
            escape(&crate::accepted::entry_text(f))
        );
    }
    let _ = writeln!(s, "</li>");
}

/// Text with each `table N` a link to the table.
fn table_links(text: &str) -> String {
    use std::sync::LazyLock;
    static TABLE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\btable (\d+)").expect("valid pattern"));
    let escaped = escape(text);
    TABLE
        .replace_all(&escaped, "<a href=\"#t-$1\">table $1</a>")
        .into_owned()
}

/// A finding's excerpt of one table: its header rows over the rows and
/// columns the finding names, the wrong cells marked apart from their
/// operands, each marked cell a link to its place in the full table.
fn excerpt_html<W: std::fmt::Write>(s: &mut W, e: &super::excerpt::Excerpt, severity: Severity) {
    use super::excerpt::Mark;
    let grid = e.grid;
    let _ = write!(
        s,
        "<div class=\"scroll excerpt\"><table class=\"excerpt\"><caption><a href=\"#t-{0}\">Table {0}</a></caption>",
        grid.index
    );
    for &r in &e.rows {
        let _ = s.write_str("<tr>");
        for &c in &e.columns {
            let tag = if e.is_header(r) { "th" } else { "td" };
            let text = escape(grid.text(r, c));
            let class = match e.mark(r, c) {
                Mark::Found => "found",
                Mark::Operand => "operand",
                Mark::None => {
                    let _ = write!(s, "<{tag}>{text}</{tag}>");
                    continue;
                }
            };
            let _ = write!(
                s,
                "<{tag} class=\"{class} sev-{}\"><a href=\"#c-{}-{r}-{c}\">{text}</a></{tag}>",
                severity.as_str(),
                grid.index
            );
        }
        let _ = s.write_str("</tr>");
    }
    let _ = s.write_str("</table>");
    if e.more_rows + e.more_columns > 0 {
        let _ = write!(
            s,
            "<p class=\"where\">and {} more row{}, {} more column{} the finding names: see the table</p>",
            e.more_rows,
            if e.more_rows == 1 { "" } else { "s" },
            e.more_columns,
            if e.more_columns == 1 { "" } else { "s" }
        );
    }
    let _ = s.write_str("</div>");
}

fn render_table<W: std::fmt::Write>(
    s: &mut W,
    grid: &Grid,
    info: Option<&TableInfo>,
    (on_cell, found_at): (&HashMap<Slot3, Vec<&Finding>>, &HashSet<Slot3>),
    findings: Option<&Vec<&Finding>>,
    number: &HashMap<&str, usize>,
) {
    let caption = grid
        .caption
        .as_ref()
        .map_or(String::new(), |c| format!(" — {}", escape(&c.text)));
    // The heading and what is said of the table are one block that a
    // printed page does not split from the table's first rows.
    let _ = writeln!(
        s,
        "<section id=\"t-{0}\"><div class=\"table-head\"><h3>Table {0}{caption} <span class=\"where\">({1})</span></h3>",
        grid.index,
        grid.unit.at(grid.line)
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
                "<li><span class=\"where\">{}</span> {}</li>",
                grid.unit.at(repair.line),
                escape(&repair.detail)
            );
        }
        let _ = writeln!(s, "</ul>");
    }
    let _ = writeln!(
        s,
        "</div><div class=\"doc-table\"><div class=\"scroll\"><table class=\"doc\">"
    );
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
    // The header rows in a <thead>: it stays in view while the table
    // scrolls in its box, and is repeated on every printed page.
    let head = grid.header_rows.min(grid.rows.len());
    // The caption is the thead's first row too: landing on a cell deep in a
    // tall table, or on a printed page the table continues on, the reader
    // still sees which table and which columns.
    let width = grid
        .rows
        .iter()
        .map(|r| r.slots.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let _ = write!(
        s,
        "<thead><tr class=\"caption\"><th colspan=\"{width}\">Table {}{caption}</th></tr>",
        grid.index
    );
    for (r, row) in grid.rows.iter().enumerate() {
        if r == head {
            let _ = write!(s, "</thead><tbody>");
        }
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
                // As many messages as links back: a cell that hundreds of
                // findings name would otherwise carry them all in each of
                // its copies.
                let mut titles: Vec<String> = list
                    .iter()
                    .take(MAX_BACKLINKS)
                    .map(|f| format!("{}: {}", f.severity.as_str(), f.message))
                    .collect();
                if list.len() > MAX_BACKLINKS {
                    titles.push(format!("and {} more", list.len() - MAX_BACKLINKS));
                }
                let role = match found_at.contains(&(grid.index, r, c)) {
                    true => "found",
                    false => "operand",
                };
                let _ = write!(
                    s,
                    " class=\"{role} sev-{}\" title=\"{}\"",
                    worst.as_str(),
                    escape(&titles.join("\n"))
                );
            }
            let _ = write!(s, ">{}", escape(&cell.source.text));
            // A few links back; a cell many findings name says how many
            // more (a column of one repeated name can gather hundreds).
            let list = list.map_or(&[][..], Vec::as_slice);
            for f in list.iter().take(MAX_BACKLINKS) {
                let n = number.get(f.id.as_str()).copied().unwrap_or_default();
                let _ = write!(s, "<sup><a href=\"#f-{}\">[{n}]</a></sup>", escape(&f.id));
            }
            if list.len() > MAX_BACKLINKS {
                let _ = write!(s, "<sup> +{} more</sup>", list.len() - MAX_BACKLINKS);
            }
            let _ = write!(s, "</{tag}>");
        }
        let _ = writeln!(s, "</tr>");
    }
    let _ = write!(
        s,
        "{}",
        if head == grid.rows.len() {
            "</thead>"
        } else {
            "</tbody>"
        }
    );
    let _ = writeln!(s, "</table></div>");
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
            rich("verifica {+della qualità e +}dei [-vecchi-] tempi"),
            "verifica <ins>della qualità e </ins>dei <del>vecchi</del> tempi"
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
