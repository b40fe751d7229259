//! Word (.docx) and OpenDocument (.odt) files → the HTML the HTML reader
//! reads: their tables with their explicit merges (`w:gridSpan`,
//! `w:vMerge`; `table:number-columns-spanned`, `table:number-rows-spanned`),
//! headings and paragraphs for captions, list items in cells, bold text.
//!
//! A word processor's file has no lines. The HTML is written one paragraph
//! a line, in document order, the paragraphs of table cells included (a
//! cell covered by a merge keeps its empty line): so a "line" of a finding
//! in a Word or OpenDocument file is the number of the paragraph it names,
//! and every cell is also named by table, row and column, as everywhere.
//!
//! The archive and its XML are untrusted: an entry is read to at most a
//! budget that grows with the file (a zip bomb stops there), only the one
//! entry the format names is read, XML entities are never expanded (only
//! the five of XML and character references are resolved), tables nest at
//! most [`MAX_NESTING`] deep, and every failure is an error naming the
//! file and the entry.

mod docx;
mod odt;

use std::io::Read;

use crate::error::{Error, Position, Result};

/// Which word processor's format a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Docx,
    Odt,
}

/// The most tables nest inside table cells.
pub const MAX_NESTING: usize = 64;

/// The least an entry may hold once decompressed, and how many times the
/// file's own size it may hold past that: a .docx's XML is typically ten
/// to twenty times its compressed size.
const MIN_ENTRY_BYTES: u64 = 64 << 20;
const ENTRY_BYTES_PER_BYTE: u64 = 100;

/// A paragraph: its number (1-based, document order), its HTML (text
/// escaped, line breaks as `<br>`, bold as `<b>`) and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Para {
    pub no: usize,
    pub html: String,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Text,
    Heading(u8),
    Item,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Para(Para),
    Table(Table),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Row {
    /// A header row (`w:tblHeader`, `table:table-header-rows`).
    pub header: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    pub colspan: usize,
    pub rowspan: Span,
    pub blocks: Vec<Block>,
}

impl Default for Cell {
    fn default() -> Cell {
        Cell {
            colspan: 1,
            rowspan: Span::Rows(1),
            blocks: Vec::new(),
        }
    }
}

/// How a cell spans rows: explicitly (OpenDocument), or as Word marks it,
/// a merge that starts here or continues the one above; a covered cell is
/// left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Span {
    Rows(usize),
    Restart,
    Continue,
    Covered,
}

/// The tables, rows and cells open around a reader, and the blocks read so
/// far outside every table: what both readers build.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub body: Vec<Block>,
    open: Vec<Open>,
}

#[derive(Debug)]
enum Open {
    Table(Table),
    Row(Row),
    Cell(Cell),
}

impl Tree {
    pub fn open_table(&mut self) -> std::result::Result<(), String> {
        let depth = self
            .open
            .iter()
            .filter(|o| matches!(o, Open::Table(_)))
            .count();
        if depth >= MAX_NESTING {
            return Err(format!("tables nest more than {MAX_NESTING} deep"));
        }
        self.open.push(Open::Table(Table::default()));
        Ok(())
    }

    pub fn open_row(&mut self, header: bool) {
        self.open.push(Open::Row(Row {
            header,
            cells: Vec::new(),
        }));
    }

    pub fn open_cell(&mut self, cell: Cell) {
        self.open.push(Open::Cell(cell));
    }

    /// The row being read, if a row is the innermost open container.
    pub fn row(&mut self) -> Option<&mut Row> {
        match self.open.last_mut() {
            Some(Open::Row(row)) => Some(row),
            _ => None,
        }
    }

    /// The cell being read, if a cell is the innermost open container.
    pub fn cell(&mut self) -> Option<&mut Cell> {
        match self.open.last_mut() {
            Some(Open::Cell(cell)) => Some(cell),
            _ => None,
        }
    }

    /// Closes the innermost cell into its row (or adds `cell` there).
    pub fn close_cell(&mut self, cell: Option<Cell>) {
        let cell = cell.or_else(|| match self.open.pop_if(|o| matches!(o, Open::Cell(_))) {
            Some(Open::Cell(cell)) => Some(cell),
            _ => None,
        });
        if let (Some(cell), Some(row)) = (cell, self.row()) {
            row.cells.push(cell);
        }
    }

