//! `detail-vs-summary`: every group, sub-group and fascia present in both a
//! detail and a summary table of a level agrees on members, structures,
//! per-structure positions and (where both state it) total; groups present in
//! one only are reported; the level totals agree.

use super::product::{row_key, row_name};
use super::{Context, Draft, Findings, Key, Rule, Severity, num, record_place, same};
use crate::fold::fold;
use crate::interpret::{Member, Position, Source};

fn same_row(a: &Position, b: &Position) -> bool {
    a.level == b.level
        && fold(&a.group) == fold(&b.group)
        && a.subgroup == b.subgroup
        && a.fascia == b.fascia
}

fn names(members: &[&Member]) -> Vec<String> {
    let mut names: Vec<String> = members
        .iter()
        .map(|m| m.via.clone().unwrap_or_else(|| m.member.clone()))
        .collect();
    names.dedup();
    names
}

pub fn check(ctx: &Context, out: &mut Findings) {
    let records = ctx.records;
    let details: Vec<&Position> = records
        .positions
        .iter()
        .filter(|p| p.source == Source::Detail)
        .collect();
    let summaries: Vec<&Position> = records
        .positions
        .iter()
        .filter(|p| p.source == Source::Summary)
        .collect();

    for s in &summaries {
        let level_has_detail = details.iter().any(|d| d.level == s.level);
        let Some(d) = details.iter().find(|d| same_row(d, s)) else {
            if level_has_detail {
                let key = row_key(s);
                out.fail(
                    ctx,
                    Rule::DetailVsSummary,
                    Key { table: s.table, row: &key, column: "row" },
                    Draft::new(
                        Severity::Warning,
                        format!("{} is in the summary table {} but not in the detail table of the {} level", row_name(s, ctx), s.table, s.level.as_str()),
                    )
                    .at(ctx.locate(&s.cells.group)),
                );
            }
            continue;
        };
        let fields = [
            (
                "structures",
                d.structures,
                s.structures,
                &d.cells.structures,
                &s.cells.structures,
            ),
            (
                "per-structure positions",
                d.per_structure,
                s.per_structure,
                &d.cells.per_structure,
                &s.cells.per_structure,
            ),
            (
                "total",
                d.total_stated,
                s.total_stated,
                &d.cells.total,
                &s.cells.total,
            ),
        ];
        for (what, dv, sv, dc, sc) in fields {
            let (Some(dv), Some(sv)) = (dv, sv) else {
                continue;
            };
            let key = row_key(s);
            out.check(
                ctx,
                Rule::DetailVsSummary,
                Key {
                    table: s.table,
                    row: &key,
                    column: what,
                },
                same(dv, sv),
                || {
                    Draft::new(
                        Severity::Error,
                        format!(
                            "{}: the summary states {} {what} ({}), the detail table {} ({})",
                            row_name(s, ctx),
                            num(sv),
                            record_place(s.table, s.line, &s.also_at),
                            num(dv),
                            record_place(d.table, d.line, &d.also_at)
                        ),
                    )
                    .values(num(dv), num(sv))
                    .at(ctx.locate_all(sc.iter().chain(dc.iter())))
                },
            );
        }
    }
    // Detail rows of the fasce a summary covers, missing from it.
    for d in &details {
        let covering: Vec<&&Position> = summaries
            .iter()
            .filter(|s| s.level == d.level && s.fascia == d.fascia)
            .collect();
        if covering.is_empty() || covering.iter().any(|s| same_row(d, s)) {
            continue;
        }
        let key = row_key(d);
        out.fail(
            ctx,
            Rule::DetailVsSummary,
            Key {
                table: d.table,
                row: &key,
                column: "row",
            },
            Draft::new(
                Severity::Warning,
                format!(
                    "{} is in the detail table {} but not in the summary table {}",
                    row_name(d, ctx),
                    d.table,
                    covering[0].table
                ),
            )
            .at(ctx.locate(&d.cells.group)),
        );
    }

    // Members, group by group.
    let mut groups: Vec<(crate::interpret::Level, String, Option<usize>)> = Vec::new();
    for m in records
        .members
        .iter()
        .filter(|m| m.source == Source::Summary)
    {
        let g = (m.level, fold(&m.group), m.subgroup);
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    for (level, group, subgroup) in groups {
        let of = |source: Source| -> Vec<&Member> {
            records
                .members
                .iter()
                .filter(|m| {
                    m.source == source
                        && m.level == level
                        && fold(&m.group) == group
                        && m.subgroup == subgroup
                })
                .collect()
        };
        let (detail, summary) = (of(Source::Detail), of(Source::Summary));
        if detail.is_empty() {
            continue;
        }
        let (dn, sn) = (names(&detail), names(&summary));
        let only_detail: Vec<&String> = dn.iter().filter(|n| !sn.contains(n)).collect();
        let only_summary: Vec<&String> = sn.iter().filter(|n| !dn.contains(n)).collect();
        let key = format!("{group}/{}", subgroup.unwrap_or(0));
        out.check(
            ctx,
            Rule::DetailVsSummary,
            Key { table: summary[0].table, row: &key, column: "members" },
            only_detail.is_empty() && only_summary.is_empty(),
            || {
                let list = |v: &[&String]| if v.is_empty() { "none".to_string() } else { v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ") };
                Draft::new(
                    Severity::Error,
                    format!(
                        "{} ({} level): the detail and summary tables list different members; only in the detail table {}: {}; only in the summary table {}: {}",
                        summary[0].group,
                        level.as_str(),
                        detail[0].table,
                        list(&only_detail),
                        summary[0].table,
                        list(&only_summary)
                    ),
                )
                .values(list(&only_detail), list(&only_summary))
                .at(ctx.locate_all([&detail[0].cell, &summary[0].cell]))
            },
        );
    }

    // Level totals.
    for s in records
        .totals
        .iter()
        .filter(|t| t.source == Source::Summary)
    {
        for d in records.totals.iter().filter(|t| {
            t.source == Source::Detail && t.level == s.level && t.of == s.of && t.fascia == s.fascia
        }) {
            let key = format!(
                "{}/{:?}/{}",
                s.level.as_str(),
                s.of,
                s.fascia.map_or("", |f| f.as_str())
            );
            out.check(ctx, Rule::DetailVsSummary, Key { table: s.table, row: &key, column: "level total" }, same(s.value, d.value), || {
                Draft::new(
                    Severity::Error,
                    format!(
                        "{} level total{}: the summary states {} (`{}`, {}), the detail table {} (`{}`, {})",
                        s.level.as_str(),
                        s.fascia.map_or(String::new(), |f| format!(", fascia {}", f.as_str())),
                        num(s.value),
                        s.label,
                        record_place(s.table, s.line, &s.also_at),
                        num(d.value),
                        d.label,
                        record_place(d.table, d.line, &d.also_at)
                    ),
                )
                .values(num(d.value), num(s.value))
                .at(ctx.locate_all([&s.cell, &d.cell]))
            });
        }
    }
}
