//! Markdown → `RawTable`s, with pulldown-cmark's GFM tables and its offset
//! iterator, so that every row and cell knows its byte offset and line.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::text::{CellText, apply_tag};
use super::{
    Block, Caption, Extracted, ListItem, Note, RawCell, RawRow, RawTable, RowGroup,
    caption_candidate, table_limit, too_many_tables,
};
use crate::error::Result;
use crate::source::Document;

/// The name of an inline HTML tag and whether it closes: `<ul style=..>`,
/// `</li>`, `<br/>`.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<\s*(/)?\s*([A-Za-z][A-Za-z0-9]*)").expect("valid tag pattern"));

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
    let text = &doc.text[..cut];
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    let mut tables: Vec<RawTable> = Vec::new();
    let mut last_caption: Option<Caption> = None;
    let mut capture = Capture::None;
    // Paragraphs inside lists and quotes are body text, never captions.
    let mut nesting = 0usize;
    let mut row: Option<RawRow> = None;
    let mut blocks: Vec<Block> = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    // The items of the top-level list being read.
    let mut list: Option<Vec<ListItem>> = None;
    // Whether a heading, paragraph or list stands between the last table and
    // here; `None` before the first table.
    let mut text_since_table: Option<bool> = None;

    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                capture = Capture::Caption {
                    text: String::new(),
                    line: doc.line_of(range.start),
                    heading: true,
                    start: range.start,
                };
            }
            Event::Start(Tag::Paragraph) if nesting == 0 && row.is_none() => {
                capture = Capture::Caption {
                    text: String::new(),
                    line: doc.line_of(range.start),
                    heading: false,
                    start: range.start,
                };
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => {
                if let Capture::Caption {
                    text,
                    line,
                    heading,
                    start,
                } = std::mem::replace(&mut capture, Capture::None)
                {
                    let raw = doc.text.get(start..range.end).unwrap_or_default();
                    if let Some(caption) = caption_candidate(&text, line, heading) {
                        last_caption = Some(caption);
                    }
                    let text = super::text::collapse_whitespace(&text);
                    if text_since_table.is_some() {
                        text_since_table = Some(true);
                    }
                    blocks.push(if heading {
                        Block::Heading { text, line }
                    } else {
                        Block::Paragraph {
                            text,
                            raw: raw.trim().to_string(),
                            line,
                        }
                    });
                }
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                if nesting == 0 && matches!(event, Event::Start(Tag::List(_))) {
                    list = Some(Vec::new());
                }
                nesting += 1
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                nesting = nesting.saturating_sub(1);
                if nesting == 0
                    && let Some(mut items) = list.take()
                {
                    for item in &mut items {
                        item.text = super::text::collapse_whitespace(&item.text);
                    }
                    if text_since_table.is_some() {
                        text_since_table = Some(true);
                    }
                    blocks.push(Block::List { items });
                }
            }
            Event::Start(Tag::Item) => {
                if let Some(items) = list.as_mut() {
                    items.push(ListItem {
                        text: String::new(),
                        line: doc.line_of(range.start),
                    });
                }
            }
            Event::Start(Tag::Table(_)) if tables.len() == table_limit(doc.text.len()) => {
                // Nothing past this is parsed: a million tables cost no more
                // than the first ones.
                notes.push(too_many_tables(
                    doc.line_of(range.start),
                    table_limit(doc.text.len()),
                ));
                break;
            }
            Event::Start(Tag::Table(_)) => {
                let (index, line) = (tables.len() + 1, doc.line_of(range.start));
                blocks.push(Block::Table { index, line });
                tables.push(RawTable {
                    index,
                    caption: last_caption.clone(),
                    line,
                    parent: None,
                    adjacent: text_since_table == Some(false),
                    rows: Vec::new(),
                });
            }
            Event::End(TagEnd::Table) => text_since_table = Some(false),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                let (group, group_id) = if matches!(event, Event::Start(Tag::TableHead)) {
                    (RowGroup::Head, 0)
                } else {
                    (RowGroup::Body, 1)
                };
                // Rows as wide as the header, as nearly all are: no room to
                // spare in a document's millions of cells.
                let width = tables
                    .last()
                    .and_then(|t| t.rows.first())
                    .map_or(0, |h| h.cells.len());
                row = Some(RawRow {
                    group,
                    group_id,
                    line: doc.line_of(range.start),
                    cells: Vec::with_capacity(width),
                });
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let (Some(r), Some(table)) = (row.take(), tables.last_mut()) {
                    let width = table.rows.first().map_or(r.cells.len(), |h| h.cells.len());
                    let source = doc.text.get(range.clone()).unwrap_or_default();
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
                        notes.push(Note::warning(
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
            }
            Event::Start(Tag::TableCell) => {
                capture = Capture::Cell {
                    content: CellText::new(),
                    start: range.start,
                };
            }
            Event::End(TagEnd::TableCell) => {
                if let Capture::Cell { content, start } =
                    std::mem::replace(&mut capture, Capture::None)
                {
                    let raw = doc.text.get(start..range.end).unwrap_or_default();
                    let raw = raw.trim().trim_matches('|').trim();
                    let mut cell = RawCell::plain(raw, content, doc.line_of(start), Some(start));
                    if let Some(r) = row.as_mut() {
                        cell.header = r.group == RowGroup::Head;
                        r.cells.push(cell);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => match &mut capture {
                Capture::Caption { text: t, .. } => t.push_str(&text),
                Capture::Cell { content, .. } => content.text(&text),
                Capture::None => {
                    if let Some(item) = list.as_mut().and_then(|items| items.last_mut()) {
                        item.text.push_str(&text);
                    }
                }
            },
            Event::SoftBreak => match &mut capture {
                Capture::Caption { text: t, .. } => t.push(' '),
                Capture::Cell { content, .. } => content.text(" "),
                Capture::None => {
                    if let Some(item) = list.as_mut().and_then(|items| items.last_mut()) {
                        item.text.push(' ');
                    }
                }
            },
            Event::HardBreak => match &mut capture {
                Capture::Caption { text: t, .. } => t.push(' '),
                Capture::Cell { content, .. } => content.line_break(),
                Capture::None => {}
            },
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Capture::Cell { content, .. } = &mut capture {
                    for tag in TAG.captures_iter(&html) {
                        let name = tag[2].to_ascii_lowercase();
                        apply_tag(content, &name, tag.get(1).is_some());
                    }
                }
            }
            _ => {}
        }
    }
    if cut < doc.text.len() {
        notes.push(too_many_tables(
            doc.line_of(cut),
            table_limit(doc.text.len()),
        ));
    }
    Ok(Extracted {
        tables,
        blocks,
        notes,
    })
}

/// Where the table past the document's limit (see `table_limit`) starts (the line before its
/// delimiter row), or the text's end: a line scan, no parse. A delimiter
/// row (`|---|:--:|`) follows each table's header once; fenced code that
/// looks like one only brings the cut earlier in a document of more than
/// that many such lines.
fn table_cut(text: &str) -> usize {
    let limit = table_limit(text.len());
    let mut rows = 0usize;
    let mut previous = 0usize;
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        if is_delimiter_row(line) {
            rows += 1;
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
