//! What the document says outside its tables: the missions listed under each
//! structure, the texts of footnotes, and text that looks like a table but
//! was read as a paragraph.

use super::{CellRef, Footnote, Mission, Observation, ObservationKind, Records};
use crate::extract::Block;
use crate::vocabulary::{Vocabulary, concept};

/// Under a heading or short paragraph about missions (`MISSIONI
/// ISTITUZIONALI`), each label followed by a list is a structure and the list
/// its missions; the section ends at a label with no list after it, or at a
/// table, once some missions were read.
pub fn missions(blocks: &[Block], voc: &Vocabulary) -> Vec<Mission> {
    let mut out = Vec::new();
    let mut in_section = false;
    for (i, block) in blocks.iter().enumerate() {
        let label = match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => text,
            Block::Table { .. } => {
                if !out.is_empty() {
                    in_section = false;
                }
                continue;
            }
            Block::List { .. } => continue,
        };
        let next_list = match blocks.get(i + 1) {
            Some(Block::List { items }) => Some(items),
            _ => None,
        };
        match next_list {
            Some(items) if in_section => out.extend(items.iter().map(|item| Mission {
                structure: label.clone(),
                mission: item.text.clone(),
                line: item.line,
            })),
            _ if !in_section && voc.names(concept::MISSIONS, label).is_some() => in_section = true,
            _ if in_section && !out.is_empty() => in_section = false,
            _ => {}
        }
    }
    out
}

/// Attaches to each marker found on a value the text of the paragraph that
/// starts with it, where the document has one.
pub fn footnotes(blocks: &[Block], records: &Records) -> Vec<Footnote> {
    let mut notes = records.footnotes.clone();
    for note in &mut notes {
        for block in blocks {
            let Block::Paragraph { raw, line, .. } = block else {
                continue;
            };
            let unescaped = raw.trim_start().replace('\\', "");
            let Some(rest) = unescaped.strip_prefix(note.marker.as_str()) else {
                continue;
            };
            // `*` must not claim the text of `**`.
            let marker_char = note.marker.chars().last();
            if rest.starts_with(|c: char| Some(c) == marker_char) {
                continue;
            }
            let text = rest.trim();
            if !text.is_empty() {
                note.text = Some(text.to_string());
                note.text_line = Some(*line);
                break;
            }
        }
    }
    notes
}

/// Two or more lines that start and end with `|`: a table whose delimiter row
/// is missing or malformed, which GFM reads as a paragraph.
fn looks_like_a_table(raw: &str) -> bool {
    let mut lines = raw.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut count = 0;
    let all = lines.all(|l| {
        count += 1;
        l.starts_with('|') && l.ends_with('|') && l.len() > 1
    });
    all && count >= 2
}

/// The form of table a paragraph's text looks like, if any: pipe rows
/// without a delimiter row, a grid whose edges did not trace (the reader
/// warns with the reason), or an HTML `<table>` that CommonMark reads inside
/// a paragraph.
fn table_form(raw: &str) -> Option<(&'static str, &'static str)> {
    if looks_like_a_table(raw) {
        return Some((
            "the line after the first is not a delimiter row such as `|---|---|`",
            "a delimiter row such as `|---|---|`",
        ));
    }
    let mut lines = raw.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    let grid = first.len() >= 3
        && first.starts_with('+')
        && first
            .bytes()
            .all(|b| matches!(b, b'+' | b'-' | b'=' | b':'))
        && lines.any(|l| l.starts_with('|'));
    if grid {
        return Some((
            "their edges do not close into the cells of a grid table",
            "a grid table's edges, closed around each cell",
        ));
    }
    let lower = raw.to_ascii_lowercase();
    if crate::extract::contains_table_tag(&lower) {
        return Some((
            "its `<table>` stands inside a paragraph, where it is no HTML block; start it on a line of its own after a blank line",
            "a `<table>` on a line of its own",
        ));
    }
    None
}

/// Paragraphs that look like a table: nothing in them was read as one, and
/// the reader must know (a revision whose delimiter row was mangled would
/// otherwise lose a table without a word).
pub fn table_like_text(blocks: &[Block]) -> Vec<Observation> {
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph { raw, line, .. } => table_form(raw).map(|form| (raw, *line, form)),
            _ => None,
        })
        .map(|(raw, line, (why, expected))| {
            let lines: Vec<&str> = raw.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let last = line + u32::try_from(raw.lines().count().saturating_sub(1)).unwrap_or(0);
            let second = lines.get(1).copied().unwrap_or_default();
            let (place, read) = if last == line {
                (format!("line {line} looks"), "it is")
            } else {
                (format!("lines {line}-{last} look"), "they are")
            };
            Observation {
                kind: ObservationKind::TableLikeText,
                subject: lines.first().copied().unwrap_or_default().to_string(),
                message: format!(
                    "{place} like a table, but {why}: {read} read as text, and no table, record or check comes from them"
                ),
                expected: Some(expected.to_string()),
                found: Some(if lines.len() > 1 { second } else { lines.first().copied().unwrap_or_default() }.to_string()),
                cell: CellRef {
                    table: 0,
                    row: 0,
                    grid_row: 0,
                    col: 0,
                    column: "".into(),
                    line,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_tables_without_a_delimiter_row() {
        assert!(looks_like_a_table("| a | b |\n| -- x |\n| 1 | 2 |"));
        assert!(!looks_like_a_table("| a | b |"));
        assert!(!looks_like_a_table("testo | con barre |\naltro"));
        let blocks = vec![Block::Paragraph {
            text: "| a | b | | -- x |".into(),
            raw: "| a | b |\n| -- x |\n| 1 | 2 |".into(),
            line: 7,
        }];
        let found = table_like_text(&blocks);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cell.line, 7);
        assert_eq!(found[0].found.as_deref(), Some("| -- x |"));
        assert!(found[0].message.starts_with("lines 7-9 look like a table"));
    }

    /// A grid that did not trace and a `<table>` inside a paragraph are
    /// table-like text too.
    #[test]
    fn spots_unread_grids_and_inline_html_tables() {
        let paragraph = |raw: &str, line| Block::Paragraph {
            text: raw.to_string(),
            raw: raw.to_string(),
            line,
        };
        let blocks = vec![
            paragraph("+---+---+\n| a   b |\n+---+---+", 3),
            paragraph("Testo <TABLE><tr><td>1</td></tr></TABLE>", 9),
            paragraph("Un paragrafo con + e |", 12),
        ];
        let found = table_like_text(&blocks);
        let lines: Vec<u32> = found.iter().map(|o| o.cell.line).collect();
        assert_eq!(lines, vec![3, 9]);
        assert!(
            found[0]
                .message
                .starts_with("lines 3-5 look like a table, but their edges do not close"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.starts_with(
                "line 9 looks like a table, but its `<table>` stands inside a paragraph"
            ),
            "{}",
            found[1].message
        );
    }
}
