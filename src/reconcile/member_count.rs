//! `member-count`: the members a group lists (an aggregate counted as N) equal
//! its structures, per group and sub-group; aggregates that could not be
//! resolved to names are reported for information.

use super::{
    Context, Draft, Findings, Key, Rule, Severity, difference, num, report_observations, same,
};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::interpret::{Member, MemberKind, ObservationKind, Position};

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

/// A group and sub-group of one table.
type Unit<'a> = (&'a str, Option<usize>);

pub fn check(ctx: &Context, out: &mut Findings) {
    // Each table once, a table in parts under its first part: `members_of`
    // gives every part's members there, and a chain of a thousand parts
    // read once per part made a million findings.
    let tables = super::logical_tables(ctx, ctx.records.members.iter().map(|m| m.table));
    for table in tables {
        // (group, sub-group) in document order, with their members.
        let mut units: Vec<(Unit, Vec<&Member>)> = Vec::new();
        let mut unit_at: HashMap<Unit, usize> = HashMap::new();
        for m in ctx.members_of(table) {
            let unit = (m.group.as_str(), m.subgroup);
            match unit_at.get(&unit) {
                Some(&i) => units[i].1.push(m),
                None => {
                    unit_at.insert(unit, units.len());
                    units.push((unit, vec![m]));
                }
            }
        }
        for ((group, subgroup), members) in units {
            check_unit(ctx, out, table, group, subgroup, &members);
        }
    }
    report_observations(
        ctx,
        out,
        ObservationKind::UnresolvedAggregate,
        Rule::MemberCount,
        Severity::Info,
    );
}

fn check_unit(
    ctx: &Context,
    out: &mut Findings,
    table: usize,
    group: &str,
    subgroup: Option<usize>,
    members: &[&Member],
) {
    let rows: Vec<&Position> = ctx
        .group_of(table, group)
        .iter()
        .copied()
        .filter(|p| subgroup.is_none_or(|s| s == p.subgroup))
        .collect();
    // Each sub-group's structures once, though it has a row per fascia.
    let mut seen = HashSet::new();
    let structures: f64 = rows
        .iter()
        .filter(|p| seen.insert(p.subgroup))
        .filter_map(|p| p.structures)
        .sum();
    if seen.is_empty() {
        return;
    }
    let listed: f64 = members.iter().map(|m| f64::from(m.count)).sum();
    let name = match subgroup {
        Some(s) if ctx.is_split(table, group) => format!("{group} (sub-group {s})"),
        _ => group.to_string(),
    };
    let key = format!("{}/{}", ctx.group_id(group), subgroup.unwrap_or(0));
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
            let structures_cell = rows.first().and_then(|p| p.cells.structures.as_ref());
            let cells = std::iter::once(&members[0].cell).chain(structures_cell);
            Draft::new(
                Severity::Error,
                format!(
                    "{name} (table {table}) lists {} members{} for {} structures ({})",
                    num(listed),
                    describe(members),
                    num(structures),
                    difference(listed, structures)
                ),
            )
            .values(num(structures), num(listed))
            .at(ctx.locate_all(cells))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::super::Severity::Error;
    use super::super::testing::*;

    #[test]
    fn members_listed_equal_the_structures_an_aggregate_counting_n() {
        let doc = Doc::new()
            .table(1, SUMMARY, PROVINCIAL)
            .position(1, 1, "Media", 1, II, 12.0, 4.0, Some(48.0))
            .members(
                1,
                1,
                "Media",
                Some(1),
                &[
                    ("Lecce", 1),
                    ("Taranto", 1),
                    ("10 Capoluoghi di Regione", 10),
                ],
            )
            .position(1, 2, "Bassa", 1, II, 3.0, 1.0, Some(3.0))
            .members(1, 2, "Bassa", Some(1), &[("Lecce", 1), ("Bari", 1)]);
        let (findings, t, _) = doc.run(super::check);
        assert_eq!(t, tally(1, 1));
        assert_eq!(values(&findings), vec![(Error, "3".into(), "2".into())]);
        assert_eq!(
            findings[0].message,
            "Bassa (table 1) lists 2 members for 3 structures (1 too few)"
        );
    }

    #[test]
    fn sub_groups_are_counted_each_against_its_structures() {
        let doc = Doc::new()
            .table(1, SUMMARY, REGIONAL)
            .position(1, 1, "Bassa", 1, II, 2.0, 2.0, Some(4.0))
            .position(1, 1, "Bassa", 2, II, 1.0, 1.0, Some(1.0))
            .members(1, 1, "Bassa", Some(1), &[("Umbria", 1), ("Molise", 1)])
            .members(1, 1, "Bassa", Some(2), &[("Basilicata", 1), ("Marche", 1)]);
        let (findings, t, _) = doc.run(super::check);
        assert_eq!(t, tally(1, 1));
        assert!(
            findings[0]
                .message
                .starts_with("Bassa (sub-group 2) (table 1) lists 2 members for 1 structures"),
            "{}",
            findings[0].message
        );
    }
}
