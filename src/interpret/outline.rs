//! What the document says outside its tables: the missions listed under each
//! structure, and the texts of footnotes.

use super::{Footnote, Mission, Records};
use crate::extract::Block;
use crate::fold::has_stem;

/// Under a heading or short paragraph about missions (`MISSIONI
/// ISTITUZIONALI`), each label followed by a list is a structure and the list
/// its missions; the section ends at a label with no list after it, or at a
/// table, once some missions were read.
pub fn missions(blocks: &[Block]) -> Vec<Mission> {
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
            _ if !in_section && has_stem(label, "mission") => in_section = true,
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
