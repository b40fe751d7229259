//! Records → `Findings`: every place where the document disagrees with itself,
//! one rule per module, each finding with the arithmetic spelled out, the
//! values expected and found, every location involved, and an id that stays
//! the same across revisions; and, per rule, how many checks passed.

mod column_total;
mod coverage;
mod detail_vs_summary;
mod duplicate_table;
mod footnote;
mod function_lists;
mod layout;
mod legibility;
mod member_count;
mod office_count;
mod overall_total;
mod product;
mod recognition;
#[cfg(test)]
pub(crate) mod testing;
pub mod wording;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::collections::BTreeMap;

use crate::fold::fold;
use crate::grid::Grid;
use crate::interpret::values::format_number;
use crate::interpret::{
    CellRef, Level, Location as RecordLocation, Member, OverallRow, Position, Records, Source,
    StatedTotal, TableInfo,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The rules, in the order the report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Product,
    ColumnTotal,
    MemberCount,
    OfficeCount,
    DetailVsSummary,
    OverallTotal,
    DuplicateTable,
    FunctionLists,
    MisalignedRow,
    MissingSeparator,
    Footnote,
    Coverage,
    Recognition,
    HiddenCharacter,
    UnreadableValue,
}

impl Rule {
    pub const ALL: [Rule; 15] = [
        Rule::Product,
        Rule::ColumnTotal,
        Rule::MemberCount,
        Rule::OfficeCount,
        Rule::DetailVsSummary,
        Rule::OverallTotal,
        Rule::DuplicateTable,
        Rule::FunctionLists,
        Rule::MisalignedRow,
        Rule::MissingSeparator,
        Rule::Footnote,
        Rule::Coverage,
        Rule::Recognition,
        Rule::HiddenCharacter,
        Rule::UnreadableValue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Product => "product",
            Rule::ColumnTotal => "column-total",
            Rule::MemberCount => "member-count",
            Rule::OfficeCount => "office-count",
            Rule::DetailVsSummary => "detail-vs-summary",
            Rule::OverallTotal => "overall-total",
            Rule::DuplicateTable => "duplicate-table",
            Rule::FunctionLists => "function-lists",
            Rule::MisalignedRow => "misaligned-row",
            Rule::MissingSeparator => "missing-separator",
            Rule::Footnote => "footnote",
            Rule::Coverage => "coverage",
            Rule::Recognition => "recognition",
            Rule::HiddenCharacter => "hidden-character",
            Rule::UnreadableValue => "unreadable-value",
        }
    }

    /// What the rule checks, for the report's summary.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Product => "structures × per-structure positions = stated total",
            Rule::ColumnTotal => "totals rows = sum of the rows they total",
            Rule::MemberCount => "members listed = structures",
            Rule::OfficeCount => "office counts = per-structure positions",
            Rule::DetailVsSummary => "detail and summary tables agree",
            Rule::OverallTotal => "overall summary = level totals",
            Rule::DuplicateTable => "copies of a table agree",
            Rule::FunctionLists => "functions matrix = each structure's functions",
            Rule::MisalignedRow => "totals rows sit under the columns they total",
            Rule::MissingSeparator => "member names are separated",
            Rule::Footnote => "footnote markers have a text",
            Rule::Coverage => "regions covered once; names known",
            Rule::Recognition => "every table is read as a kind of table",
            Rule::HiddenCharacter => "no character a reader cannot see",
            Rule::UnreadableValue => "value cells hold numbers",
        }
    }
}

/// A place a finding involves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub table: usize,
    /// 1-based row within the table's body (0 for the table as a whole or a
    /// header row).
    pub row: usize,
    /// The column's header path.
    pub column: std::sync::Arc<str>,
    pub line: u32,
    /// The cell's text, quoted by the reports.
    pub text: String,
    /// 0-based grid position, for the HTML report.
    #[serde(skip)]
    pub grid_row: Option<usize>,
    #[serde(skip)]
    pub col: Option<usize>,
    /// The byte offset of the cell in the document, where the reader knows
    /// it (Markdown), for `check` to underline the cell in its line.
    #[serde(skip)]
    pub offset: Option<usize>,
}

/// The most characters of a cell a finding quotes; the location says where
/// the whole cell is.
pub const MAX_QUOTE_CHARS: usize = 200;

/// The most cells a finding names. A sum over a table continued on
/// thousands of pages names every row, in each of the findings about it:
/// unbounded, the outputs grew with the square of the document (a 1 MB
/// document filled a disk). The cells the finding found wrong come first;
/// a note counts the rest.
pub const MAX_LOCATIONS: usize = 64;

