//! `misaligned-row` and `missing-separator`: how the records stage read cells
//! that were not written the regular way, reported so the document can be
//! mended.

use super::{Context, Findings, Rule, Severity, report_observations};
use crate::interpret::ObservationKind;

pub fn check(ctx: &Context, out: &mut Findings) {
    let records = ctx.records;
    let mut totals_rows: Vec<(usize, u32)> =
        records.totals.iter().map(|t| (t.table, t.line)).collect();
    totals_rows.dedup();
    let mut member_cells: Vec<(usize, u32)> = records
        .members
        .iter()
        .map(|m| (m.table, m.cell.line))
        .collect();
    member_cells.dedup();
    let misaligned = report_observations(
        ctx,
        out,
        ObservationKind::MisalignedRow,
        Rule::MisalignedRow,
        Severity::Warning,
    );
    out.tally(
        Rule::MisalignedRow,
        totals_rows.len().saturating_sub(misaligned),
        0,
    );
    let unseparated = report_observations(
        ctx,
        out,
        ObservationKind::MissingSeparator,
        Rule::MissingSeparator,
        Severity::Warning,
    );
    out.tally(
        Rule::MissingSeparator,
        member_cells.len().saturating_sub(unseparated),
        0,
    );
}

#[cfg(test)]
mod tests {
    use crate::interpret::{ObservationKind, TotalOf};
    use crate::reconcile::Severity::Warning;
    use crate::reconcile::testing::*;

    #[test]
    fn rows_read_another_way_are_warnings_and_the_rest_pass() {
        let doc = Doc::new()
            .table(1, DETAIL, REGIONAL)
            .members(1, 1, "Alta", Some(1), &[("Umbria", 1)])
            .members(1, 2, "Bassa", Some(1), &[("Molise", 1), ("Liguria", 1)])
            .total(1, 3, TotalOf::Positions, I, 15.0)
            .observation(
                ObservationKind::MisalignedRow,
                "Totale Regionale",
                cell(1, 3, 5, "Uffici"),
            )
            .observation(
                ObservationKind::MissingSeparator,
                "Molise Liguria",
                cell(1, 2, 1, "Regioni"),
            );
        let (findings, _, _) = doc.run(super::check);
        assert_eq!(
            values(&findings),
            vec![
                (Warning, "as expected".into(), "Totale Regionale".into()),
                (Warning, "as expected".into(), "Molise Liguria".into())
            ]
        );
        let renamed = Doc::new().table(1, DETAIL, REGIONAL).observation(
            ObservationKind::MisalignedRow,
            "Tot. regionale",
            cell(1, 3, 5, "Uffici"),
        );
        assert_eq!(
            renamed.run(super::check).0[0].id,
            findings[0].id,
            "a reworded totals label keeps the finding's id"
        );
    }
}
