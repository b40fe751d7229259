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
    use rayon::prelude::*;
    // Folding captions and headers, and the body texts compared below, are
    // per table: done on every core. Grouping is one pass in document order.
    let keys: Vec<(String, Vec<String>)> = grids
        .par_iter()
        .map(|grid| {
            let caption = grid
                .caption
                .as_ref()
                .map_or(String::new(), |c| fold(&c.text));
            (caption, grid.columns.iter().map(|c| fold(c)).collect())
        })
        .collect();
    let mut first: HashMap<&(String, Vec<String>), usize> = HashMap::new();
    // For each table, the first table with its caption and header, if earlier.
    let originals: Vec<Option<usize>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| match first.get(key) {
            Some(&o) => Some(o),
            None => {
                first.insert(key, i);
                None
            }
        })
        .collect();
    // An original's text is computed once, however many copies it has.
    let mut with_copies: Vec<usize> = originals.iter().flatten().copied().collect();
    with_copies.sort_unstable();
    with_copies.dedup();
    let original_text: HashMap<usize, Vec<String>> = with_copies
        .into_par_iter()
        .map(|o| (o, body_text(&grids[o])))
        .collect();
    grids
        .par_iter()
        .zip(&originals)
        .map(|(grid, original)| {
            original.map(|o| Copy {
                original: grids[o].index,
                identical: original_text[&o] == body_text(grid),
            })
        })
        .collect()
}

/// An identical copy: its index, the copy's line for each of the original's
/// row lines, and its first line.
type CopyLines = (usize, HashMap<u32, u32>, u32);

/// Lists, on the records of each original table, the lines where its
/// identical copies state the same facts.
pub fn note_copies(grids: &[Grid], copies: &[Option<Copy>], rec: &mut Records) {
    let by_index: HashMap<usize, &Grid> = grids.iter().map(|g| (g.index, g)).collect();
    // Original table → its identical copies, with the copy's line for each of
    // the original's row lines.
    let mut pending: HashMap<usize, Vec<CopyLines>> = HashMap::new();
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
        pending
            .entry(original)
            .or_default()
            .push((grid.index, lines, grid.line));
    }
    if pending.is_empty() {
        return;
    }
    // One pass over each kind of record, whatever the number of copies.
    let also = |table: usize, line: u32| -> Vec<Location> {
        pending.get(&table).map_or_else(Vec::new, |copies| {
            copies
                .iter()
                .map(|(index, lines, first)| Location {
                    table: *index,
                    line: lines.get(&line).copied().unwrap_or(*first),
                })
                .collect()
        })
    };
    macro_rules! note {
        ($records:expr) => {
            for r in $records.iter_mut() {
                r.also_at.extend(also(r.table, r.line));
            }
        };
    }
    note!(rec.positions);
    note!(rec.members);
    note!(rec.offices);
    note!(rec.totals);
    note!(rec.overall);
}
