//! `<doc>.xlsx`: the document's data in a workbook that keeps its types. A
//! findings sheet linking to the cells each finding involves; one sheet per
//! record file (numbers as numbers, codes as text, booleans as booleans,
//! an autofilter); one sheet per table, laid out as the document writes it
//! (header rows bold and frozen, merged cells as merged ranges, list items
//! as lines of one cell, the source line of each row in a last column), the
//! cells of findings highlighted by severity with the findings as notes.

use foldhash::{HashMap, HashMapExt};
use std::path::Path;

use rust_xlsxwriter::utility::{quote_sheet_name, row_col_to_cell};
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Note, Url, Workbook, Worksheet, XlsxError,
};

use super::sheets::{Sheet, Type, Value};
use crate::Extraction;
use crate::error::{Error, Result};
use crate::grid::{Grid, Slot};
use crate::reconcile::{Finding, Severity};

/// Excel's limits: rows and columns of a sheet, characters of a cell,
/// hyperlinks of a sheet.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLS: usize = 16_384;
const MAX_CELL_CHARS: usize = 32_767;
const MAX_LINKS: usize = 65_000;
/// Table sheets past this many are left to `tables/*.csv`: a workbook of
/// thousands of sheets opens slowly and helps nobody.
pub const MAX_TABLE_SHEETS: usize = 500;
/// The slots all table sheets together may hold (the writer keeps each
/// cell of a sheet, a merged range's too, in memory until the workbook is
/// saved: some hundreds of bytes a cell). The tables past it are named on
/// a sheet of their own and left to `tables/*.csv`.
pub const MAX_TABLE_SLOTS: usize = 250_000;
/// The cells of one finding linked from the findings sheet; the rest are
/// named in its `cells` column.
const LINKS_PER_FINDING: usize = 12;
const MAX_WIDTH: usize = 60;

fn xlsx_error(path: &Path, e: XlsxError) -> Error {
    Error::write(path, std::io::Error::other(e.to_string()))
}

/// Text as a cell can hold it.
fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// A sheet name Excel accepts and no other sheet of the workbook has: the
/// characters it forbids replaced, at most 31 UTF-16 units, no apostrophe
/// at either end, unique ignoring case (`Tabella (2)`).
pub fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let cleaned: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let fit = |s: &str, units: usize| -> String {
        let mut out = String::new();
        let mut used = 0;
        for c in s.chars() {
            used += c.len_utf16();
            if used > units {
                break;
            }
            out.push(c);
        }
        out.trim_matches(|c: char| c == '\'' || c.is_whitespace())
            .to_string()
    };
    let mut base = fit(&cleaned, 31);
    if base.is_empty() || base.eq_ignore_ascii_case("history") {
        base = "Sheet".to_string();
    }
    let mut name = base.clone();
    let mut n = 1;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        n += 1;
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", fit(&base, 31 - suffix.len()));
    }
    taken.push(name.clone());
    name
}

/// The formats of the workbook, made once.
struct Formats {
    title: Format,
    header: Format,
    body: Format,
    /// The cell a finding calls wrong, by severity (error, warning, info).
    found: [Format; 3],
    /// The cells it was checked against, lighter.
    operand: [Format; 3],
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

impl Formats {
    fn new() -> Formats {
        let body = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBBBBBB));
        let strong = [0xFF9C9C, 0xFFD966, 0x9DC3E6];
        let light = [0xFFE1E1, 0xFFF2CC, 0xDDEBF7];
        let frame = [0xC00000, 0xB37A00, 0x2A6FB5];
        let found = std::array::from_fn(|i| {
            body.clone()
                .set_background_color(Color::RGB(strong[i]))
                .set_bold()
                .set_border(FormatBorder::Medium)
                .set_border_color(Color::RGB(frame[i]))
        });
        let operand =
            std::array::from_fn(|i| body.clone().set_background_color(Color::RGB(light[i])));
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            header: body
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xF0F0F0)),
            body,
            found,
            operand,
        }
    }
}

/// Column widths that fit the text, in characters, capped.
struct Widths(Vec<usize>);

impl Widths {
    fn see(&mut self, col: usize, text: &str) {
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        self.0[col] = self.0[col].max(longest.min(MAX_WIDTH));
    }

    fn apply(&self, ws: &mut Worksheet) -> std::result::Result<(), XlsxError> {
        for (col, width) in self.0.iter().enumerate() {
            ws.set_column_width(col as u16, (*width).max(6) as f64 + 2.0)?;
        }
        Ok(())
    }
}

