//! Markdown → `RawTable`s, with pulldown-cmark's GFM tables and its offset
//! iterator, so that every row and cell knows its byte offset and line.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::text::{CellText, apply_tag};
use super::{
    Block, Caption, Extracted, ListItem, RawCell, RawRow, RawTable, RowGroup, caption_candidate,
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
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                let (group, group_id) = if matches!(event, Event::Start(Tag::TableHead)) {
                    (RowGroup::Head, 0)
                } else {
                    (RowGroup::Body, 1)
                };
                row = Some(RawRow {
                    group,
                    group_id,
                    line: doc.line_of(range.start),
                    cells: Vec::new(),
                });
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let (Some(r), Some(table)) = (row.take(), tables.last_mut()) {
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
                    let raw = raw.trim().trim_matches('|').trim().to_string();
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
    Ok(Extracted { tables, blocks })
}
