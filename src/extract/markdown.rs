//! Markdown → `RawTable`s, with pulldown-cmark's GFM tables and its offset
//! iterator, so that every row and cell knows its byte offset and line.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::text::{CellText, apply_tag};
use super::{Caption, RawCell, RawRow, RawTable, RowGroup, caption_candidate};
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
    },
    Cell {
        content: CellText,
        start: usize,
    },
}

pub fn extract(doc: &Document) -> Result<Vec<RawTable>> {
    let parser = Parser::new_ext(&doc.text, Options::ENABLE_TABLES).into_offset_iter();
    let mut tables: Vec<RawTable> = Vec::new();
    let mut last_caption: Option<Caption> = None;
    let mut capture = Capture::None;
    // Paragraphs inside lists and quotes are body text, never captions.
    let mut nesting = 0usize;
    let mut row: Option<RawRow> = None;

    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                capture = Capture::Caption {
                    text: String::new(),
                    line: doc.line_of(range.start),
                    heading: true,
                };
            }
            Event::Start(Tag::Paragraph) if nesting == 0 && row.is_none() => {
                capture = Capture::Caption {
                    text: String::new(),
                    line: doc.line_of(range.start),
                    heading: false,
                };
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => {
                if let Capture::Caption {
                    text,
                    line,
                    heading,
                } = std::mem::replace(&mut capture, Capture::None)
                {
                    if let Some(caption) = caption_candidate(&text, line, heading) {
                        last_caption = Some(caption);
                    }
                }
            }
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                nesting += 1
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                nesting = nesting.saturating_sub(1)
            }
            Event::Start(Tag::Table(_)) => tables.push(RawTable {
                index: tables.len() + 1,
                caption: last_caption.clone(),
                line: doc.line_of(range.start),
                parent: None,
                blank_is_merge: true,
                rows: Vec::new(),
            }),
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
                Capture::None => {}
            },
            Event::SoftBreak => match &mut capture {
                Capture::Caption { text: t, .. } => t.push(' '),
                Capture::Cell { content, .. } => content.text(" "),
                Capture::None => {}
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
    Ok(tables)
}
