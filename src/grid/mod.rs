//! `RawTable` → `Grid`: one rectangular model for both readers. Every slot
//! knows whether it holds a cell, is covered by a span, or is a blank that
//! continues the cell above; header rows are found and each column gets a
//! flattened header path; continuation rows are linked to their group; a
//! table that continues an earlier one (after a page break) is linked to it.
//!
//! The repairs go by what the table shows, never by the format it came in:
//! a pandoc export of a Markdown table writes its merged cells as the same
//! blanks, and is read the same way. Each repair made is listed in the
//! grid's `repairs`.

mod continued;
mod header;
mod merges;
mod spans;
pub mod split;

use crate::extract::{Caption, RawCell, RawTable, RowGroup};

pub use continued::join_continued;
pub use spans::MAX_GRID_SLOTS;

/// A cell as written, placed in the grid.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Cell {
    /// 0-based grid row and column of the cell's top-left slot.
    pub row: usize,
    pub col: usize,
    /// The rows and columns the cell covers once spans are resolved (a span
    /// is cut at the end of its row group and at other cells, as browsers do).
    pub height: usize,
    pub width: usize,
    #[serde(flatten)]
    pub source: RawCell,
}

/// What occupies one slot of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Slot {
    /// No cell here (a short row).
    Empty,
    /// The top-left slot of `cell`.
    Origin { cell: usize },
    /// Covered by the `rowspan`/`colspan` of `cell`.
    Spanned { cell: usize },
    /// A blank cell that the document uses to continue `from`, the cell
    /// above it (a row span written as blanks) or, in a header row, the cell
    /// to its left (a column span written as blanks).
    Merged { from: usize },
}

impl Slot {
    /// The cell whose text the slot shows in the filled view.
    pub fn cell(self) -> Option<usize> {
        match self {
            Slot::Empty => None,
            Slot::Origin { cell } | Slot::Spanned { cell } | Slot::Merged { from: cell } => {
                Some(cell)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RowKind {
    /// A header row: one of the leading header rows, or a body row that
    /// repeats one (a header printed again after a page break).
    Header,
    Body,
    /// A row that continues the group of the body row `of` (0-based grid
    /// row): its leading key cells are spanned from above, or blank.
    Continuation {
        of: usize,
    },
}

/// A repair the grid stage made to read the table as its author meant it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Repair {
    pub kind: RepairKind,
    /// Where to look: the first line concerned.
    pub line: u32,
    /// The 0-based grid rows concerned (none for the table as a whole).
    pub rows: Vec<usize>,
    /// What was read, in words.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairKind {
    /// Leading rows whose every word is bold read as the header (no `<th>`,
    /// no `<thead>`: how word processors write a header).
    BoldHeader,
    /// A first row of labels over rows of figures read as the header, the
    /// table having no header markup at all.
    InferredHeader,
    /// A first body row read as the second level of a two-level header.
    SubHeader,
    /// Blank header cells after a label read as that label spanning them.
    SpannedHeader,
    /// Rows whose blank key cells continue the group above, their blank
    /// cells showing the cells above them.
    BlankMerges,
    /// Body rows that repeat the header, left out of the records.
    RepeatedHeader,
    /// Merged cells written as the same text in every slot they cover:
    /// header cells that repeat the label to their left or above, and rows
    /// whose key cells repeat the row above, continuing its group.
    RepeatedMerge,
    /// The table continues an earlier one: their rows are read as one.
    Continues,
    /// The table was written right after another, nothing between them,
    /// and read as one with it: split where its header is.
    Split,
}

impl RowKind {
    pub fn is_continuation(self) -> bool {
        matches!(self, RowKind::Continuation { .. })
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub line: u32,
    pub group: RowGroup,
    #[serde(flatten)]
    pub kind: RowKind,
    pub slots: Vec<Slot>,
}

/// A table normalised to a rectangle, with its header paths.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Grid {
    /// 1-based position of the table in the document.
    pub index: usize,
    pub caption: Option<Caption>,
    pub line: u32,
    /// What the table's lines count (a Word file's paragraphs).
    #[serde(skip)]
    pub unit: crate::source::Unit,
    pub parent: Option<usize>,
    pub width: usize,
    /// The first `header_rows` rows are the header.
    pub header_rows: usize,
    /// One flattened header path per column (`Dirigenti per Struttura / I Fascia`).
    pub columns: Vec<std::sync::Arc<str>>,
    /// Nothing stands between the previous table and this one.
    #[serde(skip)]
    pub adjacent: bool,
    /// The first part of the table this one continues, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continues: Option<usize>,
    /// How the table was read where it was not written the regular way.
    pub repairs: Vec<Repair>,
    /// The document's budget of repeated text was spent before this table:
    /// its merged and spanned slots are written blank in its CSV.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fill_limited: bool,
    pub rows: Vec<Row>,
    pub cells: Vec<Cell>,
    /// What building the grid had to repair: (line, message).
    #[serde(skip)]
    pub notes: Vec<(u32, String)>,
}

/// Why a table could not be made into a grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    pub slots: usize,
}

/// Why a table was left out or cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The table alone would pass [`MAX_GRID_SLOTS`].
    TooLarge { slots: usize },
    /// The document's tables together would pass its slot budget.
    OverBudget { slots: usize, budget: usize },
}

/// What one document may cost in the grid stage and after it, whatever its
/// tables: every limit is per document, not only per table, so that a
/// thousand tables just under the per-table limit cannot add up to
/// gigabytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Grid slots of all tables together.
    pub slots: usize,
    /// Bytes of text that merged and spanned slots repeat in the filled
    /// view that `tables/*.csv` write.
    pub fill_bytes: usize,
}

