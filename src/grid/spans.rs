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
