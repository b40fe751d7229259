//! Continuation rows: body rows that continue the group of the row above,
//! however the document wrote the merged cells that join them — a real
//! row span, blank cells (`blank-merges`), or the merged cell's text
//! written again in every row it covers (`repeated-merge`, as Docling and
//! other exporters write it).
//!
//! The evidence for a repeated merge is the row's first cell, the label
//! that names its group: it repeats the label shown above it word for word,
//! as a row span of that cell would join the rows. In such a row, a cell that repeats the cell above is the same
//! merged cell when it is text (a label, a list) or a figure in the leading
//! run of repeated cells (the group's structure count); a figure that
//! repeats after a cell that differs is a value of the row's own (two
//! fasce with the same count per structure stay two values). Rows of
//! different groups are never joined, whatever figures they share.

use super::header::rows_at;
use super::{Grid, RepairKind, RowKind, Slot, looks_like_value};

/// How many leading columns are keys (labels naming the row, such as group and
/// members): the leading columns of the first body row that hold text, not a
/// value and not a list. At least one, and never every column, so that a
/// continuation row can carry values of its own.
fn key_columns(grid: &Grid) -> usize {
    let Some((first, _)) = grid
        .body()
        .find(|(r, _)| (0..grid.width).any(|c| !grid.written(*r, c).is_empty()))
    else {
        return 1;
    };
    let keys = (0..grid.width)
        .take_while(|&c| {
            let text = grid.written(first, c);
            let is_list = grid
                .cell_at(first, c)
                .is_some_and(|cell| cell.source.items.len() > 1);
            !text.is_empty() && !looks_like_value(text) && !is_list
        })
        .count();
    keys.clamp(1, grid.width.saturating_sub(1).max(1))
}

/// How row `r` continues the row above, if it does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Joined {
    /// Its first slot is spanned from above: nothing to fill.
    Spanned,
    /// Its leading key cells are blank.
    Blank,
    /// Its first cell repeats the label shown above it.
    Repeated,
}

fn joined(grid: &Grid, r: usize, keys: usize) -> Option<Joined> {
    let row = &grid.rows[r];
    if matches!(row.slots.first(), Some(Slot::Spanned { cell }) if grid.cells[*cell].row < r) {
        return Some(Joined::Spanned);
    }
    if (0..grid.width).all(|c| grid.written(r, c).is_empty()) {
        return None;
    }
    let blank_keys = (0..grid.width)
        .take_while(|&c| {
            grid.written(r, c).is_empty() && !matches!(row.slots[c], Slot::Spanned { .. })
        })
        .count();
    if blank_keys >= keys {
        return Some(Joined::Blank);
    }
    // As a row span of the first column joins rows, so does its text
    // written again: the label naming the group, repeated word for word.
    let first = grid.written(r, 0);
    let repeated = r > 0
        && !first.is_empty()
        && !looks_like_value(first)
        && shown(grid, r - 1, 0) == Some(first);
    repeated.then_some(Joined::Repeated)
}

/// The text slot (`r`, `c`) shows, merges filled in.
fn shown(grid: &Grid, r: usize, c: usize) -> Option<&str> {
    grid.cell_at(r, c).map(|cell| cell.source.text.as_str())
}

/// Marks continuation rows and links each to the body row that opens its
/// group: rows whose first slot a cell above spans, rows whose leading key
/// cells are blank (their blank cells then show the cells above them), and
/// rows whose key cells repeat the row above (their repeated cells then are
/// the cell above, their blank ones show it).
pub(super) fn link_continuations(grid: &mut Grid) {
    let keys = key_columns(grid);
    let mut head: Option<usize> = None;
    let (mut blank, mut repeated, mut columns) = (Vec::new(), Vec::new(), Vec::new());
    for r in grid.header_rows..grid.rows.len() {
        if grid.rows[r].kind == RowKind::Header {
            head = None;
            continue;
        }
        let (Some(how), Some(of)) = (joined(grid, r, keys), head) else {
            head = Some(r);
            continue;
        };
        grid.rows[r].kind = RowKind::Continuation { of };
        match how {
            Joined::Spanned => {}
            Joined::Blank => {
                fill_from_above(grid, r);
                blank.push(r);
            }
            Joined::Repeated => {
                columns.extend(merge_repeated(grid, r));
                fill_from_above(grid, r);
                repeated.push(r);
            }
        }
    }
    if !blank.is_empty() {
        let detail = format!(
            "{} the row above: {} blank cells show the cells above them",
            rows_at(grid, &blank, "continues", "continue"),
            if blank.len() == 1 { "its" } else { "their" }
        );
        grid.repair(RepairKind::BlankMerges, blank, detail);
    }
    if !repeated.is_empty() {
        note_repeated(grid, repeated, columns);
    }
}

/// Makes the cells of continuation row `r` that repeat the cell above one
/// merged cell with it: text anywhere, figures in the leading run of
/// repeated cells. Returns the columns merged.
fn merge_repeated(grid: &mut Grid, r: usize) -> Vec<usize> {
    let mut merged = Vec::new();
    let mut leading = true;
    for c in 0..grid.width {
        let Slot::Origin { cell } = grid.rows[r].slots[c] else {
            leading = false;
            continue;
        };
        let text = grid.cells[cell].source.text.as_str();
        let above = match grid.rows[r - 1].slots[c] {
            Slot::Origin { cell } | Slot::Spanned { cell } | Slot::Merged { from: cell } => cell,
            Slot::Empty => {
                leading = false;
                continue;
            }
        };
        let same = !text.is_empty() && grid.cells[above].source.text == text;
        leading &= same;
        if same && (leading || !looks_like_value(text)) {
            grid.rows[r].slots[c] = Slot::Merged { from: above };
            merged.push(c);
        }
    }
    merged
}

/// The repair, with its evidence: the key columns repeated and the columns
/// read as merged.
fn note_repeated(grid: &mut Grid, rows: Vec<usize>, mut columns: Vec<usize>) {
    columns.sort_unstable();
    columns.dedup();
    let paths = super::header::header_paths(grid);
    let names = |cols: &mut dyn Iterator<Item = usize>| -> String {
        cols.map(|c| format!("`{}`", column_name(&paths, c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let key_names = names(&mut (0..1));
    let merged_names = names(&mut columns.iter().copied());
    let detail = format!(
        "{} in {} first column ({key_names}) and continue{} its group: the cells that repeat the cell above ({merged_names}) read as one merged cell; figures that repeat after a cell that differs stay values of their own",
        rows_at(
            grid,
            &rows,
            "repeats the label of the row above",
            "repeat the label of the row above"
        ),
        if rows.len() == 1 { "its" } else { "their" },
        if rows.len() == 1 { "s" } else { "" },
    );
    grid.repair(RepairKind::RepeatedMerge, rows, detail);
}

/// A column's name for a message: its header path, or its number.
fn column_name(paths: &[String], c: usize) -> String {
    match paths.get(c) {
        Some(path) if !path.is_empty() => path.clone(),
        _ => format!("column {}", c + 1),
    }
}

fn fill_from_above(grid: &mut Grid, r: usize) {
    for c in 0..grid.width {
        if !grid.written(r, c).is_empty() || matches!(grid.rows[r].slots[c], Slot::Spanned { .. }) {
            continue;
        }
        let above = match grid.rows[r - 1].slots[c] {
            Slot::Origin { cell } | Slot::Spanned { cell } | Slot::Merged { from: cell } => cell,
            Slot::Empty => continue,
        };
        if !grid.cells[above].source.text.is_empty() {
            grid.rows[r].slots[c] = Slot::Merged { from: above };
        }
    }
}
