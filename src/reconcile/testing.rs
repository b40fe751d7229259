//! Records built in a test, for testing each rule on its own: a few lines
//! state the facts, `run` applies one rule and hands back its findings and
//! tallies. No document, no line numbers of the seed.

use std::sync::Arc;

use super::{Context, Finding, Findings, Rule, Tally};
use crate::grid::Grid;
use crate::interpret::{
    CellRef, Fascia, Function, FunctionSource, Level, Member, MemberKind, Observation,
    ObservationKind, Office, OverallRow, Position, PositionCells, Recognition, Records, Scope,
    Source, StatedTotal, TableInfo, TableKind, TotalOf,
};
use crate::lexicon::Lexicon;

/// A cell of table `table`, body row `row`, column `col`, under `column`.
pub fn cell(table: usize, row: usize, col: usize, column: &str) -> CellRef {
    CellRef {
        table,
        row,
        grid_row: row,
        col,
        column: Arc::from(column),
        line: u32::try_from(table * 100 + row).unwrap_or(0),
    }
}

/// Facts of a made-up document, table by table.
#[derive(Default)]
pub struct Doc {
    pub records: Records,
    pub grids: Vec<Grid>,
}

impl Doc {
    pub fn new() -> Doc {
        Doc::default()
    }

    /// A table of `kind` at `level`.
    pub fn table(mut self, index: usize, kind: TableKind, level: Option<Level>) -> Doc {
        self.records.tables.push(TableInfo {
            index,
            kind,
            level,
            caption: None,
            line: u32::try_from(index * 100).unwrap_or(0),
            continues: None,
            copy_of: None,
            identical: false,
            recognition: Recognition {
                kind,
                score: if kind == TableKind::Generic { 0.0 } else { 1.0 },
                roles: Vec::new(),
                missing: Vec::new(),
                unplaced: Vec::new(),
                nearest: None,
            },
        });
        self
    }

    /// The grid of table `index`, written as `rows` (the first the header):
    /// what the rules that look at a table's cells read.
    pub fn grid(mut self, index: usize, rows: &[&[&str]]) -> Doc {
        use crate::extract::{CellText, RawCell, RawRow, RawTable, RowGroup};
        let line = u32::try_from(index * 100).unwrap_or(0);
        let rows = rows
            .iter()
            .enumerate()
            .map(|(r, cells)| {
                let group = if r == 0 {
                    RowGroup::Head
                } else {
                    RowGroup::Body
                };
                let line = line + u32::try_from(r).unwrap_or(0);
                RawRow {
                    group,
                    group_id: usize::from(r > 0),
                    line,
                    cells: cells
                        .iter()
                        .map(|text| {
                            let mut content = CellText::new();
                            content.text(text);
                            let mut cell = RawCell::plain(text, content, line, None);
                            cell.header = r == 0;
                            cell
                        })
                        .collect(),
                }
            })
            .collect();
        let table = RawTable {
            index,
            caption: None,
            line,
            unit: crate::source::Unit::Line,
            parent: None,
            adjacent: false,
            joined: None,
            rows,
        };
        if let Ok(grid) = Grid::build(table) {
            self.grids.push(grid);
        }
        self
    }

    fn source_of(&self, table: usize) -> Source {
        match self.records.tables.iter().find(|t| t.index == table) {
            Some(t) if t.kind == TableKind::PositionsDetail => Source::Detail,
            _ => Source::Summary,
        }
    }

    fn level_of(&self, table: usize) -> Level {
        self.records
            .tables
            .iter()
            .find(|t| t.index == table)
            .and_then(|t| t.level)
            .unwrap_or(Level::Regional)
    }

    /// A position row: structures × per-structure, and the total stated.
    #[allow(clippy::too_many_arguments)]
    pub fn position(
        mut self,
        table: usize,
        row: usize,
        group: &str,
        subgroup: usize,
        fascia: Option<Fascia>,
        structures: f64,
        per: f64,
        stated: Option<f64>,
    ) -> Doc {
        self.records.positions.push(Position {
            level: self.level_of(table),
            group: group.to_string(),
            subgroup,
            fascia,
            structures: Some(structures),
            per_structure: Some(per),
            total_stated: stated,
            total_computed: Some(structures * per),
            source: self.source_of(table),
            table,
            line: cell(table, row, 0, "").line,
            marker: None,
            cells: PositionCells {
                group: cell(table, row, 0, "Gruppo"),
                structures: Some(cell(table, row, 2, "Numero Strutture")),
                per_structure: Some(cell(table, row, 3, "Dirigenti per struttura")),
                total: stated.map(|_| cell(table, row, 4, "Totale")),
            },
            also_at: Vec::new(),
            aggregates: None,
        });
        self
    }

