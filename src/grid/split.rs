//! Tables written back to back, nothing between them, that the reader took
//! for one: LibreOffice joins such tables when it opens a Word file, and
//! two pipe tables without a blank line between them are one for GFM. Each
//! is split where the evidence says a new table starts, as a `split`
//! repair that names the evidence; a row that only may start one is said
//! in a warning.
//!
//! (Two pipe tables without a blank line between them are split by the
//! Markdown reader, at the second one's delimiter row, where every cell of
//! the second is still in the source: GFM drops the cells past the first
//! table's width.)
//!
//! The evidence, at a body row after the first:
//! - a row of two or more labels and no figure over rows of figures
//!   (within three rows: a header may have two), that repeats most of the
//!   header's labels but not all, after a row of figures (a header
//!   repeated whole is a page break's: `repeated-header`); or whose rows
//!   of figures start their cells in other columns than the row above it
//!   (a new shape of columns).
//!
//! A row of labels between rows of figures without either is a warning
//! only: a table may group its rows under such a line.

use std::ops::Range;

use super::{Grid, Refused, Repair, RepairKind, looks_like_value};
use crate::extract::{RawCell, RawRow, RawTable, RowGroup};
use crate::fold::fold;

/// The most rows a new table's header may have before its first figures.
const HEADER_ROWS: usize = 3;

/// Where a new table starts, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cut {
    /// The first row (0-based, of the grid) of the new table: its header.
    row: usize,
    /// The new table's first row of figures: the rows up to it are its
    /// header.
    first_figures: usize,
    /// The evidence, in words.
    why: String,
}

/// The texts of row `r`'s own cells (merged and spanned slots aside).
fn written(grid: &Grid, r: usize) -> impl Iterator<Item = &str> {
    (0..grid.width).map(move |c| grid.written(r, c))
}

fn has_figure(grid: &Grid, r: usize) -> bool {
    written(grid, r).any(looks_like_value)
}

/// Two labels or more, no figure.
fn is_label_row(grid: &Grid, r: usize) -> bool {
    let mut labels = 0;
    for text in written(grid, r).filter(|t| !t.trim().is_empty()) {
        if looks_like_value(text) {
            return false;
        }
        labels += 1;
    }
    labels >= 2
}

/// The columns where row `r`'s cells start.
fn shape(grid: &Grid, r: usize) -> Vec<usize> {
    let slots = &grid.rows[r].slots;
    (0..grid.width)
        .filter(|&c| c == 0 || slots[c].cell() != slots[c - 1].cell())
        .collect()
}

/// Row `r` and the rows of figures under it (from `below`) start their
/// cells in other columns than row `above`.
fn new_shape(grid: &Grid, above: usize, r: usize, below: usize) -> bool {
    let before = shape(grid, above);
    shape(grid, r) != before && shape(grid, below) != before
}

/// How many of row `r`'s labels are the header's labels of their columns,
/// and how many labels it has.
fn header_labels(grid: &Grid, r: usize) -> (usize, usize) {
    let Some(last) = grid.header_rows.checked_sub(1) else {
        return (0, 0);
    };
    let mut same = 0;
    let mut labels = 0;
    for c in 0..grid.width {
        let text = grid.written(r, c);
        if text.trim().is_empty() {
            continue;
        }
        labels += 1;
        if fold(text) == fold(grid.text(last, c)) {
            same += 1;
        }
    }
    (same, labels)
}

