//! The outputs of `orgtables diff`, in one folder replaced whole as a
//! document's output folder is (`folder`): `diff.json` (the comparison),
//! `changes.csv` (a row per change), `diff.md` and a self-contained
//! `diff.html` (before and after side by side, what changed highlighted,
//! each change linked to its place in both revisions), and, for a side that
//! is a document, its report (`old-report.html`, `new-report.html`) for the
//! links to point into.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::report_md::code;
use super::{CsvSink, CsvStyle, FileText, Written, folder};
use crate::compare::facts::ENTITIES;
use crate::compare::{Change, ChangeKind, Diff, Place, Report, Side, run_text};
use crate::config::Options;
use crate::error::Result;
use crate::source::Unit;

/// The file names a diff folder holds.
pub const FILES: &[&str] = &[
    "diff.json",
    "changes.csv",
    "diff.md",
    "diff.html",
    "old-report.html",
    "new-report.html",
];

/// Writes the diff into the folder `target` (replacing a folder the tool
/// wrote, refusing anything else), with `opts`' CSV style, flushing and
/// inputs to protect.
pub fn write_diff(
    target: &Path,
    diff: &Diff,
    old: &Side,
    new: &Side,
    opts: &Options,
) -> Result<Written> {
    folder::check_target(target, &opts.inputs)?;
    folder::set_writeback(opts.sync);
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    folder::remove_stale(&parent);
    let staging = folder::Staging::new(&parent, target.to_path_buf())?;
    let dir = staging.path();
    let style = CsvStyle {
        dialect: opts.csv,
        formula_guard: opts.formula_guard,
    };
    let links = [("old", old), ("new", new)].map(|(which, side)| report_link(target, which, side));
    for ((which, side), link) in [("old", old), ("new", new)].iter().zip(&links) {
        if let (Report::Extraction(ex), Some(_)) = (&side.report, link) {
            super::report_html::write_report(
                &dir.join(format!("{which}-report.html")),
                &side.name,
                ex,
            )?;
        }
    }
    super::json::write_json(&dir.join("diff.json"), diff, 2)?;
    write_changes(&dir.join("changes.csv"), diff, style)?;
    let mut md = FileText::create(&dir.join("diff.md"))?;
    render_md(&mut md, diff);
    md.finish()?;
    let mut html = FileText::create(&dir.join("diff.html"))?;
    render_html(&mut html, diff, &links);
    html.finish()?;
    if opts.sync {
        folder::flush(dir)?;
    }
    let mut notes = Vec::new();
    let dir = staging.commit(&opts.inputs, &mut notes)?;
    Ok(Written { dir, notes })
}

/// Where `diff.html` links a side's places to: its report beside the diff
/// (a document), or its output folder's report, relative to the diff
/// folder where it can be.
fn report_link(target: &Path, which: &str, side: &Side) -> Option<String> {
    match &side.report {
        Report::Extraction(_) => Some(format!("{which}-report.html")),
        Report::File(path) => Some(relative_url(target, path)),
        Report::None => None,
    }
}

/// `path` as a URL relative to the folder `from` (`../old/report.html`),
/// else as an absolute `file:` URL.
fn relative_url(from: &Path, path: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).ok().map(|p| normal(&p));
    let encode = |parts: Vec<String>| {
        parts
            .iter()
            .map(|p| percent(p))
            .collect::<Vec<_>>()
            .join("/")
    };
    let (Some(from), Some(to)) = (absolute(from), absolute(path)) else {
        return percent(&path.to_string_lossy());
    };
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return format!("file:///{}", encode(to));
    }
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    encode(parts)
}

/// A path's parts, `.` and `..` resolved by name (as a browser resolves a
/// URL, links aside).
fn normal(path: &Path) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

/// Percent-encodes what a URL path may not hold as it is.
fn percent(part: &str) -> String {
    let mut out = String::new();
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn place_cells(p: &Option<Place>) -> [String; 2] {
    match p {
        Some(p) => [p.table.to_string(), p.line.to_string()],
        None => [String::new(), String::new()],
    }
}

/// `changes.csv`: a row per change.
fn write_changes(path: &Path, diff: &Diff, style: CsvStyle) -> Result<()> {
    let mut out = CsvSink::create(path, style)?;
    out.row([
        "entity",
        "key",
        "field",
        "change",
        "before",
        "after",
        "detail",
        "severity",
        "old_table",
        "old_line",
        "new_table",
        "new_line",
    ])?;
    for c in &diff.changes {
        let [old_table, old_line] = place_cells(&c.old_place);
        let [new_table, new_line] = place_cells(&c.new_place);
        out.row([
            c.entity,
            &c.key,
            &c.field,
            c.kind.as_str(),
            &c.before,
            &c.after,
            &c.detail,
            c.severity.as_deref().unwrap_or(""),
            &old_table,
            &old_line,
            &new_table,
            &new_line,
        ])?;
    }
    out.finish()
}

/// The heading of an entity's section.
fn title(entity: &str) -> &'static str {
    match entity {
        "table" => "Tables",
        "group" => "Groups",
        "member" => "Members",
        "position" => "Positions",
        "office" => "Offices",
        "total" => "Stated totals",
        "overall" => "Overall summary",
        "function" => "Functions",
        "mission" => "Missions",
        _ => "Findings",
    }
}

