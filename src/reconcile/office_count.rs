//! `office-count`: the offices of a group and fascia (a `fino a N` counted as
//! N) add up to its per-structure positions. An offices cell written once for
//! several fasce covers the sum of their positions; one covering several
//! sub-groups is checked against each.

use super::{Context, Draft, Findings, Key, Rule, Severity, difference, num, same};
use crate::interpret::Position;

pub fn check(ctx: &Context, out: &mut Findings) {
    // The records stage writes the offices of one cell one after the other.
    for offices in ctx.records.offices.chunk_by(|a, b| a.cell == b.cell) {
        let counted: Vec<f64> = offices.iter().filter_map(|o| o.count).collect();
        if counted.len() != offices.len() {
            continue;
        }
        let sum: f64 = counted.iter().sum();
        let first = &offices[0];
        let covered: Vec<&Position> = ctx
            .group_of(first.table, &first.group)
            .iter()
            .copied()
            .filter(|p| {
                first.subgroup.is_none_or(|s| s == p.subgroup)
                    && p.fascia.is_some_and(|f| first.fasce.contains(&f))
            })
            .collect();
        let mut subgroups: Vec<usize> = covered.iter().map(|p| p.subgroup).collect();
        subgroups.sort_unstable();
        subgroups.dedup();
        for s in subgroups {
            let rows: Vec<&&Position> = covered.iter().filter(|p| p.subgroup == s).collect();
            let per: Option<f64> = rows.iter().map(|p| p.per_structure).sum();
            let Some(per) = per else {
                continue;
            };
            let fasce = first
                .fasce
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join("+");
            let key = format!("{}/{s}/{fasce}", ctx.group_id(&first.group));
            out.check(ctx, Rule::OfficeCount, Key { table: first.table, row: &key, column: "offices" }, same(sum, per), || {
                let split = covered.iter().any(|p| p.subgroup > 1);
                let name = if split { format!("{} (sub-group {s})", first.group) } else { first.group.clone() };
                let terms: Vec<String> = offices
                    .iter()
                    .map(|o| format!("{} {}", o.office, num(o.count.unwrap_or_default())))
                    .collect();
                let per_terms: Vec<String> = rows.iter().filter_map(|p| p.per_structure).map(num).collect();
                Draft::new(
                    Severity::Error,
                    format!(
                        "{name}, fascia {fasce} (table {}): offices {} = {} ≠ {} per-structure positions{} ({})",
                        first.table,
                        terms.join(" + "),
                        num(sum),
                        num(per),
                        if per_terms.len() > 1 { format!(" ({})", per_terms.join(" + ")) } else { String::new() },
                        difference(sum, per)
                    ),
                )
                .values(num(per), num(sum))
                .at(ctx.locate_all(std::iter::once(&first.cell).chain(rows.iter().filter_map(|p| p.cells.per_structure.as_ref()))))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Severity::Error;
    use super::super::testing::*;
    use crate::interpret::Fascia;

    #[test]
    fn offices_add_up_to_the_positions_of_the_fasce_they_cover() {
        let doc = Doc::new()
            .table(1, DETAIL, PROVINCIAL)
            .position(1, 1, "Metro", 1, I, 4.0, 0.0, Some(0.0))
            .position(1, 2, "Metro", 1, II, 4.0, 10.0, None)
            .offices(
                1,
                1,
                "Metro",
                &[Fascia::I, Fascia::II],
                &[
                    ("Direzione", 1.0, false),
                    ("Agenzie", 7.0, true),
                    ("Processi", 2.0, false),
                ],
            )
            .position(1, 3, "Alta", 1, II, 10.0, 7.0, None)
            .offices(
                1,
                3,
                "Alta",
                &[Fascia::II],
                &[("Direzione", 1.0, false), ("Agenzie", 5.0, true)],
            );
        let (findings, t, _) = doc.run(super::check);
        assert_eq!(t, tally(1, 1));
        assert_eq!(values(&findings), vec![(Error, "7".into(), "6".into())]);
        assert!(
            findings[0].message.starts_with("Alta, fascia II (table 1): offices Direzione 1 + Agenzie 5 = 6 ≠ 7 per-structure positions"),
            "{}",
            findings[0].message
        );
    }
}
