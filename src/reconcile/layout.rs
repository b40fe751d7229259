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
