//! `report.html`: one self-contained page (no external asset; a
//! Content-Security-Policy that forbids any fetch and every script but its
//! own, named by hash): contents, the checks, the findings by severity with
//! a filter that needs no script, and every table rendered as the document
//! writes it, the cell a finding calls wrong marked apart from the cells it
//! was checked against, with the findings beside the table and links back.
//!
//! Written with maud's `html!`, which escapes every value it is handed: only
//! what is markup already (`PreEscaped`: the style sheet, the script, a
//! message through [`rich`]) goes in as it is. The page is streamed a piece
//! at a time (a finding, a table row), so that its size in memory is a
//! piece's, not the page's; the tags written around the pieces hold no
//! text but numbers.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use maud::{Markup, PreEscaped, html};
use std::path::Path;

use super::report_md::{recognition_line, summary_line};
use crate::Extraction;
use crate::error::Result;
use crate::grid::{Grid, Slot};
use crate::interpret::TableInfo;
use crate::reconcile::{Finding, Rule, Severity};
use crate::source::Unit;

/// A finding's message as HTML: its `code` spans as `<code>`, its word
/// diffs (`[-old-]{+new+}`) as `<del>` and `<ins>`, the rest as text. A
/// mark without its end stays as written.
pub fn rich(text: &str) -> Markup {
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
                let (before, inside) = (&rest[..at], &after[..end]);
                let marked = match *tag {
                    "code" => html! { (before) code { (inside) } },
                    "del" => html! { (before) del { (inside) } },
                    _ => html! { (before) ins { (inside) } },
                };
                out.push_str(&marked.into_string());
                rest = &after[end + close.len()..];
                from = 0;
            }
            // A mark without its end stays as written.
            None => from = at + open.len(),
        }
    }
    out.push_str(&html! { (rest) }.into_string());
    PreEscaped(out)
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

/// Writes a piece of the page.
fn put<W: std::fmt::Write>(s: &mut W, piece: Markup) {
    let _ = s.write_str(&piece.into_string());
}

/// The severities' sections of the findings, in order.
const SECTIONS: [(Severity, &str); 3] = [
    (Severity::Error, "Errors"),
    (Severity::Warning, "Warnings"),
    (Severity::Info, "Information"),
];

/// Writes the report into `s`, piece by piece.
pub fn render_into<W: std::fmt::Write>(s: &mut W, document: &str, ex: &Extraction) {
    let r = &ex.reconciliation;
    let _ = s.write_str("<!DOCTYPE html>\n<html lang=\"en\">\n");
    put(s, page_head(document));
    let _ = s.write_str("\n<body>\n");
    put(
        s,
        html! {
            h1 { "Reconciliation report: " (document) }
            p.summary { (summary_line(r)) "." }
            (contents(ex))
            (checks(r))
            h2 #findings { "Findings" }
            @if r.findings.is_empty() {
                p { "No findings: every check passed." }
            } @else {
                (filter(r))
            }
        },
    );
    let items = Items {
        grids: ex.grids.iter().map(|g| (g.index, g)).collect(),
        unit: r.unit,
    };
    findings(s, r, &items);
    put(s, html! { h2 #tables { "Tables" } });
    let info: HashMap<usize, &TableInfo> = ex.records.tables.iter().map(|t| (t.index, t)).collect();
    let marks = Marks::new(&r.findings);
    for grid in &ex.grids {
        table_section(s, grid, info.get(&grid.index).copied(), &marks);
    }
    put(s, html! { script { (PreEscaped(SCRIPT)) } });
    let _ = s.write_str("\n</body>\n</html>\n");
}

/// The page's `<head>`: the policy that lets nothing be fetched and no
/// script run but the page's own, the title, the style sheet.
fn page_head(document: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta http-equiv="Content-Security-Policy"
                content={ "default-src 'none'; style-src 'unsafe-inline'; script-src '" (script_hash()) "'" };
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { "Reconciliation report: " (document) }
            style { (PreEscaped(STYLE)) }
        }
    }
}

