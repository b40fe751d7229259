//! Conformance: tables from the test files of the projects that define
//! their syntaxes, read with the cells their reference implementation
//! reads (`.cells.txt` beside each case; each folder's README says how they
//! were made):
//!
//! - `tests/data/pandoc/`: pandoc's own table tests (simple, multiline,
//!   grid with spans, pipe, HTML), as pandoc 3 reads them, and Markdown
//!   files of public projects whose HTML tables pandoc's HTML reader read;
//! - `tests/data/gfm/`: the table examples of the GFM spec and probes of
//!   where a pipe table starts and ends, as cmark-gfm reads them, and the
//!   table tests of PHP Markdown Extra and MultiMarkdown, as those projects'
//!   expected HTML has them.
//!
//! The cells the reader gives (text, spans and row groups) must be the
//! reference's, but for the cases of each suite's `known-differences.txt`,
//! each with its reason; a listed case that comes to read as the reference
//! fails too, so that the list stays true.

use std::fmt::Write as _;
use std::path::Path;

use orgtables::extract::{RawTable, RowGroup};
use orgtables::source::{Dialect, Document, Format};

mod common;

/// The tables as `cells.py` writes pandoc's: a cell's text flattened to one
/// line.
fn render(tables: &[RawTable]) -> String {
    let mut out = String::new();
    for (n, t) in tables.iter().enumerate() {
        let _ = writeln!(out, "table {}", n + 1);
        let mut counts = [0usize; 3];
        // Leading rows of `<th>` cells are the head, as pandoc's HTML reader
        // and the grid stage read them.
        let mut leading = true;
        for row in &t.rows {
            leading &= row.group == RowGroup::Head || row.cells.iter().all(|c| c.header);
            let (name, k) = match row.group {
                RowGroup::Head => ("head", 0),
                RowGroup::Body if leading => ("head", 0),
                RowGroup::Body => ("body", 1),
                RowGroup::Foot => ("foot", 2),
            };
            counts[k] += 1;
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| {
                    let text = orgtables::extract::collapse_whitespace(&c.text.replace('\n', " "));
                    format!(
                        "cell {text:?} rowspan={} colspan={}",
                        c.rowspan.max(1),
                        c.colspan
                    )
                })
                .collect();
            let _ = writeln!(out, "{name} row {}: {}", counts[k], cells.join(" | "));
        }
    }
    out
}

fn read(path: &Path, dialect: Dialect) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut doc = Document::from_bytes("case.md", "case", &bytes, Some(Format::Markdown)).unwrap();
    doc.dialect = dialect;
    render(&orgtables::extract::extract(&doc).unwrap().tables)
}

/// A suite: its folder under `tests/data/`, its case folders, and the
/// fewest cases it must have (a suite whose files went missing must not
/// pass by reading nothing).
struct Suite {
    root: &'static str,
    folders: &'static [&'static str],
    at_least: usize,
    /// The Markdown the cases are written in.
    dialect: Dialect,
}

/// Checks every case of `suite`; returns, per folder, its cases and how
/// many read as the reference reads them.
fn run(suite: &Suite) -> Vec<(String, usize, usize)> {
    let root = common::repo().join("tests/data").join(suite.root);
    let known = std::fs::read_to_string(root.join("known-differences.txt")).unwrap_or_default();
    let known: Vec<&str> = known
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut failures = Vec::new();
    let mut read_cases = 0;
    let mut counts = Vec::new();
    for folder in suite.folders {
        let (mut cases_here, mut same_here) = (0, 0);
        let mut cases: Vec<_> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        cases.sort();
        for md in cases {
            let name = md.file_stem().unwrap().to_string_lossy().into_owned();
            let expected =
                std::fs::read_to_string(md.with_extension("cells.txt")).unwrap_or_default();
            let actual = read(&md, suite.dialect);
            let same = expected.trim_end() == actual.trim_end();
            let listed = known.contains(&name.as_str());
            read_cases += 1;
            cases_here += 1;
            same_here += usize::from(same);
            if same == listed {
                failures.push(if same {
                    format!(
                        "{name}: listed as a known difference, but reads as the reference reads it"
                    )
                } else {
                    format!("{name}:\n--- reference\n{expected}--- orgtables\n{actual}")
                });
            }
        }
        counts.push((
            format!("tests/data/{}/{folder}/", suite.root),
            cases_here,
            same_here,
        ));
    }
    assert!(read_cases >= suite.at_least, "{read_cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {read_cases} cases:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    counts
}

const PANDOC: Suite = Suite {
    root: "pandoc",
    folders: &["cases", "real-html-md"],
    at_least: 100,
    dialect: Dialect::Pandoc,
};

const GFM: Suite = Suite {
    root: "gfm",
    folders: &["spec", "probe", "php-markdown-extra", "multimarkdown"],
    at_least: 80,
    dialect: Dialect::Gfm,
};

#[test]
fn pandoc_tables_are_read_with_pandocs_cells() {
    run(&PANDOC);
}

#[test]
fn pipe_tables_are_read_with_the_cells_of_gfm_and_their_dialects() {
    run(&GFM);
}

/// The README's table of the suites says how many cases each folder has
/// and how many read as the reference reads them: it must stay true.
#[test]
fn the_readme_counts_the_conformance_cases() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    for (folder, cases, same) in run(&PANDOC).into_iter().chain(run(&GFM)) {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{folder}`")))
            .unwrap_or_else(|| panic!("README has no row for {folder}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let number = |cell: &str| cell.split(' ').next().unwrap_or_default().to_string();
        assert_eq!(
            (
                number(cells[cells.len() - 3]),
                number(cells[cells.len() - 2])
            ),
            (cases.to_string(), same.to_string()),
            "README's row for {folder}"
        );
    }
}
