//! pandoc's own Markdown tables: grid tables (with pandoc 3's spans),
//! multiline tables and simple tables, headed or not. pulldown-cmark reads
//! them as paragraphs and rules, so they are found first by a scan of the
//! lines (outside fenced code), cut into cells as pandoc cuts them (simple
//! and multiline columns from the dashed line, grid cells traced by
//! `grid_table`), and handed to the Markdown reader, which puts each in
//! document order and skips what pulldown-cmark made of its lines. Every
//! cell keeps its line and byte offset.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

mod pipe;

use super::grid_table::{self, Traced, Untraceable};
use super::text::{CellText, apply_html, strike_tag};
use super::{Caption, Note, RawCell, RawRow, RawTable, RowGroup};
use crate::source::Document;

/// A pandoc table found in the text: the bytes its lines (and its caption)
/// take, and the table, numbered when the reader places it.
#[derive(Debug)]
pub struct Found {
    pub range: Range<usize>,
    pub table: RawTable,
}

/// What the scan hands the reader: the tables, and the grids it could not
/// read, said aloud.
#[derive(Debug, Default)]
pub struct Scanned {
    pub tables: Vec<Found>,
    pub notes: Vec<Note>,
    /// A line outside fenced code only pandoc writes: a fenced div
    /// (`:::`) or a raw attribute (`` `<br>`{=html} ``).
    pandoc_syntax: bool,
}

impl Scanned {
    /// Whether the document is pandoc's Markdown, by what only pandoc
    /// writes: a grid, multiline or simple table, a fenced div, a raw
    /// attribute.
    pub fn written_by_pandoc(&self) -> bool {
        !self.tables.is_empty() || self.pandoc_syntax
    }
}

/// The lines of the text, each without its line end.
struct Lines<'t> {
    text: &'t str,
    starts: &'t [usize],
}

impl<'t> Lines<'t> {
    fn len(&self) -> usize {
        self.starts.len()
    }

    fn get(&self, i: usize) -> &'t str {
        let start = self.starts.get(i).copied().unwrap_or(self.text.len());
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text
            .get(start.min(self.text.len())..end.min(self.text.len()))
            .unwrap_or_default()
            .trim_end_matches(['\n', '\r'])
    }

    fn blank(&self, i: usize) -> bool {
        i >= self.len() || self.get(i).trim().is_empty()
    }

    /// The byte the line starts at.
    fn start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.text.len())
    }

    /// The byte after line `i`'s end (its line end included).
    fn end(&self, i: usize) -> usize {
        self.starts.get(i + 1).copied().unwrap_or(self.text.len())
    }
}

/// Indentation of at most three spaces, as a table's lines may have.
fn indent(line: &str) -> Option<usize> {
    let n = line.len() - line.trim_start_matches(' ').len();
    (n <= 3).then_some(n)
}

/// A line of one run of dashes (three or more): a multiline table's top or
/// bottom.
fn is_rule(line: &str) -> bool {
    indent(line).is_some() && {
        let t = line.trim();
        t.len() >= 3 && t.bytes().all(|b| b == b'-')
    }
}

/// The character columns where the dash runs of a dashed line start (two or
/// more runs: one run under a line of text is a Setext heading).
fn dash_columns(line: &str) -> Option<Vec<usize>> {
    indent(line)?;
    let t = line.trim_end();
    if t.trim().is_empty() || !t.chars().all(|c| c == '-' || c == ' ') {
        return None;
    }
    let mut starts = Vec::new();
    let mut previous = ' ';
    for (i, c) in t.chars().enumerate() {
        if c == '-' && previous == ' ' {
            starts.push(i);
        }
        previous = c;
    }
    // `- - -` is a thematic break, not columns of one dash each.
    let rule = !t.contains("--");
    (starts.len() >= 2 && !rule).then_some(starts)
}

