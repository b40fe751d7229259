//! Positions tables (detail and summary) → positions, members, offices and
//! stated totals; the overall summary → its rows.
//!
//! A table may come in parts (continued after a page break): its rows are
//! read as one table, each record keeping the part and line it was read from.
//!
//! A group is a body row and its continuation rows (and rows whose group
//! cell is blank under it). In a detail table each row of a group is one
//! fascia: the fascia's label sits in one per-structure column and the count
//! in the next. A group has sub-groups in two ways, which give the same
//! records: a structures cell packing several values (`4 1`), where a packed
//! per-structure or total cell gives one value to each and otherwise the
//! k-th row of a fascia belongs to the k-th sub-group; or rows of the group
//! that state their own members or structures (a spanned group label over
//! rows of its own), each opening the next sub-group.

use foldhash::{HashMap, HashMapExt};

use super::kinds::{Role, Signature, TableKind, fascia, fascia_label};
use super::members::{self, Note};
use super::values::{self, Number, Reading};
use super::{
    CellRef, Fascia, Level, Member, Observation, ObservationKind, Office, OverallRow, Position,
    PositionCells, Records, Scope, Source, StatedTotal, TotalOf, offices,
};
use crate::grid::{Grid, RowKind};
use crate::lexicon::Lexicon;
use crate::vocabulary::{Vocabulary, concept, words};

/// Where the parts of a positions table are.
struct Columns {
    group: usize,
    members: usize,
    structures: usize,
    per: Vec<(usize, Option<Fascia>)>,
    offices: Option<usize>,
    totals: Vec<(usize, Option<Fascia>)>,
    /// The fascia every per-structure column names, if they agree: the fascia
    /// of a `Totale` column that names none.
    default_fascia: Option<Fascia>,
}

impl Columns {
    fn find(roles: &[Role]) -> Option<Columns> {
        let first = |want: &dyn Fn(&Role) -> bool| roles.iter().position(want);
        let per: Vec<(usize, Option<Fascia>)> = roles
            .iter()
            .enumerate()
            .filter_map(|(c, r)| match r {
                Role::PerStructure(f) => Some((c, *f)),
                _ => None,
            })
            .collect();
        let named: Vec<Fascia> = per.iter().filter_map(|(_, f)| *f).collect();
        let default_fascia = match named.first() {
            Some(f) if named.iter().all(|g| g == f) => Some(*f),
            _ => None,
        };
        Some(Columns {
            group: first(&|r| *r == Role::Group)?,
            members: first(&|r| matches!(r, Role::Members(_)))?,
            structures: first(&|r| *r == Role::Structures)?,
            offices: first(&|r| *r == Role::Offices),
            totals: roles
                .iter()
                .enumerate()
                .filter_map(|(c, r)| match r {
                    Role::Total(f) => Some((c, *f)),
                    _ => None,
                })
                .collect(),
            per,
            default_fascia,
        })
    }

    fn total_column(&self, fascia: Option<Fascia>) -> Option<usize> {
        self.totals
            .iter()
            .find(|(_, f)| f.is_some() && *f == fascia)
            .or_else(|| self.totals.iter().find(|(_, f)| f.is_none()))
            .map(|(c, _)| *c)
    }
}

fn numbers(reading: &Reading) -> &[Number] {
    match reading {
        Reading::Numbers(ns) => ns,
        _ => &[],
    }
}

/// The one number a cell holds, if it holds exactly one.
fn single(text: &str, voc: &Vocabulary) -> Option<Number> {
    match values::read(text, voc) {
        Reading::Numbers(mut ns) if ns.len() == 1 => ns.pop(),
        _ => None,
    }
}

/// The most words a totals label has (`Totale Metropolitano e
/// Provinciale`): a longer text naming a total is a sentence, not a label.
const MAX_TOTALS_LABEL_WORDS: usize = 6;

/// A label naming a total (`Totale Regionale`, `Tot. strutture`, `Regional
/// total`).
fn is_totals_label(text: &str, voc: &Vocabulary) -> bool {
    let ws = words(text);
    !ws.is_empty()
        && ws.len() <= MAX_TOTALS_LABEL_WORDS
        && !crate::grid::looks_like_value(text)
        && voc.names_words(concept::TOTAL, &ws).is_some()
}