/// The cuts of `grid`, and the rows that only may start a table.
fn cuts(grid: &Grid) -> (Vec<Cut>, Vec<usize>) {
    let body: Vec<usize> = grid.body().map(|(r, _)| r).collect();
    let (mut cuts, mut maybe) = (Vec::new(), Vec::new());
    for k in 1..body.len() {
        let r = body[k];
        // The first row of figures under it (a header may have two rows).
        let below = body[k + 1..]
            .iter()
            .take(HEADER_ROWS)
            .copied()
            .find(|&b| has_figure(grid, b));
        let (Some(below), true) = (below, is_label_row(grid, r)) else {
            continue;
        };
        let above = body[k - 1];
        if cuts.last().is_some_and(|c: &Cut| above < c.first_figures) {
            // Inside the header of the table just cut.
            continue;
        }
        let (same, labels) = header_labels(grid, r);
        let why = if has_figure(grid, above) && same * 2 >= labels && same < labels {
            format!(
                "it repeats {same} of its {labels} labels from the header, between rows of figures"
            )
        } else if new_shape(grid, above, r, below) {
            "its cells, and those of the rows of figures under it, start in other columns than the cells of the row above it".to_string()
        } else if has_figure(grid, above) {
            maybe.push(r);
            continue;
        } else {
            continue;
        };
        cuts.push(Cut {
            row: r,
            first_figures: below,
            why,
        });
    }
    (cuts, maybe)
}

/// The rows `rows` of `grid` as a table of their own: each cell as
/// written, its row span cut at the part's end, and its column span
/// counted in the columns the part's cells start in (a column no cell of
/// the part starts in belonged to another table).
fn part(grid: &Grid, rows: Range<usize>, head: bool) -> RawTable {
    let inside = |r: usize| rows.contains(&r);
    let cells: Vec<&super::Cell> = grid.cells.iter().filter(|c| inside(c.row)).collect();
    let mut starts = vec![false; grid.width + 1];
    for c in &cells {
        starts[c.col] = true;
    }
    // Trailing columns where no cell has text were padding.
    let used = cells
        .iter()
        .filter(|c| !c.source.text.trim().is_empty())
        .map(|c| c.col + 1)
        .max()
        .unwrap_or(1);
    starts[used] = true;
    let rank: Vec<usize> = starts
        .iter()
        .scan(0, |n, &s| {
            let at = *n;
            *n += usize::from(s);
            Some(at)
        })
        .collect();
    let mut out: Vec<RawRow> = Vec::new();
    // A run of rows of one group (head, body, foot) is one row group: row
    // spans end with it.
    let mut group_id = 0;
    for r in rows.clone().filter(|&r| inside(r)) {
        let row = &grid.rows[r];
        let group = match (head, out.is_empty()) {
            (true, true) => RowGroup::Head,
            (true, false) => RowGroup::Body,
            (false, _) => row.group,
        };
        if out.last().is_some_and(|last| last.group != group) {
            group_id += 1;
        }
        let cells = cells
            .iter()
            .filter(|c| c.row == r && c.col < used)
            .map(|c| {
                let mut cell: RawCell = c.source.clone();
                cell.colspan = (rank[(c.col + c.width).min(used)] - rank[c.col]).max(1);
                cell.rowspan = c.height.min(rows.end - r);
                cell
            })
            .collect();
        out.push(RawRow {
            group,
            group_id,
            line: row.line,
            cells,
        });
    }
    RawTable {
        index: grid.index,
        caption: grid.caption.clone(),
        line: out.first().map_or(grid.line, |r| r.line),
        unit: grid.unit,
        parent: grid.parent,
        adjacent: head || grid.adjacent,
        joined: None,
        rows: out,
    }
}

/// `grid` as the tables it joins, or itself: each part built on its own,
/// numbered from `index`, the later ones with the `split` repair.
fn split(grid: Grid, index: usize) -> Vec<Grid> {
    let (cuts, maybe) = cuts(&grid);
    if cuts.is_empty() {
        let mut grid = grid;
        note_maybe(&mut grid, &maybe);
        return vec![grid];
    }
    let mut bounds: Vec<usize> = vec![0];
    bounds.extend(cuts.iter().map(|c| c.row));
    bounds.push(grid.rows.len());
    let mut parts = Vec::new();
    for k in 0..bounds.len() - 1 {
        let mut table = part(&grid, bounds[k]..bounds[k + 1], k > 0);
        table.index = index + k;
        let Ok(mut built) = Grid::build(table) else {
            // A part is never larger than the whole.
            continue;
        };
        if let Some(cut) = k.checked_sub(1).map(|j| &cuts[j]) {
            let line = grid.rows[cut.row].line;
            built.repairs.insert(0, repair(&built, line, &cut.why));
        }
        parts.push(built);
    }
    parts
}