/// Slots any document may use, however small: real documents of hundreds
/// of tables use a few tens of thousands.
pub const MIN_DOCUMENT_SLOTS: usize = 4_000_000;
/// Repeated text any document may write, however small.
pub const MIN_DOCUMENT_FILL: usize = 64 * 1024 * 1024;

impl Budget {
    /// The budget of a document of `bytes` bytes: a slot and four bytes of
    /// repeated text per byte of input, above the floors. A table without
    /// spans has fewer slots than bytes (a cell is written in three bytes or
    /// more), so only spans can reach the budget.
    pub fn for_document(bytes: usize) -> Budget {
        Budget {
            slots: MIN_DOCUMENT_SLOTS.saturating_add(bytes),
            fill_bytes: MIN_DOCUMENT_FILL.saturating_add(bytes.saturating_mul(4)),
        }
    }
}

/// A grid for each table, in document order, with the table's index and
/// line for a refusal. Each table's grid is built on its own, on every core.
/// Before any is built, each table's slots are bounded from its cells
/// (`spans::bound`); tables that would take the document past its slot
/// budget are refused, in document order, so that no slot of theirs is ever
/// allocated. Tables written back to back and read as one are split
/// (`split.rs`), every table numbered again. Grids whose merged cells would
/// repeat more text than the document may write are marked `fill_limited`.
pub fn build_all(tables: Vec<RawTable>, budget: Budget) -> Built {
    use rayon::prelude::*;
    let mut used = 0usize;
    let admitted: Vec<Result<RawTable, (RawTable, usize)>> = tables
        .into_iter()
        .map(|table| {
            let slots = spans::bound(&table);
            if used.saturating_add(slots) > budget.slots && slots <= MAX_GRID_SLOTS {
                Err((table, slots))
            } else {
                used = used.saturating_add(slots.min(MAX_GRID_SLOTS));
                Ok(table)
            }
        })
        .collect();
    let built: Vec<(usize, u32, Result<Grid, Refused>)> = admitted
        .into_par_iter()
        .map(|admitted| match admitted {
            Ok(table) => (
                table.index,
                table.line,
                Grid::build(table).map_err(|t| Refused::TooLarge { slots: t.slots }),
            ),
            Err((table, slots)) => (
                table.index,
                table.line,
                Err(Refused::OverBudget {
                    slots,
                    budget: budget.slots,
                }),
            ),
        })
        .collect();
    let (mut built, renumbered) = split::split_joined(built);
    let mut filled = 0usize;
    for (_, _, grid) in &mut built {
        if let Ok(grid) = grid {
            filled = filled.saturating_add(grid.fill_bytes());
            grid.fill_limited = filled > budget.fill_bytes;
        }
    }
    Built {
        tables: built,
        renumbered,
    }
}

/// The grids of a document's tables, each with its index and line (for a
/// refusal), and how the tables were numbered again.
pub struct Built {
    pub tables: Vec<(usize, u32, Result<Grid, Refused>)>,
    /// For each table as the reader numbered it: its index now and how many
    /// tables it is (more than one where it was split).
    pub renumbered: Vec<(usize, usize, usize)>,
}