fn is_totals_row(grid: &Grid, r: usize, voc: &Vocabulary) -> bool {
    (0..grid.width).any(|c| is_totals_label(grid.written(r, c), voc))
}

fn row_is_blank(grid: &Grid, r: usize) -> bool {
    (0..grid.width).all(|c| grid.written(r, c).is_empty())
}

/// A row of one of a table's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowRef {
    part: usize,
    row: usize,
}

/// A sub-group (or a group whose sub-groups are packed in its cells) as
/// its rows are read: its name, first row, structures (one per packed
/// sub-group), the number of sub-groups before it, and how many sub-groups
/// the row being read covers.
struct GroupUnit<'u> {
    group: &'u str,
    head: RowRef,
    structures: &'u [Number],
    base: usize,
    covered: usize,
}

/// One value of a group: a fascia row, or a per-structure column of a row.
struct RowValue {
    row: RowRef,
    fascia: Option<Fascia>,
    per: Vec<Number>,
    per_col: usize,
    total: Reading,
    total_col: Option<usize>,
}

/// What reading one table accumulates before it joins the records.
struct TableReader<'g> {
    /// The table's parts, in document order.
    parts: &'g [&'g Grid],
    lex: &'g Lexicon,
    cols: Columns,
    level: Level,
    source: Source,
    positions: Vec<Position>,
    members: Vec<Member>,
    structures_sum: f64,
    /// Value cells that hold something that is neither a number nor "not
    /// stated" (`6x3`).
    unreadable: Vec<Observation>,
    /// The columns whose group rows hold a figure: a total written under
    /// any other (a column of lists or text) sits in the wrong column.
    figure_columns: Vec<bool>,
}

/// The columns any of `groups`' rows holds a figure in (a number, not a
/// cell that states nothing).
fn figure_columns(parts: &[&Grid], groups: &[Vec<RowRef>], voc: &Vocabulary) -> Vec<bool> {
    let width = parts.first().map_or(0, |g| g.width);
    let mut out = vec![false; width];
    for at in groups.iter().flatten() {
        let grid = parts[at.part];
        for (c, figure) in out.iter_mut().enumerate().take(grid.width) {
            *figure |= matches!(
                values::read(grid.written(at.row, c), voc),
                Reading::Numbers(_)
            );
        }
    }
    out
}

pub(super) fn read(
    parts: &[&Grid],
    sig: &Signature,
    level: Level,
    lex: &Lexicon,
    rec: &mut Records,
) {
    let voc = &lex.vocabulary;
    let Some(cols) = Columns::find(&sig.roles) else {
        return;
    };
    let source = if sig.kind == TableKind::PositionsDetail {
        Source::Detail
    } else {
        Source::Summary
    };
    let mut groups: Vec<Vec<RowRef>> = Vec::new();
    let mut totals_rows = Vec::new();
    for (part, grid) in parts.iter().enumerate() {
        for (row, kind) in grid.body().map(|(r, row)| (r, row.kind)) {
            if row_is_blank(grid, row) {
                continue;
            }
            let at = RowRef { part, row };
            match kind {
                RowKind::Continuation { of } => {
                    let head = RowRef { part, row: of };
                    match groups.last_mut() {
                        Some(group) if group.contains(&head) => group.push(at),
                        _ => groups.push(vec![at]),
                    }
                }
                _ if is_totals_row(grid, row, voc) => totals_rows.push(at),
                // A blank group cell under a group continues it: a row of
                // its own members (a sub-group), or the rest of a group
                // broken by a page.
                _ if grid.written(row, cols.group).is_empty() && !groups.is_empty() => {
                    if let Some(group) = groups.last_mut() {
                        group.push(at);
                    }
                }
                _ => groups.push(vec![at]),
            }
        }
    }
    let mut reader = TableReader {
        parts,
        lex,
        cols,
        level,
        source,
        positions: Vec::new(),
        members: Vec::new(),
        structures_sum: 0.0,
        unreadable: Vec::new(),
        figure_columns: figure_columns(parts, &groups, voc),
    };
    for group in &groups {
        reader.read_group(group, rec);
    }
    members::resolve_aggregates(&mut reader.members, &mut rec.observations, lex);
    for &r in &totals_rows {
        reader.read_totals(r, rec);
    }
    rec.positions.append(&mut reader.positions);
    rec.members.append(&mut reader.members);
    rec.observations.append(&mut reader.unreadable);
}