/// The `split` repair of `part`, a table found joined to the one before it
/// and starting at `line`, with the evidence `why`.
pub(super) fn repair(part: &Grid, line: u32, why: &str) -> Repair {
    Repair {
        kind: RepairKind::Split,
        line,
        rows: Vec::new(),
        detail: format!(
            "written right after table {} with nothing between them, and read as one with it: this table starts at its row at {}, as {why}",
            part.index.saturating_sub(1),
            part.unit.at(line)
        ),
    }
}

/// A warning naming the rows that only may start a table (the first
/// few: a table may group thousands of rows so).
fn note_maybe(grid: &mut Grid, rows: &[usize]) {
    const NAMED: usize = 5;
    let Some(&first) = rows.first() else {
        return;
    };
    let lines: Vec<u32> = rows
        .iter()
        .take(NAMED)
        .map(|&r| grid.rows[r].line)
        .collect();
    let more = match rows.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let places = format!("{}{more}", grid.unit.list(&lines));
    let (subject, it) = if rows.len() == 1 {
        (format!("row at {places} is a row"), "it is the header")
    } else {
        (format!("rows at {places} are rows"), "one is the header")
    };
    grid.notes.push((
        grid.rows[first].line,
        format!(
            "table {}: the {subject} of labels between rows of figures: if {it} of another table written right after this one, put a paragraph between the two tables",
            grid.index
        ),
    ));
}

/// A table's index, line and grid (or why it has none), as built.
pub type Entry = (usize, u32, Result<Grid, Refused>);

