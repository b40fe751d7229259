//! The corpus of revisions, as data: each folder of `tests/corpus/` holds a
//! document (`input.md`, `input.html`, `input.docx` or `input.odt`), how it was made (`SOURCE`), what
//! the tool must read from it (`expected.txt`: its tables, records, repairs
//! and findings, one a line, each with the table and line it comes from) and
//! what else must hold (`case.txt`). One test runs them all, in the spirit
//! of pulldown-cmark's spec files: a new revision case is a folder, not code.
//!
//! `case.txt` holds lines of `key value`:
//! - `same-as CASE`: the records and findings equal those of another case,
//!   the places they come from aside (an export of the seed reads as the
//!   seed);
//! - `same-meaning-as CASE`: the same, but for the labels and headers a
//!   revision rewords (`Tot. dirigenti` for `Totale Dirigenti`), which the
//!   records keep as written: finding ids included;
//! - `same-shape-as CASE`: the same figures, codes, kinds and rules, every
//!   text as written aside (a translation of the seed): finding ids aside;
//! - `max-severity info|warning|error`: no finding above it;
//! - `check-exit N`: `orgtables check` on the document exits with N;
//! - `vocabulary FILE`: read the document with this vocabulary file (in the
//!   case's folder) added to the built-in one;
//! - `interpreted N of M`: N of the document's M tables are of a kind.
//!
//! After a deliberate change, `UPDATE_CORPUS=1 cargo test --test corpus`
//! rewrites the `expected.txt` files; review the diff before committing.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use orgtables::interpret::Records;
use orgtables::reconcile::{Reconciliation, Severity};
use orgtables::source::Document;

fn num(v: f64) -> String {
    orgtables::interpret::values::format_number(v, '.')
}

fn opt(v: Option<f64>) -> String {
    v.map_or("-".to_string(), num)
}

fn fascia(f: Option<orgtables::interpret::Fascia>) -> &'static str {
    f.map_or("-", |f| f.as_str())
}

