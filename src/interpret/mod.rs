//! Grids → `Records`: the facts under the organisational tables, as tidy
//! records (positions, members, offices, functions, missions, stated totals)
//! with every value's cell, and the layout observations made on the way.
//!
//! Tables are recognised by their header signature, never by position
//! (`kinds`); values are read as the documents write them (`values`); member
//! lists are split and checked with the gazetteer (`members`, `gazetteer`).

pub mod aggregates;
mod duplicates;
mod functions;
pub mod keys;
mod kinds;
mod members;
mod offices;
mod outline;
mod positions;
pub mod values;

use crate::extract::Block;
use crate::grid::Grid;

pub use kinds::{Nearest, Placed, Recognition, Role, TableKind};

/// The role a column's header gives, as a finding's key writes it
/// (`per-structure:II`): what the column holds, whatever its header says.
pub fn kinds_role_key(header: &str, voc: &crate::vocabulary::Vocabulary) -> String {
    let role = kinds::role(header, voc);
    match role {
        Role::PerStructure(Some(f)) | Role::Total(Some(f)) => {
            format!("{}:{}", role.name(), f.as_str())
        }
        _ => role.name().to_string(),
    }
}

use crate::lexicon::Lexicon;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Regional,
    Provincial,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Regional => "regional",
            Level::Provincial => "provincial",
        }
    }
}

/// The executive grade: dirigenti di I or di II fascia.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Fascia {
    I,
    II,
}

impl Fascia {
    pub fn as_str(self) -> &'static str {
        match self {
            Fascia::I => "I",
            Fascia::II => "II",
        }
    }
}

/// Which kind of positions table a record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Detail,
    Summary,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Detail => "detail",
            Source::Summary => "summary",
        }
    }
}

/// Where a value was read: the cell as written (for a merged slot, the cell it
/// continues), its table, row and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct CellRef {
    /// 1-based table index in the document.
    pub table: usize,
    /// 1-based row within the table's body (0 for a header row).
    pub row: usize,
    /// 0-based row and column in the grid.
    pub grid_row: usize,
    pub col: usize,
    /// The column's header path.
    pub column: std::sync::Arc<str>,
    pub line: u32,
}

impl CellRef {
    /// The cell written at (`row`, `col`), else the one its slot shows
    /// (see [`Grid::written_cell`]).
    pub fn written(grid: &Grid, row: usize, col: usize) -> CellRef {
        match grid.written_cell(row, col) {
            Some(cell) => CellRef {
                table: grid.index,
                row: (cell.row + 1).saturating_sub(grid.header_rows),
                grid_row: cell.row,
                col: cell.col,
                column: grid.columns.get(col).cloned().unwrap_or_default(),
                line: cell.source.line,
            },
            None => CellRef::at(grid, row, col),
        }
    }

    /// The cell that slot (`row`, `col`) shows.
    pub fn at(grid: &Grid, row: usize, col: usize) -> CellRef {
        let (grid_row, col, line) = match grid.cell_at(row, col) {
            Some(cell) => (cell.row, cell.col, cell.source.line),
            None => (row, col, grid.rows.get(row).map_or(grid.line, |r| r.line)),
        };
        CellRef {
            table: grid.index,
            row: (grid_row + 1).saturating_sub(grid.header_rows),
            grid_row,
            col,
            column: grid.columns.get(col).cloned().unwrap_or_default(),
            line,
        }
    }
}

/// Another place where an identical copy of a record's table states it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub table: usize,
    pub line: u32,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TableInfo {
    pub index: usize,
    pub kind: TableKind,
    pub level: Option<Level>,
    pub caption: Option<String>,
    pub line: u32,
    /// The first part of the table this one continues (after a page
    /// break), if it does: its records are read with that table's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continues: Option<usize>,
    /// The first table with the same caption and header, if this is a copy.
    pub copy_of: Option<usize>,
    /// True when this copy is identical to `copy_of` (its records are those
    /// of the original, which list this table's lines in `also_at`).
    pub identical: bool,
    /// How the table was recognised: roles found and missing, headers left
    /// unplaced, the kind it nearly was.
    pub recognition: Recognition,
}