/// A value cell that is neither a number nor "not stated": reported, never
/// read as blank.
fn unreadable_at(grid: &Grid, r: usize, c: usize, what: &str) -> Observation {
    let text = grid.text(r, c).replace('\n', " ");
    Observation {
        kind: ObservationKind::UnreadableValue,
        subject: text.clone(),
        message: format!(
            "`{text}` under `{}` should be a number ({what}); it cannot be read as one, so nothing is checked against it",
            grid.columns.get(c).map_or("", |h| &**h)
        ),
        expected: Some(format!("a number ({what})")),
        found: Some(text),
        cell: CellRef::at(grid, r, c),
    }
}

/// An offices cell (its part and cell id), the row it was met in, and the
/// sub-groups and fasce of the rows it covers.
type OfficesCell = ((usize, usize), RowRef, Vec<usize>, Vec<Fascia>);

impl TableReader<'_> {
    fn voc(&self) -> &Vocabulary {
        &self.lex.vocabulary
    }

    fn read(&self, at: RowRef, c: usize) -> Reading {
        values::read(self.text(at, c), self.voc())
    }

    /// Reads a value cell, reporting one that is neither a number nor "not
    /// stated".
    fn read_value(&mut self, at: RowRef, c: usize, what: &str) -> Reading {
        let reading = self.read(at, c);
        if reading == Reading::Text {
            let grid = self.grid(at);
            let cell = CellRef::at(grid, at.row, c);
            // A cell spanning several rows is reported once.
            if !self.unreadable.iter().any(|o| o.cell == cell) {
                self.unreadable.push(unreadable_at(grid, at.row, c, what));
            }
        }
        reading
    }

    fn grid(&self, at: RowRef) -> &Grid {
        self.parts[at.part]
    }

    fn text(&self, at: RowRef, c: usize) -> &str {
        self.grid(at).text(at.row, c)
    }

    fn written(&self, at: RowRef, c: usize) -> &str {
        self.grid(at).written(at.row, c)
    }

    fn cell(&self, at: RowRef, c: usize) -> CellRef {
        CellRef::at(self.grid(at), at.row, c)
    }

    fn line(&self, at: RowRef) -> u32 {
        self.grid(at).rows[at.row].line
    }

    /// The index of the part a record of `at` names as its table.
    fn table(&self, at: RowRef) -> usize {
        self.grid(at).index
    }

    fn read_group(&mut self, rows: &[RowRef], rec: &mut Records) {
        let head = rows[0];
        let group = self.text(head, self.cols.group).replace('\n', " ");
        // The group's sub-groups written as rows of their own: each row that
        // states its own members or structures opens one.
        let mut units: Vec<Vec<RowRef>> = Vec::new();
        for &at in rows {
            let own = !self.written(at, self.cols.members).is_empty()
                || !self.written(at, self.cols.structures).is_empty();
            match units.last_mut() {
                Some(unit) if !own => unit.push(at),
                _ => units.push(vec![at]),
            }
        }
        let mut offices_cells: Vec<OfficesCell> = Vec::new();
        let mut base = 0;
        for unit in &units {
            let structures =
                numbers(&self.read_value(unit[0], self.cols.structures, "structures")).to_vec();
            if group.is_empty() && structures.is_empty() {
                continue;
            }
            let k = structures.len().max(1);
            self.read_unit(&group, unit, &structures, base, &mut offices_cells, rec);
            base += k;
        }
        for (_, at, mut subs, mut fasce) in offices_cells {
            subs.sort_unstable();
            subs.dedup();
            fasce.sort();
            fasce.dedup();
            let subgroup = if subs.len() == 1 {
                subs.first().copied()
            } else {
                None
            };
            self.read_offices(at, &group, subgroup, fasce, rec);
        }
    }

    /// The rows of one sub-group (or of a whole group whose sub-groups are
    /// packed in its cells), whose sub-groups are numbered from `base + 1`.
    fn read_unit(
        &mut self,
        group: &str,
        rows: &[RowRef],
        structures: &[Number],
        base: usize,
        offices_cells: &mut Vec<OfficesCell>,
        rec: &mut Records,
    ) {
        let head = rows[0];
        let k = structures.len().max(1);
        self.structures_sum += structures.iter().map(|n| n.value).sum::<f64>();
        for n in structures {
            note_marker(rec, n, self.cell(head, self.cols.structures));
        }

        self.read_members(head, group, structures, base, rec);
        let values = self.row_values(rows);

        let mut seen: HashMap<Option<Fascia>, usize> = HashMap::new();
        let mut rows_of_fascia: HashMap<Option<Fascia>, usize> = HashMap::new();
        for v in &values {
            *rows_of_fascia.entry(v.fascia).or_default() += 1;
        }
        for v in &values {
            let occurrence = seen.entry(v.fascia).or_default();
            let same_fascia = rows_of_fascia.get(&v.fascia).copied().unwrap_or(0);
            // The sub-groups the row speaks for: all of them where its cells
            // pack a value each (or it is the fascia's only row), else the
            // next in order.
            let covered: Vec<usize> = if k > 1 && (v.per.len() == k || same_fascia == 1) {
                (0..k).collect()
            } else {
                vec![(*occurrence).min(k - 1)]
            };
            *occurrence += 1;
            for &s in &covered {
                let unit = GroupUnit {
                    group,
                    head,
                    structures,
                    base,
                    covered: covered.len(),
                };
                self.push_position(&unit, v, s, rec);
            }
            self.note_offices_cell(v, &covered, base, offices_cells);
        }
    }

    /// The position of sub-group `s` (of `unit`) that row value `v` states.
    fn push_position(&mut self, unit: &GroupUnit, v: &RowValue, s: usize, rec: &mut Records) {
        let k = unit.structures.len().max(1);
        let pick = |ns: &[Number]| -> Option<Number> {
            match ns.len() {
                0 => None,
                n if n == k && k > 1 => ns.get(s).cloned(),
                1 if unit.covered == 1 || ns.len() == k => ns.first().cloned(),
                _ => None,
            }
        };
        let per = if v.per.len() == 1 {
            v.per.first().cloned()
        } else {
            pick(&v.per)
        };
        let total = pick(numbers(&v.total));
        let structures_n = if k > 1 {
            unit.structures.get(s).cloned()
        } else {
            unit.structures.first().cloned()
        };
        let marker = [&structures_n, &per, &total]
            .into_iter()
            .flatten()
            .find_map(|n| n.marker.clone());
        let total_cell = v.total_col.map(|c| self.cell(v.row, c));
        if let (Some(t), Some(cell)) = (&total, &total_cell) {
            note_marker(rec, t, cell.clone());
        }
        if let Some(p) = &per {
            note_marker(rec, p, self.cell(v.row, v.per_col));
        }
        let computed = match (&structures_n, &per) {
            (Some(a), Some(b)) => Some(a.value * b.value),
            _ => None,
        };
        self.positions.push(Position {
            level: self.level,
            group: unit.group.to_string(),
            subgroup: unit.base + s + 1,
            fascia: v.fascia,
            structures: structures_n.map(|n| n.value),
            per_structure: per.map(|n| n.value),
            total_stated: total.map(|n| n.value),
            total_computed: computed,
            source: self.source,
            table: self.table(v.row),
            line: self.line(v.row),
            marker,
            cells: PositionCells {
                group: self.cell(unit.head, self.cols.group),
                structures: Some(self.cell(v.row, self.cols.structures)),
                per_structure: Some(self.cell(v.row, v.per_col)),
                total: total_cell,
            },
            also_at: Vec::new(),
            aggregates: None,
        });
    }

    /// Notes the offices cell of a row: the sub-groups and fasce it covers
    /// (a cell written once for several rows covers all of theirs).
    fn note_offices_cell(
        &self,
        v: &RowValue,
        covered: &[usize],
        base: usize,
        offices_cells: &mut Vec<OfficesCell>,
    ) {
        let Some(c) = self.cols.offices else {
            return;
        };
        let grid = self.grid(v.row);
        let Some(id) = grid.rows[v.row.row].slots[c].cell() else {
            return;
        };
        let key = (v.row.part, id);
        let entry = match offices_cells.iter_mut().find(|e| e.0 == key) {
            Some(e) => e,
            None => {
                offices_cells.push((key, v.row, Vec::new(), Vec::new()));
                offices_cells.last_mut().expect("just pushed")
            }
        };
        entry.2.extend(covered.iter().map(|s| base + s + 1));
        entry.3.extend(v.fascia);
    }

    /// The group's members, shared out among its sub-groups.
    fn read_members(
        &mut self,
        head: RowRef,
        group: &str,
        structures: &[Number],
        base: usize,
        rec: &mut Records,
    ) {
        let cell = self.cell(head, self.cols.members);
        let (entries, notes) =
            members::split(self.text(head, self.cols.members), self.level, self.lex);
        for note in notes {
            rec.observations.push(self.observe(note, cell.clone()));
        }
        let sizes: Vec<f64> = structures.iter().map(|n| n.value).collect();
        let subgroups = members::align(&entries, &sizes);
        if subgroups.is_none() {
            let listed: u32 = entries.iter().map(|e| e.count).sum();
            rec.observations.push(Observation {
                kind: ObservationKind::UnalignedMembers,
                subject: group.to_string(),
                message: format!(
                    "the {listed} members of `{group}` cannot be shared out among sub-groups of {} structures",
                    sizes.iter().map(|s| values::format_number(*s, ',')).collect::<Vec<_>>().join(" + ")
                ),
                expected: Some(sizes.iter().map(|s| values::format_number(*s, '.')).collect::<Vec<_>>().join(" + ")),
                found: Some(listed.to_string()),
                cell: cell.clone(),
            });
        }
        for (i, e) in entries.into_iter().enumerate() {
            self.members.push(Member {
                level: self.level,
                group: group.to_string(),
                subgroup: subgroups.as_ref().map(|s| base + s[i]),
                member: e.name,
                kind: e.kind,
                count: e.count,
                code: e.code,
                via: None,
                written: e.written,
                source: self.source,
                table: self.table(head),
                line: self.line(head),
                cell: cell.clone(),
                also_at: Vec::new(),
            });
        }
    }

    /// What the members stage noted of a cell's list, as an observation.
    fn observe(&self, note: Note, cell: CellRef) -> Observation {
        let subject = match &note {
            Note::MissingSeparator { written, .. } | Note::Unknown { written } => written.clone(),
        };
        let (kind, message, expected, found) = match note {
            Note::MissingSeparator { written, names } => (
                ObservationKind::MissingSeparator,
                format!(
                    "`{written}` has no separator between names; read as {}",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                Some(names.join(", ")),
                Some(written),
            ),
            Note::Unknown { written } => (
                ObservationKind::UnknownMember,
                format!(
                    "`{written}` is not a {} the gazetteer knows",
                    match self.level {
                        Level::Regional => "region",
                        Level::Provincial => "province",
                    }
                ),
                None,
                Some(written),
            ),
        };
        Observation {
            kind,
            subject,
            message,
            expected,
            found,
            cell,
        }
    }

    /// The fascia values of a group's rows.
    fn row_values(&mut self, rows: &[RowRef]) -> Vec<RowValue> {
        let mut values = Vec::new();
        for &r in rows {
            let label = self
                .cols
                .per
                .iter()
                .find_map(|&(c, _)| fascia_label(self.text(r, c), self.voc()).map(|f| (c, f)));
            let cells: Vec<(Option<Fascia>, usize)> = match label {
                Some((label_col, f)) => self
                    .cols
                    .per
                    .iter()
                    .filter(|&&(c, _)| c != label_col)
                    .take(1)
                    .map(|&(c, _)| (Some(f), c))
                    .collect(),
                None => self
                    .cols
                    .per
                    .iter()
                    .map(|&(c, f)| (f.or(self.cols.default_fascia), c))
                    .collect(),
            };
            for (fascia, c) in cells {
                let total_col = self.cols.total_column(fascia);
                let per = match self.read_value(r, c, "positions per structure") {
                    Reading::Numbers(ns) => ns,
                    Reading::NotStated if label.is_some() => Vec::new(),
                    // A blank per-structure figure beside a stated total (a
                    // summary row standing for sub-groups of different
                    // sizes): the row and its total still count.
                    Reading::NotStated
                        if total_col
                            .is_some_and(|tc| matches!(self.read(r, tc), Reading::Numbers(_))) =>
                    {
                        Vec::new()
                    }
                    _ => continue,
                };
                let total = match total_col {
                    Some(tc) => self.read_value(r, tc, "a total"),
                    None => Reading::NotStated,
                };
                values.push(RowValue {
                    row: r,
                    fascia,
                    per,
                    per_col: c,
                    total,
                    total_col,
                });
            }
        }
        values
    }

    fn read_offices(
        &self,
        row: RowRef,
        group: &str,
        subgroup: Option<usize>,
        fasce: Vec<Fascia>,
        rec: &mut Records,
    ) {
        let Some(col) = self.cols.offices else {
            return;
        };
        let grid = self.grid(row);
        let Some(cell) = grid.cell_at(row.row, col) else {
            return;
        };
        let items: Vec<&str> = if cell.source.items.is_empty() {
            cell.source
                .text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect()
        } else {
            cell.source.items.iter().map(String::as_str).collect()
        };
        let cell_ref = self.cell(row, col);
        for item in items {
            let entry = offices::parse(item, self.lex);
            rec.offices.push(Office {
                level: self.level,
                group: group.to_string(),
                subgroup,
                fasce: fasce.clone(),
                office: entry.name,
                scope: entry.scope,
                count: entry.count,
                count_is_max: entry.count_is_max,
                table: grid.index,
                line: grid.rows[cell.row].line,
                cell: cell_ref.clone(),
                also_at: Vec::new(),
            });
        }
    }

    /// What the value in column `c` of a totals row totals, and the sums it
    /// should equal: the structures column, or a totals column of a fascia.
    fn role(&self, c: usize) -> Role {
        self.parts[0]
            .columns
            .get(c)
            .map_or(Role::Other, |h| super::kinds::role(h, self.voc()))
    }

    fn expected(&self, c: usize) -> Option<(TotalOf, Option<Fascia>, Vec<f64>)> {
        let role = super::kinds::role(self.parts[0].columns.get(c)?, self.voc());
        match role {
            Role::Structures => Some((TotalOf::Structures, None, vec![self.structures_sum])),
            Role::Total(f) => {
                let fascia = f.or(self.cols.default_fascia);
                Some((TotalOf::Positions, fascia, self.position_sums(fascia)))
            }
            _ => None,
        }
    }

    /// The sum of a fascia's stated totals (where every row states one) and of
    /// its computed totals.
    fn position_sums(&self, fascia: Option<Fascia>) -> Vec<f64> {
        let rows: Vec<&Position> = self
            .positions
            .iter()
            .filter(|p| p.fascia == fascia)
            .collect();
        let stated: Option<f64> = rows.iter().map(|p| p.total_stated).sum();
        let computed: Option<f64> = rows.iter().map(|p| p.total_computed).sum();
        stated.into_iter().chain(computed).collect()
    }

    fn read_totals(&mut self, at: RowRef, rec: &mut Records) {
        let grid = self.parts[at.part];
        let r = at.row;
        let voc = &self.lex.vocabulary;
        let label = (0..grid.width)
            .map(|c| grid.written(r, c))
            .find(|t| is_totals_label(t, voc))
            .unwrap_or_default()
            .to_string();
        let mut by_label: Vec<(usize, Number, TotalOf, Option<Fascia>, String)> = Vec::new();
        let mut by_column: Vec<(usize, Number)> = Vec::new();
        for c in 0..grid.width {
            let written = grid.written(r, c);
            let Some(n) = single(written, voc) else {
                let value_column =
                    self.expected(c).is_some() || matches!(self.role(c), Role::PerStructure(_));
                let reading = values::read(written, voc);
                if value_column && reading == Reading::Text && !is_totals_label(written, voc) {
                    self.unreadable.push(unreadable_at(grid, r, c, "a total"));
                }
                continue;
            };
            let n = &n;
            let left = (0..c)
                .rev()
                .map(|l| grid.written(r, l))
                .find(|t| !t.is_empty());
            match left.filter(|t| is_totals_label(t, voc)) {
                Some(l) if voc.names(concept::STRUCTURES, l).is_some() => {
                    by_label.push((c, n.clone(), TotalOf::Structures, None, l.to_string()))
                }
                Some(l) if voc.names(concept::POSITIONS, l).is_some() => by_label.push((
                    c,
                    n.clone(),
                    TotalOf::Positions,
                    fascia(l, voc).or(self.cols.default_fascia),
                    l.to_string(),
                )),
                _ => by_column.push((c, n.clone())),
            }
        }
        let shift = self.alignment(&by_column);
        if shift != 0 {
            rec.observations
                .push(self.misaligned(at, &label, &by_column, shift));
        }
        for (c, n, of, fascia, own_label) in by_label {
            self.push_total(at, c, c, n, of, fascia, &own_label, rec);
        }
        for (c, n) in by_column {
            let target = (c as isize + shift) as usize;
            if let Some((of, fascia, _)) = self.expected(target) {
                self.push_total(at, c, target, n, of, fascia, &label, rec);
            }
        }
    }

    /// The observation of a totals row whose values sit `shift` columns
    /// off the columns they total: where each is and where it is read.
    fn misaligned(
        &self,
        at: RowRef,
        label: &str,
        by_column: &[(usize, Number)],
        shift: isize,
    ) -> Observation {
        let grid = self.parts[at.part];
        let under = |offset: isize| -> Vec<String> {
            by_column
                .iter()
                .map(|(c, n)| {
                    let col = (*c as isize + offset) as usize;
                    format!(
                        "{} under `{}`",
                        values::format_number(n.value, '.'),
                        grid.columns[col]
                    )
                })
                .collect()
        };
        let moves: Vec<String> = by_column
            .iter()
            .map(|(c, n)| {
                let target = (*c as isize + shift) as usize;
                format!(
                    "{} under `{}` is read as `{}`",
                    values::format_number(n.value, '.'),
                    grid.columns[*c],
                    grid.columns[target]
                )
            })
            .collect();
        let (n, side) = (
            shift.unsigned_abs(),
            if shift > 0 { "left" } else { "right" },
        );
        Observation {
            kind: ObservationKind::MisalignedRow,
            subject: label.to_string(),
            message: format!(
                "the values of `{label}` sit {n} column{} to the {side} of the columns they total: {}",
                if n == 1 { "" } else { "s" },
                moves.join("; ")
            ),
            expected: Some(under(shift).join(", ")),
            found: Some(under(0).join(", ")),
            cell: self.cell(at, by_column[0].0),
        }
    }

    /// The column shift that reads a totals row's values best. By the
    /// layout first: a value under a column whose rows hold no figure (a
    /// column of lists or text) is in the wrong column, and the row is read
    /// at the nearest shift that puts every value under a column it can
    /// total, the one whose sums its values equal most where several do,
    /// whether or not they add up (a stale row may be shifted too). Else by
    /// the values: 0 unless another shift puts every value under a column
    /// whose sum it equals and the row as written does not.
    fn alignment(&self, values: &[(usize, Number)]) -> isize {
        let score = |shift: isize| -> Option<usize> {
            let mut matched = 0;
            for (c, n) in values {
                let target = usize::try_from(*c as isize + shift).ok()?;
                let (_, _, sums) = self.expected(target)?;
                matched += usize::from(sums.iter().any(|s| (s - n.value).abs() < 1e-9));
            }
            Some(matched)
        };
        if values.is_empty() {
            return 0;
        }
        let misplaced = values
            .iter()
            .any(|(c, _)| !self.figure_columns.get(*c).copied().unwrap_or(true));
        if misplaced {
            let mut best: Option<(isize, usize)> = None;
            for s in [1, -1, 2, -2] {
                if let Some(matched) = score(s)
                    && best.is_none_or(|(_, m)| matched > m)
                {
                    best = Some((s, matched));
                }
            }
            return best.map_or(0, |(s, _)| s);
        }
        let as_written = score(0).unwrap_or(0);
        if as_written == values.len() {
            return 0;
        }
        [1, -1, 2, -2]
            .into_iter()
            .find(|&s| score(s) == Some(values.len()))
            .unwrap_or(0)
    }

    #[allow(clippy::too_many_arguments)]
    fn push_total(
        &self,
        r: RowRef,
        c: usize,
        target: usize,
        n: Number,
        of: TotalOf,
        fascia: Option<Fascia>,
        label: &str,
        rec: &mut Records,
    ) {
        let cell = self.cell(r, c);
        note_marker(rec, &n, cell.clone());
        rec.totals.push(StatedTotal {
            level: self.level,
            of,
            fascia,
            value: n.value,
            marker: n.marker,
            source: self.source,
            table: self.table(r),
            line: self.line(r),
            label: label.to_string(),
            read_as: self.parts[0].columns[target].to_string(),
            cell,
            also_at: Vec::new(),
        });
    }
}