/// The runs of changes (a fact's changed fields together) by kind of fact,
/// in [`ENTITIES`] order.
fn sections(diff: &Diff) -> Vec<(&'static str, Vec<&[Change]>)> {
    let runs = diff.runs();
    ENTITIES
        .iter()
        .map(|e| {
            (
                *e,
                runs.iter()
                    .filter(|r| r[0].entity == *e)
                    .copied()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

fn cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

fn line_of(p: &Option<Place>) -> String {
    p.as_ref().map_or("-".to_string(), |p| p.line.to_string())
}

/// `diff.md`: the summary, then a table of changes per kind of fact.
fn render_md<W: std::fmt::Write>(s: &mut W, diff: &Diff) {
    let _ = writeln!(
        s,
        "# Changes from {} to {}\n",
        code(&diff.old),
        code(&diff.new)
    );
    let _ = writeln!(s, "{}.\n", diff.summary());
    for (entity, changes) in sections(diff) {
        let _ = writeln!(s, "## {}\n", title(entity));
        let _ = writeln!(s, "| change | key | what | old line | new line |");
        let _ = writeln!(s, "|---|---|---|---:|---:|");
        for run in changes {
            let c = &run[0];
            let what = match c.severity.as_deref() {
                Some(sev) => format!("{sev}: {}", run_text(run)),
                None => run_text(run),
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                c.kind.as_str(),
                cell(&c.key),
                cell(&what),
                line_of(&c.old_place),
                line_of(&c.new_place)
            );
        }
        let _ = writeln!(s);
    }
    if !diff.persisting.is_empty() {
        let _ = writeln!(s, "## Findings in both revisions, unchanged\n");
        for id in &diff.persisting {
            let _ = writeln!(s, "- {}", code(id));
        }
    }
}

const STYLE: &str = "
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
h1, th { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5em 0; width: 100%; }
td, th { border: 1px solid #bbb; padding: .25em .5em; vertical-align: top; }
th { background: #f3f3f3; text-align: left; }
th:first-child { white-space: nowrap; }
td.before, td.after { width: 32%; white-space: pre-line; }
del { background: #ffd7d7; text-decoration: line-through; }
ins { background: #d4f7d4; text-decoration: none; }
.kind { font-weight: bold; white-space: nowrap; }
.k-added, .k-new { color: #1b6e1b; } .k-removed, .k-resolved { color: #8a1f1f; }
.k-changed, .k-moved, .k-diverged { color: #7a4b00; }
.key { font-family: ui-monospace, monospace; font-size: .9em; }
.where, .detail { color: #555; font-size: .9em; }
.where { white-space: nowrap; }
:target { box-shadow: 0 0 0 4px #7b2cbf; }
";

/// `diff.html`: one self-contained page (no script, no external asset, a
/// Content-Security-Policy that forbids any fetch), each change a row with
/// the old and the new value side by side and what changed highlighted.
/// Written with maud's `html!`, which escapes every value it is handed; a
/// section at a time.
fn render_html<W: std::fmt::Write>(s: &mut W, diff: &Diff, links: &[Option<String>; 2]) {
    let heading = format!("Changes from {} to {}", diff.old, diff.new);
    let put = |s: &mut W, m: Markup| {
        let _ = s.write_str(&m.into_string());
    };
    put(
        s,
        html! {
            (DOCTYPE) "\n"
        },
    );
    let _ = s.write_str("<html lang=\"en\">");
    put(
        s,
        html! {
            head {
                meta charset="utf-8";
                "\n"
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'";
                "\n"
                title { (heading) }
                style { (PreEscaped(STYLE)) }
            }
        },
    );
    let _ = s.write_str("<body>\n");
    put(
        s,
        html! {
            h1 { (heading) } "\n"
            p.summary { (diff.summary()) "." } "\n"
        },
    );
    let names = [&diff.old, &diff.new];
    for (entity, runs) in sections(diff) {
        put(
            s,
            html! {
                section id=(entity) {
                    h2 { (title(entity)) " (" (runs.len()) ")" } "\n"
                    div.scroll { table {
                        thead { tr {
                            th { "change" } th { "fact" } th { "old: " (names[0]) } th { "new: " (names[1]) } th { "where" }
                        } }
                        tbody {
                            @for run in &runs { (change_row(run, links, diff.units)) "\n" }
                        }
                    } }
                }
                "\n"
            },
        );
    }
    if !diff.persisting.is_empty() {
        put(
            s,
            html! {
                section #persisting {
                    h2 { "Findings in both revisions, unchanged (" (diff.persisting.len()) ")" }
                    ul {
                        @for id in &diff.persisting {
                            li {
                                @match &links[1] {
                                    Some(link) => a href={ (link) "#f-" (id) } { (id) },
                                    None => (id),
                                }
                            }
                        }
                    }
                }
                "\n"
            },
        );
    }
    let _ = s.write_str("</body></html>\n");
}

/// One change (a fact's changed fields together): its kind, the fact, the
/// old and the new values side by side, where it stands.
fn change_row(run: &[Change], links: &[Option<String>; 2], units: [Unit; 2]) -> Markup {
    let c = &run[0];
    let changed_finding = c.entity == "finding" && c.kind == ChangeKind::Changed;
    // A changed finding shows each value that changed; a fact of several
    // changed fields, each field.
    let by_field = |side: usize| {
        html! {
            @for c in run.iter().filter(|c| !changed_finding || c.entity == "finding" && c.kind == ChangeKind::Changed) {
                @let values = highlighted(c);
                div { (c.field) ": " (if side == 0 { &values.0 } else { &values.1 }) }
            }
        }
    };
    let (before, after) = if run.len() == 1 && !changed_finding {
        highlighted(c)
    } else {
        (by_field(0), by_field(1))
    };
    let detail = !(c.detail.is_empty()
        || matches!(
            c.kind,
            ChangeKind::Reworded | ChangeKind::CaseOnly | ChangeKind::PunctuationOnly
        ));
    let field = run.len() == 1 && !(c.field.is_empty() || c.entity == "finding");
    html! {
        tr {
            td class={ "kind k-" (c.kind.as_str()) } {
                (c.kind.as_str())
                @if let Some(sev) = &c.severity { " (" (sev) ")" }
            }
            td.key { (c.key) @if field { br; (c.field) } }
            td.before { (before) }
            td.after { (after) @if detail { div.detail { (c.detail) } } }
            td.where { (places_html(c, links, units)) }
        }
    }
}

/// The old and the new value as HTML, what changed marked: the words that
/// differ in a wording, the whole value otherwise.
fn highlighted(c: &Change) -> (Markup, Markup) {
    let mark = |deleted: bool, v: &str| {
        html! {
            @if v.is_empty() {} @else if deleted { del { (v) } } @else { ins { (v) } }
        }
    };
    match c.kind {
        ChangeKind::Reworded | ChangeKind::CaseOnly | ChangeKind::PunctuationOnly => {
            word_marks(&c.before, &c.after)
        }
        ChangeKind::New => (html! {}, html! { ins { strong { (c.detail) } } }),
        ChangeKind::Resolved => (html! { del { strong { (c.detail) } } }, html! {}),
        _ => (mark(true, &c.before), mark(false, &c.after)),
    }
}

/// Two wordings with the words only one has marked (`<del>` in the old,
/// `<ins>` in the new).
fn word_marks(old: &str, new: &str) -> (Markup, Markup) {
    use similar::{ChangeTag, TextDiff};
    let (mut a, mut b) = (String::new(), String::new());
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let v = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                a.push_str(&html! { (v) }.into_string());
                b.push_str(&html! { (v) }.into_string());
            }
            ChangeTag::Delete => a.push_str(&html! { del { (v) } }.into_string()),
            ChangeTag::Insert => b.push_str(&html! { ins { (v) } }.into_string()),
        }
    }
    // Neighbouring marked words are one mark.
    (
        PreEscaped(a.replace("</del><del>", "")),
        PreEscaped(b.replace("</ins><ins>", "")),
    )
}

/// `old line 59 → new line 57`, each a link into its side's report.
fn places_html(c: &Change, links: &[Option<String>; 2], units: [Unit; 2]) -> Markup {
    let place = |i: usize, place: &Option<Place>| -> Option<Markup> {
        let p = place.as_ref()?;
        let text = format!("{} {}", ["old", "new"][i], units[i].at(p.line));
        let anchor = if c.entity == "finding" {
            Some(format!("f-{}", c.key))
        } else {
            p.anchor()
        };
        Some(match (&links[i], anchor) {
            (Some(link), Some(anchor)) => html! { a href={ (link) "#" (anchor) } { (text) } },
            _ => html! { (text) },
        })
    };
    let places: Vec<Markup> = [place(0, &c.old_place), place(1, &c.new_place)]
        .into_iter()
        .flatten()
        .collect();
    html! {
        @for (i, p) in places.iter().enumerate() {
            @if i > 0 { " → " }
            (p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_diff_folder() {
        assert_eq!(
            relative_url(
                Path::new("/w/out/diff"),
                Path::new("/w/out/old run/report.html")
            ),
            "../old%20run/report.html"
        );
        assert_eq!(
            relative_url(
                Path::new("/w/out/diff"),
                Path::new("/w/out/diff/../v1/./report.html")
            ),
            "../v1/report.html"
        );
    }

    #[test]
    fn reworded_wordings_mark_the_words() {
        let (old, new) = word_marks("Gestione del credito", "Gestione <del> credito e conti");
        assert_eq!(
            (old.into_string(), new.into_string()),
            (
                "Gestione <del>del</del> credito".to_string(),
                "Gestione <ins>&lt;del&gt;</ins> credito<ins> e conti</ins>".to_string()
            )
        );
    }
}
