//! `member-count`: the members a group lists (an aggregate counted as N) equal
//! its structures, per group and sub-group; aggregates that could not be
//! resolved to names are reported for information.

use super::{
    Context, Draft, Findings, Key, Rule, Severity, difference, num, report_observations, same,
};
use crate::interpret::{Member, MemberKind, ObservationKind};

fn describe(members: &[&Member]) -> String {
    let aggregates: Vec<String> = members
        .iter()
        .filter(|m| m.kind == MemberKind::Aggregate)
        .map(|m| format!("`{}` counted as {}", m.member, m.count))
        .collect();
    if aggregates.is_empty() {
        String::new()
    } else {
        format!(" ({})", aggregates.join(", "))
    }
}

pub fn check(ctx: &Context, out: &mut Findings) {
    let records = ctx.records;
    // (table, group, sub-group) in document order, with their structures.
    let mut units: Vec<(usize, &str, Option<usize>)> = Vec::new();
    for m in &records.members {
        let unit = (m.table, m.group.as_str(), m.subgroup);
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    for (table, group, subgroup) in units {
        let members: Vec<&Member> = records
            .members
            .iter()
            .filter(|m| m.table == table && m.group == group && m.subgroup == subgroup)
            .collect();
        // Each sub-group's structures once, though it has a row per fascia.
        let mut seen: Vec<usize> = Vec::new();
        let structures: f64 = records
            .positions
            .iter()
            .filter(|p| {
                p.table == table && p.group == group && subgroup.is_none_or(|s| s == p.subgroup)
            })
            .filter(|p| {
                let new = !seen.contains(&p.subgroup);
                if new {
                    seen.push(p.subgroup);
                }
                new
            })
            .filter_map(|p| p.structures)
            .sum();
        if seen.is_empty() {
            continue;
        }
        let split = records
            .positions
            .iter()
            .any(|p| p.table == table && p.group == group && p.subgroup > 1);
        let listed: f64 = members.iter().map(|m| f64::from(m.count)).sum();
        let name = match subgroup {
            Some(s) if split => format!("{group} (sub-group {s})"),
            _ => group.to_string(),
        };
        let key = format!("{group}/{}", subgroup.unwrap_or(0));
        out.check(
            ctx,
            Rule::MemberCount,
            Key {
                table,
                row: &key,
                column: "members",
            },
            same(listed, structures),
            || {
                let structures_cell = records
                    .positions
                    .iter()
                    .find(|p| {
                        p.table == table
                            && p.group == group
                            && subgroup.is_none_or(|s| s == p.subgroup)
                    })
                    .and_then(|p| p.cells.structures.clone());
                let cells = std::iter::once(&members[0].cell).chain(structures_cell.as_ref());
                Draft::new(
                    Severity::Error,
                    format!(
                        "{name} (table {table}) lists {} members{} for {} structures ({})",
                        num(listed),
                        describe(&members),
                        num(structures),
                        difference(listed, structures)
                    ),
                )
                .values(num(structures), num(listed))
                .at(ctx.locate_all(cells))
            },
        );
    }
    report_observations(
        ctx,
        out,
        ObservationKind::UnresolvedAggregate,
        Rule::MemberCount,
        Severity::Info,
    );
}