/// A table's caption after its number: ` — caption`, or nothing.
fn caption_suffix(grid: &Grid) -> String {
    grid.caption
        .as_ref()
        .map_or(String::new(), |c| format!(" — {}", c.text))
}

/// The table of contents: the sections, the findings by severity, then
/// every table.
fn contents(ex: &Extraction) -> Markup {
    let r = &ex.reconciliation;
    html! {
        nav.toc { ul {
            li { a href="#checks" { "Checks" } }
            li {
                a href="#findings" { "Findings" }
                ul {
                    @for (severity, title) in SECTIONS {
                        @let n = r.open().filter(|f| f.severity == severity).count();
                        @if n > 0 {
                            li { a href={ "#findings-" (severity.as_str()) } { (title) " (" (n) ")" } }
                        }
                    }
                    @if r.accepted() > 0 {
                        li { a href="#findings-accepted" { "Accepted (" (r.accepted()) ")" } }
                    }
                    @if !r.stale.is_empty() {
                        li { a href="#stale" { "Stale acceptances (" (r.stale.len()) ")" } }
                    }
                }
            }
            li {
                a href="#tables" { "Tables" }
                ul {
                    @for grid in &ex.grids {
                        li { a href={ "#t-" (grid.index) } { "Table " (grid.index) (caption_suffix(grid)) } }
                    }
                }
            }
        } }
    }
}

/// The checks: each rule, what it checks, how many passed and failed; a
/// rule with findings links to its first.
fn checks(r: &crate::reconcile::Reconciliation) -> Markup {
    html! {
        h2 #checks { "Checks" }
        div.scroll { table.checks {
            thead { tr { th { "rule" } th { "checks" } th { "passed" } th { "failed" } } }
            tbody {
                @for rule in Rule::ALL {
                    @let t = r.checks.get(&rule).copied().unwrap_or_default();
                    tr {
                        td {
                            @match r.findings.iter().find(|f| f.rule == rule) {
                                Some(f) => a href={ "#f-" (f.id) } { code { (rule.as_str()) } },
                                None => code { (rule.as_str()) },
                            }
                        }
                        td { (rule.describe()) }
                        td { (t.passed) }
                        td { (t.failed) }
                    }
                }
            }
        } }
    }
}

/// The filter: severities and rules as radio buttons, which a style sheet
/// of `:has()` rules obeys, so that it works without any script.
fn filter(r: &crate::reconcile::Reconciliation) -> Markup {
    let mut rules: Vec<Rule> = r.findings.iter().map(|f| f.rule).collect();
    rules.sort();
    rules.dedup();
    const SEVERITIES: [(&str, &str); 4] = [
        ("sev-error", "errors"),
        ("sev-warning", "warnings"),
        ("sev-info", "info"),
        ("accepted", "accepted"),
    ];
    let mut css = String::new();
    for (class, _) in SEVERITIES {
        css.push_str(&format!(
            "body:has(#show-{class}:checked) li.finding:not(.{class}) {{ display: none; }}\n"
        ));
    }
    for rule in &rules {
        let name = rule.as_str();
        css.push_str(&format!("body:has(#show-rule-{name}:checked) li.finding:not(.rule-{name}) {{ display: none; }}\n"));
    }
    html! {
        form.filter aria-label="filter the findings" {
            strong { "Show:" } " "
            label { input type="radio" name="sev" id="show-all" checked; "all" }
            @for (class, label) in SEVERITIES {
                label { input type="radio" name="sev" id={ "show-" (class) }; (label) }
            }
            strong { "Rule:" } " "
            label { input type="radio" name="rule" id="rule-all" checked; "all" }
            @for rule in &rules {
                label { input type="radio" name="rule" id={ "show-rule-" (rule.as_str()) }; code { (rule.as_str()) } }
            }
        }
        style { (PreEscaped(css)) }
    }
}

