//! Source lines of HTML cells against an independent parser's: real pages
//! with awkward markup (attribute values after a line end, tags over several
//! lines, comments and scripts holding tags, CRLF and lone CR line ends) in
//! `tests/data/lines/`, each with the line of every `<td>` and `<th>` start
//! tag as Python's `html.parser` gives it (`make_lines.py`, cross-checked with
//! html5lib; see `SOURCES.md`).

mod common;

use orgtables::source::{Document, Format};

#[test]
fn cell_lines_agree_with_an_independent_parser() {
    let dir = common::repo().join("tests/data/lines");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 7);
    let mut failures = Vec::new();
    for page in &pages {
        let want = std::fs::read_to_string(page.with_extension("lines")).unwrap();
        let mut want: Vec<String> = want.lines().map(str::to_string).collect();
        let bytes = std::fs::read(page).unwrap();
        let doc = Document::from_bytes("page.html", "page", &bytes, Some(Format::Html)).unwrap();
        let raw = orgtables::extract::extract(&doc).unwrap();
        let mut got: Vec<String> = raw
            .tables
            .iter()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells)
            .map(|c| format!("{} {}", if c.header { "th" } else { "td" }, c.line))
            .collect();
        // Nested tables' cells come after their table's in the model, in
        // document order in the list: compare as sets of (tag, line).
        want.sort();
        got.sort();
        if want != got {
            let name = page.file_name().unwrap().to_string_lossy().into_owned();
            let wrong = want.iter().zip(&got).filter(|(a, b)| a != b).count();
            let first = want.iter().zip(&got).find(|(a, b)| a != b);
            failures.push(format!(
                "{name}: {} cells expected, {} read, {wrong} differ; first: {first:?}",
                want.len(),
                got.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
