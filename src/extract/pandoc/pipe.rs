//! pandoc's pipe tables, read as pandoc reads them when the document is
//! pandoc's Markdown (`--dialect pandoc`, or pandoc's tables or syntax
//! found in it), where GFM reads them otherwise:
//! - a pipe inside a code span does not end a cell (`` `a|b` ``);
//! - the separator line may be org-mode's (`|---+---|`), and may have more
//!   cells than the header row (the header's missing cells are blank);
//! - a row is a line holding a pipe: a line without one ends the table;
//! - a caption (`: text`) may follow the last row with no blank line.

use std::ops::Range;

use super::{Found, Lines, Piece, finish, raw_row, table};
use crate::extract::RowGroup;
use crate::source::Document;

/// The number of cells of a pipe table's separator line: cells of dashes,
/// each with optional colons, between pipes (or org-mode's `+`).
fn separator(line: &str) -> Option<usize> {
    let t = line.trim();
    if !t.contains('|') || !t.contains('-') || t.chars().any(|c| !"|+-: \t".contains(c)) {
        return None;
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<&str> = inner.split(['|', '+']).collect();
    cells
        .iter()
        .all(|c| {
            let c = c.trim().trim_start_matches(':').trim_end_matches(':');
            !c.is_empty() && c.bytes().all(|b| b == b'-')
        })
        .then_some(cells.len())
}

/// The byte ranges of a row's cells: split at the pipes that are neither
/// escaped nor inside a code span, the row's outer pipes taken off.
fn cells(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut bounds = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                i += run + closing_run(&bytes[i + run..], run).unwrap_or(0);
            }
            b'|' => {
                bounds.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    let (lead, trail) = (line.len() - line.trim_start().len(), line.trim_end().len());
    let mut edges = vec![lead];
    edges.extend(bounds.iter().map(|&b| b + 1));
    let mut ends: Vec<usize> = bounds.clone();
    ends.push(trail);
    let mut out: Vec<Range<usize>> = edges
        .into_iter()
        .zip(ends)
        .map(|(a, b)| a..b.max(a))
        .collect();
    if bounds.first() == Some(&lead) {
        out.remove(0);
    }
    if bounds.last().is_some_and(|&b| b + 1 == trail) && !out.is_empty() {
        out.pop();
    }
    out
}

/// Where, in `rest`, the run of `n` backticks that closes a code span ends
/// (the bytes up to and with it), if one does.
fn closing_run(rest: &[u8], n: usize) -> Option<usize> {
    let mut i = 0;
    while i < rest.len() {
        if rest[i] == b'`' {
            let run = rest[i..].iter().take_while(|&&b| b == b'`').count();
            if run == n {
                return Some(i + run);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// The pieces of line `i`'s cells, at least `width` of them.
fn row(doc: &Document, lines: &Lines, i: usize, width: usize) -> Vec<Piece> {
    let line = lines.get(i);
    let number = doc.line_of(lines.start(i));
    let mut pieces: Vec<Piece> = cells(line)
        .into_iter()
        .map(|r| {
            let mut piece = Piece::new();
            piece.add(&line[r.clone()], lines.start(i) + r.start, number, false);
            piece
        })
        .collect();
    while pieces.len() < width {
        pieces.push(Piece::new());
    }
    pieces
}

/// The pipe table whose header row is line `i`, if one is: the line holds
/// a pipe and a separator line follows it.
pub(super) fn read(doc: &Document, lines: &Lines, i: usize) -> Option<(Found, usize)> {
    if !lines.get(i).contains('|') || separator(lines.get(i)).is_some() {
        return None;
    }
    let width = separator(lines.get(i + 1))?;
    let head = row(doc, lines, i, width);
    // An empty header row is no header (as for GFM's pipe tables).
    let mut rows = if head.iter().all(|p| p.source.trim().is_empty()) {
        Vec::new()
    } else {
        vec![raw_row(doc, lines, i, head, RowGroup::Head)]
    };
    let mut last = i + 1;
    // Rows up to a blank line or a line without a pipe, or a row over a
    // separator line: the header of a table written right after this one.
    while !lines.blank(last + 1)
        && lines.get(last + 1).contains('|')
        && separator(lines.get(last + 2)).is_none()
    {
        last += 1;
        rows.push(raw_row(
            doc,
            lines,
            last,
            row(doc, lines, last, width),
            RowGroup::Body,
        ));
    }
    // A caption right under the last row: pandoc's, with no blank line.
    let caption = lines.get(last + 1).trim_start();
    let captioned =
        !lines.blank(last + 1) && (caption.starts_with(": ") || caption.starts_with("Table:"));
    let mut table = table(doc, lines, i, rows);
    if captioned {
        table.caption = super::caption_text(caption).map(|text| crate::extract::Caption {
            text,
            line: doc.line_of(lines.start(last + 1)),
        });
        last += 1;
    }
    Some(finish(doc, lines, i, last, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<&str> {
        cells(line).into_iter().map(|r| line[r].trim()).collect()
    }

    #[test]
    fn cells_end_at_pipes_outside_code_spans_and_escapes() {
        assert_eq!(
            texts("|foo`bar|baz`   | and\\|escaped | 3 |"),
            ["foo`bar|baz`", "and\\|escaped", "3"]
        );
        assert_eq!(texts("a | b"), ["a", "b"]);
        assert_eq!(texts("|a|b"), ["a", "b"]);
        assert_eq!(texts("| a | ``x`|`y`` |"), ["a", "``x`|`y``"]);
        // An unclosed code span is text: its pipe ends the cell.
        assert_eq!(texts("| a`b | c |"), ["a`b", "c"]);
        assert_eq!(texts("|"), Vec::<&str>::new());
    }

    #[test]
    fn separators_are_dashes_between_pipes_or_org_modes_plus() {
        assert_eq!(separator("|-----+-------|"), Some(2));
        assert_eq!(separator("|:--|--:|:-:|"), Some(3));
        assert_eq!(separator("|--|--"), Some(2));
        assert_eq!(separator("| --- --- |"), None);
        assert_eq!(separator("-----"), None);
    }
}