impl Location {
    /// A table as a whole, quoting its caption.
    pub fn of_table(grid: &Grid) -> Location {
        Location {
            table: grid.index,
            row: 0,
            column: "".into(),
            line: grid.line,
            text: grid
                .caption
                .as_ref()
                .map(|c| c.text.clone())
                .unwrap_or_default(),
            grid_row: None,
            col: None,
            offset: None,
        }
    }

    /// The place of `cell`, quoting its text (shortened past
    /// [`MAX_QUOTE_CHARS`]).
    pub fn of(grid: Option<&Grid>, cell: &CellRef) -> Location {
        let text = grid.map_or("", |g| g.written(cell.grid_row, cell.col));
        let text = match text.char_indices().nth(MAX_QUOTE_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_string(),
        };
        Location {
            table: cell.table,
            row: cell.row,
            column: cell.column.clone(),
            line: cell.line,
            text,
            grid_row: Some(cell.grid_row),
            col: Some(cell.col),
            offset: grid.and_then(|g| g.cell_at(cell.grid_row, cell.col)?.source.offset),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Finding {
    /// Stable across revisions: a hash of what the finding is about (the
    /// rule, the table's kind and level, the row's key such as group,
    /// sub-group and fascia, and the column's role), never of header text,
    /// table numbers or lines. Unique within a run: a second finding about
    /// the same fact (in a differing copy of a table) ends `-2`.
    pub id: String,
    pub severity: Severity,
    pub rule: Rule,
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
    pub locations: Vec<Location>,
    /// Footnote texts on the cells involved; which sources agree.
    pub notes: Vec<String>,
    /// The reviewers' entry that accepts the finding as it is (see
    /// [`crate::accepted`]): shown as accepted, it fails no `check`.
    /// (Boxed: most findings have none, and a document may have a million
    /// findings.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Box<crate::accepted::Acceptance>>,
}

/// The tables of `tables` as the rules read them, each once, in order of
/// first appearance: a part of a table continued over pages stands for its
/// first part, under which the context indexes the records of all parts.
pub fn logical_tables(ctx: &Context, tables: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = HashSet::new();
    tables
        .map(|t| ctx.logical(t))
        .filter(|t| seen.insert(*t))
        .collect()
}

/// `1 error`, `2 errors`: a count with its noun in the number it takes.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Finding {
    /// A value of the finding as the reports show it: `(empty)` for a
    /// value that is stated as nothing, so that it never reads as a gap
    /// (`expected , found 3`).
    pub fn shown(value: Option<&str>) -> Option<&str> {
        value.map(|v| if v.trim().is_empty() { "(empty)" } else { v })
    }

    /// `expected 70, found 63` in plain text, values shown as
    /// [`Finding::shown`] shows them (`-` for one not stated); none when
    /// the finding compares no values.
    pub fn values_text(&self) -> Option<String> {
        (self.expected.is_some() || self.found.is_some()).then(|| {
            format!(
                "expected {}, found {}",
                Finding::shown(self.expected.as_deref()).unwrap_or("-"),
                Finding::shown(self.found.as_deref()).unwrap_or("-")
            )
        })
    }

    /// Whether `l` is where the finding's `found` value is written (the
    /// total that does not add up), rather than a cell it was checked
    /// against (the addends). A location whose cell reads as the found
    /// value (a number, footnote markers aside, or the same text) is; when
    /// no location does, every location is.
    pub fn is_found_at(&self, l: &Location) -> bool {
        self.reads_as_found(l) || !self.locations.iter().any(|o| self.reads_as_found(o))
    }

    /// [`Finding::is_found_at`] for every location, in order, in one pass
    /// (a finding may name thousands of cells).
    pub fn found_marks(&self) -> Vec<bool> {
        let marks: Vec<bool> = self
            .locations
            .iter()
            .map(|l| self.reads_as_found(l))
            .collect();
        if marks.contains(&true) {
            marks
        } else {
            vec![true; marks.len()]
        }
    }

    fn reads_as_found(&self, l: &Location) -> bool {
        let Some(found) = self
            .found
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
        else {
            return true;
        };
        let text = l.text.trim();
        if text == found {
            return true;
        }
        let digits = text.trim_end_matches(|c: char| !c.is_ascii_digit());
        let number = crate::interpret::values::parse_italian;
        matches!((number(digits), number(found)), (Some(a), Some(b)) if a == b)
    }
}

#[cfg(test)]
mod wording_tests {
    use super::*;

    #[test]
    fn counts_take_their_number_and_empty_values_are_named() {
        assert_eq!(counted(1, "error", "errors"), "1 error");
        assert_eq!(counted(0, "error", "errors"), "0 errors");
        assert_eq!(counted(6, "warning", "warnings"), "6 warnings");
        assert_eq!(Finding::shown(Some("")), Some("(empty)"));
        assert_eq!(Finding::shown(Some("  ")), Some("(empty)"));
        assert_eq!(Finding::shown(Some("70")), Some("70"));
        assert_eq!(Finding::shown(None), None);
    }
}

/// Checks that passed and failed for one rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Reconciliation {
    pub findings: Vec<Finding>,
    pub checks: BTreeMap<Rule, Tally>,
    /// How many of the document's tables were recognised as a kind.
    pub interpreted: usize,
    /// How many tables the document has.
    pub tables: usize,
    /// The reviewers' acceptances that no longer hold for this document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<crate::accepted::Stale>,
    /// What the locations' lines count (a Word file's paragraphs).
    #[serde(skip)]
    pub unit: crate::source::Unit,
}

impl Reconciliation {
    /// The findings of `severity` that no acceptance covers.
    pub fn count(&self, severity: Severity) -> usize {
        self.open().filter(|f| f.severity == severity).count()
    }

