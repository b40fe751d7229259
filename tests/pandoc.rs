//! pandoc's own table tests, read as pandoc reads them: each case of
//! `tests/data/pandoc/cases/` is a table from pandoc's test files (simple,
//! multiline, grid with spans, pipe, HTML) with the cells pandoc 3 reads
//! from it (`.cells.txt`, made from `pandoc -t json`, see the folder's
//! README), and `real-html-md/` holds Markdown files of public projects
//! whose HTML tables pandoc's HTML reader read. The cells the reader gives
//! must be pandoc's, text, spans and row groups, but for the cases of
//! `known-differences.txt`, each with its reason.

use std::fmt::Write as _;
use std::path::Path;

use orgtables::extract::{RawTable, RowGroup};
use orgtables::source::{Document, Format};

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

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let doc = Document::from_bytes("case.md", "case", &bytes, Some(Format::Markdown)).unwrap();
    render(&orgtables::extract::extract(&doc).unwrap().tables)
}

#[test]
fn pandoc_tables_are_read_with_pandocs_cells() {
    let root = common::repo().join("tests/data/pandoc");
    let known = std::fs::read_to_string(root.join("known-differences.txt")).unwrap_or_default();
    let known: Vec<&str> = known
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut failures = Vec::new();
    let mut read_cases = 0;
    for folder in ["cases", "real-html-md"] {
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
            let actual = read(&md);
            let same = expected.trim_end() == actual.trim_end();
            let listed = known.contains(&name.as_str());
            read_cases += 1;
            if same == listed {
                failures.push(if same {
                    format!("{name}: listed as a known difference, but reads as pandoc reads it")
                } else {
                    format!("{name}:\n--- pandoc\n{expected}--- orgtables\n{actual}")
                });
            }
        }
    }
    assert!(read_cases >= 100, "{read_cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {read_cases} cases:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