/// Structures and positions of one group, sub-group and fascia.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Position {
    pub level: Level,
    pub group: String,
    /// 1-based; groups whose cells pack several values have several.
    pub subgroup: usize,
    pub fascia: Option<Fascia>,
    pub structures: Option<f64>,
    pub per_structure: Option<f64>,
    pub total_stated: Option<f64>,
    /// structures × per_structure, where both are stated.
    pub total_computed: Option<f64>,
    pub source: Source,
    pub table: usize,
    pub line: u32,
    /// A footnote marker written on one of the row's values.
    pub marker: Option<String>,
    pub cells: PositionCells,
    pub also_at: Vec<Location>,
    /// A summary row standing for several of the detail's sub-groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregates: Option<aggregates::Aggregates>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PositionCells {
    pub group: CellRef,
    pub structures: Option<CellRef>,
    pub per_structure: Option<CellRef>,
    pub total: Option<CellRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberKind {
    Region,
    Province,
    Aggregate,
}

impl MemberKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberKind::Region => "region",
            MemberKind::Province => "province",
            MemberKind::Aggregate => "aggregate",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Member {
    pub level: Level,
    pub group: String,
    /// `None` when the members could not be aligned with the sub-groups.
    pub subgroup: Option<usize>,
    /// The name as the gazetteer spells it, or as written when unknown.
    pub member: String,
    pub kind: MemberKind,
    /// 1 for a named member, N for an aggregate such as `10 Capoluoghi di Regione`.
    pub count: u32,
    /// ISTAT code, where the gazetteer knows the name.
    pub code: Option<String>,
    /// For a name resolved from an aggregate: the aggregate's text.
    pub via: Option<String>,
    /// The text as written, where it differs from `member`.
    pub written: String,
    pub source: Source,
    pub table: usize,
    pub line: u32,
    pub cell: CellRef,
    pub also_at: Vec<Location>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Office {
    pub level: Level,
    pub group: String,
    pub subgroup: Option<usize>,
    /// The fasce whose rows the offices cell covers (both, when the cell is
    /// written once for the group).
    pub fasce: Vec<Fascia>,
    pub office: String,
    pub scope: Vec<String>,
    pub count: Option<f64>,
    /// `fino a N`: the count is a maximum.
    pub count_is_max: bool,
    pub table: usize,
    pub line: u32,
    pub cell: CellRef,
    pub also_at: Vec<Location>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FunctionSource {
    Matrix,
    Structure,
}

impl FunctionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            FunctionSource::Matrix => "matrix",
            FunctionSource::Structure => "structure",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Function {
    pub structure: String,
    pub area: String,
    pub activity: String,
    pub source: FunctionSource,
    pub table: usize,
    pub line: u32,
    pub cell: CellRef,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Mission {
    pub structure: String,
    pub mission: String,
    pub line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TotalOf {
    Structures,
    Positions,
}

impl TotalOf {
    pub fn as_str(self) -> &'static str {
        match self {
            TotalOf::Structures => "structures",
            TotalOf::Positions => "positions",
        }
    }
}

/// A value of a totals row (`Totale Regionale`, `Totale strutture`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct StatedTotal {
    pub level: Level,
    pub of: TotalOf,
    pub fascia: Option<Fascia>,
    pub value: f64,
    pub marker: Option<String>,
    pub source: Source,
    pub table: usize,
    pub line: u32,
    /// The row's label (`Totale Regionale`).
    pub label: String,
    /// The header path of the column the value totals (which differs from
    /// `cell.column` in a misaligned row).
    pub read_as: String,
    pub cell: CellRef,
    pub also_at: Vec<Location>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Regional,
    Provincial,
    Total,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Regional => "regional",
            Scope::Provincial => "provincial",
            Scope::Total => "total",
        }
    }
}