    /// The findings no acceptance covers: what fails `check`.
    pub fn open(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.accepted.is_none())
    }

    /// How many findings the reviewers accepted.
    pub fn accepted(&self) -> usize {
        self.findings.len() - self.open().count()
    }

    /// The most severe finding no acceptance covers; a stale acceptance
    /// counts as a warning, so that `--fail-on warning` keeps the file
    /// honest.
    pub fn worst(&self) -> Option<Severity> {
        let stale = (!self.stale.is_empty()).then_some(Severity::Warning);
        self.open().map(|f| f.severity).max().max(stale)
    }
}

/// What the rules read: the records, the grids, and where each table's
/// identical copies are.
///
/// The records are indexed by table once, so that no rule scans every record
/// for every record: a document of tens of thousands of tables stays linear.
/// A table in parts (continued after a page break) is one table here: its
/// records are indexed under its first part, whatever part each was read
/// from, so that a totals row in the last part totals the rows of all parts.
pub struct Context<'a> {
    pub records: &'a Records,
    pub grids: &'a [Grid],
    /// The vocabulary and gazetteer the document was read with.
    pub lex: &'a crate::lexicon::Lexicon,
    /// What the document's lines count (a Word file's paragraphs).
    pub unit: crate::source::Unit,
    /// Each part of an original table → where its cells are in each
    /// identical copy.
    copies: HashMap<usize, Vec<CopyCells>>,
    /// A later part of a table → the table's first part.
    first_part: HashMap<usize, usize>,
    /// A table's first part → its parts.
    parts: HashMap<usize, Vec<usize>>,
    table_keys: HashMap<usize, String>,
    grid_at: HashMap<usize, usize>,
    table_at: HashMap<usize, usize>,
    positions: HashMap<usize, Vec<&'a Position>>,
    groups: HashMap<usize, HashMap<&'a str, Vec<&'a Position>>>,
    members: HashMap<usize, Vec<&'a Member>>,
    totals: HashMap<usize, Vec<&'a StatedTotal>>,
    overall: HashMap<usize, Vec<&'a OverallRow>>,
    /// The tables with positions of each source and level, in document order.
    position_tables: HashMap<(Source, Level), Vec<usize>>,
    overall_tables: Vec<usize>,
    /// Per table, the groups split into sub-groups.
    split: HashMap<usize, HashSet<&'a str>>,
    /// Each group's name → its identity in every language
    /// ([`crate::vocabulary::Vocabulary::name_identity`]).
    group_ids: HashMap<&'a str, String>,
}

/// Where the cells of one part of an original table are in one identical
/// copy: the copy's part of the same shape, or, where the copy is split
/// into parts differently, a map of body rows.
enum CopyCells {
    Same(usize),
    Rows(std::sync::Arc<HashMap<(usize, usize), (usize, usize)>>),
}

/// Groups records by a key, keeping document order within each group.
fn group_by<'r, T, K: std::hash::Hash + Eq>(
    records: &'r [T],
    key: impl Fn(&'r T) -> K,
) -> HashMap<K, Vec<&'r T>> {
    let mut map: HashMap<K, Vec<&'r T>> = HashMap::new();
    for r in records {
        map.entry(key(r)).or_default().push(r);
    }
    map
}

pub use crate::interpret::aggregates::nearest;

/// The parts of each table (see `interpret::chains`), by the index of the
/// first part.
fn parts_of(records: &Records) -> HashMap<usize, Vec<usize>> {
    let mut parts: HashMap<usize, Vec<usize>> = HashMap::new();
    for t in &records.tables {
        parts
            .entry(t.continues.unwrap_or(t.index))
            .or_default()
            .push(t.index);
    }
    for list in parts.values_mut() {
        list.sort_unstable();
    }
    parts
}