/// The findings, by severity, then the accepted ones and the stale
/// acceptances: a finding at a time, however many there are.
fn findings<W: std::fmt::Write>(s: &mut W, r: &crate::reconcile::Reconciliation, items: &Items) {
    let heading = |id: String, title: &str, n: usize| {
        html! { h3 id=(id) { (title) " (" (n) ")" } }
    };
    for (severity, title) in SECTIONS {
        let n = r.open().filter(|f| f.severity == severity).count();
        if n == 0 {
            continue;
        }
        put(
            s,
            heading(format!("findings-{}", severity.as_str()), title, n),
        );
        let _ = s.write_str("<ol class=\"findings\">");
        for f in r.open().filter(|f| f.severity == severity) {
            put(s, finding_item(items, f));
        }
        let _ = s.write_str("</ol>\n");
    }
    if r.accepted() > 0 {
        put(
            s,
            heading("findings-accepted".into(), "Accepted", r.accepted()),
        );
        let _ = s.write_str("<ol class=\"findings\">");
        for f in r.findings.iter().filter(|f| f.accepted.is_some()) {
            put(s, finding_item(items, f));
        }
        let _ = s.write_str("</ol>\n");
    }
    if !r.stale.is_empty() {
        put(
            s,
            html! {
                h3 #stale { "Stale acceptances (" (r.stale.len()) ")" }
                ul {
                    @for stale in &r.stale {
                        li { code { (stale.acceptance.file) ":" (stale.acceptance.line) } " " (rich(&stale.message())) }
                    }
                }
            },
        );
    }
}

/// What every finding of the list is drawn with: the tables, by index, and
/// what their lines count.
struct Items<'a> {
    grids: HashMap<usize, &'a Grid>,
    unit: Unit,
}

/// One finding of the list, with its values, its table excerpts, its places
/// grouped by table and row, notes and acceptance.
fn finding_item(items: &Items, f: &Finding) -> Markup {
    let sev = f.severity.as_str();
    html! {
        li id={ "f-" (f.id) } class={ "finding sev-" (sev) " rule-" (f.rule.as_str()) @if f.accepted.is_some() { " accepted" } } {
            span.badge { (sev) } " " code { (f.rule.as_str()) } " " (rich(&f.message))
            @if let Some(a) = &f.accepted {
                br; strong { "accepted" } " by " (a.by) " on " (a.date) ": " (a.reason) " "
                span.where { "(" (a.file) ":" (a.line) ")" }
            }
            @if f.expected.is_some() || f.found.is_some() {
                br; "expected " (shown_html(f.expected.as_deref())) ", found " (shown_html(f.found.as_deref()))
            }
            @for e in super::excerpt::excerpts(f, &items.grids) {
                (excerpt_html(&e, f.severity))
            }
            // The places, as `check` groups them: by table and row, a copy once.
            ul.places {
                @for (label, text) in super::terminal::places(&f.locations, items.unit) {
                    li { span.where { (label) ":" } " " (table_links(&text)) }
                }
            }
            @for note in &f.notes {
                br; em { "note:" } " " (note)
            }
            @if f.accepted.is_none() {
                // What the reviewers copy into orgtables.toml to accept it.
                details.accept { summary { "accept…" } pre { (crate::accepted::entry_text(f)) } }
            }
        }
        "\n"
    }
}

/// A finding's value as code, or `(empty)` (or `-`, not stated) in words.
fn shown_html(value: Option<&str>) -> Markup {
    html! {
        @match (value, Finding::shown(value)) {
            (_, None) => "-",
            (Some(v), Some(s)) if v == s => code { (v) },
            (_, Some(s)) => em { (s) },
        }
    }
}

