//! Functions: the matrix (structures as columns, areas as rows, each cell
//! the list of a structure's activities in an area; or one row per activity
//! and a tick where a structure performs it) and each structure's own table
//! (area, activities), one record per activity.

use super::{CellRef, Function, FunctionSource, Records};
use crate::grid::Grid;
use crate::lexicon::Lexicon;
use crate::vocabulary::Vocabulary;

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

pub(super) fn read_matrix(grid: &Grid, voc: &Vocabulary, rec: &mut Records) {
    if let Some(first) = tick_columns(grid, voc) {
        return read_ticks(grid, first, voc, rec);
    }
    for (r, _) in grid.body() {
        for c in 1..grid.width {
            push(grid, r, c, &grid.columns[c], FunctionSource::Matrix, rec);
        }
    }
}

/// A matrix of ticks: the first of the columns, up to the last, whose every
/// body cell as written is a mark that says yes (the vocabulary's `mark`)
/// or blank, with a mark among them and a label column before them. None
/// for a matrix of lists.
pub fn tick_columns(grid: &Grid, voc: &Vocabulary) -> Option<usize> {
    let mut first = grid.width;
    let mut marked = false;
    while first > 1 {
        let c = first - 1;
        let mut marks = 0;
        let all = grid.body().all(|(r, _)| {
            let text = grid.written_cell(r, c).map_or("", |cell| &cell.source.text);
            marks += usize::from(voc.is_mark(text));
            text.trim().is_empty() || voc.is_mark(text)
        });
        if !all {
            break;
        }
        marked |= marks > 0;
        first = c;
    }
    (marked && first < grid.width).then_some(first)
}

/// A matrix of ticks, read row by row: the activity is the last column
/// before the ticks, the area the column before it (a blank one continues
/// the area above) or, where there is none, the last row without a tick
/// (an area's heading row). Each tick is one record, placed at the tick's
/// own cell.
fn read_ticks(grid: &Grid, first: usize, voc: &Vocabulary, rec: &mut Records) {
    let (activity_col, area_col) = (first - 1, first.checked_sub(2));
    let mut heading = String::new();
    for (r, _) in grid.body() {
        let activity = grid.text(r, activity_col).replace('\n', " ");
        if let Some(a) = area_col.map(|a| grid.text(r, a)).filter(|a| !a.is_empty()) {
            heading = a.replace('\n', " ");
        }
        let ticked: Vec<usize> = (first..grid.width)
            .filter(|&c| {
                grid.written_cell(r, c)
                    .is_some_and(|cell| voc.is_mark(&cell.source.text))
            })
            .collect();
        if ticked.is_empty() {
            if area_col.is_none() && !activity.is_empty() {
                heading = activity;
            }
            continue;
        }
        for c in ticked {
            rec.functions.push(Function {
                structure: grid.columns[c].to_string(),
                area: heading.clone(),
                activity: activity.clone(),
                source: FunctionSource::Matrix,
                table: grid.index,
                line: grid.rows[r].line,
                cell: CellRef::written(grid, r, c),
            });
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
    use crate::interpret::{Records, TableKind};
    use crate::lexicon::Lexicon;
    use crate::reconcile::testing::Doc;

    /// The matrix's records as `structure / area / activity @ row, col`.
    fn read(rows: &[&[&str]]) -> (TableKind, Vec<String>) {
        let doc = Doc::new().grid(1, rows);
        let grid = &doc.grids[0];
        let voc = &Lexicon::builtin().vocabulary;
        let kind = super::super::kinds::classify(grid, voc).kind;
        let mut rec = Records::default();
        super::read_matrix(grid, voc, &mut rec);
        let found = rec
            .functions
            .iter()
            .map(|f| {
                format!(
                    "{} / {} / {} @ {},{}",
                    f.structure, f.area, f.activity, f.cell.grid_row, f.cell.col
                )
            })
            .collect();
        (kind, found)
    }

    #[test]
    fn a_matrix_of_ticks_under_area_rows_gives_a_record_per_tick() {
        let (kind, found) = read(&[
            &["Funzioni", "Direzioni Regionali", "Agenzie"],
            &["GOVERNANCE", "", ""],
            &["Coordinamento", "●", ""],
            &["Comunicazione", "✓", "X"],
            &["SUPPORTO", "", ""],
            &["Personale", "", "Sì"],
        ]);
        assert_eq!(kind, TableKind::FunctionsMatrix);
        assert_eq!(
            found,
            [
                "Direzioni Regionali / GOVERNANCE / Coordinamento @ 2,1",
                "Direzioni Regionali / GOVERNANCE / Comunicazione @ 3,1",
                "Agenzie / GOVERNANCE / Comunicazione @ 3,2",
                "Agenzie / SUPPORTO / Personale @ 5,2",
            ]
        );
    }

    #[test]
    fn ticks_are_read_as_written_whatever_the_merge_repairs_show() {
        // The area written once (blank below: a blank-merge repair fills
        // the row's blank cells from above) and then repeated (a repeated
        // merge reads the repeated tick as one cell): each tick is its
        // own row's, and a blank is no tick.
        let (kind, found) = read(&[
            &["Area", "Funzione", "Regionali", "Provinciali"],
            &["Governance", "Coordinamento", "✓", ""],
            &["", "Vigilanza", "", "✓"],
            &["Supporto", "Personale", "✓", ""],
            &["Supporto", "Bilancio", "✓", ""],
        ]);
        assert_eq!(kind, TableKind::FunctionsMatrix);
        assert_eq!(
            found,
            [
                "Regionali / Governance / Coordinamento @ 1,2",
                "Provinciali / Governance / Vigilanza @ 2,3",
                "Regionali / Supporto / Personale @ 3,2",
                "Regionali / Supporto / Bilancio @ 4,2",
            ]
        );
    }

    #[test]
    fn a_matrix_of_lists_or_of_other_text_has_no_tick_columns() {
        let voc = &Lexicon::builtin().vocabulary;
        let grid = |rows: &[&[&str]]| Doc::new().grid(1, rows).grids.remove(0);
        let lists = grid(&[
            &["Strutture Funzioni", "Regionali", "Agenzie"],
            &["Governance", "Coordinamento\nComunicazione", ""],
        ]);
        assert_eq!(super::tick_columns(&lists, voc), None);
        // A column of notes after the ticks: the ticks do not run to the
        // last column, so the table is no matrix of ticks.
        let notes = grid(&[
            &["Funzione", "Regionali", "Note"],
            &["Coordinamento", "✓", "dal 2025"],
        ]);
        assert_eq!(super::tick_columns(&notes, voc), None);
        // No tick at all: blanks alone are no evidence.
        let blank = grid(&[&["Funzione", "Regionali"], &["Coordinamento", ""]]);
        assert_eq!(super::tick_columns(&blank, voc), None);
        let ticks = grid(&[&["Funzione", "Regionali"], &["Coordinamento", "x"]]);
        assert_eq!(super::tick_columns(&ticks, voc), Some(1));
    }

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
