//! Copies of a table: tables with the same caption and header paths. Found by
//! grouping on a key (caption, header) rather than comparing every table with
//! every other, since large documents hold thousands of tables.

use std::collections::HashMap;

use super::{Location, Records};
use crate::fold::fold;
use crate::grid::Grid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copy {
    /// Index (1-based) of the first table with this caption and header.
    pub original: usize,
    /// The filled body is the same, cell by cell (white space aside).
    pub identical: bool,
}

fn body_text(grid: &Grid) -> Vec<String> {
    grid.body()
        .flat_map(|(r, _)| {
            (0..grid.width).map(move |c| {
                grid.text(r, c)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
        .collect()
}

pub fn find(grids: &[Grid]) -> Vec<Option<Copy>> {
    let mut first: HashMap<(String, Vec<String>), usize> = HashMap::new();
    let mut copies = Vec::with_capacity(grids.len());
    for (i, grid) in grids.iter().enumerate() {
        let caption = grid
            .caption
            .as_ref()
            .map_or(String::new(), |c| fold(&c.text));
        let header: Vec<String> = grid.columns.iter().map(|c| fold(c)).collect();
        match first.get(&(caption.clone(), header.clone())) {
            Some(&o) => {
                let original = &grids[o];
                copies.push(Some(Copy {
                    original: original.index,
                    identical: body_text(original) == body_text(grid),
                }));
            }
            None => {
                first.insert((caption, header), i);
                copies.push(None);
            }
        }
    }
    copies
}

/// Lists, on the records of each original table, the lines where its
/// identical copies state the same facts.
pub fn note_copies(grids: &[Grid], copies: &[Option<Copy>], rec: &mut Records) {
    let by_index: HashMap<usize, &Grid> = grids.iter().map(|g| (g.index, g)).collect();
    for (grid, copy) in grids.iter().zip(copies) {
        let Some(Copy {
            original,
            identical: true,
        }) = *copy
        else {
            continue;
        };
        let Some(orig) = by_index.get(&original) else {
            continue;
        };
        // Same shape, so row i of the copy states what row i of the original does.
        let lines: HashMap<u32, u32> = orig
            .rows
            .iter()
            .zip(&grid.rows)
            .map(|(o, c)| (o.line, c.line))
            .collect();
        let at = |line: u32| Location {
            table: grid.index,
            line: lines.get(&line).copied().unwrap_or(grid.line),
        };
        macro_rules! note {
            ($records:expr) => {
                for r in $records.iter_mut().filter(|r| r.table == original) {
                    r.also_at.push(at(r.line));
                }
            };
        }
        note!(rec.positions);
        note!(rec.members);
        note!(rec.offices);
        note!(rec.totals);
        note!(rec.overall);
    }
}