/// A grid table's top edge: `+`, then dashes, `=`, `:` and `+`.
fn is_grid_top(line: &str) -> bool {
    indent(line).is_some() && {
        let t = line.trim();
        t.len() >= 3
            && t.starts_with('+')
            && t.ends_with('+')
            && t.bytes().all(|b| matches!(b, b'+' | b'-' | b'=' | b':'))
            && t.bytes().any(|b| b == b'-' || b == b'=')
    }
}

/// A fence that opens or closes fenced code: its character and length.
fn fence(line: &str) -> Option<(char, usize)> {
    indent(line)?;
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// Every pandoc table of `doc`'s text up to byte `cut`, at most `limit`.
pub fn scan(doc: &Document, cut: usize, limit: usize, pipes: bool) -> Scanned {
    let text = &doc.text[..cut];
    let starts = doc.line_starts();
    let count = starts.partition_point(|&s| s < text.len().max(1));
    let lines = Lines {
        text,
        starts: &starts[..count],
    };
    let mut scanned = Scanned::default();
    let mut open_fence: Option<(char, usize)> = None;
    // The line right after the last table found: a pipe table may start
    // there, written against it.
    let mut touching = None;
    let mut i = 0;
    while i < lines.len() && scanned.tables.len() < limit {
        let line = lines.get(i);
        if let Some((c, n)) = open_fence {
            if fence(line)
                .is_some_and(|(d, m)| d == c && m >= n && line.trim().chars().all(|x| x == c))
            {
                open_fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(f) = fence(line) {
            open_fence = Some(f);
            i += 1;
            continue;
        }
        scanned.pandoc_syntax |= line.starts_with(":::") || line.contains("`{=");
        // After a blank line, a heading, or a fenced div's opening (`:::`).
        let may_start = i == 0 || lines.blank(i - 1) || touching == Some(i) || {
            let before = lines.get(i - 1).trim_start();
            before.starts_with('#') || before.starts_with(":::")
        };
        let read = if may_start {
            read_at(doc, &lines, i, pipes, &mut scanned.notes)
        } else {
            None
        };
        match read {
            Some((mut found, next)) => {
                if touching == Some(i) {
                    found.table.joined = Some(super::JOINED.to_string());
                }
                scanned.tables.push(found);
                touching = Some(next);
                i = next;
            }
            None => i += 1,
        }
    }
    if scanned.tables.len() >= limit && i < lines.len() {
        scanned
            .notes
            .push(super::too_many_tables(doc.line_of(lines.start(i)), limit));
    }
    scanned
}

/// The table starting at line `i`, if one does, and the line after it.
fn read_at(
    doc: &Document,
    lines: &Lines,
    i: usize,
    pipes: bool,
    notes: &mut Vec<Note>,
) -> Option<(Found, usize)> {
    let line = lines.get(i);
    if is_grid_top(line) {
        return grid(doc, lines, i, notes);
    }
    if pipes && let Some(found) = pipe::read(doc, lines, i) {
        return Some(found);
    }
    if is_rule(line) {
        return multiline(doc, lines, i, true);
    }
    if dash_columns(line).is_some() {
        return headless(doc, lines, i);
    }
    if !lines.blank(i) && dash_columns(lines.get(i + 1)).is_some() {
        return simple(doc, lines, i);
    }
    None
}

/// A cell's place and text before it is cleaned: the line and byte where it
/// starts, and its source (lines joined with `\n`).
struct Piece {
    place: Option<(u32, usize)>,
    source: String,
}

impl Piece {
    fn new() -> Piece {
        Piece {
            place: None,
            source: String::new(),
        }
    }

    /// Adds a line of the cell: `chunk` starts at byte `at` on line `line`.
    ///
    /// A grid cell's line keeps its indentation (`indented`: a list item's
    /// continuation is indented); a simple or multiline cell's is trimmed.
    fn add(&mut self, chunk: &str, at: usize, line: u32, indented: bool) {
        let text = if indented {
            chunk.trim_end()
        } else {
            chunk.trim()
        };
        let blank = text.trim().is_empty();
        if !self.source.is_empty() || blank {
            self.source.push('\n');
        }
        if self.place.is_none() && !blank {
            self.place = Some((line, at + (chunk.len() - chunk.trim_start().len())));
        }
        self.source.push_str(text);
    }

    fn into_cell(self, fallback: (u32, usize), header: bool) -> RawCell {
        let source = self.source.trim_matches('\n');
        let (line, offset) = self.place.unwrap_or(fallback);
        let mut cell = RawCell::plain(source, content(source), line, Some(offset));
        cell.header = header;
        cell
    }
}

/// The text of a cell of pandoc's Markdown as pandoc shows it: emphasis and
/// escapes resolved, a superscript's text kept (`17^\*^` is `17*`), list
/// items and hard line breaks kept apart, and pandoc's raw HTML
/// (`` `<ul>`{=html} ``) read as HTML.
pub fn content(markdown: &str) -> CellText {
    // pandoc's superscript has no flanking rules (`17^\*^`), where
    // pulldown-cmark's follows emphasis's: the text is marked up as HTML,
    // whose tags the cell's text leaves out.
    static SUPERSCRIPT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\^((?:\\.|[^\s^\\])+)\^").expect("valid superscript pattern")
    });
    let markdown = SUPERSCRIPT.replace_all(markdown, "<sup>$1</sup>");
    let mut content = CellText::new();
    let mut code: Option<String> = None;
    let mut struck = 0usize;
    for event in Parser::new_ext(&markdown, Options::ENABLE_STRIKETHROUGH) {
        // Struck text (`~~4~~`) is text being deleted: left out.
        match &event {
            Event::Start(Tag::Strikethrough) => struck += 1,
            Event::End(TagEnd::Strikethrough) => struck = struck.saturating_sub(1),
            Event::InlineHtml(html) => match strike_tag(html) {
                Some(true) => struck += 1,
                Some(false) => struck = struck.saturating_sub(1),
                None => {}
            },
            _ => {}
        }
        if struck > 0 {
            continue;
        }
        if !matches!(event, Event::Text(_))
            && let Some(code) = code.take()
        {
            content.text(&code);
        }
        match event {
            Event::Text(text) => match code.take() {
                Some(html) => match text.strip_prefix("{=html}") {
                    Some(rest) => {
                        apply_html(&mut content, &html);
                        content.text(rest);
                    }
                    None => {
                        content.text(&html);
                        content.text(&text);
                    }
                },
                None => content.text(&text),
            },
            Event::Code(text) => code = Some(text.into_string()),
            Event::SoftBreak => content.text(" "),
            Event::HardBreak => content.line_break(),
            Event::Start(Tag::Item) => content.start_item(),
            Event::End(TagEnd::Item) => content.end_item(),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            ) => content.block_break(),
            Event::InlineHtml(html) | Event::Html(html) => apply_html(&mut content, &html),
            _ => {}
        }
    }
    if let Some(code) = code {
        content.text(&code);
    }
    content
}