    pub fn close_row(&mut self) {
        if let Some(Open::Row(row)) = self.open.pop_if(|o| matches!(o, Open::Row(_)))
            && let Some(Open::Table(table)) = self.open.last_mut()
        {
            table.rows.push(row);
        }
    }

    pub fn close_table(&mut self) {
        if let Some(Open::Table(table)) = self.open.pop_if(|o| matches!(o, Open::Table(_))) {
            self.add(Block::Table(table));
        }
    }

    /// Adds a block to the cell being read, or to the body (a paragraph
    /// right in a row or table, which is malformed, is kept in the body so
    /// that its line is still written).
    pub fn add(&mut self, block: Block) {
        match self.cell() {
            Some(cell) => cell.blocks.push(block),
            None => self.body.push(block),
        }
    }
}

/// The HTML of the Word or OpenDocument file `bytes`, one paragraph a line.
pub fn to_html(name: &str, bytes: &[u8], kind: Kind) -> Result<String> {
    let (entry, limit) = match kind {
        Kind::Docx => ("word/document.xml", entry_budget(bytes)),
        Kind::Odt => ("content.xml", entry_budget(bytes)),
    };
    let xml = read_entry(name, bytes, entry, limit)?;
    xml_to_html(&xml, kind)
        .map_err(|e| Error::invalid(Position::file(name), format!("{entry}: {e}")))
}

/// The HTML of a Word or OpenDocument file's document XML, or why it cannot
/// be read.
pub fn xml_to_html(xml: &str, kind: Kind) -> std::result::Result<String, String> {
    let blocks = match kind {
        Kind::Docx => docx::read(xml),
        Kind::Odt => odt::read(xml),
    }?;
    Ok(render(&blocks))
}

fn entry_budget(bytes: &[u8]) -> u64 {
    MIN_ENTRY_BYTES.max((bytes.len() as u64).saturating_mul(ENTRY_BYTES_PER_BYTE))
}

/// Whether `bytes` open as a zip archive (`PK\x03\x04`), and of which kind:
/// the OpenDocument `mimetype` entry, or Word's `word/document.xml`.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    if archive.index_for_name("word/document.xml").is_some() {
        return Some(Kind::Docx);
    }
    archive.index_for_name("content.xml").map(|_| Kind::Odt)
}

/// The text of entry `entry` of the archive, read to at most `limit` bytes.
fn read_entry(name: &str, bytes: &[u8], entry: &str, limit: u64) -> Result<String> {
    let invalid = |message: String| Error::invalid(Position::file(name), message);
    // Word keeps a password-protected file, as it kept a .doc, in an OLE
    // compound file, not a zip archive.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(invalid(
            "a password-protected Word file or an old .doc (an OLE compound file), not a .docx: save it as .docx or .odt without a password".to_string(),
        ));
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        invalid(format!(
            "not a Word or OpenDocument file (a zip archive): {e}; a .doc or a PDF renamed .docx cannot be read, save it as .docx or .odt"
        ))
    })?;
    let file = archive.by_name(entry).map_err(|e| match e {
        zip::result::ZipError::UnsupportedArchive(m)
            if m.contains("assword") || m.contains("ncrypt") =>
        {
            invalid(format!(
                "{entry} is encrypted: save the file without a password"
            ))
        }
        zip::result::ZipError::FileNotFound => invalid(format!(
            "the archive has no {entry}: it is not a {} file",
            if entry == "content.xml" {
                "OpenDocument text"
            } else {
                "Word"
            }
        )),
        other => invalid(format!("{entry}: {other}")),
    })?;
    if file.encrypted() {
        return Err(invalid(format!(
            "{entry} is encrypted: save the file without a password"
        )));
    }
    let mut xml = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut xml)
        .map_err(|e| invalid(format!("{entry}: the archive is damaged: {e}")))?;
    if xml.len() as u64 > limit {
        return Err(invalid(format!(
            "{entry} holds more than {limit} bytes once decompressed (the budget for a file of this size): a zip bomb, or a document too large to read"
        )));
    }
    String::from_utf8(xml).map_err(|e| invalid(format!("{entry} is not UTF-8: {e}")))
}

