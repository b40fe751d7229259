//! `product`: structures × per-structure positions = the stated total, on
//! every position row that states one (detail and summary).

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

pub fn row_key(p: &Position) -> String {
    format!(
        "{}/{}/{}",
        p.group,
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
        let key = row_key(p);
        let column = p.cells.total.as_ref().map_or("total", |c| &*c.column);
        out.check(
            ctx,
            Rule::Product,
            Key {
                table: p.table,
                row: &key,
                column: "total",
            },
            same(stated, computed),
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
