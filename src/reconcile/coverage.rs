//! `coverage`: at the regional level every Italian region appears exactly once
//! across the groups of a table; named members are real regions or provinces
//! of the gazetteer, and none appears twice at one level of a table.

use super::{Context, Draft, Findings, Key, Rule, Severity, report_observations};
use crate::gazetteer::PlaceKind;
use foldhash::{HashMap, HashMapExt};

use crate::interpret::{Level, Member, ObservationKind};

pub fn check(ctx: &Context, out: &mut Findings) {
    let records = ctx.records;
    // Each table once, a table in parts under its first part: `members_of`
    // gives every part's members there, and a chain of a thousand parts
    // read once per part made a million findings.
    let tables = super::logical_tables(ctx, records.members.iter().map(|m| m.table));
    for table in tables {
        let members: &[&Member] = ctx.members_of(table);
        let first_with = none_twice(ctx, out, table, members);
        if members[0].level == Level::Regional {
            every_region(ctx, out, table, members, &first_with);
        }
    }
    report_observations(
        ctx,
        out,
        ObservationKind::UnknownMember,
        Rule::Coverage,
        Severity::Warning,
    );
}

/// No place twice at one level of a table: the first member of each place,
/// by its code.
fn none_twice<'a>(
    ctx: &Context,
    out: &mut Findings,
    table: usize,
    members: &[&'a Member],
) -> HashMap<&'a str, &'a Member> {
    let mut first_with: HashMap<&str, &Member> = HashMap::new();
    for m in members {
        let Some(code) = &m.code else {
            continue;
        };
        let earlier = first_with.get(code.as_str()).copied();
        first_with.entry(code.as_str()).or_insert(m);
        out.check(
            ctx,
            Rule::Coverage,
            Key {
                table,
                row: &m.member,
                column: "twice",
            },
            earlier.is_none(),
            || {
                let first = earlier
                    .map(|e| (e.group.clone(), e.line))
                    .unwrap_or_default();
                Draft::new(
                    Severity::Error,
                    format!(
                        "`{}` is listed twice in table {table}: in `{}` ({}) and in `{}` ({})",
                        m.member,
                        first.0,
                        ctx.unit.at(first.1),
                        m.group,
                        ctx.unit.at(m.line)
                    ),
                )
                .values("1", "2")
                .at(ctx.locate_all(earlier.map(|e| &e.cell).into_iter().chain([&m.cell])))
            },
        );
    }
    first_with
}

/// Every region of the gazetteer once at the regional level: one finding
/// lists all the missing ones.
fn every_region(
    ctx: &Context,
    out: &mut Findings,
    table: usize,
    members: &[&Member],
    first_with: &HashMap<&str, &Member>,
) {
    let gazetteer = &ctx.lex.gazetteer;
    let missing: Vec<&str> = gazetteer
        .of_kind(PlaceKind::Region)
        .filter(|region| !first_with.contains_key(region.code.as_str()))
        .map(|region| region.name.as_str())
        .collect();
    let regions = gazetteer.of_kind(PlaceKind::Region).count();
    out.tally(
        Rule::Coverage,
        regions - missing.len(),
        missing.len().saturating_sub(1),
    );
    if missing.is_empty() {
        return;
    }
    let (n, list) = (missing.len(), missing.join(", "));
    let what = if n == 1 { "region is" } else { "regions are" };
    out.fail(
        ctx,
        Rule::Coverage,
        Key {
            table,
            row: "regions",
            column: "missing",
        },
        Draft::new(
            Severity::Error,
            format!("{n} {what} in no group of table {table}: {list}"),
        )
        .values(list.clone(), String::new())
        .at(ctx.locate_all(members.iter().map(|m| &m.cell))),
    );
}

#[cfg(test)]
mod tests {
    use crate::reconcile::Severity::Error;
    use crate::reconcile::testing::*;

    const ALL: &[&str] = &[
        "Piemonte",
        "Valle d'Aosta",
        "Lombardia",
        "Trentino-Alto Adige",
        "Veneto",
        "Friuli-Venezia Giulia",
        "Liguria",
        "Emilia-Romagna",
        "Toscana",
        "Umbria",
        "Marche",
        "Lazio",
        "Abruzzo",
        "Molise",
        "Campania",
        "Puglia",
        "Basilicata",
        "Calabria",
        "Sicilia",
        "Sardegna",
    ];

    fn regions(names: &[&str]) -> Doc {
        let list: Vec<(&str, u32)> = names.iter().map(|n| (*n, 1)).collect();
        Doc::new()
            .table(1, SUMMARY, REGIONAL)
            .members(1, 1, "Tutte", Some(1), &list)
    }

    #[test]
    fn every_region_once() {
        let (findings, t, _) = regions(ALL).run(super::check);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(t, tally(40, 0));
    }

    #[test]
    fn a_region_missing_and_one_twice() {
        let mut names: Vec<&str> = ALL.iter().copied().filter(|n| *n != "Molise").collect();
        names.push("Lazio");
        let (findings, _, _) = regions(&names).run(super::check);
        assert_eq!(
            values(&findings),
            vec![
                (Error, "1".into(), "2".into()),
                (Error, "Molise".into(), "".into())
            ]
        );
        assert_eq!(
            findings[1].message,
            "1 region is in no group of table 1: Molise"
        );
    }
}
