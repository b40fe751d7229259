//! Property tests: any grid of cell texts, written as a Markdown or an HTML
//! table and read back, gives the same grid as written.

mod common;

use proptest::prelude::*;

/// Cell text as the readers hand it back: words of letters, digits and
/// punctuation (pipes, markup and entity characters included), single spaces.
fn cell() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zA-Zàèìòù0-9|<>&*_`#\\[\\]\\\\!.,;:()'\"=+-]{1,8}", 0..4)
        .prop_map(|w| w.join(" "))
}

/// Grids without the repeats that are read as merged cells by evidence
/// (`repeated-merge`, tested in `tests/markdown.rs`): a header label equal
/// to the one on its left, a second row's label equal to the header label
/// above it (a blank header cell taking the label on its left, as
/// `spanned-header` reads it), and a body row's first label equal to the
/// one above it.
fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
    (1usize..5, 1usize..6)
        .prop_flat_map(|(cols, rows)| {
            prop::collection::vec(prop::collection::vec(cell(), cols), rows)
        })
        .prop_filter("no repeat read as a merged cell", |rows| {
            let header = rows[0].windows(2).all(|w| w[0] != w[1] || w[1].is_empty());
            let body = rows
                .windows(2)
                .all(|w| w[0][0] != w[1][0] || w[1][0].is_empty());
            let under = rows.get(1).is_none_or(|second| {
                let mut spanned = "";
                second.iter().zip(&rows[0]).all(|(b, a)| {
                    if !a.is_empty() {
                        spanned = a;
                    }
                    b.is_empty() || (a != b && spanned != b)
                })
            });
            header && body && under
        })
}

/// Every ASCII punctuation character may be backslash-escaped in CommonMark.
fn markdown_cell(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_ascii_punctuation() {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect()
}

fn to_markdown(rows: &[Vec<String>]) -> String {
    let line = |row: &Vec<String>| {
        format!(
            "| {} |\n",
            row.iter()
                .map(|c| markdown_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    let mut out = line(&rows[0]);
    out.push_str(&format!("|{}\n", "---|".repeat(rows[0].len())));
    for row in &rows[1..] {
        out.push_str(&line(row));
    }
    out
}

fn to_html(rows: &[Vec<String>]) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut out = String::from("<table>\n");
    for (i, row) in rows.iter().enumerate() {
        let tag = if i == 0 { "th" } else { "td" };
        out.push_str("<tr>");
        for c in row {
            out.push_str(&format!("<{tag}>{}</{tag}>", escape(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

fn written(grid: &orgtables::grid::Grid) -> Vec<Vec<String>> {
    (0..grid.rows.len())
        .map(|r| {
            (0..grid.width)
                .map(|c| grid.written(r, c).to_string())
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// An empty header row is no header (as pandoc reads it): the table
    /// is its other rows.
    #[test]
    fn markdown_round_trip(rows in grid()) {
        let grids = common::md(&to_markdown(&rows));
        prop_assert_eq!(grids.len(), 1);
        let empty_header = rows.len() > 1 && rows[0].iter().all(String::is_empty);
        let expected = if empty_header { &rows[1..] } else { &rows[..] };
        prop_assert_eq!(written(&grids[0]), expected);
    }

    #[test]
    fn html_round_trip(rows in grid()) {
        let grids = common::html(&to_html(&rows));
        prop_assert_eq!(grids.len(), 1);
        prop_assert_eq!(written(&grids[0]), rows);
    }
}
