//! `footnote`: a marker on a value (`41**`) needs a footnote text somewhere in
//! the document; a text that was found is attached to every finding on the
//! cell it marks.

use super::{Context, Draft, Finding, Findings, Key, Rule, Severity};

pub fn check(ctx: &Context, out: &mut Findings) {
    for note in &ctx.records.footnotes {
        for cell in &note.cells {
            out.check(
                ctx,
                Rule::Footnote,
                Key { table: cell.table, row: ctx.cell_text(cell), column: &cell.column },
                note.text.is_some(),
                || {
                    Draft::new(
                        Severity::Warning,
                        format!(
                            "`{}` (table {}, line {}, `{}`) carries the footnote marker `{}`, but the document has no footnote text for it",
                            ctx.cell_text(cell), cell.table, cell.line, cell.column, note.marker
                        ),
                    )
                    .values(format!("a paragraph starting with `{}`", note.marker), String::new())
                    .at(ctx.locate(cell))
                },
            );
        }
    }
}

pub fn attach_texts(ctx: &Context, findings: &mut [Finding]) {
    for note in &ctx.records.footnotes {
        let Some(text) = &note.text else {
            continue;
        };
        let cells: std::collections::HashSet<(usize, usize, usize)> = note
            .cells
            .iter()
            .map(|c| (c.table, c.grid_row, c.col))
            .collect();
        for finding in findings.iter_mut() {
            let marked = finding.locations.iter().any(|l| match (l.grid_row, l.col) {
                (Some(row), Some(col)) => cells.contains(&(l.table, row, col)),
                _ => false,
            });
            if marked {
                finding.notes.push(format!(
                    "footnote `{}` (line {}): {text}",
                    note.marker,
                    note.text_line.unwrap_or_default()
                ));
            }
        }
    }
}
