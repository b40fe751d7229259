//! `duplicate-table`: copies of a table (same caption and header). Identical
//! copies are one `info` finding per caption listing every location; a copy
//! that differs gives an `error` per differing cell, with both values.

use super::{Context, Draft, Findings, Key, Location, Rule, Severity};
use crate::grid::Grid;

/// The most tables a message names; the locations name every one.
const MAX_LISTED: usize = 6;

fn whole_table(grid: &Grid) -> Location {
    Location {
        table: grid.index,
        row: 0,
        column: "".into(),
        line: grid.line,
        text: grid
            .caption
            .as_ref()
            .map(|c| c.text.clone())
            .unwrap_or_default(),
        grid_row: None,
        col: None,
    }
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn check(ctx: &Context, out: &mut Findings) {
    let tables = &ctx.records.tables;
    // Identical copies, by the caption of their original.
    let mut sections: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut section_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in tables.iter().filter(|t| t.copy_of.is_some()) {
        let original = t.copy_of.unwrap_or_default();
        let (Some(orig), Some(copy)) = (ctx.grid(original), ctx.grid(t.index)) else {
            continue;
        };
        if t.identical {
            out.pass(Rule::DuplicateTable);
            let caption = t.caption.clone().unwrap_or_default();
            match section_of.get(&caption) {
                Some(&i) => sections[i].1.push((original, t.index)),
                None => {
                    section_of.insert(caption.clone(), sections.len());
                    sections.push((caption, vec![(original, t.index)]));
                }
            }
            continue;
        }
        compare(ctx, out, orig, copy);
    }
    for (caption, pairs) in sections {
        // A document of thousands of copies must not make a message (shown
        // beside every table) thousands of entries long: the locations list
        // them all.
        let list = |pick: fn(&(usize, usize)) -> usize| {
            let mut shown: Vec<String> = pairs
                .iter()
                .take(MAX_LISTED)
                .map(|p| {
                    let index = pick(p);
                    format!("{index} (line {})", ctx.grid(index).map_or(0, |g| g.line))
                })
                .collect();
            if pairs.len() > MAX_LISTED {
                shown.push(format!("and {} more", pairs.len() - MAX_LISTED));
            }
            shown.join(", ")
        };
        let plural = if pairs.len() > 1 { "s" } else { "" };
        let mut locations = Vec::new();
        for (o, c) in &pairs {
            locations.extend(ctx.grid(*o).map(whole_table));
            locations.extend(ctx.grid(*c).map(whole_table));
        }
        out.inform(
            ctx,
            Rule::DuplicateTable,
            Key { table: pairs[0].0, row: &caption, column: "" },
            Draft::new(
                Severity::Info,
                format!(
                    "`{caption}` is printed more than once: table{plural} {} again as table{plural} {}, identical; their records are counted once",
                    list(|p| p.0),
                    list(|p| p.1)
                ),
            )
            .at(locations),
        );
    }
}

/// Cell by cell (filled view, white space aside), rows beyond the shorter
/// table reported whole.
fn compare(ctx: &Context, out: &mut Findings, orig: &Grid, copy: &Grid) {
    let a: Vec<usize> = orig.body().map(|(r, _)| r).collect();
    let b: Vec<usize> = copy.body().map(|(r, _)| r).collect();
    for (i, (&ra, &rb)) in a.iter().zip(&b).enumerate() {
        for c in 0..orig.width.min(copy.width) {
            let (va, vb) = (words(orig.text(ra, c)), words(copy.text(rb, c)));
            let key_row = words(orig.text(ra, 0));
            out.check(ctx, Rule::DuplicateTable, Key { table: orig.index, row: &format!("{i}/{key_row}"), column: &orig.columns[c] }, va == vb, || {
                let la = ctx.location(&crate::interpret::CellRef::at(orig, ra, c));
                let lb = ctx.location(&crate::interpret::CellRef::at(copy, rb, c));
                Draft::new(
                    Severity::Error,
                    format!(
                        "table {} repeats table {} but differs in body row {}, `{}`: `{va}` (line {}) vs `{vb}` (line {})",
                        copy.index,
                        orig.index,
                        i + 1,
                        orig.columns[c],
                        la.line,
                        lb.line
                    ),
                )
                .values(va.clone(), vb.clone())
                .at(vec![la, lb])
            });
        }
    }
    let (longer, extra) = if a.len() > b.len() {
        (orig, &a[b.len()..])
    } else {
        (copy, &b[a.len()..])
    };
    for &r in extra {
        let text = (0..longer.width)
            .map(|c| longer.text(r, c))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" | ");
        out.fail(
            ctx,
            Rule::DuplicateTable,
            Key {
                table: orig.index,
                row: &format!("extra/{text}"),
                column: "",
            },
            Draft::new(
                Severity::Error,
                format!(
                    "table {} repeats table {} but only table {} has the row `{}` (line {})",
                    copy.index,
                    orig.index,
                    longer.index,
                    words(&text),
                    longer.rows[r].line
                ),
            )
            .at(vec![
                ctx.location(&crate::interpret::CellRef::at(longer, r, 0)),
            ]),
        );
    }
}