/// The byte of `line` at each of the ascending display columns `columns`:
/// the first character that starts at or past it (a wide character takes
/// two columns, a zero-width one none, as pandoc lays tables out), or the
/// line's end. One pass over the line: a row of thousands of columns costs
/// its length, not its length times its columns.
fn bytes_at_columns(line: &str, columns: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(columns.len());
    let mut wanted = columns.iter().copied().peekable();
    let mut at = 0;
    for (b, c) in line.char_indices() {
        while wanted.next_if(|&col| at >= col).is_some() {
            out.push(b);
        }
        if wanted.peek().is_none() {
            return out;
        }
        at += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    out.resize(columns.len(), line.len());
    out
}

/// The chunks of `line` between the column starts (display columns): from
/// each start to the next, the last to the line's end; text left of the
/// first start is dropped, as pandoc drops it.
fn chunks<'l>(line: &'l str, columns: &[usize]) -> Vec<(&'l str, usize)> {
    let bytes = bytes_at_columns(line, columns);
    bytes
        .iter()
        .enumerate()
        .map(|(k, &from)| {
            let to = bytes.get(k + 1).copied().unwrap_or(line.len()).max(from);
            (&line[from..to], from)
        })
        .collect()
}

/// A row of pieces, one per column, filled from table lines `rows`.
fn row_of(lines: &Lines, doc: &Document, rows: Range<usize>, columns: &[usize]) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = columns.iter().map(|_| Piece::new()).collect();
    for i in rows {
        let line = lines.get(i);
        let number = doc.line_of(lines.start(i));
        for (piece, (chunk, at)) in pieces.iter_mut().zip(chunks(line, columns)) {
            piece.add(chunk, lines.start(i) + at, number, false);
        }
    }
    pieces
}