/// What the tool read, one fact a line; ` @table:line` ends each line that
/// comes from a place.
fn project(ex: &orgtables::Extraction) -> String {
    let mut out = String::new();
    let r: &Records = &ex.records;
    for t in &r.tables {
        let kind = serde_json::to_value(t.kind).unwrap();
        let _ = writeln!(
            out,
            "table {} {} {}{}{} {:?} @{}",
            t.index,
            kind.as_str().unwrap(),
            t.level.map_or("-", |l| l.as_str()),
            t.continues
                .map_or(String::new(), |c| format!(" continues {c}")),
            t.copy_of.map_or(String::new(), |c| format!(
                " copy of {c} {}",
                if t.identical {
                    "identical"
                } else {
                    "differing"
                }
            )),
            t.caption.as_deref().unwrap_or(""),
            t.line
        );
    }
    for g in &ex.grids {
        for repair in &g.repairs {
            let kind = serde_json::to_value(repair.kind).unwrap();
            let _ = writeln!(
                out,
                "repair {} {}: {} @{}:{}",
                g.index,
                kind.as_str().unwrap(),
                repair.detail,
                g.index,
                repair.line
            );
        }
    }
    for p in &r.positions {
        let _ = writeln!(
            out,
            "position {} {} {:?} sub {} fascia {}: structures {} per {} stated {}{}{} @{}:{}",
            p.level.as_str(),
            p.source.as_str(),
            p.group,
            p.subgroup,
            fascia(p.fascia),
            opt(p.structures),
            opt(p.per_structure),
            opt(p.total_stated),
            p.marker
                .as_ref()
                .map_or(String::new(), |m| format!(" marker {m}")),
            p.aggregates.as_ref().map_or(String::new(), |a| format!(
                " aggregates table {} sub {:?} per-structure {}",
                a.detail_table,
                a.subgroups,
                serde_json::to_value(a.per_structure).unwrap()
            )),
            p.table,
            p.line
        );
    }
    for m in &r.members {
        let _ = writeln!(
            out,
            "member {} {} {:?} sub {}: {:?} {} {} {}{} @{}:{}",
            m.level.as_str(),
            m.source.as_str(),
            m.group,
            m.subgroup.map_or("-".to_string(), |s| s.to_string()),
            m.member,
            m.kind.as_str(),
            m.count,
            m.code.as_deref().unwrap_or("-"),
            m.via
                .as_ref()
                .map_or(String::new(), |v| format!(" via {v:?}")),
            m.table,
            m.line
        );
    }
    for o in &r.offices {
        let fasce: Vec<&str> = o.fasce.iter().map(|f| f.as_str()).collect();
        let _ = writeln!(
            out,
            "office {} {:?} sub {} fasce {}: {:?} [{}] {}{} @{}:{}",
            o.level.as_str(),
            o.group,
            o.subgroup.map_or("-".to_string(), |s| s.to_string()),
            fasce.join(","),
            o.office,
            o.scope.join("; "),
            opt(o.count),
            if o.count_is_max { " max" } else { "" },
            o.table,
            o.line
        );
    }
    for t in &r.totals {
        let _ = writeln!(
            out,
            "total {} {} {:?} fascia {}: {}{} {:?} read as {:?} @{}:{}",
            t.level.as_str(),
            t.source.as_str(),
            t.of,
            fascia(t.fascia),
            num(t.value),
            t.marker.as_deref().unwrap_or(""),
            t.label,
            t.read_as,
            t.table,
            t.line
        );
    }
    for o in &r.overall {
        let _ = writeln!(
            out,
            "overall {:?} {:?} fascia {}: {}{} @{}:{}",
            o.scope,
            o.label,
            fascia(o.fascia),
            num(o.value),
            o.marker.as_deref().unwrap_or(""),
            o.table,
            o.line
        );
    }
    for f in &r.functions {
        let _ = writeln!(
            out,
            "function {:?} {:?} / {:?}: {:?} @{}:{}",
            f.source, f.structure, f.area, f.activity, f.table, f.line
        );
    }
    for m in &r.missions {
        let _ = writeln!(
            out,
            "mission {:?}: {:?} @0:{}",
            m.structure, m.mission, m.line
        );
    }
    for n in &r.footnotes {
        let _ = writeln!(
            out,
            "footnote {:?}: {:?} on {} cells",
            n.marker,
            n.text.as_deref().unwrap_or("-"),
            n.cells.len()
        );
    }
    for o in &r.observations {
        let kind = serde_json::to_value(o.kind).unwrap();
        let _ = writeln!(
            out,
            "observation {} {:?}: expected {:?} found {:?} @{}:{}",
            kind.as_str().unwrap(),
            o.subject,
            o.expected.as_deref().unwrap_or("-"),
            o.found.as_deref().unwrap_or("-"),
            o.cell.table,
            o.cell.line
        );
    }
    let rec: &Reconciliation = &ex.reconciliation;
    for f in &rec.findings {
        let place = f
            .locations
            .first()
            .map_or("@0:0".to_string(), |l| format!("@{}:{}", l.table, l.line));
        let _ = writeln!(
            out,
            "finding {} {} {}: expected {:?} found {:?} {place}",
            f.severity.as_str(),
            f.rule.as_str(),
            f.id,
            f.expected.as_deref().unwrap_or("-"),
            f.found.as_deref().unwrap_or("-"),
        );
    }
    out
}

/// The facts of a projection, without the places they come from, sorted:
/// what two renditions of one document must share.
fn facts(projection: &str) -> Vec<String> {
    let mut facts: Vec<String> = projection
        .lines()
        .filter(|l| !l.starts_with("table ") && !l.starts_with("repair "))
        .map(|l| match l.rfind(" @") {
            Some(at) => l[..at].to_string(),
            None => l.to_string(),
        })
        .collect();
    facts.sort();
    facts
}