/// The findings on each cell (table, grid row, column), each with whether
/// the cell holds its found value.
type OnCell<'a> = HashMap<(usize, usize, usize), Vec<(&'a Finding, bool)>>;

/// Where each table's cells are in the workbook: the sheet, and the offset
/// of the grid's first row.
struct Placed {
    sheet: String,
    first_row: usize,
    rows: usize,
    cols: usize,
}

/// The workbook of a document, as bytes.
pub fn workbook(
    title: &str,
    ex: &Extraction,
    sheets: &[Sheet],
) -> std::result::Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut wb = new_workbook(title)?;
    let mut taken = Vec::new();
    let findings_name = sheet_name("Findings", &mut taken);
    let record_names: Vec<String> = sheets
        .iter()
        .map(|s| {
            let mut title = s.name.to_string();
            title[..1].make_ascii_uppercase();
            sheet_name(&title, &mut taken)
        })
        .collect();
    let (placed, left_out) = place_tables(&ex.grids, &mut taken);
    write_findings(
        wb.add_worksheet().set_name(&findings_name)?,
        &ex.reconciliation,
        &placed,
        &formats,
    )?;
    for (sheet, name) in sheets.iter().zip(&record_names) {
        write_records(wb.add_worksheet().set_name(name)?, sheet, &formats)?;
    }
    let on_cell = cells_of_findings(&ex.reconciliation.findings);
    for grid in &ex.grids {
        let Some(p) = placed.get(&grid.index) else {
            continue;
        };
        let ws = wb.add_worksheet().set_name(&p.sheet)?;
        write_table(ws, grid, p, &on_cell, &formats)?;
    }
    if !left_out.is_empty() {
        let name = sheet_name("Tables left out", &mut taken);
        write_left_out(wb.add_worksheet().set_name(&name)?, &left_out, &formats)?;
    }
    wb.save_to_buffer()
}

/// An empty workbook with the document's title, the same bytes for the
/// same document.
fn new_workbook(title: &str) -> std::result::Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // Faster than the default level, for files a tenth larger: the
    // workbook is one output of many, written for every document.
    wb.set_zip_compression_level(1);
    // A fixed date: the same document gives the same bytes (the outputs
    // are committed and compared; SOURCE_DATE_EPOCH's reasoning).
    let epoch = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(clip(title))
            .set_author("orgtables")
            .set_creation_datetime(&epoch),
    );
    Ok(wb)
}

/// Each table's sheet, while the workbook holds fewer than
/// [`MAX_TABLE_SHEETS`] of [`MAX_TABLE_SLOTS`] cells in all; the tables
/// past them are left out.
fn place_tables<'g>(
    grids: &'g [Grid],
    taken: &mut Vec<String>,
) -> (HashMap<usize, Placed>, Vec<&'g Grid>) {
    let mut placed: HashMap<usize, Placed> = HashMap::new();
    let mut slots = 0usize;
    let mut left_out = Vec::new();
    for grid in grids {
        let (rows, cols) = (
            grid.rows.len().min(MAX_ROWS - 2),
            grid.width.min(MAX_COLS - 1),
        );
        let size = rows.saturating_mul(cols);
        if placed.len() == MAX_TABLE_SHEETS || slots + size > MAX_TABLE_SLOTS {
            left_out.push(grid);
            continue;
        }
        slots += size;
        let caption = grid.caption.as_ref().map_or("", |c| c.text.as_str());
        let sheet = sheet_name(&format!("T{:02} {caption}", grid.index), taken);
        placed.insert(
            grid.index,
            Placed {
                sheet,
                first_row: 2,
                rows,
                cols,
            },
        );
    }
    (placed, left_out)
}

/// The cells each finding involves, by table and grid position, and
/// whether it calls them wrong. As in report.html, accepted findings paint
/// no cell (they stay on the findings sheet): what is left to fix stands
/// out.
fn cells_of_findings(findings: &[Finding]) -> OnCell<'_> {
    let mut on_cell: OnCell = HashMap::new();
    for f in findings.iter().filter(|f| f.accepted.is_none()) {
        for (l, found) in f.locations.iter().zip(f.found_marks()) {
            if let (Some(row), Some(col)) = (l.grid_row, l.col) {
                let list = on_cell.entry((l.table, row, col)).or_default();
                // Findings come one after another: a cell named twice by
                // one finding has it last.
                match list.last_mut() {
                    Some((g, was)) if g.id == f.id => *was |= found,
                    _ => list.push((f, found)),
                }
            }
        }
    }
    on_cell
}

