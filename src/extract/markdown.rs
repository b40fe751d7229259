//! Markdown → `RawTable`s, with pulldown-cmark's GFM tables and its offset
//! iterator, so that every row and cell knows its byte offset and line.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::text::{CellText, apply_tag};
use super::{
    Block, Caption, Extracted, ListItem, MAX_TABLES, Note, RawCell, RawRow, RawTable, RowGroup,
    caption_candidate, too_many_tables,
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
    let parser = Parser::new_ext(&doc.text, Options::ENABLE_TABLES).into_offset_iter();
    let mut tables: Vec<RawTable> = Vec::new();
    let mut last_caption: Option<Caption> = None;
    let mut capture = Capture::None;
    // Paragraphs inside lists and quotes are body text, never captions.
    let mut nesting = 0usize;
    let mut row: Option<RawRow> = None;
    let mut blocks: Vec<Block> = Vec::new();
    let mut notes: Vec<Note> = Vec::new();
    // Past MAX_TABLES, tables are parsed (the parser must go on) but not kept.
    let mut skipping = false;
    // The items of the top-level list being read.
    let mut list: Option<Vec<ListItem>> = None;

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
                    if let Some(caption) = caption_candidate(&text, line, heading) {
                        last_caption = Some(caption);
                    }
                    let text = super::text::collapse_whitespace(&text);
                    blocks.push(if heading {
                        Block::Heading { text, line }
                    } else {
                        let raw = doc.text.get(start..range.end).unwrap_or_default();
                        if looks_like_a_table(raw) {
                            notes.push(Note::error(
                                Some(line),
                                format!(
                                    "lines {line}-{} look like a table, but the line after the first is not a delimiter row such as `|---|---|`, so they are read as text",
                                    doc.line_of(range.end.saturating_sub(1))
                                ),
                            ));
                        }
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
                if nesting == 0 {
                    if let Some(mut items) = list.take() {
                        for item in &mut items {
                            item.text = super::text::collapse_whitespace(&item.text);
                        }
                        blocks.push(Block::List { items });
                    }
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
            Event::Start(Tag::Table(_)) if skipping || tables.len() == MAX_TABLES => {
                if !skipping {
                    notes.push(too_many_tables(doc.line_of(range.start)));
                }
                skipping = true;
            }
            Event::Start(Tag::Table(_)) => {
                let (index, line) = (tables.len() + 1, doc.line_of(range.start));
                blocks.push(Block::Table { index, line });
                tables.push(RawTable {
                    index,
                    caption: last_caption.clone(),
                    line,
                    parent: None,
                    blank_is_merge: true,
                    rows: Vec::new(),
                });
            }
            Event::Start(Tag::TableHead | Tag::TableRow) if skipping => {}
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
                    if skipping {
                        continue;
                    }
                    let width = table.rows.first().map_or(r.cells.len(), |h| h.cells.len());
                    let written = doc.text.get(range.clone()).map_or(0, count_cells);
                    if written != width && !table.rows.is_empty() {
                        let fix = if written > width {
                            "the extra cells are dropped, as GFM tables do"
                        } else {
                            "the missing cells are read as empty"
                        };
                        notes.push(Note::warning(
                            Some(r.line),
                            format!(
                                "table {}: this row has {written} cells, the header {width}; {fix}",
                                table.index
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
    Ok(Extracted {
        tables,
        blocks,
        notes,
    })
}

/// The cells a table row's source line holds: `|`-separated, escaped pipes
/// and code spans aside, outer pipes optional.
fn count_cells(line: &str) -> usize {
    let line = line.trim();
    let mut cells = 1;
    let (mut escaped, mut code) = (false, false);
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => code = !code,
            '|' if !code => cells += 1,
            _ => {}
        }
    }
    cells - usize::from(line.starts_with('|')) - usize::from(line.ends_with('|') && line.len() > 1)
}

/// Two or more lines that start and end with `|`: a table whose delimiter row
/// is missing or malformed, which GFM reads as a paragraph.
fn looks_like_a_table(raw: &str) -> bool {
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.len() >= 2
        && lines
            .iter()
            .all(|l| l.starts_with('|') && l.ends_with('|') && l.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cells_of_a_row() {
        assert_eq!(count_cells("| a | b |"), 2);
        assert_eq!(count_cells("a | b | c"), 3);
        assert_eq!(count_cells("| a \\| b | `x|y` |"), 2);
        assert_eq!(count_cells("| |"), 1);
    }

    #[test]
    fn spots_tables_without_a_delimiter_row() {
        assert!(looks_like_a_table("| a | b |\n| -- x |\n| 1 | 2 |"));
        assert!(!looks_like_a_table("| a | b |"));
        assert!(!looks_like_a_table("testo | con barre |\naltro"));
    }
}
