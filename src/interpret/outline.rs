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

/// Paragraphs that look like a table: nothing in them was read as one, and
/// the reader must know (a revision whose delimiter row was mangled would
/// otherwise lose a table without a word).
pub fn table_like_text(blocks: &[Block]) -> Vec<Observation> {
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph { raw, line, .. } if looks_like_a_table(raw) => Some((raw, *line)),
            _ => None,
        })
        .map(|(raw, line)| {
            let lines: Vec<&str> = raw.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let last = line + u32::try_from(raw.lines().count().saturating_sub(1)).unwrap_or(0);
            let second = lines.get(1).copied().unwrap_or_default();
            Observation {
                kind: ObservationKind::TableLikeText,
                subject: lines.first().copied().unwrap_or_default().to_string(),
                message: format!(
                    "lines {line}-{last} look like a table, but the line after the first is not a delimiter row such as `|---|---|`: they are read as text, and no table, record or check comes from them"
                ),
                expected: Some("a delimiter row such as `|---|---|`".to_string()),
                found: Some(second.to_string()),
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
}
