//! `duplicate-table`: copies of a table (same caption and header). Identical
//! copies are one `info` finding per caption listing every location; a copy
//! that differs gives an `error` per differing cell, with both values.

use super::{Context, Draft, Findings, Key, Location, Rule, Severity};
use crate::grid::Grid;

/// The most tables a message names; the locations name every one.
const MAX_LISTED: usize = 6;

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn check(ctx: &Context, out: &mut Findings) {
    let tables = &ctx.records.tables;
    // Identical copies, by the caption of their original.
    let mut sections: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut section_of: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    // A table in parts is one table: its first part stands for it.
    for t in tables
        .iter()
        .filter(|t| t.copy_of.is_some() && t.continues.is_none())
    {
        let original = t.copy_of.unwrap_or_default();
        let (orig, copy) = (ctx.parts(original), ctx.parts(t.index));
        if orig.is_empty() || copy.is_empty() {
            continue;
        }
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
        compare(ctx, out, &orig, &copy);
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
                    format!(
                        "{index} ({})",
                        ctx.unit.at(ctx.grid(index).map_or(0, |g| g.line))
                    )
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
            locations.extend(ctx.grid(*o).map(Location::of_table));
            locations.extend(ctx.grid(*c).map(Location::of_table));
        }
        // The id names the tables that are identical (by kind and level),
        // not their caption, which a translation or a revision rewords: when
        // one pair stops being identical, the finding is another one, not
        // the same id with a different meaning.
        let mut copied: Vec<String> = pairs.iter().map(|(o, _)| ctx.table_key(*o)).collect();
        copied.sort();
        let row = copied.join(",");
        out.inform(
            ctx,
            Rule::DuplicateTable,
            Key { table: pairs[0].0, row: &row, column: "" },
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

/// Cell by cell (filled view, white space aside), the body rows of every
/// part in order; rows beyond the shorter table reported whole.
fn compare(ctx: &Context, out: &mut Findings, orig: &[&Grid], copy: &[&Grid]) {
    let rows = |parts: &[&Grid]| -> Vec<(usize, usize)> {
        parts
            .iter()
            .enumerate()
            .flat_map(|(p, g)| g.body().map(move |(r, _)| (p, r)))
            .collect()
    };
    let (a, b) = (rows(orig), rows(copy));
    let (first, copy_first) = (orig[0], copy[0]);
    for (i, (&(pa, ra), &(pb, rb))) in a.iter().zip(&b).enumerate() {
        let (ga, gb) = (orig[pa], copy[pb]);
        for c in 0..ga.width.min(gb.width) {
            let (va, vb) = (words(ga.text(ra, c)), words(gb.text(rb, c)));
            let key_row = words(ga.text(ra, 0));
            out.check(ctx, Rule::DuplicateTable, Key { table: first.index, row: &format!("{i}/{key_row}"), column: &c.to_string() }, va == vb, || {
                let la = ctx.location(&crate::interpret::CellRef::at(ga, ra, c));
                let lb = ctx.location(&crate::interpret::CellRef::at(gb, rb, c));
                Draft::new(
                    Severity::Error,
                    format!(
                        "table {} repeats table {} but differs in body row {}, `{}`: `{va}` ({}) vs `{vb}` ({})",
                        copy_first.index,
                        first.index,
                        i + 1,
                        ga.columns[c],
                        ctx.unit.at(la.line),
                        ctx.unit.at(lb.line)
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
    for &(p, r) in extra {
        let grid = longer[p];
        let text = (0..grid.width)
            .map(|c| grid.text(r, c))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" | ");
        out.fail(
            ctx,
            Rule::DuplicateTable,
            Key {
                table: first.index,
                row: &format!("extra/{text}"),
                column: "",
            },
            Draft::new(
                Severity::Error,
                format!(
                    "table {} repeats table {} but only table {} has the row `{}` ({})",
                    copy_first.index,
                    first.index,
                    grid.index,
                    words(&text),
                    ctx.unit.at(grid.rows[r].line)
                ),
            )
            .at(vec![
                ctx.location(&crate::interpret::CellRef::at(grid, r, 0)),
            ]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::reconcile::{Rule, Severity};
    use crate::source::{Document, Format};

    /// The document's duplicate-table findings.
    fn duplicates(text: &str) -> Vec<crate::reconcile::Finding> {
        let doc =
            Document::from_bytes("t.md", "t", text.as_bytes(), Some(Format::Markdown)).unwrap();
        crate::process(&doc)
            .unwrap()
            .reconciliation
            .findings
            .into_iter()
            .filter(|f| f.rule == Rule::DuplicateTable)
            .collect()
    }

    fn findings(text: &str) -> Vec<(Severity, Option<String>, Option<String>)> {
        duplicates(text)
            .into_iter()
            .map(|f| (f.severity, f.expected, f.found))
            .collect()
    }

    const TABLE: &str = "| Sede | Posti |\n|---|---|\n| Nord | 4 |\n| Sud | 5 |\n";

    #[test]
    fn identical_copies_are_one_info_and_a_differing_one_an_error_per_cell() {
        let same = format!("Sintesi\n\n{TABLE}\nSintesi\n\n{TABLE}");
        assert_eq!(findings(&same), vec![(Severity::Info, None, None)]);
        let differing = format!(
            "Sintesi\n\n{TABLE}\nSintesi\n\n{}",
            TABLE.replace("| 5 |", "| 6 |")
        );
        assert_eq!(
            findings(&differing),
            vec![(Severity::Error, Some("5".into()), Some("6".into()))]
        );
        let longer = format!("Sintesi\n\n{TABLE}\nSintesi\n\n{TABLE}| Est | 1 |\n");
        assert_eq!(findings(&longer), vec![(Severity::Error, None, None)]);
    }

    #[test]
    fn a_table_in_parts_is_compared_whole() {
        let split = "Sintesi\n\n| Sede | Posti |\n|---|---|\n| Nord | 4 |\n\n| Sede | Posti |\n|---|---|\n| Sud | 5 |\n";
        let same = format!("{split}\nSintesi\n\n{TABLE}");
        assert_eq!(findings(&same), vec![(Severity::Info, None, None)]);
        let differing = format!("{split}\nSintesi\n\n{}", TABLE.replace("| 5 |", "| 6 |"));
        assert_eq!(
            findings(&differing),
            vec![(Severity::Error, Some("5".into()), Some("6".into()))]
        );
    }

    fn ids(text: &str) -> Vec<(Severity, String)> {
        duplicates(text)
            .into_iter()
            .map(|f| (f.severity, f.id))
            .collect()
    }

    #[test]
    fn the_identical_copies_finding_is_another_when_a_pair_stops_being_identical() {
        let other = "| Area | Uffici |\n|---|---|\n| Est | 2 |\n";
        let section =
            |second: &str| format!("Sintesi\n\n{TABLE}\n{other}\nSintesi\n\n{TABLE}\n{second}");
        let both = ids(&section(other));
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].0, Severity::Info);
        // Lines moved by text above: the same finding.
        assert_eq!(ids(&format!("Premessa.\n\n{}", section(other))), both);
        // One pair differs: an error for it, and the info, now about one
        // pair only, under another id.
        let one = ids(&section(&other.replace("| 2 |", "| 3 |")));
        assert_eq!(one.len(), 2, "{one:?}");
        let info: Vec<_> = one.iter().filter(|(s, _)| *s == Severity::Info).collect();
        assert_eq!(info.len(), 1);
        assert_ne!(info[0].1, both[0].1);
    }
}
