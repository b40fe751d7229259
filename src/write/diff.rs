//! The outputs of `orgtables diff`, in one folder replaced whole as a
//! document's output folder is (`folder`): `diff.json` (the comparison),
//! `changes.csv` (a row per change), `diff.md` and a self-contained
//! `diff.html` (before and after side by side, what changed highlighted,
//! each change linked to its place in both revisions), and, for a side that
//! is a document, its report (`old-report.html`, `new-report.html`) for the
//! links to point into.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use super::report_html::escape;
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
fn render_html<W: std::fmt::Write>(s: &mut W, diff: &Diff, links: &[Option<String>; 2]) {
    let heading = format!("Changes from {} to {}", diff.old, diff.new);
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title><style>{STYLE}</style></head><body>",
        escape(&heading)
    );
    let _ = writeln!(
        s,
        "<h1>{}</h1>\n<p class=\"summary\">{}.</p>",
        escape(&heading),
        escape(&diff.summary())
    );
    let names = [&diff.old, &diff.new];
    for (entity, runs) in sections(diff) {
        let _ = writeln!(
            s,
            "<section id=\"{entity}\"><h2>{} ({})</h2>",
            title(entity),
            runs.len()
        );
        let _ = writeln!(
            s,
            "<div class=\"scroll\"><table><thead><tr><th>change</th><th>fact</th><th>old: {}</th><th>new: {}</th><th>where</th></tr></thead><tbody>",
            escape(names[0]),
            escape(names[1])
        );
        for run in runs {
            let c = &run[0];
            let (before, after) =
                if run.len() == 1 || c.entity == "finding" && c.kind == ChangeKind::Changed {
                    let (before, after) = highlighted(c);
                    // A changed finding: its message, then each value that changed.
                    let fields = |before: bool| -> String {
                        run.iter()
                            .filter(|c| c.entity == "finding" && c.kind == ChangeKind::Changed)
                            .map(|c| {
                                let (b, a) = highlighted(c);
                                format!(
                                    "<div>{}: {}</div>",
                                    escape(&c.field),
                                    if before { b } else { a }
                                )
                            })
                            .collect()
                    };
                    match c.entity == "finding" && c.kind == ChangeKind::Changed {
                        true => (fields(true), fields(false)),
                        false => (before, after),
                    }
                } else {
                    let mut pair = (String::new(), String::new());
                    for c in run {
                        let (b, a) = highlighted(c);
                        let _ = write!(pair.0, "<div>{}: {b}</div>", escape(&c.field));
                        let _ = write!(pair.1, "<div>{}: {a}</div>", escape(&c.field));
                    }
                    pair
                };
            let detail = match (c.kind, c.detail.is_empty()) {
                (ChangeKind::Reworded | ChangeKind::CaseOnly | ChangeKind::PunctuationOnly, _)
                | (_, true) => String::new(),
                _ => format!("<div class=\"detail\">{}</div>", escape(&c.detail)),
            };
            let field = match (run.len(), c.field.is_empty() || c.entity == "finding") {
                (1, false) => format!("<br>{}", escape(&c.field)),
                _ => String::new(),
            };
            let sev = c
                .severity
                .as_deref()
                .map_or(String::new(), |s| format!(" ({})", escape(s)));
            let _ = writeln!(
                s,
                "<tr><td class=\"kind k-{k}\">{k}{sev}</td><td class=\"key\">{}{field}</td><td class=\"before\">{before}</td><td class=\"after\">{after}{detail}</td><td class=\"where\">{}</td></tr>",
                escape(&c.key),
                places_html(c, links, diff.units),
                k = c.kind.as_str(),
            );
        }
        let _ = writeln!(s, "</tbody></table></div></section>");
    }
    if !diff.persisting.is_empty() {
        let _ = writeln!(
            s,
            "<section id=\"persisting\"><h2>Findings in both revisions, unchanged ({})</h2><ul>",
            diff.persisting.len()
        );
        for id in &diff.persisting {
            let _ = match &links[1] {
                Some(link) => writeln!(
                    s,
                    "<li><a href=\"{}#f-{}\">{}</a></li>",
                    escape(link),
                    escape(id),
                    escape(id)
                ),
                None => writeln!(s, "<li>{}</li>", escape(id)),
            };
        }
        let _ = writeln!(s, "</ul></section>");
    }
    let _ = writeln!(s, "</body></html>");
}

/// The old and the new value as HTML, what changed marked: the words that
/// differ in a wording, the whole value otherwise.
fn highlighted(c: &Change) -> (String, String) {
    match c.kind {
        ChangeKind::Reworded | ChangeKind::CaseOnly | ChangeKind::PunctuationOnly => {
            word_marks(&c.before, &c.after)
        }
        ChangeKind::New | ChangeKind::Resolved => {
            let text = format!("<strong>{}</strong>", escape(&c.detail));
            if c.kind == ChangeKind::New {
                (String::new(), format!("<ins>{text}</ins>"))
            } else {
                (format!("<del>{text}</del>"), String::new())
            }
        }
        _ => {
            let mark = |tag: &str, v: &str| {
                if v.is_empty() {
                    String::new()
                } else {
                    format!("<{tag}>{}</{tag}>", escape(v))
                }
            };
            (mark("del", &c.before), mark("ins", &c.after))
        }
    }
}

/// Two wordings with the words only one has marked (`<del>` in the old,
/// `<ins>` in the new).
fn word_marks(old: &str, new: &str) -> (String, String) {
    use similar::{ChangeTag, TextDiff};
    let (mut a, mut b) = (String::new(), String::new());
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let v = escape(change.value());
        match change.tag() {
            ChangeTag::Equal => {
                a.push_str(&v);
                b.push_str(&v);
            }
            ChangeTag::Delete => {
                let _ = write!(a, "<del>{v}</del>");
            }
            ChangeTag::Insert => {
                let _ = write!(b, "<ins>{v}</ins>");
            }
        }
    }
    (a.replace("</del><del>", ""), b.replace("</ins><ins>", ""))
}

/// `old line 59 → new line 57`, each a link into its side's report.
fn places_html(c: &Change, links: &[Option<String>; 2], units: [Unit; 2]) -> String {
    let one = |i: usize, place: &Option<Place>| -> Option<String> {
        let p = place.as_ref()?;
        let text = format!("{} {}", ["old", "new"][i], units[i].at(p.line));
        let anchor = if c.entity == "finding" {
            Some(format!("f-{}", c.key))
        } else {
            p.anchor()
        };
        Some(match (&links[i], anchor) {
            (Some(link), Some(anchor)) => format!(
                "<a href=\"{}#{}\">{text}</a>",
                escape(link),
                escape(&anchor)
            ),
            _ => text,
        })
    };
    [one(0, &c.old_place), one(1, &c.new_place)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" → ")
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
        assert_eq!(
            word_marks("Gestione del credito", "Gestione <del> credito e conti"),
            (
                "Gestione <del>del</del> credito".to_string(),
                "Gestione <ins>&lt;del&gt;</ins> credito<ins> e conti</ins>".to_string()
            )
        );
    }
}