/// The sheet naming the tables the workbook has no room for.
fn write_left_out(
    ws: &mut Worksheet,
    left_out: &[&Grid],
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    let why = format!(
        "These tables are not in this workbook, which holds at most {MAX_TABLE_SHEETS} table sheets of {MAX_TABLE_SLOTS} cells in all; each is in its CSV."
    );
    ws.write_string_with_format(0, 0, &why, &formats.title)?;
    for (c, name) in ["table", "line", "caption", "file"].iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *name, &formats.header)?;
    }
    for (i, grid) in left_out.iter().enumerate().take(MAX_ROWS - 2) {
        let row = (i + 2) as u32;
        ws.write_number(row, 0, grid.index as f64)?;
        ws.write_number(row, 1, grid.line as f64)?;
        ws.write_string(
            row,
            2,
            clip(grid.caption.as_ref().map_or("", |c| c.text.as_str())),
        )?;
        ws.write_string(row, 3, format!("tables/{}", super::table_file_name(grid)))?;
    }
    Ok(())
}

/// Writes the workbook to `path`.
pub fn write_workbook(path: &Path, title: &str, ex: &Extraction, sheets: &[Sheet]) -> Result<()> {
    let bytes = workbook(title, ex, sheets).map_err(|e| xlsx_error(path, e))?;
    let file = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
    use std::io::Write as _;
    (&file)
        .write_all(&bytes)
        .map_err(|e| Error::write(path, e))?;
    super::folder::start_writeback(&file);
    Ok(())
}

fn write_findings(
    ws: &mut Worksheet,
    reconciliation: &crate::reconcile::Reconciliation,
    placed: &HashMap<usize, Placed>,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let (findings, unit) = (&reconciliation.findings, reconciliation.unit);
    let columns = [
        "id", "severity", "rule", "message", "expected", "found", "notes", "accepted", "cells",
    ];
    for c in 0..columns.len() {
        ws.set_column_format(c as u16, &f.body)?;
    }
    let mut widths = Widths(Vec::new());
    for (c, name) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &f.header)?;
        widths.see(c, name);
    }
    for i in 0..LINKS_PER_FINDING {
        let c = columns.len() + i;
        ws.write_string_with_format(0, c as u16, format!("cell {}", i + 1), &f.header)?;
        widths.see(c, "cell 10");
    }
    let mut links = 0;
    for (i, finding) in findings.iter().enumerate() {
        let row = (i + 1) as u32;
        if row as usize >= MAX_ROWS {
            break;
        }
        write_finding(ws, row, finding, unit, f, &mut widths)?;
        links += write_finding_links(ws, row, finding, placed, columns.len(), MAX_LINKS - links)?;
    }
    widths.0[3] = MAX_WIDTH;
    widths.0[8] = 38;
    widths.apply(ws)?;
    ws.set_freeze_panes(1, 0)?;
    let last = findings.len().min(MAX_ROWS - 1) as u32;
    ws.autofilter(0, 0, last, (columns.len() - 1) as u16)?;
    Ok(())
}

/// A finding's row of the findings sheet, its places grouped by table and
/// row as `check` groups them, a copy once.
fn write_finding(
    ws: &mut Worksheet,
    row: u32,
    finding: &Finding,
    unit: crate::source::Unit,
    f: &Formats,
    widths: &mut Widths,
) -> std::result::Result<(), XlsxError> {
    let places: Vec<String> = super::terminal::places(&finding.locations, unit)
        .into_iter()
        .map(|(label, text)| format!("{label}: {text}"))
        .collect();
    let texts = [
        finding.id.as_str(),
        finding.severity.as_str(),
        finding.rule.as_str(),
        &finding.message,
        finding.expected.as_deref().unwrap_or(""),
        finding.found.as_deref().unwrap_or(""),
        &finding.notes.join("\n"),
        &super::findings::accepted_text(finding),
        &places.join("\n"),
    ];
    for (c, text) in texts.iter().enumerate() {
        if c == 1 {
            let format = &f.found[severity_index(finding.severity)];
            ws.write_string_with_format(row, c as u16, clip(text), format)?;
        } else {
            // The column's format: a format looked up per cell is most of
            // the time a workbook takes.
            ws.write_string(row, c as u16, clip(text))?;
        }
        widths.see(c, if c == 3 || c == 8 { "" } else { text });
    }
    Ok(())
}