/// A row of the overall summary (`Strutture | Dirigenti di II Fascia`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct OverallRow {
    pub scope: Option<Scope>,
    pub label: String,
    pub fascia: Option<Fascia>,
    pub value: f64,
    pub marker: Option<String>,
    pub table: usize,
    pub line: u32,
    pub cell: CellRef,
    pub also_at: Vec<Location>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObservationKind {
    /// Two member names written without a separator, split by the gazetteer.
    MissingSeparator,
    /// A totals row whose values sit in other columns than those they total.
    MisalignedRow,
    /// An aggregate member that could not be resolved to names.
    UnresolvedAggregate,
    /// A member name the gazetteer does not know.
    UnknownMember,
    /// Members that could not be shared out among a group's sub-groups.
    UnalignedMembers,
    /// Lines that look like a table but were read as a paragraph.
    TableLikeText,
    /// A cell holding characters a reader cannot see (zero-width,
    /// bidirectional controls, control characters), left out of its text.
    HiddenCharacter,
    /// A value cell that is neither a number nor "not stated".
    UnreadableValue,
}

/// How the tool read a cell that was not written the regular way.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Observation {
    pub kind: ObservationKind,
    /// What the observation is about (the text as written, a label): with the
    /// kind and the table, it identifies the observation across revisions.
    pub subject: String,
    pub message: String,
    /// How the cell should have been written, and how it is.
    pub expected: Option<String>,
    pub found: Option<String>,
    pub cell: CellRef,
}

/// A footnote marker found on a value, and its text where the document has one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Footnote {
    pub marker: String,
    pub text: Option<String>,
    pub text_line: Option<u32>,
    pub cells: Vec<CellRef>,
}

impl Footnote {
    /// Adds a cell the marker is written in, once. Cells arrive in document
    /// order, a table's together, so only the last table's need checking
    /// (a search of them all would be quadratic in a large document).
    fn add_cell(&mut self, cell: CellRef) {
        let seen = self
            .cells
            .iter()
            .rev()
            .take_while(|c| c.table == cell.table)
            .any(|c| *c == cell);
        if !seen {
            self.cells.push(cell);
        }
    }
}

/// Everything the interpretation stage hands on.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Records {
    pub tables: Vec<TableInfo>,
    /// Each group of each level once, in document order, with its identity.
    pub groups: Vec<GroupName>,
    pub positions: Vec<Position>,
    pub members: Vec<Member>,
    pub offices: Vec<Office>,
    pub functions: Vec<Function>,
    pub missions: Vec<Mission>,
    pub totals: Vec<StatedTotal>,
    pub overall: Vec<OverallRow>,
    pub footnotes: Vec<Footnote>,
    pub observations: Vec<Observation>,
    /// What the records' lines count: said in `records.json` for a Word or
    /// OpenDocument file only (`"unit": "paragraph"`), where they are
    /// paragraphs.
    #[serde(skip_serializing_if = "crate::source::Unit::is_line")]
    pub unit: crate::source::Unit,
}

impl Records {
    /// Moves `other`'s records after this one's, keeping document order.
    fn append(&mut self, other: Records) {
        // Destructured whole, so that a new kind of record cannot be
        // forgotten here.
        let Records {
            tables,
            positions,
            members,
            offices,
            functions,
            missions,
            totals,
            overall,
            footnotes,
            observations,
            groups: _,
            unit: _,
        } = other;
        self.tables.extend(tables);
        self.positions.extend(positions);
        self.members.extend(members);
        self.offices.extend(offices);
        self.functions.extend(functions);
        self.missions.extend(missions);
        self.totals.extend(totals);
        self.overall.extend(overall);
        // One footnote per marker, as reading the tables one by one gives:
        // the same marker in both halves is one footnote.
        for note in footnotes {
            let f = self.footnote(&note.marker);
            for cell in note.cells {
                f.add_cell(cell);
            }
        }
        self.observations.extend(observations);
    }