/// Splits the joined tables of `built` (see the module) and numbers every
/// table again in document order. Returns, for each table index of the
/// input, its first index now and how many tables it is.
pub fn split_joined(built: Vec<Entry>) -> (Vec<Entry>, Vec<(usize, usize, usize)>) {
    let mut out = Vec::with_capacity(built.len());
    let mut renumbered = Vec::with_capacity(built.len());
    // Old index → new, for the tables nested in a table (numbered after it).
    let mut moved: foldhash::HashMap<usize, usize> = Default::default();
    let mut shift = 0;
    for (index, line, grid) in built {
        let new = index + shift;
        if new != index {
            moved.insert(index, new);
        }
        match grid {
            Ok(mut grid) => {
                grid.parent = grid.parent.map(|p| moved.get(&p).copied().unwrap_or(p));
                if new != index {
                    grid.index = new;
                    grid.notes.clear();
                    grid.note_repairs();
                }
                let parts = split(grid, new);
                renumbered.push((index, new, parts.len().max(1)));
                shift += parts.len().saturating_sub(1);
                out.extend(parts.into_iter().map(|g| (g.index, g.line, Ok(g))));
            }
            Err(refused) => {
                renumbered.push((index, new, 1));
                out.push((new, line, Err(refused)));
            }
        }
    }
    (out, renumbered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testing::Doc;
    use crate::source::{Document, Format};

    fn texts(grid: &Grid) -> Vec<Vec<String>> {
        (0..grid.rows.len())
            .map(|r| {
                (0..grid.width)
                    .map(|c| grid.text(r, c).to_string())
                    .collect()
            })
            .collect()
    }

    fn split_one(rows: &[&[&str]]) -> Vec<Grid> {
        let grid = Doc::new().grid(1, rows).grids.remove(0);
        let (out, _) = split_joined(vec![(1, grid.line, Ok(grid))]);
        out.into_iter().filter_map(|(_, _, g)| g.ok()).collect()
    }

    #[test]
    fn a_row_repeating_most_of_the_header_between_figures_starts_a_table() {
        let parts = split_one(&[
            &["Gruppo", "Regioni", "Strutture", "Totale"],
            &["Alta", "Piemonte", "9", "45"],
            &["Gruppo", "Province", "Strutture", "Totale"],
            &["Metropolitane", "Roma", "4", "40"],
        ]);
        assert_eq!(parts.len(), 2);
        assert_eq!(
            texts(&parts[1]),
            [
                ["Gruppo", "Province", "Strutture", "Totale"],
                ["Metropolitane", "Roma", "4", "40"]
            ]
        );
        assert_eq!((parts[0].index, parts[1].index), (1, 2));
        assert_eq!(parts[1].header_rows, 1);
        assert_eq!(parts[1].repairs[0].kind, RepairKind::Split);
        assert_eq!(
            parts[1].repairs[0].detail,
            "written right after table 1 with nothing between them, and read as one with it: this table starts at its row at line 102, as it repeats 3 of its 4 labels from the header, between rows of figures"
        );
        assert!(parts[0].repairs.iter().all(|r| r.kind != RepairKind::Split));
    }

    #[test]
    fn a_row_of_labels_without_evidence_is_a_warning_only() {
        let parts = split_one(&[
            &["Gruppo", "Regioni", "Strutture"],
            &["Alta", "Piemonte", "9"],
            &["Nord", "Ovest", ""],
            &["Media", "Liguria", "6"],
        ]);
        assert_eq!(parts.len(), 1);
        assert_eq!(
            parts[0].notes,
            [(102, "table 1: the row at line 102 is a row of labels between rows of figures: if it is the header of another table written right after this one, put a paragraph between the two tables".to_string())]
        );
        // A header repeated whole is a page break's, not a new table.
        let parts = split_one(&[
            &["Gruppo", "Strutture"],
            &["Alta", "9"],
            &["Gruppo", "Strutture"],
            &["Media", "6"],
        ]);
        assert_eq!(parts.len(), 1);
    }

    #[test]
    fn the_tables_after_a_split_are_numbered_again() {
        let doc = Doc::new()
            .grid(1, &[&["A", "B"], &["a", "1"], &["A", "C"], &["b", "2"]])
            .grid(2, &[&["X", "Y"], &["x"]]);
        let built = doc
            .grids
            .into_iter()
            .map(|g| (g.index, g.line, Ok(g)))
            .collect();
        let (out, renumbered) = split_joined(built);
        let grids: Vec<Grid> = out.into_iter().filter_map(|(_, _, g)| g.ok()).collect();
        assert_eq!(grids.iter().map(|g| g.index).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(renumbered, [(1, 1, 2), (2, 3, 1)]);
        // Its notes name it by its new number.
        assert!(
            grids[2].notes[0]
                .1
                .starts_with("table 3: 1 row(s) have fewer cells")
        );
    }

    /// LibreOffice joins touching tables into one with column spans: each
    /// part keeps only the columns its cells start in.
    #[test]
    fn a_new_shape_of_columns_starts_a_table_with_its_own_columns() {
        let html = "<table>\
            <tr><td>Gruppo</td><td colspan=\"2\">Strutture</td><td>Totale</td></tr>\
            <tr><td>Alta</td><td colspan=\"2\">9</td><td>45</td></tr>\
            <tr><td>Media</td><td colspan=\"2\">6</td><td>24</td></tr>\
            <tr><td colspan=\"2\">Strutture</td><td colspan=\"2\">Dirigenti</td></tr>\
            <tr><td colspan=\"2\">Regionali</td><td colspan=\"2\">78</td></tr>\
            </table>";
        let doc = Document::from_bytes("t.html", "t", html.as_bytes(), Some(Format::Html)).unwrap();
        let tables = crate::extract::extract(&doc).unwrap().tables;
        let built = super::super::build_all(tables, super::super::Budget::for_document(html.len()));
        let grids: Vec<Grid> = built
            .tables
            .into_iter()
            .filter_map(|(_, _, g)| g.ok())
            .collect();
        assert_eq!(grids.len(), 2);
        assert_eq!(
            texts(&grids[0]),
            [
                ["Gruppo", "Strutture", "Totale"],
                ["Alta", "9", "45"],
                ["Media", "6", "24"]
            ]
        );
        assert_eq!(
            texts(&grids[1]),
            [["Strutture", "Dirigenti"], ["Regionali", "78"]]
        );
        assert!(grids[1].repairs[0].detail.ends_with(
            "as its cells, and those of the rows of figures under it, start in other columns than the cells of the row above it"
        ));
    }
}