/// The overall summary: one row per level and a total, one value per column.
pub(super) fn read_overall(grid: &Grid, lex: &Lexicon, rec: &mut Records) {
    let voc = &lex.vocabulary;
    for (r, _) in grid.body() {
        let label = grid.text(r, 0).to_string();
        if label.is_empty() {
            continue;
        }
        let scope = if voc.names(concept::TOTAL, &label).is_some() {
            Some(Scope::Total)
        } else {
            match super::kinds::level_named(&label, voc) {
                Some(Level::Provincial) => Some(Scope::Provincial),
                Some(Level::Regional) => Some(Scope::Regional),
                None => None,
            }
        };
        for c in 1..grid.width {
            let Some(n) = single(grid.text(r, c), voc) else {
                if values::read(grid.text(r, c), voc) == Reading::Text {
                    rec.observations
                        .push(unreadable_at(grid, r, c, "a level's positions"));
                }
                continue;
            };
            let n = &n;
            let cell = CellRef::at(grid, r, c);
            note_marker(rec, n, cell.clone());
            rec.overall.push(OverallRow {
                scope,
                label: label.clone(),
                fascia: fascia(&grid.columns[c], voc),
                value: n.value,
                marker: n.marker.clone(),
                table: grid.index,
                line: grid.rows[r].line,
                cell,
                also_at: Vec::new(),
            });
        }
    }
}

