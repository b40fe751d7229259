//! Copies of a table: tables with the same caption and header paths. Found by
//! grouping on a key (caption, header) rather than comparing every table with
//! every other, since large documents hold thousands of tables. A table in
//! parts (continued after a page break) is compared whole: its first part's
//! caption and header, all its parts' rows.

use foldhash::{HashMap, HashMapExt};

use super::{Location, Records};
use crate::fold::fold;
use crate::grid::Grid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copy {
    /// Index (1-based) of the first table with this caption and header (of
    /// its first part).
    pub original: usize,
    /// The filled body is the same, cell by cell (white space aside).
    pub identical: bool,
}

/// The body rows of a table's parts, in order: (grid, row).
fn body_rows<'g>(grids: &'g [Grid], chain: &[usize]) -> Vec<(&'g Grid, usize)> {
    chain
        .iter()
        .flat_map(|&i| grids[i].body().map(move |(r, _)| (&grids[i], r)))
        .collect()
}

fn body_text(grids: &[Grid], chain: &[usize]) -> Vec<String> {
    body_rows(grids, chain)
        .into_iter()
        .flat_map(|(grid, r)| {
            (0..grid.width).map(move |c| {
                grid.text(r, c)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        })
        .collect()
}

/// For each table (a chain of parts, see [`super::chains`]), the table it
/// copies, if any.
pub fn find(grids: &[Grid], chains: &[Vec<usize>]) -> Vec<Option<Copy>> {
    use rayon::prelude::*;
    // Folding captions and headers, and the body texts compared below, are
    // per table: done on every core. Grouping is one pass in document order.
    let keys: Vec<(String, Vec<String>)> = chains
        .par_iter()
        .map(|chain| {
            let grid = &grids[chain[0]];
            let caption = grid
                .caption
                .as_ref()
                .map_or(String::new(), |c| fold(&c.text));
            (caption, grid.columns.iter().map(|c| fold(c)).collect())
        })
        .collect();
    let mut first: HashMap<&(String, Vec<String>), usize> = HashMap::new();
    // For each table, the first table with its caption and header, if earlier.
    // A table without a header is nobody's copy: tables that share a caption
    // and no header are not the same table for that.
    let originals: Vec<Option<usize>> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| match first.get(key) {
            _ if key.1.iter().all(String::is_empty) => None,
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
        .map(|o| (o, body_text(grids, &chains[o])))
        .collect();
    chains
        .par_iter()
        .zip(&originals)
        .map(|(chain, original)| {
            original.map(|o| Copy {
                original: grids[chains[o][0]].index,
                identical: original_text[&o] == body_text(grids, chain),
            })
        })
        .collect()
}

/// An identical copy: its index, the copy's (part, line) for each of the
/// original's row lines, and its first line.
type CopyLines = (usize, std::sync::Arc<HashMap<u32, (usize, u32)>>, u32);

/// Lists, on the records of each original table, the lines where its
/// identical copies state the same facts.
pub fn note_copies(
    grids: &[Grid],
    chains: &[Vec<usize>],
    copies: &[Option<Copy>],
    rec: &mut Records,
) {
    let chain_of: HashMap<usize, usize> = chains
        .iter()
        .enumerate()
        .map(|(i, chain)| (grids[chain[0]].index, i))
        .collect();
    // Each part of an original table → its identical copies, with the
    // copy's place for each of the original's row lines.
    let mut pending: HashMap<usize, Vec<CopyLines>> = HashMap::new();
    for (chain, copy) in chains.iter().zip(copies) {
        let Some(Copy {
            original,
            identical: true,
        }) = *copy
        else {
            continue;
        };
        let Some(orig) = chain_of.get(&original).map(|&o| &chains[o]) else {
            continue;
        };
        // Same body, so body row i of the copy states what body row i of the
        // original does.
        let lines: HashMap<u32, (usize, u32)> = body_rows(grids, orig)
            .into_iter()
            .zip(body_rows(grids, chain))
            .map(|((og, or), (cg, cr))| (og.rows[or].line, (cg.index, cg.rows[cr].line)))
            .collect();
        let lines = std::sync::Arc::new(lines);
        let copy = &grids[chain[0]];
        for &part in orig {
            pending.entry(grids[part].index).or_default().push((
                copy.index,
                lines.clone(),
                copy.line,
            ));
        }
    }
    if pending.is_empty() {
        return;
    }
    // One pass over each kind of record, whatever the number of copies.
    let also = |table: usize, line: u32| -> Vec<Location> {
        pending.get(&table).map_or_else(Vec::new, |copies| {
            copies
                .iter()
                .map(|(index, lines, first)| {
                    let (table, line) = lines.get(&line).copied().unwrap_or((*index, *first));
                    Location { table, line }
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