impl<'a> Context<'a> {
    fn new(records: &'a Records, grids: &'a [Grid], lex: &'a crate::lexicon::Lexicon) -> Self {
        let grid_at: HashMap<usize, usize> = grids
            .iter()
            .enumerate()
            .map(|(i, g)| (g.index, i))
            .collect();
        let first_part: HashMap<usize, usize> = records
            .tables
            .iter()
            .filter_map(|t| t.continues.map(|first| (t.index, first)))
            .collect();
        let logical = |table: usize| first_part.get(&table).copied().unwrap_or(table);
        let parts = parts_of(records);
        let copies = copy_cells(records, grids, &grid_at, &parts);
        let parts_map = parts.clone();
        // A table's key is its kind and level: what a finding is about, not
        // where the table stands (a revision may re-order the document).
        // Two tables of one kind and level make findings of the same key
        // unique by their order (see `unique_ids`).
        let table_keys: HashMap<usize, String> = records
            .tables
            .iter()
            .map(|t| {
                (
                    t.index,
                    format!("{}:{}", t.kind.as_str(), t.level.map_or("", |l| l.as_str())),
                )
            })
            .collect();
        let mut position_tables: HashMap<(Source, Level), Vec<usize>> = HashMap::new();
        for p in &records.positions {
            position_tables
                .entry((p.source, p.level))
                .or_default()
                .push(logical(p.table));
        }
        for list in position_tables.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        let mut overall_tables: Vec<usize> =
            records.overall.iter().map(|o| logical(o.table)).collect();
        overall_tables.sort_unstable();
        overall_tables.dedup();
        Context {
            records,
            grids,
            lex,
            unit: records.unit,
            copies,
            table_keys,
            positions: group_by(&records.positions, |p| logical(p.table)),
            groups: groups_by_table(records, &logical),
            members: group_by(&records.members, |m| logical(m.table)),
            totals: group_by(&records.totals, |t| logical(t.table)),
            overall: group_by(&records.overall, |o| logical(o.table)),
            position_tables,
            overall_tables,
            split: split_groups(records, &logical),
            group_ids: group_ids(records, lex),
            first_part,
            parts: parts_map,
            grid_at,
            table_at: records
                .tables
                .iter()
                .enumerate()
                .map(|(i, t)| (t.index, i))
                .collect(),
        }
    }

    /// The first part of the table `table` is a part of (itself, mostly).
    pub fn logical(&self, table: usize) -> usize {
        self.first_part.get(&table).copied().unwrap_or(table)
    }