/// Text with each `table N` a link to the table.
fn table_links(text: &str) -> Markup {
    use std::sync::LazyLock;
    static TABLE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\btable (\d+)").expect("valid pattern"));
    // The text before each `table N`, and N.
    let mut pieces: Vec<(&str, Option<&str>)> = Vec::new();
    let mut last = 0;
    for m in TABLE.captures_iter(text) {
        let (Some(whole), Some(n)) = (m.get(0), m.get(1)) else {
            continue;
        };
        pieces.push((&text[last..whole.start()], Some(n.as_str())));
        last = whole.end();
    }
    pieces.push((&text[last..], None));
    html! {
        @for (before, table) in pieces {
            (before)
            @if let Some(n) = table { a href={ "#t-" (n) } { "table " (n) } }
        }
    }
}

/// A finding's excerpt of one table: its header rows over the rows and
/// columns the finding names, the wrong cells marked apart from their
/// operands, each marked cell a link to its place in the full table.
fn excerpt_html(e: &super::excerpt::Excerpt, severity: Severity) -> Markup {
    use super::excerpt::Mark;
    let grid = e.grid;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let cell = |r: usize, c: usize| {
        let text = grid.text(r, c);
        let class = match e.mark(r, c) {
            Mark::Found => Some("found"),
            Mark::Operand => Some("operand"),
            Mark::None => None,
        };
        let content = html! {
            @if class.is_some() { a href={ "#c-" (grid.index) "-" (r) "-" (c) } { (text) } } @else { (text) }
        };
        let class = class.map(|c| format!("{c} sev-{}", severity.as_str()));
        html! {
            @if e.is_header(r) { th class=[class] { (content) } } @else { td class=[class] { (content) } }
        }
    };
    html! {
        div class="scroll excerpt" {
            table.excerpt {
                caption { a href={ "#t-" (grid.index) } { "Table " (grid.index) } }
                @for &r in &e.rows {
                    tr { @for &c in &e.columns { (cell(r, c)) } }
                }
            }
            @if e.more_rows + e.more_columns > 0 {
                p.where {
                    "and " (e.more_rows) " more row" (plural(e.more_rows)) ", "
                    (e.more_columns) " more column" (plural(e.more_columns)) " the finding names: see the table"
                }
            }
        }
    }
}

/// What the tables section marks: the number of each finding, the
/// findings on each cell and each table, the cells found wrong.
struct Marks<'a> {
    number: HashMap<&'a str, usize>,
    on_cell: HashMap<Slot3, Vec<&'a Finding>>,
    on_table: HashMap<usize, Vec<&'a Finding>>,
    /// The cells a finding calls wrong, apart from those it was checked
    /// against. Accepted findings paint no cell: what is left to fix
    /// stands out.
    found_at: HashSet<Slot3>,
}

impl<'a> Marks<'a> {
    fn new(findings: &'a [Finding]) -> Marks<'a> {
        let mut marks = Marks {
            number: findings
                .iter()
                .enumerate()
                .map(|(i, f)| (f.id.as_str(), i + 1))
                .collect(),
            on_cell: HashMap::new(),
            on_table: HashMap::new(),
            found_at: HashSet::new(),
        };
        // Findings come one after another: a cell or table one finding
        // names twice has it last in its list.
        fn add<'a, K: std::hash::Hash + Eq>(
            map: &mut HashMap<K, Vec<&'a Finding>>,
            key: K,
            f: &'a Finding,
        ) {
            let list = map.entry(key).or_default();
            if list.last().is_none_or(|g| g.id != f.id) {
                list.push(f);
            }
        }
        for f in findings {
            for (l, found) in f.locations.iter().zip(f.found_marks()) {
                if let (Some(row), Some(col), None) = (l.grid_row, l.col, &f.accepted) {
                    add(&mut marks.on_cell, (l.table, row, col), f);
                    if found {
                        marks.found_at.insert((l.table, row, col));
                    }
                }
                add(&mut marks.on_table, l.table, f);
            }
        }
        marks
    }

    fn number(&self, f: &Finding) -> usize {
        self.number.get(f.id.as_str()).copied().unwrap_or_default()
    }
}

