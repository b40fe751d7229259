//! `detail-vs-summary`: each summary table against the detail table of its
//! level nearest to it in the document. Every group, sub-group and fascia in
//! both agrees on members, structures, per-structure positions and (where both
//! state it) total; groups present in one only are reported; the level totals
//! agree.
//!
//! A summary may write as one row a group the detail splits into sub-groups
//! (4 structures × 2 and 1 × 1 summed as 5 structures and 9 positions): the
//! row is then checked against the sub-groups' sums, its per-structure
//! figure, where stated, against their average (9 ÷ 5 = 1.8, within the
//! rounding of the figure as written), its members against all theirs, and
//! an `info` finding says which sub-groups it aggregates.

use foldhash::{HashMap, HashMapExt, HashSet};

use super::product::{row_key, row_name};
use super::{Context, Draft, Findings, Key, Rule, Severity, nearest, num, same};
use crate::interpret::aggregates::PerStructure;
use crate::interpret::{Fascia, Level, Member, Position, Source};

type RowKey = (String, usize, Option<Fascia>);

fn key_of(ctx: &Context, p: &Position) -> RowKey {
    (ctx.group_id(&p.group).to_string(), p.subgroup, p.fascia)
}

/// A group and fascia, sub-groups aside.
type GroupKey = (String, Option<Fascia>);

fn group_of(ctx: &Context, p: &Position) -> GroupKey {
    (ctx.group_id(&p.group).to_string(), p.fascia)
}

/// The groups and fasce that the summary writes as one row and the detail
/// splits into sub-groups (as the records say, `interpret::aggregates`):
/// the detail's rows of each, in order.
fn aggregated<'a>(
    ctx: &Context,
    details: &[&'a Position],
    summaries: &[&Position],
) -> HashMap<GroupKey, Vec<&'a Position>> {
    let mut out: HashMap<GroupKey, Vec<&Position>> = HashMap::new();
    if summaries.iter().all(|s| s.aggregates.is_none()) {
        return out;
    }
    let mut by_group: HashMap<GroupKey, Vec<&Position>> = HashMap::new();
    for d in details {
        by_group.entry(group_of(ctx, d)).or_default().push(d);
    }
    for s in summaries {
        let Some(a) = &s.aggregates else { continue };
        let key = group_of(ctx, s);
        let parts: Vec<&Position> = by_group
            .get(&key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|d| a.subgroups.contains(&d.subgroup))
            .collect();
        if parts.len() > 1 {
            out.insert(key, parts);
        }
    }
    out
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
    for level in [Level::Regional, Level::Provincial] {
        let details = ctx.position_tables(Source::Detail, level);
        for &summary in ctx.position_tables(Source::Summary, level) {
            if let Some(detail) = nearest(details, summary) {
                compare_tables(ctx, out, detail, summary);
            }
        }
    }
}

fn compare_tables(ctx: &Context, out: &mut Findings, detail: usize, summary: usize) {
    let details = ctx.positions_of(detail);
    let summaries = ctx.positions_of(summary);
    let by_key: HashMap<RowKey, &Position> = details.iter().map(|p| (key_of(ctx, p), *p)).collect();
    let aggregated = aggregated(ctx, details, summaries);
    for s in summaries {
        if let Some(parts) = aggregated.get(&group_of(ctx, s)) {
            compare_aggregate(ctx, out, s, parts);
            continue;
        }
        let Some(d) = by_key.get(&key_of(ctx, s)) else {
            let key = row_key(ctx, s);
            out.fail(
                ctx,
                Rule::DetailVsSummary,
                Key { table: s.table, row: &key, column: "row" },
                Draft::new(
                    Severity::Warning,
                    format!(
                        "{} is in the summary table {} but not in the detail table {} of the {} level",
                        row_name(s, ctx),
                        s.table,
                        detail,
                        s.level.as_str()
                    ),
                )
                .at(ctx.locate(&s.cells.group)),
            );
            continue;
        };
        compare_row(ctx, out, s, d);
    }
    missing_rows(ctx, out, details, summaries, &aggregated, summary);
    let merged: HashSet<String> = aggregated.keys().map(|(g, _)| g.clone()).collect();
    compare_members(ctx, out, detail, summary, &merged);
    level_totals(ctx, out, detail, summary);
}