    /// The grids of the table whose first part is `first`, in order.
    pub fn parts(&self, first: usize) -> Vec<&'a Grid> {
        self.parts.get(&first).map_or_else(
            || self.grid(first).into_iter().collect(),
            |list| list.iter().filter_map(|&t| self.grid(t)).collect(),
        )
    }

    pub fn grid(&self, index: usize) -> Option<&'a Grid> {
        self.grid_at.get(&index).map(|&i| &self.grids[i])
    }

    pub fn table(&self, index: usize) -> Option<&'a TableInfo> {
        self.table_at.get(&index).map(|&i| &self.records.tables[i])
    }

    /// The positions of a table (all its parts).
    pub fn positions_of(&self, table: usize) -> &[&'a Position] {
        self.positions
            .get(&self.logical(table))
            .map_or(&[], Vec::as_slice)
    }

    /// A group's identity, the same in every language: what finding ids
    /// and the matching of rows across tables know a group by.
    pub fn group_id<'s>(&'s self, group: &'s str) -> &'s str {
        self.group_ids.get(group).map_or(group, String::as_str)
    }

    pub fn group_of(&self, table: usize, group: &str) -> &[&'a Position] {
        self.groups
            .get(&self.logical(table))
            .and_then(|g| g.get(group))
            .map_or(&[], Vec::as_slice)
    }

    pub fn members_of(&self, table: usize) -> &[&'a Member] {
        self.members
            .get(&self.logical(table))
            .map_or(&[], Vec::as_slice)
    }

    pub fn totals_of(&self, table: usize) -> &[&'a StatedTotal] {
        self.totals
            .get(&self.logical(table))
            .map_or(&[], Vec::as_slice)
    }

    pub fn overall_of(&self, table: usize) -> &[&'a OverallRow] {
        self.overall
            .get(&self.logical(table))
            .map_or(&[], Vec::as_slice)
    }

    /// The tables (by their first part) with positions from `source` at
    /// `level`, in document order.
    pub fn position_tables(&self, source: Source, level: Level) -> &[usize] {
        self.position_tables
            .get(&(source, level))
            .map_or(&[], Vec::as_slice)
    }

    pub fn overall_tables(&self) -> &[usize] {
        &self.overall_tables
    }

    /// Is this group split into sub-groups in its table?
    pub fn is_split(&self, table: usize, group: &str) -> bool {
        self.split
            .get(&self.logical(table))
            .is_some_and(|g| g.contains(group))
    }

    /// The table of `tables` nearest to `table` (see [`nearest`]), `table`
    /// taken by its first part.
    pub fn nearest(&self, tables: &[usize], table: usize) -> Option<usize> {
        nearest(tables, self.logical(table))
    }

    /// The place of one cell, its text quoted.
    pub fn location(&self, cell: &CellRef) -> Location {
        Location::of(self.grid(cell.table), cell)
    }

    /// A cell's text as written.
    pub fn cell_text(&self, cell: &CellRef) -> &'a str {
        self.grid(cell.table)
            .map_or("", |g| g.written(cell.grid_row, cell.col))
    }

    /// A cell and the same cell in every identical copy of its table.
    pub fn locate(&self, cell: &CellRef) -> Vec<Location> {
        let mut out = vec![self.location(cell)];
        for copy in self.copies.get(&cell.table).into_iter().flatten() {
            let (table, row) = match copy {
                CopyCells::Same(table) => (*table, cell.grid_row),
                CopyCells::Rows(rows) => match rows.get(&(cell.table, cell.grid_row)) {
                    Some(&at) => at,
                    None => continue,
                },
            };
            if let Some(grid) = self.grid(table) {
                out.push(self.location(&CellRef::at(grid, row, cell.col)));
            }
        }
        out
    }

    /// The cells, then the same cells in the identical copies.
    pub fn locate_all<'c>(&self, cells: impl IntoIterator<Item = &'c CellRef>) -> Vec<Location> {
        let found: Vec<Vec<Location>> = cells.into_iter().map(|c| self.locate(c)).collect();
        let mut out: Vec<Location> = Vec::new();
        let mut seen = HashSet::new();
        let originals = found.iter().filter_map(|l| l.first());
        let copies = found.iter().flat_map(|l| l.iter().skip(1));
        for l in originals.chain(copies) {
            if seen.insert((l.table, l.grid_row, l.col, l.line)) {
                out.push(l.clone());
            }
        }
        out
    }

    fn table_key(&self, table: usize) -> String {
        self.table_keys
            .get(&self.logical(table))
            .cloned()
            .unwrap_or_else(|| table.to_string())
    }
}

/// For each part of each table that has identical copies, where its cells
/// are in each copy.
fn copy_cells(
    records: &Records,
    grids: &[Grid],
    grid_at: &HashMap<usize, usize>,
    parts: &HashMap<usize, Vec<usize>>,
) -> HashMap<usize, Vec<CopyCells>> {
    let grid = |index: usize| grid_at.get(&index).map(|&i| &grids[i]);
    let body = |list: &[usize]| -> Vec<(usize, usize)> {
        list.iter()
            .filter_map(|&t| grid(t))
            .flat_map(|g| g.body().map(move |(r, _)| (g.index, r)))
            .collect()
    };
    let mut copies: HashMap<usize, Vec<CopyCells>> = HashMap::new();
    for t in records
        .tables
        .iter()
        .filter(|t| t.identical && t.continues.is_none())
    {
        let Some(original) = t.copy_of else {
            continue;
        };
        let (Some(orig_parts), Some(copy_parts)) = (parts.get(&original), parts.get(&t.index))
        else {
            continue;
        };
        let shape = |list: &[usize]| -> Vec<usize> {
            list.iter()
                .map(|&p| grid(p).map_or(0, |g| g.rows.len()))
                .collect()
        };
        if shape(orig_parts) == shape(copy_parts) {
            for (&o, &c) in orig_parts.iter().zip(copy_parts) {
                copies.entry(o).or_default().push(CopyCells::Same(c));
            }
            continue;
        }
        let rows: HashMap<(usize, usize), (usize, usize)> =
            body(orig_parts).into_iter().zip(body(copy_parts)).collect();
        let rows = std::sync::Arc::new(rows);
        for &o in orig_parts {
            copies
                .entry(o)
                .or_default()
                .push(CopyCells::Rows(rows.clone()));
        }
    }
    copies
}

/// Findings and tallies as the rules produce them.
#[derive(Default)]
pub struct Findings {
    findings: Vec<Finding>,
    checks: BTreeMap<Rule, Tally>,
}

/// A finding in the making: `Findings::fail` fills in its id.
pub struct Draft {
    pub severity: Severity,
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
    pub locations: Vec<Location>,
    pub notes: Vec<String>,
}