/// Remembers a footnote marker written on a value, with its cell.
fn note_marker(rec: &mut Records, n: &Number, cell: CellRef) {
    let Some(marker) = &n.marker else {
        return;
    };
    rec.footnote(marker).add_cell(cell);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::testing::Doc;

    /// The totals a summary's last row states, as (value, column read as),
    /// and whether the row was said to be misaligned.
    fn totals(last: &[&str]) -> (Vec<(f64, String)>, bool) {
        let doc = Doc::new().grid(
            1,
            &[
                &[
                    "Gruppo",
                    "Regioni",
                    "Numero Strutture",
                    "Dirigenti per struttura",
                    "Note",
                    "Totale",
                ],
                &["Alta", "Piemonte, Lombardia", "2", "5", "sedi grandi", "10"],
                &["Bassa", "Umbria", "1", "3", "sede piccola", "3"],
                last,
            ],
        );
        let grid = &doc.grids[0];
        let lex = Lexicon::builtin();
        let sig = super::super::kinds::classify(grid, &lex.vocabulary);
        assert_eq!(sig.kind, TableKind::PositionsSummary);
        let mut rec = Records::default();
        read(&[grid], &sig, Level::Regional, lex, &mut rec);
        let totals = rec
            .totals
            .iter()
            .map(|t| (t.value, t.read_as.clone()))
            .collect();
        let shifted = rec
            .observations
            .iter()
            .any(|o| o.kind == ObservationKind::MisalignedRow);
        (totals, shifted)
    }

    #[test]
    fn a_total_under_a_column_of_text_is_read_where_it_belongs_whether_or_not_it_adds_up() {
        // 13 adds up, 14 is stale: both sit under `Note`, a column of text,
        // and are read under `Totale`.
        for value in ["13", "14"] {
            let (read, shifted) = totals(&["Totale", "", "", "", value, ""]);
            assert_eq!(read, [(value.parse().unwrap(), "Totale".to_string())]);
            assert!(shifted, "{value}");
        }
        // Under a column of figures, a stale total stays where it is.
        let (read, shifted) = totals(&["Totale", "", "", "", "", "14"]);
        assert_eq!(read, [(14.0, "Totale".to_string())]);
        assert!(!shifted);
    }
}