    /// The footnote of `marker`, made when the marker is first met: one per
    /// marker in the document.
    fn footnote(&mut self, marker: &str) -> &mut Footnote {
        let at = match self.footnotes.iter().position(|f| f.marker == marker) {
            Some(at) => at,
            None => {
                self.footnotes.push(Footnote {
                    marker: marker.to_string(),
                    text: None,
                    text_line: None,
                    cells: Vec::new(),
                });
                self.footnotes.len() - 1
            }
        };
        &mut self.footnotes[at]
    }
}

/// The parts of each table, in document order: a table and the tables that
/// continue it (`Grid::continues`), as indices into `grids`.
pub fn chains(grids: &[Grid]) -> Vec<Vec<usize>> {
    let mut chains: Vec<Vec<usize>> = Vec::new();
    let mut chain_of: foldhash::HashMap<usize, usize> = foldhash::HashMap::default();
    for (i, grid) in grids.iter().enumerate() {
        match grid.continues.and_then(|first| chain_of.get(&first)) {
            Some(&c) => chains[c].push(i),
            None => {
                chain_of.insert(grid.index, chains.len());
                chains.push(vec![i]);
            }
        }
    }
    chains
}

/// Interprets every recognised table; other tables are left as they are.
pub fn interpret(grids: &[Grid], blocks: &[Block], lex: &Lexicon) -> Records {
    use rayon::prelude::*;
    let chains = chains(grids);
    let copies = duplicates::find(grids, &chains);
    // Each table is read on its own, so tables are read on every core;
    // rayon's fold and reduce keep their records in document order.
    let mut records = chains
        .par_iter()
        .zip(&copies)
        .fold(Records::default, |mut records, (chain, copy)| {
            let parts: Vec<&Grid> = chain.iter().map(|&i| &grids[i]).collect();
            read_table(&parts, *copy, lex, &mut records);
            records
        })
        .reduce(Records::default, |mut left, right| {
            left.append(right);
            left
        });
    duplicates::note_copies(grids, &chains, &copies, &mut records);
    records
        .observations
        .extend(hidden_characters(grids, &chains, &copies));
    records.missions = outline::missions(blocks, &lex.vocabulary);
    records
        .observations
        .extend(outline::table_like_text(blocks));
    records.footnotes = outline::footnotes(blocks, &records);
    records.groups = group_names(&records, lex);
    aggregates::relate(&mut records, grids, lex);
    records
}

/// A group's name as written and the identity every language's name of it
/// shares ([`crate::vocabulary::Vocabulary::name_identity`]): `diff` pairs a
/// translation's groups with the original's by it. With the table and line
/// of its first record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GroupName {
    pub level: Level,
    pub group: String,
    pub key: String,
    pub table: usize,
    pub line: u32,
}

/// The groups the records name, each (level, name) once, in the order the
/// positions, members and offices name them.
fn group_names(records: &Records, lex: &Lexicon) -> Vec<GroupName> {
    let named = (records.positions.iter())
        .map(|p| (p.level, &p.group, p.table, p.line))
        .chain(
            records
                .members
                .iter()
                .map(|m| (m.level, &m.group, m.table, m.line)),
        )
        .chain(
            records
                .offices
                .iter()
                .map(|o| (o.level, &o.group, o.table, o.line)),
        );
    let mut seen = foldhash::HashSet::default();
    named
        .filter(|(level, group, ..)| !group.is_empty() && seen.insert((*level, group.as_str())))
        .map(|(level, group, table, line)| GroupName {
            level,
            group: group.clone(),
            key: lex.vocabulary.name_identity(group),
            table,
            line,
        })
        .collect()
}

/// The name of an invisible character, for messages.
fn char_name(c: char) -> &'static str {
    match c {
        '\u{200B}' => "zero width space",
        '\u{200C}' => "zero width non-joiner",
        '\u{200D}' => "zero width joiner",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{202A}'..='\u{202E}' => "bidirectional embedding or override",
        '\u{2060}' => "word joiner",
        '\u{2066}'..='\u{2069}' => "bidirectional isolate",
        '\u{FEFF}' => "byte order mark",
        c if c.is_control() => "control character",
        _ => "invisible format character",
    }
}