fn raw_row(
    doc: &Document,
    lines: &Lines,
    first: usize,
    pieces: Vec<Piece>,
    group: RowGroup,
) -> RawRow {
    let line = doc.line_of(lines.start(first));
    let header = group == RowGroup::Head;
    RawRow {
        group,
        group_id: usize::from(group != RowGroup::Head),
        line,
        cells: pieces
            .into_iter()
            .map(|p| p.into_cell((line, lines.start(first)), header))
            .collect(),
    }
}

fn table(doc: &Document, lines: &Lines, first: usize, rows: Vec<RawRow>) -> RawTable {
    RawTable {
        index: 0,
        caption: None,
        line: doc.line_of(lines.start(first)),
        unit: doc.unit(),
        parent: None,
        adjacent: false,
        joined: None,
        rows,
    }
}

/// A table's end: after its last line `last`, a blank line and a pandoc
/// caption (`: text` or `Table: text`) belong to it.
fn finish(
    doc: &Document,
    lines: &Lines,
    first: usize,
    last: usize,
    mut table: RawTable,
) -> (Found, usize) {
    let mut end = last + 1;
    if lines.blank(end)
        && end < lines.len()
        && let Some(text) = caption_text(lines.get(end + 1))
    {
        table.caption = Some(Caption {
            text,
            line: doc.line_of(lines.start(end + 1)),
        });
        end += 2;
    }
    let range = lines.start(first)..lines.end(end - 1);
    (Found { range, table }, end)
}

/// The text of a pandoc table caption (`Table: text`, `table: text` or
/// `: text`), its attributes (`{#tbl:1}`) left out; none for other text.
pub(super) fn caption_text(paragraph: &str) -> Option<String> {
    let t = paragraph.trim_start();
    let text = t
        .strip_prefix("Table:")
        .or_else(|| t.strip_prefix("table:"))
        .or_else(|| t.strip_prefix(": "))?
        .trim();
    let text = match text.rfind('{') {
        Some(at) if text.ends_with('}') => &text[..at],
        _ => text,
    };
    let text = super::text::collapse_whitespace(text);
    (!text.is_empty()).then_some(text)
}

/// A simple table with a header: the header line, the dashed line, one row
/// a line up to a blank line (or a closing dashed line).
fn simple(doc: &Document, lines: &Lines, i: usize) -> Option<(Found, usize)> {
    let columns = dash_columns(lines.get(i + 1))?;
    let mut rows = vec![raw_row(
        doc,
        lines,
        i,
        row_of(lines, doc, i..i + 1, &columns),
        RowGroup::Head,
    )];
    let mut last = i + 1;
    let mut j = i + 2;
    while !lines.blank(j) {
        if dash_line(lines.get(j)) && lines.blank(j + 1) {
            last = j;
            break;
        }
        rows.push(raw_row(
            doc,
            lines,
            j,
            row_of(lines, doc, j..j + 1, &columns),
            RowGroup::Body,
        ));
        last = j;
        j += 1;
    }
    Some(finish(doc, lines, i, last, table(doc, lines, i, rows)))
}

/// A line of dashes and spaces only.
fn dash_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.bytes().all(|b| b == b'-' || b == b' ')
}

