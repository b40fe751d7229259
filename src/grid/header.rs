//! Header rows, header paths and continuation rows, found by what the table
//! shows, in any format.
//!
//! A header is what the markup says (`<thead>`, rows of `<th>`, a Markdown
//! table's first row), or else leading rows of bold text (as word
//! processors write it), or else a first row of labels over rows of figures.
//! A two-level header written without spans is a header row whose labels are
//! followed by blank cells, over a first body row that holds the second
//! level: the *sub-header row*. Row spans written as blank cells make
//! *continuation rows*: rows whose leading key cells are blank.

use super::{Grid, RepairKind, RowKind, Slot, looks_like_value};
use crate::extract::RowGroup;

/// The text of the cell whose own slot (`r`, `c`) is, blank for a slot
/// covered by a span or merge.
fn written(grid: &Grid, r: usize, c: usize) -> &str {
    grid.written(r, c)
}

/// The cells that start in row `r`.
fn origins(grid: &Grid, r: usize) -> impl Iterator<Item = &super::Cell> {
    grid.rows[r].slots.iter().filter_map(|s| match s {
        Slot::Origin { cell } => Some(&grid.cells[*cell]),
        _ => None,
    })
}

/// Sets `header_rows` and marks the header rows; notes how a header without
/// markup was found.
pub(super) fn find_header(grid: &mut Grid) {
    let height = grid.rows.len();
    let marked = grid
        .rows
        .iter()
        .take_while(|r| r.group == RowGroup::Head)
        .count();
    // Without a <thead>, the leading rows made only of <th> cells.
    let all = |grid: &Grid, r: usize, want: fn(&super::Cell) -> bool| {
        let mut any = false;
        let every = origins(grid, r)
            .filter(|c| !c.source.text.is_empty())
            .all(|c| {
                any = true;
                want(c)
            });
        any && every
    };
    let mut count = marked;
    if count == 0 {
        count = (0..height)
            .take_while(|&r| all(grid, r, |c| c.source.header))
            .count();
    }
    if count == 0 {
        let bold = (0..height)
            .take_while(|&r| all(grid, r, |c| c.source.bold || c.source.header))
            .count();
        // A table bold throughout has no header to tell apart.
        if bold > 0 && bold < height {
            count = bold;
            grid.header_rows = count;
            grid.repair(
                RepairKind::BoldHeader,
                (0..count).collect(),
                format!(
                    "{} leading row{} of bold text read as the header",
                    count,
                    plural(count)
                ),
            );
        }
    }
    if count == 0 && labels_over_figures(grid) {
        count = 1;
        grid.header_rows = count;
        grid.repair(
            RepairKind::InferredHeader,
            vec![0],
            "the table has no header markup; its first row, labels over rows of figures, read as the header"
                .to_string(),
        );
    }
    grid.header_rows = count;
    if count == 1 && is_sub_header(grid, 1) {
        grid.header_rows = 2;
        let labels: Vec<&str> = (0..grid.width)
            .map(|c| written(grid, 1, c))
            .filter(|t| !t.is_empty())
            .collect();
        let detail = format!(
            "the first body row ({}) read as the second level of the header",
            labels.join(", ")
        );
        grid.repair(RepairKind::SubHeader, vec![1], detail);
    }
    for row in grid.rows.iter_mut().take(grid.header_rows) {
        row.kind = RowKind::Header;
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `row at line 5 continues`, `rows at lines 5, 7 continue`.
fn rows_at(grid: &Grid, rows: &[usize], one: &str, many: &str) -> String {
    let lines: Vec<String> = rows
        .iter()
        .map(|&r| grid.rows[r].line.to_string())
        .collect();
    let n = rows.len();
    format!(
        "row{} at line{} {} {}",
        plural(n),
        plural(n),
        lines.join(", "),
        if n == 1 { one } else { many }
    )
}

/// A first row of two or more labels (no figures, no lists), over later rows
/// holding figures.
fn labels_over_figures(grid: &Grid) -> bool {
    if grid.rows.len() < 2 {
        return false;
    }
    let first: Vec<&super::Cell> = origins(grid, 0)
        .filter(|c| !c.source.text.is_empty())
        .collect();
    let labels = first.len() >= 2
        && first
            .iter()
            .all(|c| !looks_like_value(&c.source.text) && c.source.items.len() <= 1);
    labels
        && (1..grid.rows.len()).any(|r| origins(grid, r).any(|c| looks_like_value(&c.source.text)))
}

/// Is row `r` the second level of a header written without spans? Its first
/// cell is blank, it has labels (not values), and every label sits under a
/// header cell that is followed by blank (or spanned) header cells.
fn is_sub_header(grid: &Grid, r: usize) -> bool {
    let width = grid.width;
    if r >= grid.rows.len() || r == 0 || !written(grid, r, 0).is_empty() {
        return false;
    }
    let mut spanned = vec![false; width];
    let mut c = 0;
    while c < width {
        let mut end = c + 1;
        while end < width && written(grid, 0, end).is_empty() {
            end += 1;
        }
        if !written(grid, 0, c).is_empty() && end - c >= 2 {
            spanned[c..end].iter_mut().for_each(|s| *s = true);
        }
        c = end;
    }
    let labels: Vec<usize> = (0..width)
        .filter(|&c| !written(grid, r, c).is_empty())
        .collect();
    !labels.is_empty()
        && labels
            .iter()
            .all(|&c| spanned[c] && !looks_like_value(written(grid, r, c)))
}

/// In the first header row, a blank cell after a label continues the label
/// (the way converters write a `colspan`).
pub(super) fn merge_blank_header_cells(grid: &mut Grid) {
    if grid.header_rows == 0 {
        return;
    }
    let mut merged = Vec::new();
    let mut from = None;
    for c in 0..grid.width {
        let blank = grid.written(0, c).is_empty();
        match grid.rows[0].slots[c] {
            Slot::Origin { cell } if !blank => from = Some(cell),
            Slot::Origin { .. } if blank => {
                if let Some(from) = from {
                    grid.rows[0].slots[c] = Slot::Merged { from };
                    merged.push(c);
                }
            }
            _ => from = None,
        }
    }
    if !merged.is_empty() {
        let columns: Vec<String> = merged.iter().map(|c| (c + 1).to_string()).collect();
        let detail = format!(
            "blank header cell{} of column{} {} read as the label to {} left",
            plural(merged.len()),
            plural(merged.len()),
            columns.join(", "),
            if merged.len() == 1 { "its" } else { "their" }
        );
        grid.repair(RepairKind::SpannedHeader, vec![0], detail);
    }
}

/// Body rows that repeat a header row word for word (a header printed again
/// after a page break) are header rows, left out of the body.
pub(super) fn mark_repeated_headers(grid: &mut Grid) {
    if grid.header_rows == 0 {
        return;
    }
    let headers: Vec<usize> = (0..grid.header_rows)
        .filter(|&h| {
            (0..grid.width)
                .filter(|&c| !grid.written(h, c).is_empty())
                .count()
                >= 2
        })
        .collect();
    if headers.is_empty() {
        return;
    }
    // Written text compared as it stands: a header printed again is the
    // same text (and most rows differ at their first cell, cheaply).
    let repeats =
        |r: usize, h: usize| (0..grid.width).all(|c| grid.written(r, c) == grid.written(h, c));
    let repeated: Vec<usize> = (grid.header_rows..grid.rows.len())
        .filter(|&r| headers.iter().any(|&h| repeats(r, h)))
        .collect();
    if repeated.is_empty() {
        return;
    }
    for &r in &repeated {
        grid.rows[r].kind = RowKind::Header;
    }
    let detail = format!(
        "{} the header; left out of the body",
        rows_at(grid, &repeated, "repeats", "repeat")
    );
    grid.repair(RepairKind::RepeatedHeader, repeated, detail);
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

/// Marks continuation rows and links each to the body row that opens its
/// group: rows whose first slot a cell above spans, and rows whose leading
/// key cells are blank (a row span written as blanks), whose blank cells
/// then show the cells above them.
pub(super) fn link_continuations(grid: &mut Grid) {
    let keys = key_columns(grid);
    let mut head: Option<usize> = None;
    let mut filled = Vec::new();
    for r in grid.header_rows..grid.rows.len() {
        let row = &grid.rows[r];
        if row.kind == RowKind::Header {
            head = None;
            continue;
        }
        let spanned =
            matches!(row.slots.first(), Some(Slot::Spanned { cell }) if grid.cells[*cell].row < r);
        let has_content = (0..grid.width).any(|c| !grid.written(r, c).is_empty());
        let blank_keys = (0..grid.width)
            .take_while(|&c| {
                grid.written(r, c).is_empty()
                    && !matches!(grid.rows[r].slots[c], Slot::Spanned { .. })
            })
            .count();
        let blank = !spanned && has_content && blank_keys >= keys;
        match (spanned || blank, head) {
            (true, Some(of)) => {
                grid.rows[r].kind = RowKind::Continuation { of };
                if blank {
                    fill_from_above(grid, r);
                    filled.push(r);
                }
            }
            _ => head = Some(r),
        }
    }
    if !filled.is_empty() {
        let detail = format!(
            "{} the row above: {} blank cells show the cells above them",
            rows_at(grid, &filled, "continues", "continue"),
            if filled.len() == 1 { "its" } else { "their" }
        );
        grid.repair(RepairKind::BlankMerges, filled, detail);
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