/// Writes the blocks as HTML, each paragraph on the line of its number;
/// a table's tags go on the line of its first paragraph, each cell's on
/// its first paragraph's line.
pub(crate) fn render(blocks: &[Block]) -> String {
    let count = last_para(blocks);
    if count == 0 {
        // A file without a paragraph is an empty document.
        return String::new();
    }
    let mut lines = vec![String::new(); count];
    let mut writer = Writer {
        lines: &mut lines,
        last: 1,
    };
    writer.blocks(blocks, false);
    // Standards mode, on the first paragraph's line: no line is added.
    lines[0].insert_str(0, "<!DOCTYPE html>");
    lines.join("\n")
}

fn last_para(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => p.no,
            Block::Table(t) => t
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .map(|c| last_para(&c.blocks))
                .max()
                .unwrap_or(0),
        })
        .max()
        .unwrap_or(0)
}

fn first_para(blocks: &[Block]) -> Option<usize> {
    blocks.iter().find_map(|b| match b {
        Block::Para(p) => Some(p.no),
        Block::Table(t) => t
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .find_map(|c| first_para(&c.blocks)),
    })
}

/// The lines being written, and the last line written to: where a table or
/// cell without a paragraph of its own puts its tags.
struct Writer<'l> {
    lines: &'l mut Vec<String>,
    last: usize,
}

impl Writer<'_> {
    fn push(&mut self, line: usize, html: &str) {
        let line = line.clamp(1, self.lines.len());
        self.last = line;
        self.lines[line - 1].push_str(html);
    }

    /// Blocks in order; consecutive list items are one list.
    fn blocks(&mut self, blocks: &[Block], in_cell: bool) {
        for (i, block) in blocks.iter().enumerate() {
            let item =
                |b: Option<&Block>| matches!(b, Some(Block::Para(p)) if p.role == Role::Item);
            match block {
                Block::Para(p) if p.role == Role::Item => {
                    let first = i == 0 || !item(blocks.get(i - 1));
                    let last = !item(blocks.get(i + 1));
                    let open = if first { "<ul><li>" } else { "<li>" };
                    let close = if last { "</li></ul>" } else { "</li>" };
                    self.push(p.no, &format!("{open}{}{close}", p.html));
                }
                Block::Para(p) => {
                    let (open, close) = match (p.role, in_cell) {
                        (Role::Heading(n), false) => (format!("<h{n}>"), format!("</h{n}>")),
                        _ => ("<p>".to_string(), "</p>".to_string()),
                    };
                    self.push(p.no, &format!("{open}{}{close}", p.html));
                }
                Block::Table(t) => self.table(t),
            }
        }
    }

    fn table(&mut self, table: &Table) {
        let spans = row_spans(table);
        let start = table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .find_map(|c| first_para(&c.blocks))
            .unwrap_or(self.last);
        self.push(start, "<table>");
        for (r, row) in table.rows.iter().enumerate() {
            let tag = if row.header { "th" } else { "td" };
            let row_start = row
                .cells
                .iter()
                .find_map(|c| first_para(&c.blocks))
                .unwrap_or(self.last);
            self.push(row_start, "<tr>");
            for (c, cell) in row.cells.iter().enumerate() {
                let rowspan = spans[r][c];
                if rowspan == 0 {
                    continue;
                }
                let at = first_para(&cell.blocks).unwrap_or(self.last);
                let mut open = format!("<{tag}");
                if cell.colspan > 1 {
                    open.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                }
                if rowspan > 1 {
                    open.push_str(&format!(" rowspan=\"{rowspan}\""));
                }
                open.push('>');
                self.push(at, &open);
                self.blocks(&cell.blocks, true);
                let end = self.last;
                self.push(end, &format!("</{tag}>"));
            }
            let end = self.last;
            self.push(end, "</tr>");
        }
        let end = self.last;
        self.push(end, "</table>");
    }
}