/// Every cell (header cells too) that holds characters a reader cannot see:
/// its clean text leaves them out, and the reader is told where. A cell of
/// an identical copy that says what the original's says, invisibly alike, is
/// the original's finding (whose places list the copy).
fn hidden_characters(
    grids: &[Grid],
    chains: &[Vec<usize>],
    copies: &[Option<duplicates::Copy>],
) -> Vec<Observation> {
    // Each part of an identical copy → the original's part of the same place.
    let chain_of: foldhash::HashMap<usize, &Vec<usize>> =
        chains.iter().map(|c| (grids[c[0]].index, c)).collect();
    let mut same_as: foldhash::HashMap<usize, usize> = foldhash::HashMap::default();
    for (chain, copy) in chains.iter().zip(copies) {
        let Some(duplicates::Copy {
            original,
            identical: true,
        }) = *copy
        else {
            continue;
        };
        if let Some(orig) = chain_of.get(&original)
            && orig.len() == chain.len()
        {
            for (&c, &o) in chain.iter().zip(orig.iter()) {
                same_as.insert(c, o);
            }
        }
    }
    let mut out = Vec::new();
    for (g, grid) in grids.iter().enumerate() {
        let original = same_as.get(&g).map(|&o| &grids[o]);
        for cell in grid.cells.iter().filter(|c| !c.source.hidden.is_empty()) {
            let alike = original.is_some_and(|o| {
                o.cells
                    .iter()
                    .find(|oc| (oc.row, oc.col) == (cell.row, cell.col))
                    .is_some_and(|oc| oc.source.raw() == cell.source.raw())
            });
            if alike {
                continue;
            }
            let names: Vec<String> = cell
                .source
                .hidden
                .iter()
                .map(|c| format!("U+{:04X} {}", u32::from(*c), char_name(*c)))
                .collect();
            let text = cell.source.text.replace('\n', " ");
            let marked = crate::extract::mark_hidden(cell.source.raw()).replace('\n', " ");
            out.push(Observation {
                kind: ObservationKind::HiddenCharacter,
                subject: text.clone(),
                message: format!(
                    "the cell holds characters a reader cannot see ({}): they are left out, and it is read as `{text}`",
                    names.join(", ")
                ),
                expected: Some(text),
                found: Some(marked),
                cell: CellRef::at(grid, cell.row, cell.col),
            });
        }
    }
    out
}

/// Reads one table, given as its parts (one, unless it was continued).
fn read_table(
    parts: &[&Grid],
    copy: Option<duplicates::Copy>,
    lex: &Lexicon,
    records: &mut Records,
) {
    let grid = parts[0];
    let signature = kinds::classify(grid, &lex.vocabulary);
    for part in parts {
        records.tables.push(TableInfo {
            index: part.index,
            kind: signature.kind,
            level: signature.level,
            caption: part.caption.as_ref().map(|c| c.text.clone()),
            line: part.line,
            continues: part.continues,
            copy_of: copy.map(|c| c.original),
            identical: copy.is_some_and(|c| c.identical),
            recognition: signature.recognition.clone(),
        });
    }
    if copy.is_some_and(|c| c.identical) {
        return;
    }
    match signature.kind {
        TableKind::PositionsDetail | TableKind::PositionsSummary => {
            if let Some(level) = signature.level {
                positions::read(parts, &signature, level, lex, records);
            }
        }
        TableKind::OverallSummary => parts
            .iter()
            .for_each(|part| positions::read_overall(part, lex, records)),
        TableKind::FunctionsMatrix => parts
            .iter()
            .for_each(|part| functions::read_matrix(part, &lex.vocabulary, records)),
        TableKind::StructureFunctions => parts
            .iter()
            .for_each(|part| functions::read_structure(part, lex, records)),
        TableKind::Generic => {}
    }
}