/// Links from a finding's row to the cells it names (at most
/// [`LINKS_PER_FINDING`], and `room` more in the sheet), after the sheet's
/// `first` columns; how many it wrote.
fn write_finding_links(
    ws: &mut Worksheet,
    row: u32,
    finding: &Finding,
    placed: &HashMap<usize, Placed>,
    first: usize,
    room: usize,
) -> std::result::Result<usize, XlsxError> {
    let mut seen = Vec::new();
    for l in &finding.locations {
        let (Some(grid_row), Some(col), Some(p)) = (l.grid_row, l.col, placed.get(&l.table)) else {
            continue;
        };
        if grid_row >= p.rows || col >= p.cols || seen.contains(&(l.table, grid_row, col)) {
            continue;
        }
        if seen.len() == LINKS_PER_FINDING || seen.len() == room {
            break;
        }
        let cell = row_col_to_cell((p.first_row + grid_row) as u32, col as u16);
        let url = Url::new(format!("internal:{}!{cell}", quote_sheet_name(&p.sheet)));
        let text = format!("table {} {cell}", l.table);
        ws.write_url_with_text(row, (first + seen.len()) as u16, url, &text)?;
        seen.push((l.table, grid_row, col));
    }
    Ok(seen.len())
}

fn write_records(
    ws: &mut Worksheet,
    sheet: &Sheet,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let mut widths = Widths(Vec::new());
    for (c, column) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, column.name, &f.header)?;
        widths.see(c, column.name);
    }
    for (r, values) in sheet.rows.iter().enumerate() {
        let row = (r + 1) as u32;
        if row as usize >= MAX_ROWS {
            break;
        }
        for (c, (value, column)) in values.iter().zip(sheet.columns).enumerate() {
            let col = c as u16;
            match value {
                // Written as text, whatever it looks like: `01` keeps its
                // zero, `=1+1` is inert.
                Value::Text(s) => {
                    ws.write_string(row, col, clip(s))?;
                    widths.see(c, s);
                }
                Value::Number(n) => {
                    ws.write_number(row, col, *n)?;
                    widths.see(
                        c,
                        if column.ty == Type::Integer {
                            "00000"
                        } else {
                            "00000.00"
                        },
                    );
                }
                Value::Bool(b) => {
                    ws.write_boolean(row, col, *b)?;
                    widths.see(c, "FALSE");
                }
                Value::Empty => {}
            }
        }
    }
    widths.apply(ws)?;
    ws.set_freeze_panes(1, 0)?;
    let last = sheet.rows.len().min(MAX_ROWS - 1) as u32;
    ws.autofilter(0, 0, last, (sheet.columns.len() - 1) as u16)?;
    Ok(())
}

/// Each cell's extent: the slots that show it (its own span, and the
/// blank cells the document uses to continue it): first row and column,
/// last row and column, and how many slots.
type Extent = (usize, usize, usize, usize, usize);

fn extents(grid: &Grid, p: &Placed) -> HashMap<usize, Extent> {
    let mut extent: HashMap<usize, Extent> = HashMap::new();
    for (r, row) in grid.rows.iter().enumerate().take(p.rows) {
        for (c, slot) in row.slots.iter().enumerate().take(p.cols) {
            if let Some(cell) = slot.cell() {
                let e = extent.entry(cell).or_insert((r, c, r, c, 0));
                e.0 = e.0.min(r);
                e.1 = e.1.min(c);
                e.2 = e.2.max(r);
                e.3 = e.3.max(c);
                e.4 += 1;
            }
        }
    }
    extent
}

/// The title over a table's sheet: its number, caption and place, and
/// whether the sheet cuts it.
fn table_title(grid: &Grid, p: &Placed) -> String {
    let caption = grid
        .caption
        .as_ref()
        .map_or(String::new(), |c| format!(" — {}", c.text));
    let cut = if p.rows < grid.rows.len() || p.cols < grid.width {
        format!(
            " (cut to {} rows and {} columns, as a sheet holds no more; the whole table is in tables/)",
            p.rows, p.cols
        )
    } else {
        String::new()
    };
    format!(
        "Table {}{caption} ({}){cut}",
        grid.index,
        grid.unit.at(grid.line)
    )
}

