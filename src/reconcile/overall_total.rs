//! `overall-total`: each row of the overall summary agrees with its level's
//! totals as the nearest detail and summary tables state them, and the rows
//! add up to the overall total.

use super::{Context, Draft, Findings, Key, Rule, Severity, difference, num, same};
use crate::interpret::{Level, OverallRow, Scope, Source};

pub fn check(ctx: &Context, out: &mut Findings) {
    let records = ctx.records;
    for o in &records.overall {
        let level = match o.scope {
            Some(Scope::Regional) => Level::Regional,
            Some(Scope::Provincial) => Level::Provincial,
            Some(Scope::Total) => {
                check_sum(ctx, out, o);
                continue;
            }
            None => continue,
        };
        let sources: Vec<&&crate::interpret::StatedTotal> = [Source::Detail, Source::Summary]
            .into_iter()
            .filter_map(|source| ctx.nearest(ctx.position_tables(source, level), o.table))
            .flat_map(|table| ctx.totals_of(table))
            .filter(|t| t.of == crate::interpret::TotalOf::Positions && t.fascia == o.fascia)
            .collect();
        if sources.is_empty() {
            continue;
        }
        let agreeing: Vec<_> = sources.iter().filter(|t| same(t.value, o.value)).collect();
        let differing: Vec<_> = sources.iter().filter(|t| !same(t.value, o.value)).collect();
        out.tally(Rule::OverallTotal, agreeing.len(), 0);
        if differing.is_empty() {
            continue;
        }
        let key = format!("{:?}/{}", o.scope, o.fascia.map_or("", |f| f.as_str()));
        let describe = |t: &&&&crate::interpret::StatedTotal| {
            format!(
                "{} stated by the {} table ({})",
                num(t.value),
                t.source.as_str(),
                ctx.record_place(t.table, t.line, &t.also_at)
            )
        };
        let mut message = format!(
            "overall summary `{}` {} ({}) ≠ {}",
            o.label,
            num(o.value),
            ctx.record_place(o.table, o.line, &o.also_at),
            differing
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join(", and ")
        );
        if !agreeing.is_empty() {
            message.push_str(&format!(
                "; it agrees with {}",
                agreeing
                    .iter()
                    .map(describe)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ));
        }
        out.fail(
            ctx,
            Rule::OverallTotal,
            Key {
                table: o.table,
                row: &key,
                column: "level total",
            },
            Draft::new(Severity::Error, message)
                .values(num(differing[0].value), num(o.value))
                .at(ctx
                    .locate_all(std::iter::once(&o.cell).chain(differing.iter().map(|t| &t.cell)))),
        );
        // One finding, but one failed check per source it contradicts.
        out.tally(Rule::OverallTotal, 0, differing.len() - 1);
    }
}

fn check_sum(ctx: &Context, out: &mut Findings, total: &OverallRow) {
    let parts: Vec<&OverallRow> = ctx
        .overall_of(total.table)
        .iter()
        .copied()
        .filter(|o| {
            o.table == total.table
                && o.fascia == total.fascia
                && matches!(o.scope, Some(Scope::Regional | Scope::Provincial))
        })
        .collect();
    if parts.is_empty() {
        return;
    }
    let sum: f64 = parts.iter().map(|p| p.value).sum();
    let key = format!("total/{}", total.fascia.map_or("", |f| f.as_str()));
    out.check(
        ctx,
        Rule::OverallTotal,
        Key {
            table: total.table,
            row: &key,
            column: "sum",
        },
        same(sum, total.value),
        || {
            Draft::new(
                Severity::Error,
                format!(
                    "overall summary `{}` {} ≠ {} = {} ({})",
                    total.label,
                    num(total.value),
                    parts
                        .iter()
                        .map(|p| num(p.value))
                        .collect::<Vec<_>>()
                        .join(" + "),
                    num(sum),
                    difference(total.value, sum)
                ),
            )
            .values(num(sum), num(total.value))
            .at(ctx.locate_all(std::iter::once(&total.cell).chain(parts.iter().map(|p| &p.cell))))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::super::Severity::Error;
    use super::super::testing::*;
    use crate::interpret::{Scope, TableKind, TotalOf};

    fn doc(regional: f64, total: f64) -> Doc {
        Doc::new()
            .table(1, SUMMARY, REGIONAL)
            .position(1, 1, "Alta", 1, II, 5.0, 12.0, Some(60.0))
            .total(1, 9, TotalOf::Positions, II, 60.0)
            .table(2, SUMMARY, PROVINCIAL)
            .position(2, 1, "Alta", 1, II, 150.0, 1.0, Some(150.0))
            .total(2, 9, TotalOf::Positions, II, 150.0)
            .table(3, TableKind::OverallSummary, None)
            .overall(3, 1, Scope::Regional, regional)
            .overall(3, 2, Scope::Provincial, 150.0)
            .overall(3, 3, Scope::Total, total)
    }

    #[test]
    fn the_overall_summary_agrees_with_the_level_totals_and_adds_up() {
        let (findings, t, _) = doc(60.0, 210.0).run(super::check);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(t, tally(3, 0));
    }

    #[test]
    fn a_row_that_disagrees_and_a_total_that_does_not_add_up() {
        let (findings, _, _) = doc(62.0, 209.0).run(super::check);
        assert_eq!(
            values(&findings),
            vec![
                (Error, "60".into(), "62".into()),
                (Error, "212".into(), "209".into())
            ]
        );
        assert!(
            findings[0]
                .message
                .starts_with("overall summary `Regional` 62"),
            "{}",
            findings[0].message
        );
        assert_eq!(
            findings[1].message,
            "overall summary `Total` 209 ≠ 62 + 150 = 212 (3 too few)"
        );
    }
}