/// One table's section: its heading, how it was recognised and repaired,
/// the table as the document writes it (a row at a time), and the findings
/// beside it.
fn table_section<W: std::fmt::Write>(
    s: &mut W,
    grid: &Grid,
    info: Option<&TableInfo>,
    marks: &Marks,
) {
    let findings = marks.on_table.get(&grid.index);
    let quote = |h: &str| html! { code { (h) } }.into_string();
    // The section and its boxes are opened and closed around the rows, which
    // are written one at a time; their tags hold no text but a number.
    let _ = write!(s, "\n<section id=\"t-{}\">", grid.index);
    // The heading and what is said of the table are one block that a
    // printed page does not split from the table's first rows.
    put(
        s,
        html! {
            div.table-head {
                h3 { "Table " (grid.index) (caption_suffix(grid)) " " span.where { "(" (grid.unit.at(grid.line)) ")" } }
                @if let Some(t) = info {
                    p.where { (PreEscaped(recognition_line(t, &quote))) }
                }
                @if !grid.repairs.is_empty() {
                    ul.repairs {
                        @for repair in &grid.repairs {
                            li { span.where { (grid.unit.at(repair.line)) } " " (repair.detail) }
                        }
                    }
                }
            }
        },
    );
    let _ = s.write_str("\n<div class=\"doc-table\"><div class=\"scroll\">");
    // A table no finding points into has no marked cell: no lookups.
    doc_table(s, grid, findings.map(|_| marks));
    let _ = s.write_str("</div>\n");
    if let Some(list) = findings {
        put(
            s,
            html! {
                ul.beside {
                    @for f in list {
                        li class={ "sev-" (f.severity.as_str()) } {
                            a href={ "#f-" (f.id) } { "[" (marks.number(f)) "]" } " " (rich(&f.message))
                        }
                    }
                }
            },
        );
    }
    let _ = s.write_str("</div></section>\n");
}

/// Where each slot's cell is in `grid.cells`. Every cell as written is shown
/// at its own place, a blank one that continues the cell above included.
/// The cells come in row order, so a cursor finds them without a map,
/// unless a hostile table broke the order.
struct Origins<'g> {
    grid: &'g Grid,
    map: Option<HashMap<(usize, usize), usize>>,
    cursor: usize,
}