/// A table without a header opens with its dashed line and closes with a
/// dashed line before a blank one: rows separated by blank lines make a
/// multiline table, else one row a line.
fn headless(doc: &Document, lines: &Lines, i: usize) -> Option<(Found, usize)> {
    let close = (i + 1..lines.len()).find(|&j| dash_line(lines.get(j)))?;
    if !lines.blank(close + 1) || close == i + 1 {
        return None;
    }
    if (i + 1..close).any(|j| lines.blank(j)) {
        return multiline(doc, lines, i, false);
    }
    let columns = dash_columns(lines.get(i))?;
    let rows = (i + 1..close)
        .map(|j| {
            raw_row(
                doc,
                lines,
                j,
                row_of(lines, doc, j..j + 1, &columns),
                RowGroup::Body,
            )
        })
        .collect();
    Some(finish(doc, lines, i, close, table(doc, lines, i, rows)))
}

/// A multiline table: (a rule, header lines,) the dashed line, rows
/// separated by blank lines, and a rule before a blank line.
fn multiline(doc: &Document, lines: &Lines, i: usize, headed: bool) -> Option<(Found, usize)> {
    let (dashed, mut rows) = if headed {
        let dashed = (i + 1..lines.len())
            .take_while(|&j| !lines.blank(j))
            .find(|&j| dash_columns(lines.get(j)).is_some())?;
        if dashed == i + 1 {
            return None;
        }
        let columns = dash_columns(lines.get(dashed))?;
        let head = raw_row(
            doc,
            lines,
            i + 1,
            row_of(lines, doc, i + 1..dashed, &columns),
            RowGroup::Head,
        );
        (dashed, vec![head])
    } else {
        (i, Vec::new())
    };
    let columns = dash_columns(lines.get(dashed))?;
    // A headed table closes with a rule; a headless one with a rule or
    // its dashed line again.
    let close = (dashed + 1..lines.len()).find(|&j| dash_line(lines.get(j)))?;
    if headed && !is_rule(lines.get(close)) || !lines.blank(close + 1) {
        return None;
    }
    let mut j = dashed + 1;
    while j < close {
        if lines.blank(j) {
            j += 1;
            continue;
        }
        let end = (j..close).find(|&k| lines.blank(k)).unwrap_or(close);
        rows.push(raw_row(
            doc,
            lines,
            j,
            row_of(lines, doc, j..end, &columns),
            RowGroup::Body,
        ));
        j = end;
    }
    Some(finish(doc, lines, i, close, table(doc, lines, i, rows)))
}

/// A grid table: its lines from the top edge while they open with `+` or
/// `|`, traced into cells with their spans. A grid that does not trace is
/// said, with its lines, and read as text.
fn grid(doc: &Document, lines: &Lines, i: usize, notes: &mut Vec<Note>) -> Option<(Found, usize)> {
    let pad = indent(lines.get(i))?;
    let mut last = i;
    let mut j = i + 1;
    while j < lines.len() {
        let t = lines.get(j);
        let body = t.get(pad..).unwrap_or_default();
        if indent(t) != Some(pad) || !(body.starts_with('+') || body.starts_with('|')) {
            break;
        }
        if body.starts_with('+') {
            last = j;
        }
        j += 1;
    }
    let block: Vec<&str> = (i..=last)
        .map(|k| lines.get(k).get(pad..).unwrap_or_default())
        .collect();
    let traced = match grid_table::trace(&block) {
        Ok(t) => t,
        Err(why) => {
            notes.push(untraced(doc, lines, i, last, why));
            return None;
        }
    };
    let rows = grid_rows(doc, lines, i, pad, &block, &traced);
    Some(finish(doc, lines, i, last, table(doc, lines, i, rows)))
}

fn untraced(doc: &Document, lines: &Lines, i: usize, last: usize, why: Untraceable) -> Note {
    let (from, to) = (doc.line_of(lines.start(i)), doc.line_of(lines.start(last)));
    let reason = match why {
        Untraceable::NotAGrid => "its separator lines do not make a grid".to_string(),
        Untraceable::Tab(k) => format!(
            "line {} holds a tab, which has no width in a grid",
            from as usize + k
        ),
        Untraceable::TooIrregular => "its edges do not close into cells".to_string(),
        Untraceable::Unclosed => "some of its text lies outside every cell".to_string(),
    };
    Note::warning(
        Some(from),
        format!(
            "lines {from}-{to} look like a grid table, but {reason}: they are read as text, and no table, record or check comes from them"
        ),
    )
}

