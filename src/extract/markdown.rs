//! Markdown → `RawTable`s, with pulldown-cmark's GFM tables and its offset
//! iterator, so that every row and cell knows its byte offset and line.

use std::ops::{ControlFlow, Range};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html_blocks::{self, TableTags};
use super::pandoc;
use super::text::{CellText, apply_html, strike_tag};
use super::{
    Block, Caption, Extracted, ListItem, Note, RawCell, RawRow, RawTable, RowGroup,
    caption_candidate, table_limit, too_many_tables,
};
use crate::error::Result;
use crate::source::{Dialect, Document};

/// pulldown-cmark's options: GFM's tables and strikethrough.
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// The text with the tabs of its delimiter rows made spaces, byte for byte
/// (so every offset stays the document's): GFM reads `|\t---\t|` as a
/// delimiter row, pulldown-cmark does not.
fn tabs_in_delimiter_rows(text: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'\t', text.as_bytes()).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.contains('\t') && is_delimiter_row(line) {
            out.push_str(&line.replace('\t', " "));
        } else {
            out.push_str(line);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Where a pipe table starts inside a paragraph's source, as GFM reads one:
/// a line followed by a delimiter row of as many cells. pulldown-cmark lets
/// no table interrupt a paragraph.
fn table_in_paragraph(raw: &str) -> Option<usize> {
    let mut previous: Option<(usize, &str)> = None;
    for (at, line) in lines_at(raw) {
        if let Some((start, header)) = previous
            && header.contains('|')
            && is_delimiter_row(line)
            && split_row(header).len() == split_row(line).len()
        {
            return Some(start);
        }
        previous = Some((at, line));
    }
    None
}

/// Where GFM ends a table that pulldown-cmark runs on: at the first line
/// after the delimiter row indented four columns or more past the header's
/// and holding no pipe (an indented code block, which cmark-gfm and pandoc
/// let interrupt a table; pandoc writes such lines after a table it
/// converts). An indented line with a pipe stays a row, as pandoc reads it
/// (right-aligned figures, `      3 | 33`), where cmark-gfm makes it code.
/// The line's offset in `source`.
fn indented_end(source: &str) -> Option<usize> {
    let mut lines = lines_at(source);
    let base = indentation(lines.next()?.1);
    lines.next()?;
    lines
        .find(|(_, line)| {
            !line.trim().is_empty() && indentation(line) >= base + 4 && !line.contains('|')
        })
        .map(|(start, _)| start)
}

/// Where a second pipe table starts that touches the first (no blank line
/// between them), which GFM reads as rows of the first: a row followed by
/// a delimiter row of as many cells, after the first table's delimiter
/// row. The offset in `source` of the second table's header row.
fn joined_at(source: &str) -> Option<usize> {
    let lines: Vec<(usize, &str)> = lines_at(source).collect();
    (3..lines.len()).find_map(|i| {
        let ((start, header), (_, line)) = (lines[i - 1], lines[i]);
        (header.contains('|')
            && gfm_delimiter_row(line)
            && split_row(header).len() == split_row(line).len())
        .then_some(start)
    })
}

/// The lines of `source` (each with its line end) and the offset each
/// starts at.
fn lines_at(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    })
}

/// The columns a line's leading white space takes, a tab to the next stop
/// of four as CommonMark counts them.
fn indentation(line: &str) -> usize {
    let mut columns = 0;
    for b in line.bytes() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// A delimiter row as GFM (cmark-gfm) reads one, stricter than
/// pulldown-cmark: each cell one run of dashes with optional colons
/// (`| --- --- |` is none), and a line that opens a list item without a
/// leading pipe (`- | -`) starts a list, not a table.
fn gfm_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    let bullet = !t.starts_with('|')
        && t.len() > 1
        && matches!(t.as_bytes()[0], b'-' | b'+' | b'*')
        && matches!(t.as_bytes()[1], b' ' | b'\t');
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    !bullet
        && inner.split('|').all(|cell| {
            let cell = cell.trim();
            let dashes = cell.strip_prefix(':').unwrap_or(cell);
            let dashes = dashes.strip_suffix(':').unwrap_or(dashes);
            !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
        })
}