impl Draft {
    pub fn new(severity: Severity, message: impl Into<String>) -> Draft {
        Draft {
            severity,
            message: message.into(),
            expected: None,
            found: None,
            locations: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn values(mut self, expected: impl Into<String>, found: impl Into<String>) -> Draft {
        self.expected = Some(expected.into());
        self.found = Some(found.into());
        self
    }

    /// The expected and found values an observation of the records stage
    /// recorded.
    pub fn observed(mut self, o: &crate::interpret::Observation) -> Draft {
        self.expected = o.expected.clone();
        self.found = o.found.clone();
        self
    }

    pub fn at(mut self, locations: Vec<Location>) -> Draft {
        self.locations = locations;
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Draft {
        self.notes.push(note.into());
        self
    }
}

/// What a finding is about, for its stable id.
pub struct Key<'k> {
    pub table: usize,
    pub row: &'k str,
    pub column: &'k str,
}

impl Findings {
    pub fn pass(&mut self, rule: Rule) {
        self.tally(rule, 1, 0);
    }

    /// Counts checks without a finding of their own.
    /// Moves `other`'s findings and counts after this one's.
    fn append(&mut self, other: Findings) {
        // Destructured whole, so that a new field cannot be forgotten here.
        let Findings { findings, checks } = other;
        self.findings.extend(findings);
        for (rule, tally) in checks {
            self.tally(rule, tally.passed, tally.failed);
        }
    }

    pub fn tally(&mut self, rule: Rule, passed: usize, failed: usize) {
        let tally = self.checks.entry(rule).or_default();
        tally.passed += passed;
        tally.failed += failed;
    }

    pub fn fail(&mut self, ctx: &Context, rule: Rule, key: Key, draft: Draft) {
        self.checks.entry(rule).or_default().failed += 1;
        let identity = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            rule.as_str(),
            ctx.table_key(key.table),
            fold(key.row),
            fold(key.column)
        );
        let mut finding = Finding {
            accepted: None,
            id: format!("{}-{:016x}", rule.as_str(), fnv1a(identity.as_bytes())),
            severity: draft.severity,
            rule,
            message: draft.message,
            expected: draft.expected,
            found: draft.found,
            locations: draft.locations,
            notes: draft.notes,
        };
        bound_locations(&mut finding, MAX_LOCATIONS);
        self.findings.push(finding);
    }

    /// A finding that reports without failing a check (such as identical
    /// copies of a table: the check passed, and the reader should know).
    pub fn inform(&mut self, ctx: &Context, rule: Rule, key: Key, draft: Draft) {
        self.fail(ctx, rule, key, draft);
        let tally = self.checks.entry(rule).or_default();
        tally.failed -= 1;
    }

    /// Counts a check that either passed or gave `draft`.
    pub fn check(
        &mut self,
        ctx: &Context,
        rule: Rule,
        key: Key,
        ok: bool,
        draft: impl FnOnce() -> Draft,
    ) {
        if ok {
            self.pass(rule);
        } else {
            self.fail(ctx, rule, key, draft());
        }
    }
}

/// Reports the records stage's observations of one kind as findings of
/// `rule` (an `info` one without failing a check); returns how many there were.
pub fn report_observations(
    ctx: &Context,
    out: &mut Findings,
    kind: crate::interpret::ObservationKind,
    rule: Rule,
    severity: Severity,
) -> usize {
    let mut count = 0;
    for o in ctx.records.observations.iter().filter(|o| o.kind == kind) {
        count += 1;
        // A totals row is known by where it stands, not by its label, which
        // revisions reword; names run together by the places they name, in
        // the gazetteer's spelling, and an aggregate by what it counts (`63
        // provinces`), not as a translation writes them.
        let row = match o.kind {
            crate::interpret::ObservationKind::MisalignedRow => "totals row",
            crate::interpret::ObservationKind::MissingSeparator
            | crate::interpret::ObservationKind::UnresolvedAggregate => {
                o.expected.as_deref().unwrap_or(&o.subject)
            }
            _ => o.subject.as_str(),
        };
        let key = Key {
            table: o.cell.table,
            row,
            column: "",
        };
        let draft = Draft::new(
            severity,
            if o.cell.table == 0 {
                o.message.clone()
            } else {
                format!(
                    "table {}, {}: {}",
                    o.cell.table,
                    ctx.unit.at(o.cell.line),
                    o.message
                )
            },
        )
        .observed(o)
        .at(ctx.locate(&o.cell));
        if severity == Severity::Info {
            out.inform(ctx, rule, key, draft);
        } else {
            out.fail(ctx, rule, key, draft);
        }
    }
    count
}

/// Keeps at most `max` of a finding's cells, those it found wrong first,
/// in their order; a note says how many more there are and where.
fn bound_locations(finding: &mut Finding, max: usize) {
    let total = finding.locations.len();
    if total <= max {
        return;
    }
    let found = finding.found_marks();
    let found_kept = found.iter().filter(|f| **f).count().min(max);
    let mut operands_kept = max - found_kept;
    let mut found_left = found_kept;
    let mut keep = found.iter().map(|is_found| {
        let slot = if *is_found {
            &mut found_left
        } else {
            &mut operands_kept
        };
        let kept = *slot > 0;
        *slot = slot.saturating_sub(1);
        kept
    });
    let mut left_out = Vec::new();
    finding.locations.retain(|l| {
        let kept = keep.next().unwrap_or(false);
        if !kept {
            left_out.push(l.table);
        }
        kept
    });
    finding
        .notes
        .push(more_cells(total - max, left_out.into_iter(), max));
}

/// The note of a finding that names only `max` of the cells it read: how many
/// more, and in which tables.
pub fn more_cells(count: usize, tables: impl Iterator<Item = usize>, max: usize) -> String {
    let tables: std::collections::BTreeSet<usize> = tables.collect();
    // Runs of tables as ranges, and only the first few: the parts of a
    // table continued on thousands of pages are thousands of tables.
    const MAX_RUNS: usize = 8;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &t in &tables {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == t => *last = t,
            _ => runs.push((t, t)),
        }
    }
    let mut shown: Vec<String> = runs
        .iter()
        .take(MAX_RUNS)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    if runs.len() > MAX_RUNS {
        shown.push("…".to_string());
    }
    format!(
        "{count} more cells (of table{} {}) are not listed: a finding names at most {max}",
        if tables.len() == 1 { "" } else { "s" },
        shown.join(", ")
    )
}