/// A cell's format: marked by the worst finding on it (called wrong, or
/// checked against), else a header's; a body cell none, taking its
/// column's (a format looked up per cell is most of the time a workbook
/// takes).
fn cell_format<'f>(
    marks: Option<&Vec<(&Finding, bool)>>,
    header: bool,
    f: &'f Formats,
) -> Option<&'f Format> {
    match marks {
        Some(list) => {
            let worst = list
                .iter()
                .map(|(g, _)| g.severity)
                .max()
                .unwrap_or(Severity::Info);
            let found = list.iter().any(|(_, found)| *found);
            let formats = if found { &f.found } else { &f.operand };
            Some(&formats[severity_index(worst)])
        }
        None if header => Some(&f.header),
        None => None,
    }
}

/// The note on a cell findings name: each finding's severity, its role
/// there and its message.
fn findings_note(list: &[(&Finding, bool)]) -> Note {
    let text: Vec<String> = list
        .iter()
        .map(|(g, found)| {
            let role = if *found {
                "found here"
            } else {
                "checked against"
            };
            format!("{} ({role}): {}", g.severity.as_str(), g.message)
        })
        .collect();
    Note::new(clip(&text.join("\n\n")))
        .add_author_prefix(false)
        .set_width(400)
        .set_height(160)
}

fn write_table(
    ws: &mut Worksheet,
    grid: &Grid,
    p: &Placed,
    on_cell: &OnCell,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, clip(&table_title(grid, p)), &f.title)?;
    let extent = extents(grid, p);
    for c in 0..p.cols {
        ws.set_column_format(c as u16, &f.body)?;
    }
    let mut widths = Widths(Vec::new());
    // The row above the table names the last column: each row's line.
    let line_col = p.cols as u16;
    ws.write_string_with_format((p.first_row - 1) as u32, line_col, "source line", &f.header)?;
    widths.see(p.cols, "source line");
    for (r, row) in grid.rows.iter().enumerate().take(p.rows) {
        let at = (p.first_row + r) as u32;
        ws.write_number(at, line_col, row.line as f64)?;
        for (c, slot) in row.slots.iter().enumerate().take(p.cols) {
            let Slot::Origin { cell: i } = *slot else {
                continue;
            };
            let cell = &grid.cells[i];
            let header = r < grid.header_rows || cell.source.header;
            let text = clip(&cell.source.text);
            let marks = on_cell.get(&(grid.index, r, c));
            let format = cell_format(marks, header, f);
            let (r0, c0, r1, c1, n) = extent.get(&i).copied().unwrap_or((r, c, r, c, 1));
            let rectangle = (r0, c0) == (r, c) && n == (r1 - r0 + 1) * (c1 - c0 + 1);
            if rectangle && n > 1 {
                let last = ((p.first_row + r1) as u32, c1 as u16);
                ws.merge_range(at, c as u16, last.0, last.1, "", format.unwrap_or(&f.body))?;
            }
            let value = crate::interpret::values::cell_number(text).filter(|_| !header);
            match (value, format) {
                (Some(n), Some(format)) => ws.write_number_with_format(at, c as u16, n, format)?,
                (Some(n), None) => ws.write_number(at, c as u16, n)?,
                (None, Some(format)) => ws.write_string_with_format(at, c as u16, text, format)?,
                (None, None) => ws.write_string(at, c as u16, text)?,
            };
            if rectangle && c1 == c {
                widths.see(c, text);
            }
            if let Some(list) = marks {
                ws.insert_note(at, c as u16, &findings_note(list))?;
            }
        }
    }
    widths.apply(ws)?;
    ws.set_freeze_panes((p.first_row + grid.header_rows.min(p.rows)) as u32, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(
            sheet_name("T01 Matrice: funzioni e strutture", &mut taken),
            "T01 Matrice funzioni e struttur"
        );
        assert_eq!(sheet_name("'Quoted' [x]/y*?", &mut taken), "Quoted' x y");
        assert_eq!(sheet_name("history", &mut taken), "Sheet");
        assert_eq!(sheet_name("SHEET", &mut taken), "SHEET (2)");
        assert_eq!(sheet_name("", &mut taken), "Sheet (3)");
        let long = "T02 Posizioni dirigenziali di II fascia – quadro di sintesi";
        let a = sheet_name(long, &mut taken);
        let b = sheet_name(long, &mut taken);
        assert_eq!(a, "T02 Posizioni dirigenziali di I");
        assert_eq!(b, "T02 Posizioni dirigenziali (2)");
        for name in &taken {
            rust_xlsxwriter::utility::check_sheet_name(name).unwrap();
        }
        // Characters outside the BMP count twice toward the 31.
        let emoji = sheet_name(&"😀".repeat(20), &mut taken);
        assert_eq!(emoji.chars().count(), 15);
    }
}
