//! `column-total`: a totals row equals the sum of the rows it totals: per
//! fascia for positions (stated totals where every row states one, otherwise
//! the computed ones), and the structures column for `Totale strutture`.
//! When it does not, the message says which other figures agree with which.

use super::{
    Context, Draft, Findings, Key, MAX_LOCATIONS, Rule, Severity, difference, more_cells, num, same,
};
use crate::interpret::{Level, Position, Scope, Source, StatedTotal, TotalOf};

/// The most terms of a sum a message writes out: a table continued on
/// thousands of pages sums thousands of rows.
const MAX_TERMS: usize = 12;

fn terms(values: &[f64]) -> String {
    let shown: Vec<String> = values.iter().take(MAX_TERMS).map(|v| num(*v)).collect();
    match values.len() {
        n if n > MAX_TERMS => format!("{} + … ({n} terms)", shown.join(" + ")),
        _ => shown.join(" + "),
    }
}

/// The nearest other tables that state the same level total (the other kind
/// of positions table, and the overall summary), with their values.
pub fn other_statements(ctx: &Context, t: &StatedTotal) -> Vec<String> {
    let mut notes = Vec::new();
    let other_source = match t.source {
        Source::Detail => Source::Summary,
        Source::Summary => Source::Detail,
    };
    let nearest_table = ctx.nearest(ctx.position_tables(other_source, t.level), t.table);
    for other in nearest_table.map_or(&[][..], |table| ctx.totals_of(table)) {
        if other.of != t.of || other.fascia != t.fascia {
            continue;
        }
        let agree = if same(other.value, t.value) {
            "agrees"
        } else {
            "differs"
        };
        notes.push(format!(
            "the {} table states {} ({}): {agree}",
            other.source.as_str(),
            num(other.value),
            ctx.record_place(other.table, other.line, &other.also_at)
        ));
    }
    if t.of == TotalOf::Positions {
        let rows = ctx
            .nearest(ctx.overall_tables(), t.table)
            .map_or(&[][..], |table| ctx.overall_of(table));
        for o in rows {
            let level = match o.scope {
                Some(Scope::Regional) => Level::Regional,
                Some(Scope::Provincial) => Level::Provincial,
                _ => continue,
            };
            if level != t.level || o.fascia != t.fascia {
                continue;
            }
            let agree = if same(o.value, t.value) {
                "agrees"
            } else {
                "differs"
            };
            notes.push(format!(
                "the overall summary states {} for `{}` ({}): {agree}",
                num(o.value),
                o.label,
                ctx.record_place(o.table, o.line, &o.also_at)
            ));
        }
    }
    notes
}

pub fn check(ctx: &Context, out: &mut Findings) {
    for t in &ctx.records.totals {
        let rows: &[&Position] = ctx.positions_of(t.table);
        let key = format!("{:?}/{}", t.of, t.fascia.map_or("", |f| f.as_str()));
        match t.of {
            TotalOf::Structures => check_structures(ctx, out, t, rows, &key),
            TotalOf::Positions => check_positions(ctx, out, t, rows, &key),
        }
    }
}

/// A total of structures against the sum of the groups' structures.
fn check_structures(
    ctx: &Context,
    out: &mut Findings,
    t: &StatedTotal,
    rows: &[&Position],
    key: &str,
) {
    // Each (group, sub-group) once, though it has a row per fascia.
    let mut seen = foldhash::HashSet::default();
    let mut values = Vec::new();
    for p in rows {
        if let Some(s) = p.structures
            && seen.insert((p.group.as_str(), p.subgroup))
        {
            values.push(s);
        }
    }
    if values.is_empty() {
        return;
    }
    let sum: f64 = values.iter().sum();
    out.check(
        ctx,
        Rule::ColumnTotal,
        Key {
            table: t.table,
            row: key,
            column: "structures",
        },
        same(sum, t.value),
        || {
            Draft::new(
                Severity::Error,
                format!(
                    "{} {} ≠ {} = {} ({})",
                    t.label,
                    num(t.value),
                    terms(&values),
                    num(sum),
                    difference(t.value, sum)
                ),
            )
            .values(num(sum), num(t.value))
            .at(ctx.locate(&t.cell))
        },
    );
}

/// A total of positions of a fascia against the sum of its rows' totals
/// (as stated where every row states one, else as computed where one does
/// not).
fn check_positions(
    ctx: &Context,
    out: &mut Findings,
    t: &StatedTotal,
    rows: &[&Position],
    key: &str,
) {
    let rows: Vec<&Position> = rows
        .iter()
        .copied()
        .filter(|p| p.fascia == t.fascia)
        .collect();
    if rows.is_empty() {
        return;
    }
    let all_stated = rows.iter().all(|p| p.total_stated.is_some());
    let values: Vec<f64> = rows
        .iter()
        .filter_map(|p| {
            if all_stated {
                p.total_stated
            } else {
                p.total_stated.or(p.total_computed)
            }
        })
        .collect();
    let sum: f64 = values.iter().sum();
    out.check(
        ctx,
        Rule::ColumnTotal,
        Key {
            table: t.table,
            row: key,
            column: "positions",
        },
        same(sum, t.value),
        || positions_draft(ctx, t, &rows, &values, all_stated),
    );
}

