//! `product`: structures × per-structure positions = the stated total, on
//! every position row that states one (detail and summary). A per-structure
//! figure with decimals (`1,8`) is an average: the total ÷ structures must
//! round to it.

use super::{Context, Draft, Findings, Key, Rule, Severity, difference, num, same};
use crate::interpret::Position;

/// `Alta complessità`, `Bassa complessità (sub-group 2)`, with the fascia.
pub fn row_name(p: &Position, ctx: &Context) -> String {
    let split = ctx.is_split(p.table, &p.group);
    let mut name = p.group.clone();
    if split {
        name.push_str(&format!(" (sub-group {})", p.subgroup));
    }
    if let Some(f) = p.fascia {
        name.push_str(&format!(", fascia {}", f.as_str()));
    }
    name
}

/// A row's key for finding ids: its group's identity, sub-group and fascia.
pub fn row_key(ctx: &Context, p: &Position) -> String {
    format!(
        "{}/{}/{}",
        ctx.group_id(&p.group),
        p.subgroup,
        p.fascia.map_or("", |f| f.as_str())
    )
}

pub fn check(ctx: &Context, out: &mut Findings) {
    for p in &ctx.records.positions {
        let (Some(structures), Some(per), Some(stated)) =
            (p.structures, p.per_structure, p.total_stated)
        else {
            continue;
        };
        let computed = structures * per;
        let key = row_key(ctx, p);
        let column = p.cells.total.as_ref().map_or("total", |c| &*c.column);
        out.check(
            ctx,
            Rule::Product,
            Key {
                table: p.table,
                row: &key,
                column: "total",
            },
            same(stated, computed)
                || (structures > 0.0
                    && per.fract() != 0.0
                    && super::detail_vs_summary::within_rounding(per, stated / structures)),
            || {
                let cells = [&p.cells.total, &p.cells.structures, &p.cells.per_structure];
                Draft::new(
                    Severity::Error,
                    format!(
                        "{} ({} table {}): {column} {} ≠ {} × {} = {} ({})",
                        row_name(p, ctx),
                        p.source.as_str(),
                        p.table,
                        num(stated),
                        num(structures),
                        num(per),
                        num(computed),
                        difference(stated, computed)
                    ),
                )
                .values(num(computed), num(stated))
                .at(ctx.locate_all(cells.into_iter().flatten()))
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::Severity::Error;
    use super::super::testing::*;

    #[test]
    fn a_stated_total_equals_structures_times_positions() {
        let doc = Doc::new()
            .table(1, SUMMARY, PROVINCIAL)
            .position(1, 1, "Alta", 1, II, 9.0, 5.0, Some(45.0))
            .position(1, 2, "Media", 1, II, 10.0, 7.0, Some(63.0))
            .position(1, 3, "Bassa", 1, II, 4.0, 1.0, None);
        let (findings, tally, _) = doc.run(super::check);
        assert_eq!(
            tally,
            tally_of(1, 1),
            "the row without a total is not a check"
        );
        assert_eq!(values(&findings), vec![(Error, "70".into(), "63".into())]);
        assert_eq!(
            findings[0].message,
            "Media, fascia II (summary table 1): Totale 63 ≠ 10 × 7 = 70 (7 too few)"
        );
        assert_eq!(
            findings[0].locations.len(),
            3,
            "the total and both operands"
        );
    }

    /// A per-structure figure with decimals is an average: the total
    /// divided by the structures rounds to it.
    #[test]
    fn an_average_per_structure_agrees_within_its_rounding() {
        let doc = Doc::new()
            .table(1, SUMMARY, PROVINCIAL)
            .position(1, 1, "Bassa", 1, II, 5.0, 1.8, Some(9.0))
            .position(1, 2, "Media", 1, II, 3.0, 2.3, Some(7.0))
            .position(1, 3, "Alta", 1, II, 3.0, 2.4, Some(7.0));
        let (findings, tally, _) = doc.run(super::check);
        assert_eq!(tally, tally_of(2, 1));
        assert_eq!(values(&findings), vec![(Error, "7.2".into(), "7".into())]);
    }

    fn tally_of(passed: usize, failed: usize) -> super::super::Tally {
        tally(passed, failed)
    }

    #[test]
    fn ids_name_the_fact_not_the_place() {
        let one = Doc::new().table(3, SUMMARY, PROVINCIAL).position(
            3,
            2,
            "Media",
            1,
            II,
            10.0,
            7.0,
            Some(63.0),
        );
        let moved = Doc::new().table(9, SUMMARY, PROVINCIAL).position(
            9,
            5,
            "Media",
            1,
            II,
            10.0,
            7.0,
            Some(64.0),
        );
        let other = Doc::new().table(3, SUMMARY, PROVINCIAL).position(
            3,
            2,
            "Bassa",
            1,
            II,
            10.0,
            7.0,
            Some(63.0),
        );
        let id = |d: &Doc| d.run(super::check).0[0].id.clone();
        assert_eq!(id(&one), id(&moved));
        assert_ne!(id(&one), id(&other));
    }
}
