//! Summary rows that stand for several of the detail's sub-groups. A
//! summary may write as one row (5 structures, 9 positions) a group that its
//! detail table splits into sub-groups (4 structures × 2, 1 × 1), with a
//! per-structure figure that is an average (`1,8`), one figure per sub-group
//! (`2/1`) or nothing: a legitimate aggregation, which the records say, so
//! that the reconciliation checks the row against the sub-groups' sums and
//! `records.json` shows what the row was read as.

use foldhash::{HashMap, HashMapExt};

use super::values::{Reading, read};
use super::{Fascia, Level, Position, Records, Source};
use crate::grid::Grid;
use crate::lexicon::Lexicon;

/// What a summary row that aggregates sub-groups stands for.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Aggregates {
    /// The detail table (its first part) the row is read against.
    pub detail_table: usize,
    /// The detail's sub-groups of the row's group and fascia, in order.
    pub subgroups: Vec<usize>,
    /// What the row's per-structure figure is.
    pub per_structure: PerStructure,
}

/// How an aggregating row writes its per-structure figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PerStructure {
    /// One figure: the average over the sub-groups' structures, checked
    /// within the rounding it is written with.
    Average,
    /// One figure per sub-group (`2/1`), in the sub-groups' order.
    PerSubGroup,
    /// None: blank or a dash.
    NotStated,
}

/// The table (of `tables`, in document order) nearest to `table`, the
/// earlier one on a tie: a summary is read against the detail table of its
/// own section, not against every detail table of a long document.
pub fn nearest(tables: &[usize], table: usize) -> Option<usize> {
    let at = tables.partition_point(|&t| t < table);
    let before = at.checked_sub(1).map(|i| tables[i]);
    let after = tables.get(at).copied();
    match (before, after) {
        (Some(b), Some(a)) => Some(if table - b <= a - table { b } else { a }),
        (b, a) => b.or(a),
    }
}

/// A group of one table by its name's identity and fascia.
type GroupAt = (usize, String, Option<Fascia>);

/// Marks each summary row that writes as one row a group and fascia which
/// the nearest detail table of its level splits into sub-groups.
pub fn relate(records: &mut Records, grids: &[Grid], lex: &Lexicon) {
    let first_part: HashMap<usize, usize> = records
        .tables
        .iter()
        .filter_map(|t| Some((t.index, t.continues?)))
        .collect();
    let logical = |t: usize| first_part.get(&t).copied().unwrap_or(t);
    // Each position's group, by its name's identity (made once a name).
    let mut identity: HashMap<&str, String> = HashMap::new();
    for p in &records.positions {
        identity
            .entry(p.group.as_str())
            .or_insert_with(|| lex.vocabulary.name_identity(&p.group));
    }
    let at: Vec<GroupAt> = records
        .positions
        .iter()
        .map(|p| {
            (
                logical(p.table),
                identity[p.group.as_str()].clone(),
                p.fascia,
            )
        })
        .collect();
    let mut subgroups: HashMap<&GroupAt, Vec<usize>> = HashMap::new();
    let mut summary_rows: HashMap<&GroupAt, usize> = HashMap::new();
    let mut tables: HashMap<(Source, Level), Vec<usize>> = HashMap::new();
    for (p, at) in records.positions.iter().zip(&at) {
        tables.entry((p.source, p.level)).or_default().push(at.0);
        match p.source {
            Source::Detail => subgroups.entry(at).or_default().push(p.subgroup),
            Source::Summary => *summary_rows.entry(at).or_default() += 1,
        }
    }
    for list in tables.values_mut().chain(subgroups.values_mut()) {
        list.sort_unstable();
        list.dedup();
    }
    let grid_of: HashMap<usize, &Grid> = grids.iter().map(|g| (g.index, g)).collect();
    let mut marks: Vec<(usize, Aggregates)> = Vec::new();
    for (i, (p, (table, group, fascia))) in records.positions.iter().zip(&at).enumerate() {
        if p.source != Source::Summary || summary_rows.get(&at[i]) != Some(&1) {
            continue;
        }
        let details = tables.get(&(Source::Detail, p.level));
        let Some(detail) = details.and_then(|d| nearest(d, *table)) else {
            continue;
        };
        if let Some(list) = subgroups.get(&(detail, group.clone(), *fascia))
            && list.len() > 1
        {
            let per_structure = per_structure(p, &grid_of, lex);
            marks.push((
                i,
                Aggregates {
                    detail_table: detail,
                    subgroups: list.clone(),
                    per_structure,
                },
            ));
        }
    }
    for (i, aggregates) in marks {
        records.positions[i].aggregates = Some(aggregates);
    }
}

/// What an aggregating row's per-structure cell says.
fn per_structure(p: &Position, grids: &HashMap<usize, &Grid>, lex: &Lexicon) -> PerStructure {
    if p.per_structure.is_some() {
        return PerStructure::Average;
    }
    let text = p.cells.per_structure.as_ref().and_then(|cell| {
        let grid = grids.get(&cell.table)?;
        Some(grid.written(cell.grid_row, cell.col))
    });
    match text.map(|t| read(t, &lex.vocabulary)) {
        Some(Reading::Numbers(ns)) if ns.len() > 1 => PerStructure::PerSubGroup,
        _ => PerStructure::NotStated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_prefers_the_closer_then_the_earlier_table() {
        assert_eq!(nearest(&[3, 10, 20], 6), Some(3));
        assert_eq!(nearest(&[3, 10, 20], 7), Some(10));
        assert_eq!(nearest(&[3, 10, 20], 15), Some(10));
        assert_eq!(nearest(&[3, 10, 20], 99), Some(20));
        assert_eq!(nearest(&[3], 1), Some(3));
        assert_eq!(nearest(&[], 1), None);
    }
}
