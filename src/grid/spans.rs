//! Placing cells in slots, following the HTML table processing model
//! (WHATWG "forming a table"): row groups in order with `<tfoot>` last, each
//! cell in the first free slot of its row, `rowspan="0"` to the end of the row
//! group, overlapping cells keeping the slot of the first one.

use super::{Cell, Row, RowKind, Slot, TooLarge};
use crate::extract::RawTable;

/// The largest grid (rows × columns) built for one table. A document may ask
/// for `rowspan="65534" colspan="1000"`; past this the table is reported, not
/// allocated.
pub const MAX_GRID_SLOTS: usize = 2_000_000;

/// An upper bound of the slots `table`'s grid will have, from its cells
/// alone, without placing them: its height times the most slots any row
/// has to hold (its own cells' widths, and those of cells from the rows above
/// that span into it). Cells are placed in a row's first free slot, so no row
/// is wider than that; for a table without row spans it is exact.
pub fn bound(table: &RawTable) -> usize {
    let height = table.rows.len();
    // into[y]: the widths of cells from above spanning into row y, as a
    // difference array over the rows.
    let mut into = vec![0i64; height + 1];
    let mut group_end = height;
    let mut widest = 0i64;
    let mut carried = 0i64;
    for y in 0..height {
        if y == 0 || table.rows[y].group_id != table.rows[y - 1].group_id {
            group_end = (y + 1..height)
                .find(|&z| table.rows[z].group_id != table.rows[y].group_id)
                .unwrap_or(height);
        }
        carried += into[y];
        // Widths are clamped to 1000 and a row holds fewer cells than the
        // document has bytes: no sum here comes near i64's range.
        let own: i64 = table.rows[y]
            .cells
            .iter()
            .map(|c| c.colspan.max(1) as i64)
            .sum();
        widest = widest.max(own + carried);
        for cell in &table.rows[y].cells {
            let last = match cell.rowspan {
                0 => group_end,
                n => (y + n).min(group_end),
            };
            if last > y + 1 {
                into[y + 1] += cell.colspan.max(1) as i64;
                into[last] -= cell.colspan.max(1) as i64;
            }
        }
    }
    usize::try_from(widest)
        .unwrap_or(usize::MAX)
        .saturating_mul(height.max(1))
}

/// Takes the cells out of `table` (they move into the grid, not copied).
pub(super) fn place(table: &mut RawTable) -> Result<(Vec<Row>, Vec<Cell>), TooLarge> {
    let height = table.rows.len();
    let mut slots: Vec<Vec<Slot>> = vec![Vec::new(); height];
    let mut cells: Vec<Cell> = Vec::with_capacity(table.rows.iter().map(|r| r.cells.len()).sum());
    let mut width = 0usize;

    // The end (exclusive) of the row group of each row.
    let mut group_end = vec![height; height];
    for y in (0..height.saturating_sub(1)).rev() {
        group_end[y] = if table.rows[y].group_id == table.rows[y + 1].group_id {
            group_end[y + 1]
        } else {
            y + 1
        };
    }

    for (y, row) in table.rows.iter_mut().enumerate() {
        let mut x = 0usize;
        for raw in &mut row.cells {
            while slots[y].get(x).is_some_and(|s| *s != Slot::Empty) {
                x += 1;
            }
            let remaining = group_end[y] - y;
            let rows = match raw.rowspan {
                0 => remaining,
                n => n.min(remaining),
            };
            let cols = raw.colspan.max(1);
            width = width.max(x + cols);
            if width.saturating_mul(height.max(1)) > MAX_GRID_SLOTS {
                return Err(TooLarge {
                    slots: width.saturating_mul(height.max(1)),
                });
            }
            let id = cells.len();
            for (yy, line) in slots.iter_mut().enumerate().skip(y).take(rows) {
                if line.len() < x + cols {
                    line.resize(x + cols, Slot::Empty);
                }
                for (xx, slot) in line.iter_mut().enumerate().skip(x).take(cols) {
                    // An overlap is a table model error; the first cell keeps
                    // the slot, as the standard's "two cells overlapping" is
                    // rendered by browsers.
                    if *slot == Slot::Empty {
                        *slot = if (yy, xx) == (y, x) {
                            Slot::Origin { cell: id }
                        } else {
                            Slot::Spanned { cell: id }
                        };
                    }
                }
            }
            cells.push(Cell {
                row: y,
                col: x,
                height: rows,
                width: cols,
                source: std::mem::take(raw),
            });
            x += cols;
        }
    }

    let rows = table
        .rows
        .iter()
        .zip(slots)
        .map(|(raw, mut line)| {
            line.resize(width, Slot::Empty);
            Row {
                line: raw.line,
                group: raw.group,
                kind: RowKind::Body,
                slots: line,
            }
        })
        .collect();
    Ok((rows, cells))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{RawCell, RawRow, RowGroup};

    fn table(rows: &[&[(usize, usize)]]) -> RawTable {
        RawTable {
            index: 1,
            caption: None,
            line: 1,
            unit: crate::source::Unit::Line,
            parent: None,
            adjacent: false,
            joined: None,
            rows: rows
                .iter()
                .map(|cells| RawRow {
                    group: RowGroup::Body,
                    group_id: 0,
                    line: 1,
                    cells: cells
                        .iter()
                        .map(|&(colspan, rowspan)| {
                            let mut cell = RawCell::default();
                            (cell.colspan, cell.rowspan) = (colspan, rowspan);
                            cell
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn slots(mut t: RawTable) -> usize {
        let (rows, _) = place(&mut t).unwrap();
        rows.len() * rows.first().map_or(0, |r| r.slots.len())
    }

    #[test]
    fn the_bound_is_exact_without_row_spans_and_never_short() {
        let layouts: Vec<Vec<Vec<(usize, usize)>>> = vec![
            vec![vec![(1, 1); 3], vec![(1, 1); 3]],
            vec![vec![(2, 1), (1, 1)], vec![(1, 1); 3], vec![(1, 1)]],
            vec![vec![(1, 2), (1, 1)], vec![(1, 1)], vec![(1, 1), (1, 1)]],
            vec![vec![(1, 1), (3, 3)], vec![(1, 1), (1, 1)], vec![(1, 1)]],
            vec![vec![(1, 0), (2, 2)], vec![(1, 1)], vec![(4, 1)]],
            vec![vec![(1000, 1999)], vec![], vec![]],
        ];
        for (i, layout) in layouts.iter().enumerate() {
            let rows: Vec<&[(usize, usize)]> = layout.iter().map(Vec::as_slice).collect();
            let bound = bound(&table(&rows));
            let actual = slots(table(&rows));
            assert!(bound >= actual, "layout {i}: bound {bound} < {actual}");
            if layout.iter().flatten().all(|&(_, r)| r == 1) {
                assert_eq!(bound, actual, "layout {i}");
            }
        }
        assert_eq!(bound(&table(&[&[(1000, 1999)], &[], &[]])), 3000);
    }
}