/// A summary row against the detail row of the same group, sub-group and
/// fascia: structures, per-structure positions and total.
fn compare_row(ctx: &Context, out: &mut Findings, s: &Position, d: &Position) {
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
        let key = row_key(ctx, s);
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
                        ctx.record_place(s.table, s.line, &s.also_at),
                        num(dv),
                        ctx.record_place(d.table, d.line, &d.also_at)
                    ),
                )
                .values(num(dv), num(sv))
                .at(ctx.locate_all(sc.iter().chain(dc.iter())))
            },
        );
    }
}

/// Detail rows of the fasce the summary covers, missing from it (a group
/// the summary aggregates aside).
fn missing_rows(
    ctx: &Context,
    out: &mut Findings,
    details: &[&Position],
    summaries: &[&Position],
    aggregated: &HashMap<GroupKey, Vec<&Position>>,
    summary: usize,
) {
    let in_summary: HashMap<RowKey, ()> = summaries.iter().map(|s| (key_of(ctx, s), ())).collect();
    let covered: Vec<Option<Fascia>> = summaries.iter().map(|s| s.fascia).collect();
    for d in details {
        if !covered.contains(&d.fascia)
            || in_summary.contains_key(&key_of(ctx, d))
            || aggregated.contains_key(&group_of(ctx, d))
        {
            continue;
        }
        let key = row_key(ctx, d);
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
                    "{} is in the detail table {} but not in the summary table {summary}",
                    row_name(d, ctx),
                    d.table
                ),
            )
            .at(ctx.locate(&d.cells.group)),
        );
    }
}

/// The level totals of the two tables.
fn level_totals(ctx: &Context, out: &mut Findings, detail: usize, summary: usize) {
    for s in ctx.totals_of(summary) {
        for d in ctx
            .totals_of(detail)
            .iter()
            .filter(|d| d.of == s.of && d.fascia == s.fascia)
        {
            let key = format!(
                "{}/{:?}/{}",
                s.level.as_str(),
                s.of,
                s.fascia.map_or("", |f| f.as_str())
            );
            out.check(
                ctx,
                Rule::DetailVsSummary,
                Key { table: s.table, row: &key, column: "level total" },
                same(s.value, d.value),
                || {
                    Draft::new(
                        Severity::Error,
                        format!(
                            "{} level total{}: the summary states {} (`{}`, {}), the detail table {} (`{}`, {})",
                            s.level.as_str(),
                            s.fascia.map_or(String::new(), |f| format!(", fascia {}", f.as_str())),
                            num(s.value),
                            s.label,
                            ctx.record_place(s.table, s.line, &s.also_at),
                            num(d.value),
                            d.label,
                            ctx.record_place(d.table, d.line, &d.also_at)
                        ),
                    )
                    .values(num(d.value), num(s.value))
                    .at(ctx.locate_all([&s.cell, &d.cell]))
                },
            );
        }
    }
}

