//! A finding's table excerpt, for the reports: the rows and columns its
//! places name, under the table's header rows, as the document writes them
//! (the filled view: a merged cell shows its text in each slot), the cells
//! it calls wrong marked apart from the cells it was checked against. An
//! excerpt is bounded: a finding may name hundreds of cells.

use foldhash::{HashMap, HashMapExt};

use crate::grid::Grid;
use crate::reconcile::Finding;

/// The most body rows and columns an excerpt shows; the rest are counted.
pub const MAX_ROWS: usize = 8;
pub const MAX_COLUMNS: usize = 8;
/// The most tables a finding's excerpts show (the places name the rest).
pub const MAX_TABLES: usize = 2;

/// What a cell of an excerpt is to the finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    None,
    /// A cell the finding calls wrong.
    Found,
    /// A cell it was checked against.
    Operand,
}

/// The part of one table a finding concerns.
#[derive(Debug)]
pub struct Excerpt<'g> {
    pub grid: &'g Grid,
    /// Grid rows (header rows first) and grid columns shown, in order.
    pub rows: Vec<usize>,
    pub columns: Vec<usize>,
    /// Body rows and columns named but cut.
    pub more_rows: usize,
    pub more_columns: usize,
    marks: HashMap<(usize, usize), Mark>,
}

impl Excerpt<'_> {
    pub fn mark(&self, row: usize, col: usize) -> Mark {
        self.marks.get(&(row, col)).copied().unwrap_or(Mark::None)
    }

    pub fn is_header(&self, row: usize) -> bool {
        row < self.grid.header_rows
    }
}

/// The excerpts of finding `f`: one per table it names cells of, in the
/// order it names them, a table whose cells repeat an earlier one's rows
/// and columns (an identical copy) left to the places.
pub fn excerpts<'g>(f: &Finding, grids: &HashMap<usize, &'g Grid>) -> Vec<Excerpt<'g>> {
    let marks = f.found_marks();
    let mut order: Vec<usize> = Vec::new();
    let mut cells: HashMap<usize, Vec<(usize, usize, bool)>> = HashMap::new();
    for (l, found) in f.locations.iter().zip(marks) {
        let (Some(row), Some(col)) = (l.grid_row, l.col) else {
            continue;
        };
        if !grids.contains_key(&l.table) {
            continue;
        }
        let list = cells.entry(l.table).or_insert_with(|| {
            order.push(l.table);
            Vec::new()
        });
        list.push((row, col, found));
    }
    let mut shapes: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut out = Vec::new();
    for table in order {
        let list = &cells[&table];
        let shape: Vec<(usize, usize)> = list.iter().map(|&(r, c, _)| (r, c)).collect();
        if shapes.contains(&shape) {
            continue;
        }
        shapes.push(shape);
        if out.len() < MAX_TABLES {
            out.push(excerpt(grids[&table], list));
        }
    }
    out
}

fn excerpt<'g>(grid: &'g Grid, cells: &[(usize, usize, bool)]) -> Excerpt<'g> {
    let mut marks: HashMap<(usize, usize), Mark> = HashMap::new();
    for &(r, c, found) in cells {
        let mark = if found { Mark::Found } else { Mark::Operand };
        let entry = marks.entry((r, c)).or_insert(mark);
        if mark == Mark::Found {
            *entry = Mark::Found;
        }
    }
    // The found cells' rows and columns first, then the operands', each cut
    // at its bound.
    let pick = |key: fn(&(usize, usize, bool)) -> usize, skip_header: bool, max: usize| {
        let mut picked: Vec<usize> = Vec::new();
        let mut named: Vec<usize> = Vec::new();
        for found in [true, false] {
            for cell in cells.iter().filter(|c| c.2 == found) {
                let k = key(cell);
                if skip_header && k < grid.header_rows || named.contains(&k) {
                    continue;
                }
                named.push(k);
                if picked.len() < max {
                    picked.push(k);
                }
            }
        }
        picked.sort_unstable();
        (picked, named.len())
    };
    let (body, named_rows) = pick(|c| c.0, true, MAX_ROWS);
    let (mut columns, named_columns) = pick(|c| c.1, false, MAX_COLUMNS);
    let more_columns = named_columns - columns.len();
    // The row's label, where the table has one, reads the row.
    if !columns.contains(&0) && grid.width > 0 {
        columns.insert(0, 0);
    }
    let mut rows: Vec<usize> = (0..grid.header_rows.min(grid.rows.len())).collect();
    rows.extend(body.iter().copied());
    Excerpt {
        grid,
        more_rows: named_rows - body.len(),
        more_columns,
        rows,
        columns,
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testing::Doc;
    use crate::reconcile::{Location, Rule, Severity};

    fn finding(cells: &[(usize, usize, usize)], found: &str) -> Finding {
        Finding {
            id: "x".into(),
            severity: Severity::Error,
            rule: Rule::ColumnTotal,
            message: "m".into(),
            expected: None,
            found: Some(found.into()),
            locations: cells
                .iter()
                .map(|&(table, row, col)| Location {
                    table,
                    row,
                    column: "".into(),
                    line: 1,
                    text: if row == 41 { "999".into() } else { "1".into() },
                    grid_row: Some(row),
                    col: Some(col),
                    offset: None,
                })
                .collect(),
            notes: Vec::new(),
            accepted: None,
        }
    }

    #[test]
    fn an_excerpt_of_forty_cells_is_cut_and_counts_what_it_left_out() {
        let mut rows: Vec<Vec<String>> = vec![vec!["Gruppo".into(), "Totale".into()]];
        rows.extend((1..=40).map(|i| vec![format!("G{i}"), "1".into()]));
        rows.push(vec!["Totale".into(), "999".into()]);
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let doc = Doc::new().grid(1, &rows);
        let grids: HashMap<usize, &Grid> = doc.grids.iter().map(|g| (g.index, g)).collect();
        // The total (row 41) is found wrong, the forty rows are its operands.
        let mut cells = vec![(1, 41, 1)];
        cells.extend((1..=40).map(|r| (1, r, 1)));
        let f = finding(&cells, "999");
        let ex = excerpts(&f, &grids);
        assert_eq!(ex.len(), 1);
        let e = &ex[0];
        assert_eq!(e.rows.len(), 1 + MAX_ROWS, "the header and eight rows");
        assert!(e.rows.contains(&41), "the wrong cell's row is always shown");
        assert_eq!(e.more_rows, 41 - MAX_ROWS);
        assert_eq!(e.columns, [0, 1]);
        assert_eq!(e.mark(41, 1), Mark::Found);
        assert_eq!(e.mark(1, 1), Mark::Operand);
        // A copy of the table with the same places is left to the places.
        let doc = Doc::new().grid(1, &rows).grid(2, &rows);
        let grids: HashMap<usize, &Grid> = doc.grids.iter().map(|g| (g.index, g)).collect();
        let f = finding(&[(1, 41, 1), (2, 41, 1)], "999");
        assert_eq!(excerpts(&f, &grids).len(), 1);
    }
}