/// The finding of a positions total that is not the sum of its rows: the
/// arithmetic, the cells (as many as a finding names), and what the
/// computed totals and the document's other statements of it agree with.
fn positions_draft(
    ctx: &Context,
    t: &StatedTotal,
    rows: &[&Position],
    values: &[f64],
    all_stated: bool,
) -> Draft {
    let sum: f64 = values.iter().sum();
    let what = if all_stated {
        "the rows' totals"
    } else {
        "the rows' computed totals"
    };
    let mut draft = Draft::new(
        Severity::Error,
        format!(
            "{}{} (table {}): {} ≠ {} = {} ({}), the sum of {what}",
            t.label,
            t.fascia
                .map_or(String::new(), |f| format!(", fascia {}", f.as_str())),
            t.table,
            num(t.value),
            terms(values),
            num(sum),
            difference(t.value, sum)
        ),
    )
    .values(num(sum), num(t.value));
    // Only the cells a finding names are located: a table continued on
    // thousands of pages has a totals row on each, and each sums every row.
    let operands: Vec<_> = rows.iter().filter_map(|p| p.cells.total.as_ref()).collect();
    let named = operands.len().min(MAX_LOCATIONS - 1);
    draft =
        draft.at(ctx.locate_all(std::iter::once(&t.cell).chain(operands[..named].iter().copied())));
    if operands.len() > named {
        draft = draft.note(more_cells(
            operands.len() - named,
            operands[named..].iter().map(|c| c.table),
            MAX_LOCATIONS,
        ));
    }
    let computed: Vec<f64> = rows.iter().filter_map(|p| p.total_computed).collect();
    if all_stated && computed.len() == rows.len() {
        let computed_sum: f64 = computed.iter().sum();
        let agree = if same(computed_sum, t.value) {
            "agrees with the stated total"
        } else if same(computed_sum, sum) {
            "agrees with the sum of the rows"
        } else {
            "agrees with neither"
        };
        draft = draft.note(format!(
            "the sum of structures × per-structure positions is {}: it {agree}",
            num(computed_sum)
        ));
    }
    for note in other_statements(ctx, t) {
        draft = draft.note(note);
    }
    draft
}

#[cfg(test)]
mod tests {
    use super::super::Severity::Error;
    use super::super::testing::*;
    use crate::interpret::TotalOf;

    fn table() -> Doc {
        Doc::new()
            .table(1, SUMMARY, REGIONAL)
            .position(1, 1, "Alta", 1, II, 9.0, 5.0, Some(45.0))
            .position(1, 2, "Media", 1, II, 6.0, 4.0, Some(24.0))
    }

    #[test]
    fn totals_rows_equal_the_sum_of_the_rows() {
        let doc = table().total(1, 3, TotalOf::Structures, None, 15.0).total(
            1,
            3,
            TotalOf::Positions,
            II,
            69.0,
        );
        let (findings, t, _) = doc.run(super::check);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(t, tally(2, 0));
    }

    #[test]
    fn a_wrong_total_says_the_sum_and_the_difference() {
        let doc = table().total(1, 3, TotalOf::Structures, None, 16.0).total(
            1,
            3,
            TotalOf::Positions,
            II,
            68.0,
        );
        let (findings, t, _) = doc.run(super::check);
        assert_eq!(t, tally(0, 2));
        assert_eq!(
            values(&findings),
            vec![
                (Error, "15".into(), "16".into()),
                (Error, "69".into(), "68".into())
            ]
        );
        assert_eq!(findings[0].message, "Totale 16 ≠ 9 + 6 = 15 (1 too many)");
        assert!(
            findings[1]
                .message
                .starts_with("Totale, fascia II (table 1): 68 ≠ 45 + 24 = 69 (1 too few)"),
            "{}",
            findings[1].message
        );
    }

    #[test]
    fn rows_without_a_stated_total_count_their_computed_one() {
        let doc = Doc::new()
            .table(1, SUMMARY, REGIONAL)
            .position(1, 1, "Alta", 1, II, 9.0, 5.0, None)
            .position(1, 2, "Media", 1, II, 6.0, 4.0, Some(24.0))
            .total(1, 3, TotalOf::Positions, II, 69.0);
        assert!(doc.run(super::check).0.is_empty());
    }
}
