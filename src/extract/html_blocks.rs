//! HTML tables inside Markdown: where a `<table>` written as an HTML block
//! ends (past blank lines, which end a CommonMark HTML block but not the
//! table a browser builds), and its tables read by the HTML reader with the
//! lines counted in the Markdown file.

use std::ops::Range;

use super::tags::Tags;
use super::{Block, Extracted};
use crate::error::Result;
use crate::source::{Document, Format};

/// The `<table>` start tags of a Markdown text, each with the end of the
/// `</table>` that closes it: found in one pass before the blocks are read,
/// so that finding where each HTML block's table ends costs no rescan (a
/// document of a thousand unclosed `<table>`s stays linear).
#[derive(Debug, Default)]
pub struct TableTags {
    /// (start of `<table`, end of its `</table>`), in text order.
    opens: Vec<(usize, Option<usize>)>,
}

impl TableTags {
    /// The table tags of `text`; none (and no scan past a byte search) when
    /// it holds no `<table`.
    pub fn new(text: &str) -> TableTags {
        let mut tags = TableTags::default();
        if !contains_table_tag(text) {
            return tags;
        }
        let mut open: Vec<usize> = Vec::new();
        for tag in Tags::new(text).filter(|t| t.name.eq_ignore_ascii_case("table")) {
            if tag.closing {
                if let Some(i) = open.pop() {
                    tags.opens[i].1 = Some(tag.span.end);
                }
            } else {
                open.push(tags.opens.len());
                tags.opens.push((tag.span.start, None));
            }
        }
        tags
    }

    /// Where the HTML that an HTML block spanning `block` starts ends: past
    /// the `</table>` of every table opened in the block (or the block's end
    /// for a table never closed), at the end of that line. `None` when no
    /// table opens in the block.
    pub fn region_end(&self, text: &str, block: Range<usize>) -> Option<usize> {
        let first = self.opens.partition_point(|&(at, _)| at < block.start);
        let within = self.opens[first..]
            .iter()
            .take_while(|&&(at, _)| at < block.end);
        let end = within
            .map(|&(_, close)| close.unwrap_or(block.end).max(block.end))
            .max()?;
        let bytes = text.as_bytes();
        if end == 0 || bytes.get(end - 1) == Some(&b'\n') {
            return Some(end);
        }
        let rest = bytes.get(end..).unwrap_or_default();
        Some(end + memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1))
    }
}

/// A `<table` start tag anywhere in `text`, in any case.
pub fn contains_table_tag(text: &str) -> bool {
    table_tag_count(text) > 0
}

/// How many `<table` start tags (`<table>`, `<TABLE class=…>`) `text` holds.
pub fn table_tag_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes)
        .filter(|&i| {
            bytes
                .get(i + 1..i + 6)
                .is_some_and(|name| name.eq_ignore_ascii_case(b"table"))
                && bytes
                    .get(i + 6)
                    .is_none_or(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        })
        .count()
}

/// The tables, headings, paragraphs and lists of the HTML at `region` of
/// the Markdown document `doc`, read by the HTML reader: lines are the
/// Markdown file's, tables are numbered after the `before` already read, and
/// at most `limit` are read.
pub fn read(
    doc: &Document,
    region: Range<usize>,
    before: usize,
    limit: usize,
) -> Result<Extracted> {
    let part = doc.part(region.clone(), Format::Html);
    let mut read = super::html::extract_limited(&part, limit)?;
    relocate(&mut read, doc.line_of(region.start) - 1, before);
    Ok(read)
}

/// Moves what a part's reader found to the part's place in the document:
/// `lines` lines down, table numbers `tables` up.
fn relocate(read: &mut Extracted, lines: u32, tables: usize) {
    let down = |line: &mut u32| *line = line.saturating_add(lines);
    for table in &mut read.tables {
        table.index += tables;
        table.parent = table.parent.map(|p| p + tables);
        down(&mut table.line);
        if let Some(caption) = table.caption.as_mut() {
            down(&mut caption.line);
        }
        for row in &mut table.rows {
            down(&mut row.line);
            row.cells.iter_mut().for_each(|cell| down(&mut cell.line));
        }
    }
    for block in &mut read.blocks {
        match block {
            Block::Heading { line, .. } | Block::Paragraph { line, .. } => down(line),
            Block::Table { index, line } => {
                *index += tables;
                down(line);
            }
            Block::List { items } => items.iter_mut().for_each(|i| down(&mut i.line)),
        }
    }
    for note in &mut read.notes {
        if let Some(line) = note.line.as_mut() {
            down(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_tags_are_counted_in_any_case_and_only_as_tags() {
        assert_eq!(table_tag_count("<table>\n<TABLE class=x><Table/>"), 3);
        assert_eq!(table_tag_count("<tables> <tablex> table <td>"), 0);
        assert_eq!(table_tag_count("a <table"), 1);
    }

    #[test]
    fn a_block_ends_past_the_end_tag_of_its_tables() {
        let text = "<table>\n<tr><td>a</td></tr>\n\n<tr><td>b</td></tr>\n</table>\nafter\n";
        let tags = TableTags::new(text);
        // pulldown-cmark's HTML block ends at the blank line.
        let end = tags.region_end(text, 0..28).unwrap();
        assert_eq!(
            &text[..end],
            "<table>\n<tr><td>a</td></tr>\n\n<tr><td>b</td></tr>\n</table>\n"
        );
        assert_eq!(tags.region_end(text, 60..66), None, "no table opens there");
    }

    #[test]
    fn a_table_never_closed_ends_with_its_block() {
        let text = "<table><tr><td>a\n\nmore text\n";
        let tags = TableTags::new(text);
        assert_eq!(tags.region_end(text, 0..18), Some(18));
    }

    #[test]
    fn nested_and_sibling_tables_end_with_the_last() {
        let text = "<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>\n<table><tr><td>y</td></tr></table>\nz\n";
        let tags = TableTags::new(text);
        let end = tags.region_end(text, 0..text.len() - 2).unwrap();
        assert_eq!(&text[end..], "z\n");
    }

    #[test]
    fn lines_and_numbers_are_moved_to_the_part() {
        let text = "# T\n\nintro\n\n<table>\n<tr><td>a</td></tr>\n<tr><td>1</td></tr>\n</table>\n";
        let doc = Document::from_bytes("x.md", "x", text.as_bytes(), None).unwrap();
        let start = text.find("<table>").unwrap();
        let read = read(&doc, start..text.len(), 2, 100).unwrap();
        assert_eq!(read.tables.len(), 1);
        let table = &read.tables[0];
        assert_eq!((table.index, table.line), (3, 5));
        let lines: Vec<u32> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![6, 7]);
        assert_eq!(table.rows[1].cells[0].line, 7);
        assert_eq!(read.blocks, vec![Block::Table { index: 3, line: 5 }]);
    }
}
