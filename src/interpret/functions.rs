//! Functions: the matrix (structures as columns, areas as rows) and each
//! structure's own table (area, activities), one record per activity.

use super::{CellRef, Function, FunctionSource, Records};
use crate::grid::Grid;
use crate::lexicon::Lexicon;

/// `Le funzioni delle Direzioni Regionali` names the structure `Direzioni
/// Regionali` (the prefixes are the vocabulary's `functions-of`).
pub fn structure_name(header: &str, lex: &Lexicon) -> String {
    lex.patterns()
        .functions_of
        .replace(header, "")
        .trim()
        .to_string()
}

/// The activities a cell lists: its list items, or else its lines.
fn activities(grid: &Grid, r: usize, c: usize) -> Vec<String> {
    let Some(cell) = grid.cell_at(r, c) else {
        return Vec::new();
    };
    if cell.source.items.is_empty() {
        cell.source
            .text
            .lines()
            .map(str::to_string)
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        cell.source.items.clone()
    }
}

fn push(
    grid: &Grid,
    r: usize,
    c: usize,
    structure: &str,
    source: FunctionSource,
    rec: &mut Records,
) {
    let area = grid.text(r, 0).replace('\n', " ");
    if area.is_empty() {
        return;
    }
    for activity in activities(grid, r, c) {
        rec.functions.push(Function {
            structure: structure.to_string(),
            area: area.clone(),
            activity,
            source,
            table: grid.index,
            line: grid.rows[r].line,
            cell: CellRef::at(grid, r, c),
        });
    }
}

pub(super) fn read_matrix(grid: &Grid, rec: &mut Records) {
    for (r, _) in grid.body() {
        for c in 1..grid.width {
            push(grid, r, c, &grid.columns[c], FunctionSource::Matrix, rec);
        }
    }
}

pub(super) fn read_structure(grid: &Grid, lex: &Lexicon, rec: &mut Records) {
    let structure = structure_name(&grid.columns[0], lex);
    for (r, _) in grid.body() {
        push(grid, r, 1, &structure, FunctionSource::Structure, rec);
    }
}

#[cfg(test)]
mod tests {
    use crate::lexicon::Lexicon;

    fn structure_name(header: &str) -> String {
        super::structure_name(header, Lexicon::builtin())
    }

    #[test]
    fn structure_names_lose_the_functions_prefix() {
        assert_eq!(
            structure_name("Le funzioni delle Direzioni Regionali"),
            "Direzioni Regionali"
        );
        assert_eq!(structure_name("Funzioni dei Punti INPS"), "Punti INPS");
        assert_eq!(
            structure_name("Functions of the Regional Directorates"),
            "Regional Directorates"
        );
        assert_eq!(
            structure_name("Direzioni Metropolitane e Provinciali"),
            "Direzioni Metropolitane e Provinciali"
        );
    }
}