/// What the reader is collecting text for.
enum Capture {
    None,
    Caption {
        text: String,
        line: u32,
        heading: bool,
        start: usize,
    },
    Cell {
        content: CellText,
        start: usize,
    },
}

pub fn extract(doc: &Document) -> Result<Extracted> {
    // pulldown-cmark builds its tree of the whole text before the first
    // event: a document of a million tables is cut before it is parsed.
    let cut = table_cut(&doc.text);
    let text = tabs_in_delimiter_rows(&doc.text[..cut]);
    let parser = Parser::new_ext(&text, OPTIONS).into_offset_iter();
    let mut reader = Reader::new(doc);
    let limit = table_limit(doc.text.len());
    let mut pandoc = pandoc::scan(doc, cut, limit, doc.dialect == Dialect::Pandoc);
    if doc.dialect == Dialect::Auto && pandoc.written_by_pandoc() {
        pandoc = pandoc::scan(doc, cut, limit, true);
    }
    reader.notes.extend(pandoc.notes);
    reader.pandoc = pandoc.tables.into();
    for (event, range) in parser {
        if reader.event(event, range)?.is_break() {
            break;
        }
    }
    while !reader.stopped && !reader.pandoc.is_empty() {
        let _ = reader.place_pandoc();
    }
    if cut < doc.text.len() && !reader.stopped {
        reader.notes.push(too_many_tables(
            doc.line_of(cut),
            table_limit(doc.text.len()),
        ));
    }
    Ok(Extracted {
        tables: reader.tables,
        blocks: reader.blocks,
        notes: reader.notes,
    })
}

/// The Markdown reader's state between pulldown-cmark's events: a method
/// per event.
struct Reader<'d> {
    doc: &'d Document,
    tables: Vec<RawTable>,
    blocks: Vec<Block>,
    notes: Vec<Note>,
    last_caption: Option<Caption>,
    capture: Capture,
    /// Paragraphs inside lists and quotes are body text, never captions.
    nesting: usize,
    row: Option<RawRow>,
    /// The items of the top-level list being read.
    list: Option<Vec<ListItem>>,
    /// Whether a heading, paragraph or list stands between the last table
    /// and here; `None` before the first table.
    text_since_table: Option<bool>,
    /// The `<table>` tags of the text, for HTML blocks.
    html_tables: TableTags,
    /// The HTML block (and the table it opens) last read: the events that
    /// start in it were read by the HTML reader.
    html_read: Range<usize>,
    /// pandoc's tables not yet placed, in text order, and the lines of the
    /// last one placed, whose events pulldown-cmark made of them are skipped.
    pandoc: std::collections::VecDeque<pandoc::Found>,
    pandoc_read: Range<usize>,
    /// A paragraph whose last lines are a table (GFM lets a table interrupt
    /// a paragraph): its parts were parsed on their own, its events skipped;
    /// or a table pulldown-cmark reads and GFM does not, read as text.
    split_read: Range<usize>,
    /// Inside struck text (`~~4~~`): text being deleted, left out of the
    /// cell's and the caption's text (a cell's raw text keeps it).
    struck: usize,
    /// The table limit was reached: nothing more is read.
    stopped: bool,
    /// A pipe table ended and nothing came after it yet: a pandoc caption
    /// (`: text`) here is its own.
    pipe_ended: bool,
    /// Where the tables start that were written against the one before
    /// them, and split from it, in text order.
    joined: std::collections::VecDeque<usize>,
}

