//! Header rows, header paths and continuation rows, found by what the table
//! shows, in any format.
//!
//! A header is what the markup says (`<thead>`, rows of `<th>`, a Markdown
//! table's first row), or else leading rows of bold text (as word
//! processors write it), or else a first row of labels over rows of figures.
//! A two-level header written without spans is a header row whose labels are
//! followed by blank cells, over a first body row that holds the second
//! level: the *sub-header row*. A header cell that repeats the label to its
//! left (or above it) is that label spanning it, as converters that write a
//! merged cell's text into every slot it covers write it.

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
    if let Some(below) = labels_over_content(grid).filter(|_| count == 0) {
        count = 1;
        grid.header_rows = count;
        grid.repair(
            RepairKind::InferredHeader,
            vec![0],
            format!(
                "the table has no header markup; its first row, labels over rows of {below}, read as the header"
            ),
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

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `row at line 5 continues`, `rows at lines 5, 7 continue` (or at
/// paragraphs, in a Word file).
pub(super) fn rows_at(grid: &Grid, rows: &[usize], one: &str, many: &str) -> String {
    let lines: Vec<u32> = rows.iter().map(|&r| grid.rows[r].line).collect();
    let n = rows.len();
    format!(
        "row{} at {} {}",
        plural(n),
        grid.unit.list(&lines),
        if n == 1 { one } else { many }
    )
}

/// A first row of two or more labels (no figures, no lists), over later rows
/// holding figures.
/// A first row of labels (no figure, no list) over rows of figures (two
/// labels or more) or of lists (one label or more, as a structure's
/// functions table is headed by its name over its areas and their lists):
/// what the rows below hold, if so.
fn labels_over_content(grid: &Grid) -> Option<&'static str> {
    if grid.rows.len() < 2 {
        return None;
    }
    let first: Vec<&super::Cell> = origins(grid, 0)
        .filter(|c| !c.source.text.is_empty())
        .collect();
    let labels = first
        .iter()
        .all(|c| !looks_like_value(&c.source.text) && c.source.items.len() <= 1);
    let below =
        |is: fn(&super::Cell) -> bool| (1..grid.rows.len()).any(|r| origins(grid, r).any(is));
    if !labels || first.is_empty() {
        None
    } else if first.len() >= 2 && below(|c| looks_like_value(&c.source.text)) {
        Some("figures")
    } else if below(|c| c.source.items.len() > 1) {
        Some("lists")
    } else {
        None
    }
}

/// Whether first-row header cell `c` continues the label to its left: it is
/// blank, or the same label written again.
fn continues_left(grid: &Grid, c: usize) -> bool {
    let text = written(grid, 0, c);
    c > 0
        && (text.is_empty()
            || (!looks_like_value(text)
                && (0..c)
                    .rev()
                    .map(|l| written(grid, 0, l))
                    .find(|t| !t.is_empty())
                    == Some(text)))
}

/// Is row `r` the second level of a header written without spans? Its
/// labels (not values) all sit under a header cell that spans (is followed
/// by blank cells, or by the same label again); its other cells are blank
/// or repeat the header cell above them (a label spanning both rows, its
/// text written in each), the first cell among them.
fn is_sub_header(grid: &Grid, r: usize) -> bool {
    let width = grid.width;
    let repeats_above = |c: usize| {
        let text = written(grid, r, c);
        text.is_empty() || text == written(grid, 0, c)
    };
    if r >= grid.rows.len() || r == 0 || !repeats_above(0) {
        return false;
    }
    let mut spanned = vec![false; width];
    let mut c = 0;
    while c < width {
        let mut end = c + 1;
        while end < width && continues_left(grid, end) {
            end += 1;
        }
        if !written(grid, 0, c).is_empty() && end - c >= 2 {
            spanned[c..end].iter_mut().for_each(|s| *s = true);
        }
        c = end;
    }
    let labels: Vec<usize> = (0..width)
        .filter(|&c| !written(grid, r, c).is_empty() && (spanned[c] || !repeats_above(c)))
        .collect();
    !labels.is_empty()
        && labels
            .iter()
            .all(|&c| spanned[c] && !looks_like_value(written(grid, r, c)))
}

/// In the first header row, a blank cell after a label continues the label
/// (the way converters write a `colspan`), and so does the same label
/// written again (the way Docling writes one).
pub(super) fn merge_blank_header_cells(grid: &mut Grid) {
    if grid.header_rows == 0 {
        return;
    }
    let (mut blank, mut repeated) = (Vec::new(), Vec::new());
    let mut from: Option<usize> = None;
    for c in 0..grid.width {
        let text = grid.written(0, c);
        let Slot::Origin { cell } = grid.rows[0].slots[c] else {
            from = None;
            continue;
        };
        let repeats = from.is_some_and(|f| grid.cells[f].source.text == text)
            && !text.is_empty()
            && !looks_like_value(text);
        match from {
            Some(f) if text.is_empty() || repeats => {
                grid.rows[0].slots[c] = Slot::Merged { from: f };
                if repeats { &mut repeated } else { &mut blank }.push(c);
            }
            _ if text.is_empty() => {}
            _ => from = Some(cell),
        }
    }
    let columns = |cols: &[usize]| {
        cols.iter()
            .map(|c| (c + 1).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !blank.is_empty() {
        let detail = format!(
            "blank header cell{} of column{} {} read as the label to {} left",
            plural(blank.len()),
            plural(blank.len()),
            columns(&blank),
            if blank.len() == 1 { "its" } else { "their" }
        );
        grid.repair(RepairKind::SpannedHeader, vec![0], detail);
    }
    if !repeated.is_empty() {
        let detail = format!(
            "header cell{} of column{} {} repeat{} the label to {} left: read as that label spanning {}",
            plural(repeated.len()),
            plural(repeated.len()),
            columns(&repeated),
            if repeated.len() == 1 { "s" } else { "" },
            if repeated.len() == 1 { "its" } else { "their" },
            if repeated.len() == 1 { "it" } else { "them" },
        );
        grid.repair(RepairKind::RepeatedMerge, vec![0], detail);
    }
}

/// In a header of two rows or more, a cell that repeats the label above it
/// is that label spanning both rows.
pub(super) fn merge_repeated_header_rows(grid: &mut Grid) {
    let mut merged: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for r in 1..grid.header_rows {
        for c in 0..grid.width {
            let Slot::Origin { cell } = grid.rows[r].slots[c] else {
                continue;
            };
            let text = &grid.cells[cell].source.text;
            let Some(above) = grid.rows[r - 1].slots[c].cell() else {
                continue;
            };
            if !text.is_empty() && grid.cells[above].source.text == *text {
                merged.push(format!("`{}`", text.replace('\n', " ")));
                grid.rows[r].slots[c] = Slot::Merged { from: above };
                if rows.last() != Some(&r) {
                    rows.push(r);
                }
            }
        }
    }
    if !merged.is_empty() {
        let detail = format!(
            "header cell{} {} repeat{} the label above: read as that label spanning both rows",
            plural(merged.len()),
            merged.join(", "),
            if merged.len() == 1 { "s" } else { "" },
        );
        grid.repair(RepairKind::RepeatedMerge, rows, detail);
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