/// The facts with the labels and headers of totals rows, overall rows and
/// misaligned rows masked: what a reworded revision must share.
fn meaning(facts: &[String]) -> Vec<String> {
    let quoted = regex::Regex::new(r#""(?:[^"\\]|\\.)*""#).unwrap();
    let mut out: Vec<String> = facts
        .iter()
        .map(|f| {
            let kind = f.split(' ').next().unwrap_or_default();
            let misaligned = f.contains(" misaligned-row ");
            if kind == "total" || kind == "overall" || misaligned {
                quoted.replace_all(f, "_").into_owned()
            } else {
                f.clone()
            }
        })
        .collect();
    out.sort();
    out
}

/// The facts with every text masked but figures and codes, and finding ids
/// masked: what a translation must share.
fn shape(facts: &[String]) -> Vec<String> {
    let quoted = regex::Regex::new(r#""(?:[^"\\]|\\.)*""#).unwrap();
    let figure = regex::Regex::new(r"^-?[0-9.,]+$").unwrap();
    let id = regex::Regex::new(r" [a-z-]+-[0-9a-f]{16}(-[0-9]+)?:").unwrap();
    let scope = regex::Regex::new(r"\[[^\]]*\]").unwrap();
    let mut out: Vec<String> = facts
        .iter()
        .map(|f| {
            let f = id.replace_all(f, " _:");
            let f = scope.replace_all(&f, "[_]");
            quoted
                .replace_all(&f, |c: &regex::Captures| {
                    let inner = c[0].trim_matches('"');
                    if figure.is_match(inner) {
                        c[0].to_string()
                    } else {
                        "_".to_string()
                    }
                })
                .into_owned()
        })
        .collect();
    out.sort();
    out
}

fn input_of(dir: &Path) -> Option<PathBuf> {
    ["input.md", "input.html", "input.docx", "input.odt"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
}

fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(2)
        .header("expected", "actual")
        .to_string()
}

#[test]
fn corpus() {
    let root = common::repo().join("tests/corpus");
    let update = std::env::var_os("UPDATE_CORPUS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| input_of(p).is_some())
        .collect();
    cases.sort();
    assert!(cases.len() >= 19, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for dir in &cases {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let input = input_of(dir).unwrap();
        let options = std::fs::read_to_string(dir.join("case.txt")).unwrap_or_default();
        let vocabulary = options
            .lines()
            .find_map(|l| l.strip_prefix("vocabulary "))
            .map(|f| dir.join(f.trim()));
        let lex = orgtables::lexicon::Lexicon::load(vocabulary.as_deref(), None).unwrap();
        let bytes = std::fs::read(&input).unwrap();
        let file = input.file_name().unwrap().to_string_lossy().into_owned();
        let doc = Document::from_bytes(&file, "input", &bytes, None).unwrap();
        let ex = orgtables::process_with(&doc, &lex).unwrap();
        let actual = project(&ex);
        let expected_path = dir.join("expected.txt");
        if update {
            std::fs::write(&expected_path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name}: records differ\n{}",
                diff(&expected, &actual)
            ));
        }
        for line in options.lines() {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "same-as" | "same-meaning-as" | "same-shape-as" => {
                    let other = std::fs::read_to_string(root.join(value).join("expected.txt"))
                        .unwrap_or_default();
                    let view = match key {
                        "same-as" => |f: &[String]| f.to_vec(),
                        "same-meaning-as" => meaning,
                        _ => shape,
                    };
                    let want = view(&facts(&other)).join("\n");
                    let got = view(&facts(&actual)).join("\n");
                    if want != got {
                        failures.push(format!(
                            "{name}: not the same facts as {value} ({key})\n{}",
                            diff(&want, &got)
                        ));
                    }
                }
                "max-severity" => {
                    let limit = match value {
                        "info" => Severity::Info,
                        "warning" => Severity::Warning,
                        _ => Severity::Error,
                    };
                    let over: Vec<String> = ex
                        .reconciliation
                        .findings
                        .iter()
                        .filter(|f| f.severity > limit)
                        .map(|f| {
                            format!("{} {}: {}", f.severity.as_str(), f.rule.as_str(), f.message)
                        })
                        .collect();
                    if !over.is_empty() {
                        failures.push(format!("{name}: findings above {value}: {over:#?}"));
                    }
                }
                "interpreted" => {
                    let got = format!(
                        "{} of {}",
                        ex.reconciliation.interpreted, ex.reconciliation.tables
                    );
                    if got != value {
                        failures.push(format!("{name}: {got} tables interpreted, not {value}"));
                    }
                }
                "check-exit" => {
                    let mut all = vec!["check", input.to_str().unwrap()];
                    if let Some(v) = &vocabulary {
                        all.extend(["--vocabulary", v.to_str().unwrap()]);
                    }
                    let out = common::orgtables(dir, &all, None);
                    let want: i32 = value.parse().unwrap();
                    if out.status != want {
                        failures.push(format!(
                            "{name}: check exited {} instead of {want}\n{}",
                            out.status, out.stderr
                        ));
                    }
                }
                "vocabulary" | "" => {}
                other => failures.push(format!("{name}: unknown case.txt key {other:?}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases fail:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