impl<'d> Reader<'d> {
    fn new(doc: &'d Document) -> Reader<'d> {
        Reader {
            doc,
            tables: Vec::new(),
            blocks: Vec::new(),
            notes: Vec::new(),
            last_caption: None,
            capture: Capture::None,
            nesting: 0,
            row: None,
            list: None,
            text_since_table: None,
            html_tables: TableTags::new(&doc.text),
            html_read: 0..0,
            pandoc: Default::default(),
            pandoc_read: 0..0,
            split_read: 0..0,
            struck: 0,
            stopped: false,
            pipe_ended: false,
            joined: Default::default(),
        }
    }

    fn event(&mut self, event: Event, range: Range<usize>) -> Result<ControlFlow<()>> {
        while self
            .pandoc
            .front()
            .is_some_and(|f| f.range.start <= range.start)
        {
            if self.place_pandoc().is_break() {
                return Ok(ControlFlow::Break(()));
            }
        }
        if self.html_read.contains(&range.start)
            || self.pandoc_read.contains(&range.start)
            || self.split_read.contains(&range.start)
        {
            return Ok(ControlFlow::Continue(()));
        }
        match event {
            Event::Start(Tag::Heading { .. }) => self.start_caption(&range, true),
            Event::Start(Tag::Paragraph) if self.nesting == 0 && self.row.is_none() => {
                return self.paragraph(range);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => self.end_caption(&range),
            Event::Start(Tag::List(_)) => {
                if self.nesting == 0 {
                    self.list = Some(Vec::new());
                }
                self.nesting += 1;
            }
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => self.nesting += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                self.end_container()
            }
            Event::Start(Tag::Item) => self.start_item(&range),
            Event::Start(Tag::HtmlBlock) => return self.html_block(range),
            Event::Start(Tag::Table(_)) => return self.start_table(&range),
            Event::End(TagEnd::Table) => self.end_table(),
            Event::Start(Tag::TableHead) => self.start_row(&range, RowGroup::Head),
            Event::Start(Tag::TableRow) => self.start_row(&range, RowGroup::Body),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => self.end_row(range),
            Event::Start(Tag::TableCell) => {
                self.capture = Capture::Cell {
                    content: CellText::new(),
                    start: range.start,
                };
            }
            Event::End(TagEnd::TableCell) => self.end_cell(&range),
            Event::Start(Tag::Strikethrough) => self.struck += 1,
            Event::End(TagEnd::Strikethrough) => self.struck = self.struck.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if self.struck == 0 => self.text(&text),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => match &mut self.capture {
                Capture::Caption { text: t, .. } => t.push(' '),
                Capture::Cell { content, .. } => content.line_break(),
                Capture::None => {}
            },
            // A `<table>` inside a paragraph is not read; `interpret`
            // reports the paragraph as table-like text.
            Event::InlineHtml(html) | Event::Html(html) => {
                match strike_tag(&html) {
                    Some(true) => self.struck += 1,
                    Some(false) => self.struck = self.struck.saturating_sub(1),
                    None => {}
                }
                if let Capture::Cell { content, .. } = &mut self.capture {
                    apply_html(content, &html);
                }
            }
            _ => {}
        }
        Ok(ControlFlow::Continue(()))
    }

    /// A paragraph, or a paragraph and the table that its last lines are:
    /// each part is parsed on its own and its events read here, with their
    /// places in the document, and the paragraph's own events skipped.
    fn paragraph(&mut self, range: Range<usize>) -> Result<ControlFlow<()>> {
        let raw = self.doc.text.get(range.clone()).unwrap_or_default();
        let Some(split) = table_in_paragraph(raw).filter(|&split| split > 0) else {
            self.start_caption(&range, false);
            return Ok(ControlFlow::Continue(()));
        };
        self.reparse(range.clone(), range.start + split)
    }

    /// Reads `range` as two documents cut at `cut`, where GFM's blocks part
    /// ways with pulldown-cmark's: each part is parsed on its own (its
    /// delimiter rows' tabs made spaces) and its events read here with
    /// their places in the document; the events of `range` pulldown-cmark
    /// made are skipped.
    fn reparse(&mut self, range: Range<usize>, cut: usize) -> Result<ControlFlow<()>> {
        let doc = self.doc;
        self.split_read = range.clone();
        for part in [range.start..cut, cut..range.end] {
            if part.is_empty() {
                continue;
            }
            let base = part.start;
            let text = tabs_in_delimiter_rows(doc.text.get(part).unwrap_or_default());
            let saved = std::mem::replace(&mut self.split_read, 0..0);
            for (event, r) in Parser::new_ext(&text, OPTIONS).into_offset_iter() {
                if self.event(event, base + r.start..base + r.end)?.is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            self.split_read = saved;
        }
        Ok(ControlFlow::Continue(()))
    }

    fn start_caption(&mut self, range: &Range<usize>, heading: bool) {
        self.capture = Capture::Caption {
            text: String::new(),
            line: self.doc.line_of(range.start),
            heading,
            start: range.start,
        };
    }

    fn end_caption(&mut self, range: &Range<usize>) {
        let Capture::Caption {
            text,
            line,
            heading,
            start,
        } = std::mem::replace(&mut self.capture, Capture::None)
        else {
            return;
        };
        let raw = self.doc.text.get(start..range.end).unwrap_or_default();
        let marked = (!heading).then(|| pandoc::caption_text(&text)).flatten();
        if let Some(caption) = marked.as_ref().filter(|_| self.pipe_ended) {
            // pandoc's caption of the pipe table right above: the table's
            // own, no paragraph, and no caption for the next table.
            if let Some(table) = self.tables.last_mut() {
                table.caption = Some(Caption {
                    text: caption.clone(),
                    line,
                });
            }
            self.pipe_ended = false;
            return;
        }
        let text = marked.unwrap_or(text);
        if let Some(caption) = caption_candidate(&text, line, heading) {
            self.last_caption = Some(caption);
        }
        let text = super::text::collapse_whitespace(&text);
        self.text_seen();
        self.blocks.push(if heading {
            Block::Heading { text, line }
        } else {
            Block::Paragraph {
                text,
                raw: raw.trim().to_string(),
                line,
            }
        });
    }

    fn text_seen(&mut self) {
        self.pipe_ended = false;
        if self.text_since_table.is_some() {
            self.text_since_table = Some(true);
        }
    }

    fn end_container(&mut self) {
        self.nesting = self.nesting.saturating_sub(1);
        if self.nesting > 0 {
            return;
        }
        if let Some(mut items) = self.list.take() {
            for item in &mut items {
                item.text = super::text::collapse_whitespace(&item.text);
            }
            self.text_seen();
            self.blocks.push(Block::List { items });
        }
    }

    fn start_item(&mut self, range: &Range<usize>) {
        if let Some(items) = self.list.as_mut() {
            items.push(ListItem {
                text: String::new(),
                line: self.doc.line_of(range.start),
            });
        }
    }

    /// Past the document's table limit nothing is parsed: a million tables
    /// cost no more than the first ones.
    fn limit_reached(&mut self, line: u32) -> bool {
        let limit = table_limit(self.doc.text.len());
        if self.tables.len() < limit {
            return false;
        }
        self.notes.push(too_many_tables(line, limit));
        self.stopped = true;
        true
    }

    fn start_table(&mut self, range: &Range<usize>) -> Result<ControlFlow<()>> {
        let line = self.doc.line_of(range.start);
        let source = self.doc.text.get(range.clone()).unwrap_or_default();
        // The second line, whatever ends the lines (CR, LF, CRLF), without
        // the markers of the block quotes it stands in.
        let second = source
            .split(['\r', '\n'])
            .filter(|l| !l.is_empty())
            .nth(1)
            .map(|l| l.trim_start_matches(['>', ' ', '\t']));
        // (Inside a list or a quote, a line's indentation counts from its
        // container's: only a table at the top level is cut.)
        if let Some(end) = indented_end(source).filter(|_| self.nesting == 0) {
            return self.reparse(range.clone(), range.start + end);
        }
        if let Some(second) = joined_at(source).filter(|_| self.nesting == 0) {
            self.joined.push_back(range.start + second);
            return self.reparse(range.clone(), range.start + second);
        }
        if !second.is_some_and(gfm_delimiter_row) {
            // No table for GFM: its lines are a paragraph, which `interpret`
            // reports as table-like text.
            self.split_read = range.clone();
            self.text_seen();
            self.blocks.push(Block::Paragraph {
                text: super::text::collapse_whitespace(source),
                raw: source.trim().to_string(),
                line,
            });
            return Ok(ControlFlow::Continue(()));
        }
        if self.limit_reached(line) {
            return Ok(ControlFlow::Break(()));
        }
        let index = self.tables.len() + 1;
        let joined = self.joined_here(range.start);
        self.blocks.push(Block::Table { index, line });
        self.tables.push(RawTable {
            index,
            caption: self.last_caption.clone(),
            line,
            unit: crate::source::Unit::Line,
            parent: None,
            adjacent: self.text_since_table == Some(false),
            joined,
            rows: Vec::new(),
        });
        Ok(ControlFlow::Continue(()))
    }

    /// The evidence, if the table starting at `start` was split from the one
    /// it touches.
    fn joined_here(&mut self, start: usize) -> Option<String> {
        while self.joined.front().is_some_and(|&at| at < start) {
            self.joined.pop_front();
        }
        (self.joined.front() == Some(&start)).then(|| super::JOINED.to_string())
    }

    /// The next of pandoc's tables, in its place: numbered, captioned by the
    /// Markdown before it unless it has a caption of its own.
    fn place_pandoc(&mut self) -> ControlFlow<()> {
        let Some(found) = self.pandoc.pop_front() else {
            return ControlFlow::Continue(());
        };
        if self.html_read.contains(&found.range.start) {
            return ControlFlow::Continue(());
        }
        let mut table = found.table;
        if self.limit_reached(table.line) {
            return ControlFlow::Break(());
        }
        table.index = self.tables.len() + 1;
        if table.caption.is_none() {
            table.caption = self.last_caption.clone();
        }
        table.adjacent = self.text_since_table == Some(false);
        self.blocks.push(Block::Table {
            index: table.index,
            line: table.line,
        });
        self.tables.push(table);
        self.text_since_table = Some(false);
        self.pandoc_read = found.range;
        ControlFlow::Continue(())
    }

    /// An HTML block that opens a `<table>`: the block, and the table past
    /// the blank lines that end the block, read by the HTML reader in
    /// document order among the pipe tables, each table without a caption
    /// of its own taking the Markdown's before it.
    fn html_block(&mut self, range: Range<usize>) -> Result<ControlFlow<()>> {
        let Some(end) = self.html_tables.region_end(&self.doc.text, range.clone()) else {
            return Ok(ControlFlow::Continue(()));
        };
        self.html_read = range.start..end;
        let line = self.doc.line_of(range.start);
        if self.limit_reached(line) {
            return Ok(ControlFlow::Break(()));
        }
        let limit = table_limit(self.doc.text.len()) - self.tables.len();
        let part = html_blocks::read(self.doc, range.start..end, self.tables.len(), limit)?;
        let adjacent = self.text_since_table == Some(false);
        for (i, mut table) in part.tables.into_iter().enumerate() {
            if table.parent.is_none() && table.caption.is_none() {
                table.caption = self.last_caption.clone();
            }
            table.adjacent |=
                i == 0 && adjacent && matches!(part.blocks.first(), Some(Block::Table { .. }));
            self.tables.push(table);
        }
        match part.blocks.last() {
            Some(Block::Table { .. }) => self.text_since_table = Some(false),
            Some(_) => self.text_seen(),
            None => {}
        }
        self.blocks.extend(part.blocks);
        let stopped = part
            .notes
            .iter()
            .any(|n| n.level == crate::error::Level::Error);
        self.notes.extend(part.notes);
        self.stopped |= stopped;
        Ok(if stopped {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    }

    /// A header row of empty cells is no header (pandoc writes one above
    /// every table whose first row Word did not mark as a header, and reads
    /// none): the header is found from the content, as for HTML.
    fn end_table(&mut self) {
        self.text_since_table = Some(false);
        self.pipe_ended = true;
        if let Some(table) = self.tables.last_mut()
            && table.rows.len() > 1
            && table.rows[0].group == RowGroup::Head
            && table.rows[0]
                .cells
                .iter()
                .all(|c| c.text.is_empty() && c.items.is_empty())
        {
            table.rows.remove(0);
        }
    }

    fn start_row(&mut self, range: &Range<usize>, group: RowGroup) {
        // Rows as wide as the header, as nearly all are: no room to spare
        // in a document's millions of cells.
        let width = self
            .tables
            .last()
            .and_then(|t| t.rows.first())
            .map_or(0, |h| h.cells.len());
        self.row = Some(RawRow {
            group,
            group_id: usize::from(group != RowGroup::Head),
            line: self.doc.line_of(range.start),
            cells: Vec::with_capacity(width),
        });
    }

    fn end_row(&mut self, range: Range<usize>) {
        let (Some(r), Some(table)) = (self.row.take(), self.tables.last_mut()) else {
            return;
        };
        let width = table.rows.first().map_or(r.cells.len(), |h| h.cells.len());
        let source = self.doc.text.get(range).unwrap_or_default();
        let written = split_row(source);
        if written.len() != width && !table.rows.is_empty() {
            let fix = if written.len() > width {
                let dropped: Vec<String> = written[width..]
                    .iter()
                    .map(|cell| format!("`{}`", source[cell.clone()].trim()))
                    .collect();
                format!(
                    "the extra cells ({}) are dropped, as GFM tables do",
                    dropped.join(", ")
                )
            } else {
                "the missing cells are read as empty".to_string()
            };
            self.notes.push(Note::warning(
                Some(r.line),
                format!(
                    "table {}: this row has {} cells, the header {width}; {fix}",
                    table.index,
                    written.len()
                ),
            ));
        }
        table.rows.push(r);
    }

    fn end_cell(&mut self, range: &Range<usize>) {
        // An unclosed `<del>` ends with its cell.
        self.struck = 0;
        let Capture::Cell { content, start } = std::mem::replace(&mut self.capture, Capture::None)
        else {
            return;
        };
        let raw = self.doc.text.get(start..range.end).unwrap_or_default();
        let raw = raw.trim().trim_matches('|').trim();
        let mut cell = RawCell::plain(raw, content, self.doc.line_of(start), Some(start));
        if let Some(r) = self.row.as_mut() {
            cell.header = r.group == RowGroup::Head;
            r.cells.push(cell);
        }
    }

    fn text(&mut self, text: &str) {
        match &mut self.capture {
            Capture::Caption { text: t, .. } => t.push_str(text),
            Capture::Cell { content, .. } => content.text(text),
            Capture::None => {
                if let Some(item) = self.list.as_mut().and_then(|items| items.last_mut()) {
                    item.text.push_str(text);
                }
            }
        }
    }
}

/// Where the table past the document's limit (see `table_limit`) starts (the line before its
/// delimiter row or `<table>` tag), or the text's end: a line scan, no
/// parse. A delimiter row (`|---|:--:|`) follows each table's header once,
/// and an HTML table opens with one `<table`; fenced code that looks like
/// either only brings the cut earlier in a document of more than that many
/// such lines.
fn table_cut(text: &str) -> usize {
    let limit = table_limit(text.len());
    let mut rows = 0usize;
    let mut previous = 0usize;
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        let starts = usize::from(is_delimiter_row(line)) + html_blocks::table_tag_count(line);
        if starts > 0 {
            rows += starts;
            if rows > limit {
                return previous;
            }
        }
        previous = at;
        at += line.len();
    }
    text.len()
}

/// A GFM delimiter row: cells of dashes with optional colons, between
/// pipes, at least one pipe or more than one cell.
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    if !line.contains('-') || !line.contains('|') && !line.contains(':') {
        return false;
    }
    let inner = line.trim_start_matches('|').trim_end_matches('|');
    !inner.is_empty()
        && inner.split('|').all(|cell| {
            let cell = cell.trim();
            let dashes = cell.trim_start_matches(':').trim_end_matches(':');
            !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
        })
}

/// The cells of a table row's source, as byte ranges, split where
/// pulldown-cmark splits them (its `parse_table_row_inner`): one leading
/// pipe is skipped, a pipe ends a cell unless escaped (`\\|`, and `\\\\|`,
/// which pulldown-cmark reads as an escaped pipe too), code spans do not
/// protect pipes (GFM splits `` `a|b` ``), a backslash escapes the
/// punctuation after it, and a trailing pipe opens no cell.
fn split_row(row: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = row.as_bytes();
    let eol = |i: usize| i >= bytes.len() || matches!(bytes[i], b'\n' | b'\r');
    let mut cells = Vec::new();
    let mut i = 0;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    loop {
        if bytes.get(i) == Some(&b'|') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        if eol(i) {
            break;
        }
        while !eol(i) {
            match bytes[i] {
                b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                    i += match bytes[i + 1] {
                        b'`' => 1 + bytes[i + 1..].iter().take_while(|&&b| b == b'`').count(),
                        b'\\' if bytes.get(i + 2) == Some(&b'|') => 3,
                        _ => 2,
                    };
                }
                b'|' => break,
                _ => i += 1,
            }
        }
        cells.push(start..i.min(bytes.len()));
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_past_the_table_limit_are_cut_before_parsing() {
        assert!(is_delimiter_row("|---|:--:|\n"));
        assert!(is_delimiter_row(" --- | --- "));
        assert!(!is_delimiter_row("---\n"), "a thematic break");
        assert!(!is_delimiter_row("| a | - |"));
        let doc = "|a|\n|-|\n\n".repeat(super::super::MAX_TABLES + 5);
        let cut = table_cut(&doc);
        assert_eq!(cut, super::super::MAX_TABLES * 9);
        assert!(doc[cut..].starts_with("|a|\n|-|"));
        assert_eq!(table_cut("| a |\n|---|\n| 1 |\n"), 18);
    }

    fn cells(row: &str) -> Vec<&str> {
        split_row(row).into_iter().map(|r| row[r].trim()).collect()
    }

    #[test]
    fn rows_split_where_pulldown_cmark_splits_them() {
        assert_eq!(cells("| a | b |\n"), vec!["a", "b"]);
        assert_eq!(cells("a | b | c"), vec!["a", "b", "c"]);
        assert_eq!(cells("| a \\| b | `x|y` |"), vec!["a \\| b", "`x", "y`"]);
        assert_eq!(cells("| |"), vec![""]);
        assert_eq!(cells("| x | `\\` |"), vec!["x", "`\\`"]);
        assert_eq!(cells("| x | y \\|"), vec!["x", "y \\|"]);
        assert_eq!(cells("| x | y \\\\| z |"), vec!["x", "y \\\\| z"]);
        assert_eq!(cells("  | a | b |  \r\n"), vec!["a", "b"]);
    }

    /// Rows from the GFM spec's and pulldown-cmark's table examples, and
    /// the escapes and code spans that once gave false warnings: each gives
    /// as many cells as pulldown-cmark reads from it. pulldown-cmark pads a
    /// row to its header's width, with cells that start after the row's
    /// line end, so under a header wider than the row its own cells are
    /// those that start before the line end.
    #[test]
    fn split_rows_agree_with_pulldown_cmark() {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let rows = [
            "| 1 | 2 |",
            "| 3 |",
            "| 4 | 5 | 6 |",
            "| b `\\|` az |",
            "| b **\\|** im |",
            "| x | `y|z` |",
            "| x | y \\|",
            "| x | `\\` |",
            "| \\\\| | b |",
            "| a \\\\\\| b | c |",
            "1|2|3",
            "|4",
            "| `` ` `` | \\` | x |",
            "||  |",
            "| <span>|</span> | x |",
        ];
        for row in rows {
            let width = split_row(row).len() + 5;
            let doc = format!("{}|\n{}|\n{row}\n", "|x".repeat(width), "|-".repeat(width));
            let body = doc.len() - row.len() - 1;
            let theirs = Parser::new_ext(&doc, Options::ENABLE_TABLES)
                .into_offset_iter()
                .filter(|(e, r)| {
                    matches!(e, Event::Start(Tag::TableCell))
                        && r.start >= body
                        && r.start < body + row.len()
                })
                .count();
            assert_eq!(split_row(row).len(), theirs, "{row:?}");
        }
    }
}