impl Grid {
    /// Resolves the spans of `table`, finds its header and continuation rows.
    /// Refuses tables whose grid would exceed [`MAX_GRID_SLOTS`].
    pub fn build(mut table: RawTable) -> Result<Grid, TooLarge> {
        let (rows, cells) = spans::place(&mut table)?;
        let width = rows.first().map_or(0, |r| r.slots.len());
        let mut grid = Grid {
            index: table.index,
            caption: table.caption,
            line: table.line,
            unit: table.unit,
            parent: table.parent,
            width,
            header_rows: 0,
            columns: Vec::new(),
            adjacent: table.adjacent,
            continues: None,
            repairs: Vec::new(),
            fill_limited: false,
            rows,
            cells,
            notes: Vec::new(),
        };
        header::find_header(&mut grid);
        header::merge_blank_header_cells(&mut grid);
        header::merge_repeated_header_rows(&mut grid);
        header::mark_repeated_headers(&mut grid);
        merges::link_continuations(&mut grid);
        grid.columns = header::header_paths(&grid)
            .into_iter()
            .map(Into::into)
            .collect();
        if let Some(why) = table.joined.take() {
            let line = grid.line;
            grid.repairs.insert(0, split::repair(&grid, line, &why));
        }
        grid.note_repairs();
        Ok(grid)
    }

    /// Short rows (padded with empty slots) and a header with no body.
    fn note_repairs(&mut self) {
        let short: Vec<u32> = self
            .rows
            .iter()
            .filter(|r| {
                r.slots.last() == Some(&Slot::Empty) && r.slots.iter().any(|s| *s != Slot::Empty)
            })
            .map(|r| r.line)
            .collect();
        if let Some(&first) = short.first() {
            self.notes.push((
                first,
                format!(
                    "table {}: {} row(s) have fewer cells than the table's {} columns ({}); they are padded with empty cells",
                    self.index,
                    short.len(),
                    self.width,
                    self.unit.list(&short)
                ),
            ));
        }
        if self.header_rows > 0 && self.header_rows == self.rows.len() {
            self.notes.push((
                self.line,
                format!("table {} has a header but no body rows", self.index),
            ));
        }
    }

    /// The cell a slot shows once merges are filled in.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.get(self.rows.get(row)?.slots.get(col)?.cell()?)
    }

    /// The header path of every column.
    pub fn column_paths(&self) -> Vec<&str> {
        self.columns.iter().map(|c| &**c).collect()
    }

    /// The filled view: merged and spanned slots show their cell's text.
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.cell_at(row, col)
            .map_or("", |c| c.source.text.as_str())
    }

    /// The bytes of text that the filled view repeats: each merged or
    /// spanned slot shows its cell's text again.
    pub fn fill_bytes(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|r| &r.slots)
            .map(|slot| match slot {
                Slot::Spanned { cell } | Slot::Merged { from: cell } => {
                    self.cells[*cell].source.text.len()
                }
                _ => 0,
            })
            .fold(0usize, usize::saturating_add)
    }

    /// The filled view as the CSV writes it: as [`Grid::text`], unless the
    /// document's budget of repeated text is spent (`fill_limited`), where
    /// only a cell's own slot shows its text.
    pub fn csv_text(&self, row: usize, col: usize) -> &str {
        if self.fill_limited {
            self.written(row, col)
        } else {
            self.text(row, col)
        }
    }

    /// The grid as written: only a cell's own slot shows its text.
    pub fn written(&self, row: usize, col: usize) -> &str {
        match self.rows.get(row).and_then(|r| r.slots.get(col)) {
            Some(Slot::Origin { cell }) => self.cells[*cell].source.text.as_str(),
            _ => "",
        }
    }

    /// The cell the document wrote at (`row`, `col`), whatever a repair
    /// reads the slot as: a tick repeated under a tick is still written
    /// there, though the repeated-merge repair shows the one above. None
    /// where no cell starts (a span, a short row).
    pub fn written_cell(&self, row: usize, col: usize) -> Option<&Cell> {
        // Cells are placed row by row, left to right. (Overlapping spans in
        // a hostile table can break that order: then a cell may not be
        // found, and reads as blank; never a scan per lookup.)
        let at = self.cells.partition_point(|c| (c.row, c.col) < (row, col));
        self.cells.get(at).filter(|c| (c.row, c.col) == (row, col))
    }

    /// The rows after the header, with their 0-based grid index; rows that
    /// repeat the header are left out.
    pub fn body(&self) -> impl Iterator<Item = (usize, &Row)> {
        self.rows
            .iter()
            .enumerate()
            .skip(self.header_rows)
            .filter(|(_, r)| r.kind != RowKind::Header)
    }

    fn repair(&mut self, kind: RepairKind, rows: Vec<usize>, detail: String) {
        let line = rows
            .first()
            .and_then(|&r| self.rows.get(r))
            .map_or(self.line, |r| r.line);
        self.repairs.push(Repair {
            kind,
            line,
            rows,
            detail,
        });
    }
}

/// A value-like cell (number, or a dash for "not stated"): such cells are data,
/// never the labels that header and key columns hold.
pub fn looks_like_value(text: &str) -> bool {
    let t = text.trim();
    if matches!(t, "-" | "–" | "—") {
        return true;
    }
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || " .,-+%*()/\n".contains(c))
}