/// Each cell's row span, 0 for a cell left out (covered, or continuing a
/// Word merge): a Word merge that starts at grid column `g` spans the rows
/// below whose cell at `g` continues it.
fn row_spans(table: &Table) -> Vec<Vec<usize>> {
    let starts: Vec<Vec<usize>> = table
        .rows
        .iter()
        .map(|row| {
            let mut at = 0;
            row.cells
                .iter()
                .map(|c| {
                    let start = at;
                    at += c.colspan.max(1);
                    start
                })
                .collect()
        })
        .collect();
    // A row's cell starts are ascending: the cell at grid column `g` is
    // found by a binary search, not a scan of the row.
    let continues = |r: usize, g: usize| {
        starts[r]
            .binary_search(&g)
            .is_ok_and(|i| table.rows[r].cells[i].rowspan == Span::Continue)
    };
    table
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.cells
                .iter()
                .zip(&starts[r])
                .map(|(cell, &g)| match cell.rowspan {
                    Span::Rows(n) => n.max(1),
                    Span::Covered | Span::Continue => 0,
                    Span::Restart => {
                        1 + (r + 1..table.rows.len())
                            .take_while(|&b| continues(b, g))
                            .count()
                    }
                })
                .collect()
        })
        .collect()
}

/// A reader of one format's document XML: a method per event.
pub(crate) trait Handler {
    fn start(
        &mut self,
        e: &quick_xml::events::BytesStart,
        empty: bool,
    ) -> std::result::Result<(), String>;
    fn end(&mut self, name: &str);
    /// Whether text here is kept.
    fn keeps_text(&self) -> bool;
    fn text(&mut self, text: &str);
}

/// Runs `handler` over the XML's events; a document type declaration (and
/// so any entity it would define) is refused, malformed XML is an error
/// with its byte.
pub(crate) fn drive(
    xml: &str,
    handler: &mut impl Handler,
    format: &str,
) -> std::result::Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "not well-formed XML near byte {}: {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) => handler.start(&e, false)?,
            Event::Empty(e) => handler.start(&e, true)?,
            Event::End(e) => handler.end(e.local_name().as_ref()),
            Event::Text(t) if handler.keeps_text() => handler.text(&t.xml10_content()),
            Event::GeneralRef(r) if handler.keeps_text() => {
                if let Some(c) = reference(&r) {
                    handler.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::DocType(_) => {
                return Err(format!(
                    "a document type declaration (<!DOCTYPE>) is not allowed in {format}"
                ));
            }
            _ => {}
        }
    }
}

/// Text escaped for HTML.
pub(crate) fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The text an XML reference stands for: the five entities of XML and
/// character references; any other entity is not expanded (a document
/// type's entities are never read).
pub(crate) fn reference(r: &quick_xml::events::BytesRef) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    match &**r {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The value of attribute `local` (any prefix) of an element.
pub(crate) fn attr(e: &quick_xml::events::BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(no: usize, text: &str) -> Block {
        Block::Para(Para {
            no,
            html: text.to_string(),
            role: Role::Text,
        })
    }

    fn cell(no: usize, text: &str, rowspan: Span) -> Cell {
        Cell {
            colspan: 1,
            rowspan,
            blocks: vec![para(no, text)],
        }
    }

    #[test]
    fn a_file_without_a_paragraph_is_empty() {
        assert_eq!(render(&[]), "");
        assert_eq!(render(&[Block::Table(Table::default())]), "");
    }

    #[test]
    fn each_paragraph_is_written_on_the_line_of_its_number() {
        let table = Table {
            rows: vec![
                Row {
                    header: true,
                    cells: vec![
                        cell(2, "Gruppo", Span::Rows(1)),
                        cell(3, "Totale", Span::Rows(1)),
                    ],
                },
                Row {
                    header: false,
                    cells: vec![cell(4, "Alta", Span::Restart), cell(5, "45", Span::Rows(1))],
                },
                Row {
                    header: false,
                    cells: vec![cell(6, "", Span::Continue), cell(7, "9", Span::Rows(1))],
                },
            ],
        };
        let html = render(&[para(1, "Sintesi"), Block::Table(table), para(8, "Fine")]);
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(
            lines,
            vec![
                "<!DOCTYPE html><p>Sintesi</p>",
                "<table><tr><th><p>Gruppo</p></th>",
                "<th><p>Totale</p></th></tr>",
                "<tr><td rowspan=\"2\"><p>Alta</p></td>",
                "<td><p>45</p></td></tr>",
                "<tr>",
                "<td><p>9</p></td></tr></table>",
                "<p>Fine</p>",
            ]
        );
    }
}
