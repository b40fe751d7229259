//! `footnote`: a marker on a value (`62**`) needs a footnote text somewhere in
//! the document; a text that was found is attached to every finding on the
//! cell it marks.

use super::{Context, Draft, Finding, Findings, Key, Rule, Severity};

pub fn check(ctx: &Context, out: &mut Findings) {
    for note in &ctx.records.footnotes {
        for cell in &note.cells {
            out.check(
                ctx,
                Rule::Footnote,
                Key { table: cell.table, row: &cell.text, column: &cell.column },
                note.text.is_some(),
                || {
                    Draft::new(
                        Severity::Warning,
                        format!(
                            "`{}` (table {}, line {}, `{}`) carries the footnote marker `{}`, but the document has no footnote text for it",
                            cell.text, cell.table, cell.line, cell.column, note.marker
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
        for finding in findings.iter_mut() {
            let marked = finding.locations.iter().any(|l| {
                note.cells.iter().any(|c| {
                    c.table == l.table && Some(c.grid_row) == l.grid_row && Some(c.col) == l.col
                })
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
