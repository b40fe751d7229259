//! Header rows, header paths and continuation rows.
//!
//! HTML says which rows are the header (`<thead>`, rows of `<th>`). Markdown
//! has one header row, but documents converted from HTML write a two-level
//! header as a header row whose spanning labels are followed by blank cells,
//! over a first body row that holds the second level: the *sub-header row*.
//! Row spans in such documents become blank cells in *continuation rows*.

use super::{Grid, Row, RowKind, Slot, looks_like_value};
use crate::extract::RowGroup;

pub(super) fn count_header_rows(grid: &Grid, rows: &[Row], markdown: bool) -> usize {
    let text = |r: usize, c: usize| written(grid, rows, r, c);
    if markdown {
        let head = rows
            .iter()
            .take_while(|r| r.group == RowGroup::Head)
            .count();
        if head == 1 && is_sub_header(rows, head, grid.width, text) {
            return 2;
        }
        return head;
    }
    let head = rows
        .iter()
        .take_while(|r| r.group == RowGroup::Head)
        .count();
    if head > 0 {
        return head;
    }
    // Without a <thead>, the leading rows made only of <th> cells.
    rows.iter()
        .take_while(|r| {
            let mut origins = r.slots.iter().filter_map(|s| match s {
                Slot::Origin { cell } => Some(&grid.cells[*cell]),
                _ => None,
            });
            let mut any = false;
            let all_th = origins.all(|c| {
                any = true;
                c.source.header
            });
            any && all_th
        })
        .count()
}

/// Is row `r` the second level of a Markdown header? Its first cell is blank,
/// it has labels (not values), and every label sits under a header cell that
/// is followed by blank header cells (an emulated column span).
fn is_sub_header<'a>(
    rows: &[Row],
    r: usize,
    width: usize,
    text: impl Fn(usize, usize) -> &'a str,
) -> bool {
    if r >= rows.len() || r == 0 || !text(r, 0).is_empty() {
        return false;
    }
    let mut spanned = vec![false; width];
    let mut c = 0;
    while c < width {
        let mut end = c + 1;
        while end < width && text(0, end).is_empty() {
            end += 1;
        }
        if !text(0, c).is_empty() && end - c >= 2 {
            spanned[c..end].iter_mut().for_each(|s| *s = true);
        }
        c = end;
    }
    let labels: Vec<usize> = (0..width).filter(|&c| !text(r, c).is_empty()).collect();
    !labels.is_empty()
        && labels
            .iter()
            .all(|&c| spanned[c] && !looks_like_value(text(r, c)))
}

fn written<'a>(grid: &'a Grid, rows: &[Row], r: usize, c: usize) -> &'a str {
    match rows.get(r).and_then(|row| row.slots.get(c)) {
        Some(Slot::Origin { cell }) => grid.cells[*cell].source.text.as_str(),
        _ => "",
    }
}

/// In Markdown header rows, a blank cell after a label continues the label (the
/// way converters write a `colspan`).
pub(super) fn merge_blank_header_cells(grid: &mut Grid) {
    for r in 0..grid.header_rows.min(1) {
        let mut from = None;
        for c in 0..grid.width {
            let blank = grid.written(r, c).is_empty();
            match grid.rows[r].slots[c] {
                Slot::Origin { cell } if !blank => from = Some(cell),
                _ if blank => {
                    if let Some(from) = from {
                        grid.rows[r].slots[c] = Slot::Merged { from };
                    }
                }
                _ => from = None,
            }
        }
    }
}

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

/// Marks continuation rows and links each to the body row that opens its group.
/// In Markdown a continuation row's blank cells are filled from the row above.
pub(super) fn link_continuations(grid: &mut Grid, markdown: bool) {
    let keys = key_columns(grid);
    let mut head: Option<usize> = None;
    for r in grid.header_rows..grid.rows.len() {
        let row = &grid.rows[r];
        let has_content = (0..grid.width).any(|c| !grid.written(r, c).is_empty());
        let continues = if markdown {
            let blank_keys = (0..grid.width)
                .take_while(|&c| grid.written(r, c).is_empty())
                .count();
            has_content && blank_keys >= keys
        } else {
            matches!(row.slots.first(), Some(Slot::Spanned { cell }) if grid.cells[*cell].row < r)
        };
        match (continues, head) {
            (true, Some(of)) => {
                grid.rows[r].kind = RowKind::Continuation { of };
                if markdown {
                    fill_from_above(grid, r);
                }
            }
            _ => head = Some(r),
        }
    }
}

fn fill_from_above(grid: &mut Grid, r: usize) {
    for c in 0..grid.width {
        if !grid.written(r, c).is_empty() {
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

/// Each column's labels from the header rows, top to bottom, joined by ` / `;
/// a label spanning several header rows is named once.
pub(super) fn header_paths(grid: &Grid) -> Vec<String> {
    (0..grid.width)
        .map(|c| {
            let mut parts: Vec<&str> = Vec::new();
            let mut last_cell = None;
            for r in 0..grid.header_rows {
                let Some(cell) = grid.cell_at(r, c) else {
                    continue;
                };
                let text = cell.source.text.as_str();
                let id = (cell.row, cell.col);
                if text.is_empty() || last_cell == Some(id) || parts.last() == Some(&text) {
                    continue;
                }
                last_cell = Some(id);
                parts.push(text);
            }
            parts.join(" / ").replace('\n', " ")
        })
        .collect()
}