/// Each table's positions by group, the table taken by its first part.
fn groups_by_table<'a>(
    records: &'a Records,
    logical: &dyn Fn(usize) -> usize,
) -> HashMap<usize, HashMap<&'a str, Vec<&'a Position>>> {
    let mut groups: HashMap<usize, HashMap<&str, Vec<&Position>>> = HashMap::new();
    for p in &records.positions {
        groups
            .entry(logical(p.table))
            .or_default()
            .entry(p.group.as_str())
            .or_default()
            .push(p);
    }
    groups
}

/// Each table's groups that are split into sub-groups.
fn split_groups<'a>(
    records: &'a Records,
    logical: &dyn Fn(usize) -> usize,
) -> HashMap<usize, HashSet<&'a str>> {
    let mut split: HashMap<usize, HashSet<&str>> = HashMap::new();
    for p in records.positions.iter().filter(|p| p.subgroup > 1) {
        split
            .entry(logical(p.table))
            .or_default()
            .insert(p.group.as_str());
    }
    split
}

/// The identity of each group name the records use.
fn group_ids<'a>(records: &'a Records, lex: &crate::lexicon::Lexicon) -> HashMap<&'a str, String> {
    let names = (records.positions.iter().map(|p| p.group.as_str()))
        .chain(records.members.iter().map(|m| m.group.as_str()))
        .chain(records.offices.iter().map(|o| o.group.as_str()));
    let mut ids = HashMap::new();
    for name in names {
        ids.entry(name)
            .or_insert_with(|| lex.vocabulary.name_identity(name));
    }
    ids
}

/// FNV-1a, 64 bits: a small hash whose value is fixed by its definition, so
/// finding ids do not change with the compiler or the platform.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A number as messages write it.
pub fn num(value: f64) -> String {
    // A product of decimals carries binary noise (3 × 2.4 is
    // 7.199999999999999): a message shows it to nine decimals at most.
    let rounded = (value * 1e9).round() / 1e9;
    format_number(if rounded.is_finite() { rounded } else { value }, '.')
}

/// `7 too few`, `8 too many`.
pub fn difference(found: f64, expected: f64) -> String {
    let d = (found - expected).abs();
    if found < expected {
        format!("{} too few", num(d))
    } else {
        format!("{} too many", num(d))
    }
}

pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