impl<'g> Origins<'g> {
    fn new(grid: &'g Grid) -> Origins<'g> {
        let key = |i: usize| (grid.cells[i].row, grid.cells[i].col);
        let sorted = (0..grid.cells.len()).is_sorted_by_key(key);
        Origins {
            grid,
            map: (!sorted).then(|| (0..grid.cells.len()).map(|i| (key(i), i)).collect()),
            cursor: 0,
        }
    }

    fn at(&mut self, at: (usize, usize)) -> Option<usize> {
        if let Some(map) = &self.map {
            return map.get(&at).copied();
        }
        let cells = &self.grid.cells;
        let key = |i: usize| (cells[i].row, cells[i].col);
        while self.cursor < cells.len() && key(self.cursor) < at {
            self.cursor += 1;
        }
        // Of two cells placed at one slot, the later is shown.
        while self.cursor + 1 < cells.len() && key(self.cursor + 1) == at {
            self.cursor += 1;
        }
        (self.cursor < cells.len() && key(self.cursor) == at).then_some(self.cursor)
    }
}

/// The table as the document writes it, a row at a time. The header rows
/// are a `<thead>`, which stays in view while the table scrolls in its box
/// and is repeated on every printed page; the caption is its first row, so
/// that landing on a cell deep in a tall table, or on a page the table
/// continues on, the reader still sees which table and which columns.
fn doc_table<W: std::fmt::Write>(s: &mut W, grid: &Grid, marks: Option<&Marks>) {
    let head = grid.header_rows.min(grid.rows.len());
    let width = grid
        .rows
        .iter()
        .map(|r| r.slots.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let _ = s.write_str("<table class=\"doc\"><thead>");
    put(
        s,
        html! {
            tr.caption { th colspan=(width) { "Table " (grid.index) (caption_suffix(grid)) } }
        },
    );
    let mut origins = Origins::new(grid);
    for (r, row) in grid.rows.iter().enumerate() {
        if r == head {
            let _ = s.write_str("</thead><tbody>");
        }
        put(
            s,
            html! {
                tr {
                    @for (c, slot) in row.slots.iter().enumerate() {
                        @match origins.at((r, c)) {
                            Some(i) => (doc_cell(grid, (r, c), &grid.cells[i], marks)),
                            None => @if *slot == Slot::Empty { td {} },
                        }
                    }
                }
                "\n"
            },
        );
    }
    let _ = s.write_str(if head == grid.rows.len() {
        "</thead>"
    } else {
        "</tbody>"
    });
    let _ = s.write_str("</table>");
}

/// One cell at its slot: its text, and where findings name it, their mark
/// (the worst severity; wrong or checked against), their messages as a
/// title and a few links back.
fn doc_cell(
    grid: &Grid,
    (r, c): (usize, usize),
    cell: &crate::grid::Cell,
    marks: Option<&Marks>,
) -> Markup {
    let named = marks.and_then(|m| Some((m, m.on_cell.get(&(grid.index, r, c))?)));
    let (class, title) = match named {
        Some((m, list)) => {
            let worst = list
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(Severity::Info);
            // As many messages as links back: a cell that hundreds of
            // findings name would otherwise carry them all in each of its
            // copies.
            let mut titles: Vec<String> = list
                .iter()
                .take(MAX_BACKLINKS)
                .map(|f| format!("{}: {}", f.severity.as_str(), f.message))
                .collect();
            if list.len() > MAX_BACKLINKS {
                titles.push(format!("and {} more", list.len() - MAX_BACKLINKS));
            }
            let role = if m.found_at.contains(&(grid.index, r, c)) {
                "found"
            } else {
                "operand"
            };
            (
                Some(format!("{role} sev-{}", worst.as_str())),
                Some(titles.join("\n")),
            )
        }
        None => (None, None),
    };
    // A few links back; a cell many findings name says how many more (a
    // column of one repeated name can gather hundreds).
    let body = html! {
        (cell.source.text)
        @if let Some((m, list)) = named {
            @for f in list.iter().take(MAX_BACKLINKS) {
                sup { a href={ "#f-" (f.id) } { "[" (m.number(f)) "]" } }
            }
            @if list.len() > MAX_BACKLINKS {
                sup { " +" (list.len() - MAX_BACKLINKS) " more" }
            }
        }
    };
    let rowspan = (cell.height > 1).then_some(cell.height);
    let colspan = (cell.width > 1).then_some(cell.width);
    html! {
        @if r < grid.header_rows || cell.source.header {
            th id={ "c-" (grid.index) "-" (r) "-" (c) } rowspan=[rowspan] colspan=[colspan] class=[&class] title=[&title] { (body) }
        } @else {
            td id={ "c-" (grid.index) "-" (r) "-" (c) } rowspan=[rowspan] colspan=[colspan] class=[&class] title=[&title] { (body) }
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
    use super::{rich, table_links};

    #[test]
    fn messages_show_code_and_word_diffs_as_markup() {
        let rich = |t: &str| rich(t).into_string();
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
        assert_eq!(
            rich("<img src=x onerror=\"a('b')\">&"),
            "&lt;img src=x onerror=&quot;a('b')&quot;&gt;&amp;"
        );
    }

    #[test]
    fn places_link_their_tables_and_escape_the_rest() {
        assert_eq!(
            table_links("table 7 (line 101) & table 10 <x>").into_string(),
            "<a href=\"#t-7\">table 7</a> (line 101) &amp; <a href=\"#t-10\">table 10</a> &lt;x&gt;"
        );
        assert_eq!(table_links("no table").into_string(), "no table");
    }
}