    /// Members of a group, each a place of the gazetteer (`count` 1) or an
    /// aggregate (`count` N).
    pub fn members(
        mut self,
        table: usize,
        row: usize,
        group: &str,
        subgroup: Option<usize>,
        names: &[(&str, u32)],
    ) -> Doc {
        let level = self.level_of(table);
        let gazetteer = &Lexicon::builtin().gazetteer;
        for (name, count) in names {
            let place = gazetteer.lookup(name, None);
            self.records.members.push(Member {
                level,
                group: group.to_string(),
                subgroup,
                member: name.to_string(),
                kind: if *count > 1 {
                    MemberKind::Aggregate
                } else if level == Level::Regional {
                    MemberKind::Region
                } else {
                    MemberKind::Province
                },
                count: *count,
                code: place.map(|p| p.code.clone()),
                via: None,
                written: name.to_string(),
                source: self.source_of(table),
                table,
                line: cell(table, row, 1, "").line,
                cell: cell(table, row, 1, "Regioni"),
                also_at: Vec::new(),
            });
        }
        self
    }

    /// The offices of one cell, as (name, count, is a maximum).
    pub fn offices(
        mut self,
        table: usize,
        row: usize,
        group: &str,
        fasce: &[Fascia],
        entries: &[(&str, f64, bool)],
    ) -> Doc {
        for (name, count, max) in entries {
            self.records.offices.push(Office {
                level: self.level_of(table),
                group: group.to_string(),
                subgroup: None,
                fasce: fasce.to_vec(),
                office: name.to_string(),
                scope: Vec::new(),
                count: Some(*count),
                count_is_max: *max,
                table,
                line: cell(table, row, 5, "").line,
                cell: cell(table, row, 5, "Uffici"),
                also_at: Vec::new(),
            });
        }
        self
    }

    /// A value of a totals row.
    pub fn total(
        mut self,
        table: usize,
        row: usize,
        of: TotalOf,
        fascia: Option<Fascia>,
        value: f64,
    ) -> Doc {
        self.records.totals.push(StatedTotal {
            level: self.level_of(table),
            of,
            fascia,
            value,
            marker: None,
            source: self.source_of(table),
            table,
            line: cell(table, row, 0, "").line,
            label: "Totale".to_string(),
            read_as: "Totale".to_string(),
            cell: cell(table, row, 4, "Totale"),
            also_at: Vec::new(),
        });
        self
    }

    /// A row of the overall summary.
    pub fn overall(mut self, table: usize, row: usize, scope: Scope, value: f64) -> Doc {
        self.records.overall.push(OverallRow {
            scope: Some(scope),
            label: format!("{scope:?}"),
            fascia: Some(Fascia::II),
            value,
            marker: None,
            table,
            line: cell(table, row, 0, "").line,
            cell: cell(table, row, 1, "Dirigenti di II Fascia"),
            also_at: Vec::new(),
        });
        self
    }

    /// An activity of a structure, in the matrix or its own table.
    pub fn function(
        mut self,
        table: usize,
        row: usize,
        structure: &str,
        area: &str,
        activity: &str,
    ) -> Doc {
        let source = match self.records.tables.iter().find(|t| t.index == table) {
            Some(t) if t.kind == TableKind::FunctionsMatrix => FunctionSource::Matrix,
            _ => FunctionSource::Structure,
        };
        self.records.functions.push(Function {
            structure: structure.to_string(),
            area: area.to_string(),
            activity: activity.to_string(),
            source,
            table,
            line: cell(table, row, 1, "").line,
            cell: cell(table, row, 1, structure),
        });
        self
    }

    /// An observation the records stage made.
    pub fn observation(mut self, kind: ObservationKind, subject: &str, at: CellRef) -> Doc {
        self.records.observations.push(Observation {
            kind,
            subject: subject.to_string(),
            message: format!("{subject} observed"),
            expected: Some("as expected".to_string()),
            found: Some(subject.to_string()),
            cell: at,
        });
        self
    }

    /// The records as the interpretation stage finishes them: summary rows
    /// that aggregate sub-groups said (`interpret::aggregates`).
    pub fn finished(&self) -> Records {
        let mut records = self.records.clone();
        crate::interpret::aggregates::relate(&mut records, &self.grids, Lexicon::builtin());
        records
    }

    /// Runs one rule: its findings (with their ids) and its tally.
    pub fn run(&self, rule: fn(&Context, &mut Findings)) -> (Vec<Finding>, Tally, Rule) {
        let records = self.finished();
        let ctx = Context::new(&records, &self.grids, Lexicon::builtin());
        let mut out = Findings::default();
        rule(&ctx, &mut out);
        let (rule_of, tally) = out
            .checks
            .iter()
            .next()
            .map(|(r, t)| (*r, *t))
            .unwrap_or((Rule::Recognition, Tally::default()));
        (out.findings, tally, rule_of)
    }
}

/// `(passed, failed)`.
pub fn tally(passed: usize, failed: usize) -> Tally {
    Tally { passed, failed }
}

/// The expected and found values of each finding, with its severity.
pub fn values(findings: &[Finding]) -> Vec<(super::Severity, String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f.severity,
                f.expected.clone().unwrap_or_default(),
                f.found.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Shorthands for the tests' tables and fasce.
pub const REGIONAL: Option<Level> = Some(Level::Regional);
pub const PROVINCIAL: Option<Level> = Some(Level::Provincial);
pub const I: Option<Fascia> = Some(Fascia::I);
pub const II: Option<Fascia> = Some(Fascia::II);
pub use crate::interpret::TableKind::{PositionsDetail as DETAIL, PositionsSummary as SUMMARY};