impl Context<'_> {
    /// `table 5, line 84` (and the copies' places).
    pub fn place(&self, locations: &[Location]) -> String {
        locations
            .iter()
            .map(|l| format!("table {}, {}", l.table, self.unit.at(l.line)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `table 5, line 84; table 9, line 140`: a record's place and its
    /// identical copy's.
    pub fn record_place(&self, table: usize, line: u32, also: &[RecordLocation]) -> String {
        // A message is shown beside every table it involves: naming thousands of
        // identical copies in it would make the report grow with their square.
        // The finding's locations name them all.
        let mut places = vec![format!("table {table}, {}", self.unit.at(line))];
        match also {
            [] => {}
            [copy] => places.push(format!("table {}, {}", copy.table, self.unit.at(copy.line))),
            copies => places.push(format!("and {} identical copies", copies.len())),
        }
        places.join("; ")
    }
}

/// Runs every rule.
pub fn reconcile(
    records: &Records,
    grids: &[Grid],
    lex: &crate::lexicon::Lexicon,
) -> Reconciliation {
    use rayon::prelude::*;
    let ctx = Context::new(records, grids, lex);
    let rules: [fn(&Context, &mut Findings); 13] = [
        product::check,
        column_total::check,
        member_count::check,
        office_count::check,
        detail_vs_summary::check,
        overall_total::check,
        duplicate_table::check,
        function_lists::check,
        layout::check,
        footnote::check,
        coverage::check,
        recognition::check,
        legibility::check,
    ];
    // The rules only read the context: they run side by side, and their
    // findings are joined in rule order (sorted below in any case).
    let parts: Vec<Findings> = rules
        .par_iter()
        .map(|rule| {
            let mut part = Findings::default();
            rule(&ctx, &mut part);
            part
        })
        .collect();
    let mut out = Findings::default();
    for part in parts {
        out.append(part);
    }
    footnote::attach_texts(&ctx, &mut out.findings);
    let mut findings = out.findings;
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.rule.cmp(&b.rule))
            .then_with(|| first_place(a).cmp(&first_place(b)))
    });
    unique_ids(&mut findings);
    Reconciliation {
        findings,
        checks: out.checks,
        interpreted: records
            .tables
            .iter()
            .filter(|t| t.kind != crate::interpret::TableKind::Generic)
            .count(),
        tables: records.tables.len(),
        stale: Vec::new(),
        unit: ctx.unit,
    }
}

/// Gives the second and later findings that share an id (two findings on
/// the same fact, in two differing copies of a table) the suffixes `-2`,
/// `-3`, … in report order: no two findings of a run share an id.
fn unique_ids(findings: &mut [Finding]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in findings {
        let n = seen.entry(f.id.clone()).or_default();
        *n += 1;
        if *n > 1 {
            f.id = format!("{}-{n}", f.id);
        }
    }
}

fn first_place(f: &Finding) -> (usize, u32) {
    f.locations.first().map_or((0, 0), |l| (l.table, l.line))
}

#[cfg(test)]
mod tests {
    use super::{Finding, Location, Rule, Severity, bound_locations, more_cells};

    fn cell(table: usize, row: usize, text: &str) -> Location {
        Location {
            table,
            row,
            column: "Totale".into(),
            line: row as u32,
            text: text.to_string(),
            grid_row: None,
            col: None,
            offset: None,
        }
    }

    #[test]
    fn a_finding_names_its_wrong_cells_first_and_counts_the_rest() {
        // The wrong cell (found 8) stands after ten operands.
        let mut locations: Vec<Location> = (1..=10).map(|r| cell(r, r, "3")).collect();
        locations.push(cell(12, 1, "8"));
        locations.push(cell(13, 1, "3"));
        let mut f = Finding {
            accepted: None,
            id: "column-total-0".into(),
            severity: Severity::Error,
            rule: Rule::ColumnTotal,
            message: String::new(),
            expected: Some("36".into()),
            found: Some("8".into()),
            locations,
            notes: Vec::new(),
        };
        bound_locations(&mut f, 4);
        let kept: Vec<(usize, &str)> = f
            .locations
            .iter()
            .map(|l| (l.table, l.text.as_str()))
            .collect();
        assert_eq!(kept, [(1, "3"), (2, "3"), (3, "3"), (12, "8")]);
        assert_eq!(
            f.notes,
            ["8 more cells (of tables 4–10, 13) are not listed: a finding names at most 4"]
        );
        // Within the bound, nothing changes.
        let before = f.locations.clone();
        bound_locations(&mut f, 4);
        assert_eq!(f.locations, before);
        assert_eq!(f.notes.len(), 1);
    }

    #[test]
    fn the_tables_left_out_are_written_as_ranges_and_cut() {
        assert_eq!(
            more_cells(1, [5].into_iter(), 64),
            "1 more cells (of table 5) are not listed: a finding names at most 64"
        );
        let many = (1..=40).map(|t| t * 2);
        assert_eq!(
            more_cells(40, many, 64),
            "40 more cells (of tables 2, 4, 6, 8, 10, 12, 14, 16, …) are not listed: a finding names at most 64"
        );
    }
}