/// Members, group by group, in the summary's order; the sub-groups of a
/// group the summary writes as one row (`merged`) as one list.
fn compare_members(
    ctx: &Context,
    out: &mut Findings,
    detail: usize,
    summary: usize,
    merged: &HashSet<String>,
) {
    let group = |table: usize| {
        let mut order: Vec<(String, Option<usize>)> = Vec::new();
        let mut map: HashMap<(String, Option<usize>), Vec<&Member>> = HashMap::new();
        for m in ctx.members_of(table) {
            let group = ctx.group_id(&m.group).to_string();
            let subgroup = if merged.contains(&group) {
                None
            } else {
                m.subgroup
            };
            let key = (group, subgroup);
            if !map.contains_key(&key) {
                order.push(key.clone());
            }
            map.entry(key).or_default().push(m);
        }
        (order, map)
    };
    let (order, summary_members) = group(summary);
    let (_, detail_members) = group(detail);
    for key in order {
        let (Some(summary), Some(detail)) = (summary_members.get(&key), detail_members.get(&key))
        else {
            continue;
        };
        let (dn, sn) = (names(detail), names(summary));
        let (d_set, s_set): (HashSet<&String>, HashSet<&String>) =
            (dn.iter().collect(), sn.iter().collect());
        let only_detail: Vec<&String> = dn.iter().filter(|n| !s_set.contains(n)).collect();
        let only_summary: Vec<&String> = sn.iter().filter(|n| !d_set.contains(n)).collect();
        let row = format!("{}/{}", key.0, key.1.unwrap_or(0));
        out.check(
            ctx,
            Rule::DetailVsSummary,
            Key { table: summary[0].table, row: &row, column: "members" },
            only_detail.is_empty() && only_summary.is_empty(),
            || {
                let list = |v: &[&String]| {
                    if v.is_empty() {
                        "none".to_string()
                    } else {
                        v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                    }
                };
                Draft::new(
                    Severity::Error,
                    format!(
                        "{} ({} level): the detail and summary tables list different members; only in the detail table {}: {}; only in the summary table {}: {}",
                        summary[0].group,
                        summary[0].level.as_str(),
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
}

/// A summary row standing for the detail's sub-groups `parts` of its
/// group: checked against their sums and average, and said.
fn compare_aggregate(ctx: &Context, out: &mut Findings, s: &Position, parts: &[&Position]) {
    let sum = |f: fn(&Position) -> Option<f64>| -> Option<f64> { parts.iter().map(|p| f(p)).sum() };
    let (structures, total) = (
        sum(|p| p.structures),
        sum(|p| p.total_stated.or(p.total_computed)),
    );
    let key = row_key(ctx, s);
    say_aggregate(ctx, out, s, parts);
    per_structure_list(ctx, out, s, parts);
    let average = structures
        .zip(total)
        .filter(|(n, _)| *n > 0.0)
        .map(|(n, t)| t / n);
    let fields = [
        ("structures", structures, s.structures, &s.cells.structures),
        ("total", total, s.total_stated, &s.cells.total),
        (
            "per-structure positions",
            average,
            s.per_structure,
            &s.cells.per_structure,
        ),
    ];
    for (what, expected, stated, cell) in fields {
        let (Some(expected), Some(stated)) = (expected, stated) else {
            continue;
        };
        let agrees = if what == "per-structure positions" {
            within_rounding(stated, expected)
        } else {
            same(stated, expected)
        };
        out.check(
            ctx,
            Rule::DetailVsSummary,
            Key {
                table: s.table,
                row: &key,
                column: what,
            },
            agrees,
            || {
                Draft::new(
                Severity::Error,
                format!(
                    "{}: the summary states {} {what} ({}), the detail table's sub-groups {} ({})",
                    row_name(s, ctx),
                    num(stated),
                    ctx.record_place(s.table, s.line, &s.also_at),
                    if what == "per-structure positions" {
                        format!("average {}", num(expected))
                    } else {
                        format!("add up to {}", num(expected))
                    },
                    ctx.record_place(parts[0].table, parts[0].line, &[])
                ),
            )
            .values(num(expected), num(stated))
            .at(ctx.locate_all(cell.iter().chain(parts.iter().map(|p| &p.cells.group))))
            },
        );
    }
}

/// The info finding that says which sub-groups a summary row stands for.
fn say_aggregate(ctx: &Context, out: &mut Findings, s: &Position, parts: &[&Position]) {
    let key = row_key(ctx, s);
    let listed = |f: fn(&Position) -> Option<f64>| {
        parts
            .iter()
            .map(|p| f(p).map_or("?".to_string(), num))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    out.inform(
        ctx,
        Rule::DetailVsSummary,
        Key { table: s.table, row: &key, column: "aggregates" },
        Draft::new(
            Severity::Info,
            format!(
                "{}: the summary's row aggregates sub-groups {} of the detail table {} ({} structures, {} positions){}",
                row_name(s, ctx),
                subgroups_text(parts),
                parts[0].table,
                listed(|p| p.structures),
                listed(|p| p.total_stated.or(p.total_computed)),
                match s.aggregates.as_ref().map(|a| a.per_structure) {
                    Some(PerStructure::Average) => "; its per-structure figure is read as their average",
                    Some(PerStructure::PerSubGroup) => "; its per-structure figures as theirs, in order",
                    _ => "",
                }
            ),
        )
        .at(ctx.locate_all(std::iter::once(&s.cells.group).chain(parts.iter().map(|p| &p.cells.group)))),
    );
}

/// Sub-groups as a message names them: `1–2` for a run, `1, 3` otherwise.
fn subgroups_text(parts: &[&Position]) -> String {
    let numbers: Vec<usize> = parts.iter().map(|p| p.subgroup).collect();
    match (numbers.first(), numbers.last()) {
        (Some(a), Some(b)) if numbers.windows(2).all(|w| w[1] == w[0] + 1) => format!("{a}–{b}"),
        _ => numbers
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A summary row's per-structure figures written one per sub-group (`2/1`):
/// each against its sub-group's, in order.
fn per_structure_list(ctx: &Context, out: &mut Findings, s: &Position, parts: &[&Position]) {
    use crate::interpret::values::{Reading, read};
    let Some(cell) = &s.cells.per_structure else {
        return;
    };
    let stated = match read(ctx.cell_text(cell), &ctx.lex.vocabulary) {
        Reading::Numbers(ns) if ns.len() > 1 => ns,
        _ => return,
    };
    let expected: Vec<String> = parts
        .iter()
        .map(|p| p.per_structure.map_or("?".to_string(), num))
        .collect();
    let written: Vec<String> = stated.iter().map(|n| num(n.value)).collect();
    let key = row_key(ctx, s);
    let (expected, written) = (expected.join("/"), written.join("/"));
    let operands = parts.iter().filter_map(|p| p.cells.per_structure.as_ref());
    out.check(
        ctx,
        Rule::DetailVsSummary,
        Key {
            table: s.table,
            row: &key,
            column: "per-structure positions",
        },
        written == expected,
        || {
            Draft::new(
                Severity::Error,
                format!(
                    "{}: the summary states {written} per-structure positions ({}), the detail table's sub-groups {expected} ({})",
                    row_name(s, ctx),
                    ctx.record_place(s.table, s.line, &s.also_at),
                    ctx.record_place(parts[0].table, parts[0].line, &[])
                ),
            )
            .values(expected.clone(), written.clone())
            .at(ctx.locate_all(std::iter::once(cell).chain(operands)))
        },
    );
}

/// Whether a per-structure figure as written (`1.8`) is `average` rounded
/// to its decimals (a whole figure must be the average itself).
pub fn within_rounding(stated: f64, average: f64) -> bool {
    let written = num(stated);
    let decimals = written.split_once('.').map_or(0, |(_, d)| d.len());
    if decimals == 0 {
        return same(stated, average);
    }
    (stated - average).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
}

#[cfg(test)]
mod tests {
    use super::super::Severity::{Error, Warning};
    use super::super::testing::*;
    use crate::interpret::TotalOf;
    use crate::interpret::aggregates::{Aggregates, PerStructure};

    fn detail() -> Doc {
        Doc::new()
            .table(1, DETAIL, PROVINCIAL)
            .position(1, 1, "Alta", 1, II, 10.0, 7.0, Some(70.0))
            .position(1, 2, "Media", 1, II, 26.0, 4.0, Some(104.0))
            .members(1, 1, "Alta", Some(1), &[("Genova", 1), ("Bari", 1)])
            .total(1, 3, TotalOf::Positions, II, 174.0)
            .table(2, SUMMARY, PROVINCIAL)
    }

    #[test]
    fn a_summary_agreeing_with_its_detail_table_gives_nothing() {
        let doc = detail()
            .position(2, 1, "Alta", 1, II, 10.0, 7.0, Some(70.0))
            .position(2, 2, "Media", 1, II, 26.0, 4.0, Some(104.0))
            .members(2, 1, "Alta", Some(1), &[("Genova", 1), ("Bari", 1)])
            .total(2, 3, TotalOf::Positions, II, 174.0);
        let (findings, t, _) = doc.run(super::check);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(t, tally(8, 0));
    }

    #[test]
    fn differing_values_members_rows_and_level_totals_are_found() {
        let doc = detail()
            .position(2, 1, "Alta", 1, II, 10.0, 7.0, Some(63.0))
            .position(2, 2, "Bassa", 1, II, 63.0, 1.0, Some(63.0))
            .members(2, 1, "Alta", Some(1), &[("Genova", 1), ("Lecce", 1)])
            .total(2, 3, TotalOf::Positions, II, 126.0);
        let (findings, _, _) = doc.run(super::check);
        let mut got = values(&findings);
        got.sort();
        assert_eq!(
            got,
            vec![
                (Warning, "".into(), "".into()),
                (Warning, "".into(), "".into()),
                (Error, "174".into(), "126".into()),
                (Error, "70".into(), "63".into()),
                (Error, "Bari".into(), "Lecce".into()),
            ]
        );
        let text: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert!(text.contains(&"Bassa, fascia II is in the summary table 2 but not in the detail table 1 of the provincial level"), "{text:?}");
        assert!(
            text.contains(
                &"Media, fascia II is in the detail table 1 but not in the summary table 2"
            ),
            "{text:?}"
        );
    }

    /// A detail group of two sub-groups: 4 structures × 2 and 1 × 1.
    fn split_detail() -> Doc {
        Doc::new()
            .table(1, DETAIL, PROVINCIAL)
            .position(1, 1, "Bassa", 1, II, 4.0, 2.0, Some(8.0))
            .position(1, 2, "Bassa", 2, II, 1.0, 1.0, Some(1.0))
            .members(
                1,
                1,
                "Bassa",
                Some(1),
                &[("Lecce", 1), ("Bari", 1), ("Enna", 1), ("Nuoro", 1)],
            )
            .members(1, 2, "Bassa", Some(2), &[("Aosta", 1)])
            .table(2, SUMMARY, PROVINCIAL)
    }

    #[test]
    fn a_summary_row_aggregating_sub_groups_is_checked_against_their_sums() {
        // 5 structures, 9 positions, 1.8 on average: the sums, and the
        // members of both sub-groups.
        let doc = split_detail()
            .position(2, 1, "Bassa", 1, II, 5.0, 1.8, Some(9.0))
            .members(
                2,
                1,
                "Bassa",
                Some(1),
                &[
                    ("Lecce", 1),
                    ("Bari", 1),
                    ("Enna", 1),
                    ("Nuoro", 1),
                    ("Aosta", 1),
                ],
            );
        let (findings, t, _) = doc.run(super::check);
        assert_eq!(
            values(&findings),
            vec![(super::super::Severity::Info, "".into(), "".into())]
        );
        assert_eq!(
            findings[0].message,
            "Bassa, fascia II: the summary's row aggregates sub-groups 1–2 of the detail table 1 (4 + 1 structures, 8 + 1 positions); its per-structure figure is read as their average"
        );
        assert_eq!(t, tally(4, 0));
        // The records say it (records.json), for the summary row only.
        let records = doc.finished();
        let read: Vec<_> = records
            .positions
            .iter()
            .map(|p| p.aggregates.clone())
            .collect();
        assert_eq!(
            read,
            vec![
                None,
                None,
                Some(Aggregates {
                    detail_table: 1,
                    subgroups: vec![1, 2],
                    per_structure: PerStructure::Average
                })
            ]
        );
        // A summary that keeps the sub-groups as rows of their own
        // aggregates nothing.
        let kept = split_detail()
            .position(2, 1, "Bassa", 1, II, 4.0, 2.0, Some(8.0))
            .position(2, 2, "Bassa", 2, II, 1.0, 1.0, Some(1.0));
        assert!(
            kept.finished()
                .positions
                .iter()
                .all(|p| p.aggregates.is_none())
        );
        assert_eq!(kept.run(super::check).0.len(), 0);
        // A stale sum and a whole per-structure figure where the sub-groups
        // average 1.8 are errors; nothing is said of sub-group 2 as missing.
        let doc = split_detail().position(2, 1, "Bassa", 1, II, 5.0, 2.0, Some(10.0));
        let (findings, _, _) = doc.run(super::check);
        let mut got = values(&findings);
        got.sort();
        assert_eq!(
            got,
            vec![
                (super::super::Severity::Info, "".into(), "".into()),
                (Error, "1.8".into(), "2".into()),
                (Error, "9".into(), "10".into()),
            ]
        );
        assert!(findings.iter().all(|f| f.severity != Warning));
    }

    #[test]
    fn an_average_agrees_within_the_rounding_it_is_written_with() {
        assert!(super::within_rounding(1.8, 9.0 / 5.0));
        assert!(super::within_rounding(2.3, 7.0 / 3.0));
        assert!(super::within_rounding(2.33, 7.0 / 3.0));
        assert!(!super::within_rounding(2.4, 7.0 / 3.0));
        assert!(!super::within_rounding(2.0, 9.0 / 5.0));
        assert!(super::within_rounding(2.0, 2.0));
    }
}