/// The rows of a traced grid: a row a band, each cell in the band it starts
/// in, with its spans, its text the lines inside its edges.
fn grid_rows(
    doc: &Document,
    lines: &Lines,
    i: usize,
    pad: usize,
    block: &[&str],
    traced: &Traced,
) -> Vec<RawRow> {
    let mut rows: Vec<RawRow> = (0..traced.rows)
        .map(|b| {
            let group = if b < traced.head_rows {
                RowGroup::Head
            } else if traced.foot_from.is_some_and(|f| b >= f) {
                RowGroup::Foot
            } else {
                RowGroup::Body
            };
            let first = i + traced.row_lines[b] + 1;
            RawRow {
                group,
                group_id: match group {
                    RowGroup::Head => 0,
                    RowGroup::Body => 1,
                    RowGroup::Foot => 2,
                },
                line: doc.line_of(lines.start(first)),
                cells: Vec::new(),
            }
        })
        .collect();
    for cell in &traced.cells {
        let columns = [cell.chars.start, cell.chars.end];
        let mut piece = Piece::new();
        for k in cell.lines.clone() {
            let (chunk, at) = chunks(block[k], &columns)[0];
            let inner = chunk.strip_prefix(' ').unwrap_or(chunk);
            let at = lines.start(i + k) + pad + at + (chunk.len() - inner.len());
            piece.add(inner, at, doc.line_of(lines.start(i + k)), true);
        }
        let row = &mut rows[cell.row];
        let mut raw = piece.into_cell(
            (row.line, lines.start(i + cell.lines.start)),
            row.group == RowGroup::Head,
        );
        raw.colspan = cell.colspan;
        raw.rowspan = cell.rowspan;
        row.cells.push(raw);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(text: &str) -> (Vec<Found>, Vec<Note>, Document) {
        let doc = Document::from_bytes("t.md", "t", text.as_bytes(), None).unwrap();
        let s = scan(&doc, doc.text.len(), 100, false);
        (s.tables, s.notes, doc)
    }

    fn texts(table: &RawTable) -> Vec<Vec<String>> {
        table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn a_simple_table_is_cut_at_its_dash_runs_with_lines_and_offsets() {
        let text = "Intro\n\n  Gruppo   Totale\n  ------- -------\n  Alta     45\n  Bassa    8 1\n\nafter\n";
        let (found, _, doc) = scanned(text);
        assert_eq!(found.len(), 1);
        let t = &found[0].table;
        assert_eq!(
            texts(t),
            vec![
                vec!["Gruppo", "Totale"],
                vec!["Alta", "45"],
                vec!["Bassa", "8 1"]
            ]
        );
        assert_eq!(t.rows[0].group, RowGroup::Head);
        assert_eq!((t.line, t.rows[2].line), (3, 6));
        let cell = &t.rows[2].cells[1];
        assert_eq!(&doc.text[cell.offset.unwrap()..][..3], "8 1");
        assert_eq!(
            &text[found[0].range.clone()],
            "  Gruppo   Totale\n  ------- -------\n  Alta     45\n  Bassa    8 1\n"
        );
    }

    #[test]
    fn a_multiline_table_joins_a_cells_lines_and_takes_its_caption() {
        let text = "-----------------------\nGruppo     Regioni\n---------- ------------\nAlta       Piemonte,\n           Lombardia\n\nBassa      Molise\n-----------------------\n\n: Sintesi\n\nnext\n";
        let (found, _, _) = scanned(text);
        let t = &found[0].table;
        assert_eq!(
            texts(t),
            vec![
                vec!["Gruppo", "Regioni"],
                vec!["Alta", "Piemonte, Lombardia"],
                vec!["Bassa", "Molise"]
            ]
        );
        assert_eq!(
            t.caption.as_ref().map(|c| (c.text.as_str(), c.line)),
            Some(("Sintesi", 10))
        );
        assert!(text[found[0].range.clone()].ends_with(": Sintesi\n"));
    }

    #[test]
    fn headless_tables_are_simple_or_multiline_by_their_blank_lines() {
        let (found, _, _) = scanned("----- -----\nAlta  45\nBassa 8\n----- -----\n");
        assert_eq!(
            texts(&found[0].table),
            vec![vec!["Alta", "45"], vec!["Bassa", "8"]]
        );
        let (found, _, _) = scanned("----- -----\nAlta  45\nx\n\nBassa 8\n----- -----\n");
        assert_eq!(
            texts(&found[0].table),
            vec![vec!["Alta x", "45"], vec!["Bassa", "8"]]
        );
        assert_eq!(found[0].table.rows[0].group, RowGroup::Body);
    }

    #[test]
    fn a_grid_table_keeps_spans_lists_groups_and_places() {
        let text = "+--------+------+\n| Gruppo | Tot. |\n+========+======+\n| Alta   | 9    |\n|        +------+\n|        | - a  |\n|        | - b  |\n+========+======+\n| Somma  | 9    |\n+========+======+\n";
        let (found, notes, doc) = scanned(text);
        assert!(notes.is_empty());
        let t = &found[0].table;
        let groups: Vec<RowGroup> = t.rows.iter().map(|r| r.group).collect();
        assert_eq!(
            groups,
            vec![
                RowGroup::Head,
                RowGroup::Body,
                RowGroup::Body,
                RowGroup::Foot
            ]
        );
        let alta = &t.rows[1].cells[0];
        assert_eq!(
            (alta.text.as_str(), alta.rowspan, alta.line),
            ("Alta", 2, 4)
        );
        assert_eq!(&doc.text[alta.offset.unwrap()..][..4], "Alta");
        assert_eq!(t.rows[2].cells[0].items, vec!["a", "b"]);
        assert_eq!(t.rows[2].line, 6);
    }

    #[test]
    fn pandoc_markup_in_cells_is_read_as_pandoc_shows_it() {
        assert_eq!(content("17^\\*^").finish().text, "17*");
        assert_eq!(content("3^\\*\\*^ x").finish().text, "3** x");
        assert_eq!(content("4\\\n1").finish().text, "4\n1");
        let list = content("`<ul style=\"x\">`{=html} • uno • due").finish();
        assert_eq!(list.items, vec!["uno", "due"]);
        assert_eq!(content("d\\'Aosta \\-").finish().text, "d'Aosta -");
    }

    #[test]
    fn fenced_code_and_broken_grids_give_no_table_and_a_grid_is_said() {
        let (found, notes, _) = scanned("```\n  a   b\n  --- ---\n  1   2\n```\n");
        assert!(found.is_empty() && notes.is_empty());
        let (found, notes, _) = scanned("+---+---+\n| a   b |\n+---+---+\n| text  \n+---+---+\n");
        assert!(found.is_empty());
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].message.starts_with(
                "lines 1-5 look like a grid table, but some of its text lies outside every cell"
            ),
            "{}",
            notes[0].message
        );
        let (found, _, _) = scanned("Prima riga\nTesto\n--- ---\nriga\n");
        assert!(found.is_empty(), "a paragraph's line is no header");
    }

    /// A thematic break written `- - -` opens no headless table, however
    /// many such breaks the document holds.
    #[test]
    fn spaced_thematic_breaks_are_no_tables() {
        let (found, _, _) = scanned("- - -\n\nUn paragrafo\n\n- - -\n\nAltro\n");
        assert!(found.is_empty());
    }

    #[test]
    fn columns_are_display_columns() {
        assert_eq!(bytes_at_columns("魚 fish", &[2]), vec![3]);
        assert_eq!(bytes_at_columns("ab", &[5]), vec![2]);
        assert_eq!(bytes_at_columns("魚 fish", &[0, 2, 3, 9]), vec![0, 3, 4, 8]);
        let (found, _, _) = scanned("+----+------+\n| 魚 | fish |\n+----+------+\n");
        assert_eq!(texts(&found[0].table), vec![vec!["魚", "fish"]]);
    }
}
