//! `footnote`: a marker on a value (`41**`) needs a footnote text somewhere in
//! the document; a text that was found is attached to every finding on the
//! cell it marks.

use super::{Context, Draft, Finding, Findings, Key, Rule, Severity};

pub fn check(ctx: &Context, out: &mut Findings) {
    for note in &ctx.records.footnotes {
        for cell in &note.cells {
            let role = crate::interpret::kinds_role_key(&cell.column, &ctx.lex.vocabulary);
            out.check(
                ctx,
                Rule::Footnote,
                Key { table: cell.table, row: ctx.cell_text(cell), column: &role },
                note.text.is_some(),
                || {
                    Draft::new(
                        Severity::Warning,
                        format!(
                            "`{}` (table {}, {}, `{}`) carries the footnote marker `{}`, but the document has no footnote text for it",
                            ctx.cell_text(cell), cell.table, ctx.unit.at(cell.line), cell.column, note.marker
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
        let cells: foldhash::HashSet<(usize, usize, usize)> = note
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
                    "footnote `{}` ({}): {text}",
                    note.marker,
                    ctx.unit.at(note.text_line.unwrap_or_default())
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::interpret::Footnote;
    use crate::reconcile::Severity::Warning;
    use crate::reconcile::testing::*;

    #[test]
    fn a_marker_needs_a_text() {
        let mut doc = Doc::new().table(1, SUMMARY, PROVINCIAL);
        doc.records.footnotes = vec![
            Footnote {
                marker: "**".into(),
                text: None,
                text_line: None,
                cells: vec![cell(1, 4, 4, "Totale")],
            },
            Footnote {
                marker: "*".into(),
                text: Some("stima".into()),
                text_line: Some(40),
                cells: vec![cell(1, 2, 4, "Totale")],
            },
        ];
        let (findings, t, _) = doc.run(super::check);
        assert_eq!(t, tally(1, 1));
        assert_eq!(
            values(&findings),
            vec![(Warning, "a paragraph starting with `**`".into(), "".into())]
        );
    }
}
