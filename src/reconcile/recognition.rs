//! `recognition`: what the tool could not read, said aloud. A table that
//! has part of a positions table's roles but not all (a header worded in a
//! way the vocabulary does not know) is a warning naming the headers it
//! could not place and the kind it nearly was; a table of figures that
//! matches no kind is reported for information; a document whose tables
//! give no records at all is an error, so that `check` never passes a
//! revision it did not read. Text that looks like a table but is read as a
//! paragraph (its delimiter row malformed) is a warning too.

use super::{Context, Draft, Findings, Key, Location, Rule, Severity, report_observations};
use crate::grid::{Grid, looks_like_value};
use crate::interpret::{ObservationKind, TableInfo, TableKind};

/// The least share of a positions kind's roles that makes a table a near
/// miss (half: group and members, say, without structures and positions).
const NEAR_MISS: f64 = 0.5;

pub fn check(ctx: &Context, out: &mut Findings) {
    report_observations(
        ctx,
        out,
        ObservationKind::TableLikeText,
        Rule::Recognition,
        Severity::Warning,
    );
    let tables = &ctx.records.tables;
    for t in tables.iter().filter(|t| t.continues.is_none()) {
        if t.kind != TableKind::Generic {
            out.pass(Rule::Recognition);
            continue;
        }
        let Some(grid) = ctx.grid(t.index) else {
            continue;
        };
        let r = &t.recognition;
        let near = r.nearest.filter(|n| {
            n.score >= NEAR_MISS
                && matches!(
                    n.kind,
                    TableKind::PositionsDetail | TableKind::PositionsSummary
                )
        });
        if let Some(near) = near {
            near_miss(ctx, out, t, grid, near.kind);
        } else if has_figures(grid) {
            unread(ctx, out, t, grid);
        }
    }
    let records = ctx.records;
    let read = !(records.positions.is_empty()
        && records.members.is_empty()
        && records.offices.is_empty()
        && records.functions.is_empty()
        && records.totals.is_empty()
        && records.overall.is_empty());
    out.check(
        ctx,
        Rule::Recognition,
        Key {
            table: 0,
            row: "document",
            column: "records",
        },
        read,
        || {
            let message = if tables.is_empty() {
                "the document has no table: nothing was read or checked".to_string()
            } else {
                format!(
                    "none of the document's {} table{} gave a record: nothing was checked; if they are positions, summary or functions tables, add the words of their headers to a vocabulary file (--vocabulary)",
                    tables.len(),
                    if tables.len() == 1 { "" } else { "s" }
                )
            };
            Draft::new(Severity::Error, message)
                .values(
                    "records from the document's tables",
                    format!("{} tables, none of a kind", tables.len()),
                )
                .at(tables
                    .iter()
                    .filter_map(|t| ctx.grid(t.index))
                    .map(Location::of_table)
                    .collect())
        },
    );
}

fn named(grid: &Grid) -> String {
    match &grid.caption {
        Some(c) => format!("table {} (`{}`)", grid.index, c.text),
        None => format!("table {}", grid.index),
    }
}

fn quoted(items: &[String]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    items
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn near_miss(ctx: &Context, out: &mut Findings, t: &TableInfo, grid: &Grid, kind: TableKind) {
    let r = &t.recognition;
    let found: Vec<String> = r
        .roles
        .iter()
        .map(|p| format!("{} (`{}`)", p.role, p.header))
        .collect();
    let missing: Vec<String> = r.missing.iter().map(|m| m.to_string()).collect();
    let key = format!(
        "{}/{}",
        kind.as_str(),
        grid.caption.as_ref().map_or("", |c| c.text.as_str())
    );
    out.fail(
        ctx,
        Rule::Recognition,
        Key {
            table: 0,
            row: &key,
            column: "near miss",
        },
        Draft::new(
            Severity::Warning,
            format!(
                "{} looks like a {} table but was not read: it has {}, but no {}; headers not placed: {}. If a header names what is missing, add its words to a vocabulary file (--vocabulary)",
                named(grid),
                kind.as_str(),
                found.join(", "),
                missing.join(", "),
                quoted(&r.unplaced)
            ),
        )
        .values(missing.join(", "), quoted(&r.unplaced))
        .at(vec![Location::of_table(grid)]),
    );
}

fn unread(ctx: &Context, out: &mut Findings, t: &TableInfo, grid: &Grid) {
    let r = &t.recognition;
    let headers: Vec<String> = grid
        .columns
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| c.to_string())
        .collect();
    let key = format!(
        "unread/{}/{}",
        grid.caption.as_ref().map_or("", |c| c.text.as_str()),
        headers.join("|")
    );
    out.inform(
        ctx,
        Rule::Recognition,
        Key {
            table: 0,
            row: &key,
            column: "",
        },
        Draft::new(
            Severity::Info,
            format!(
                "{} holds figures but matches no kind of table the vocabulary describes, so it was not interpreted; headers not placed: {}",
                named(grid),
                quoted(&r.unplaced)
            ),
        )
        .values("a kind of table", quoted(&headers))
        .at(vec![Location::of_table(grid)]),
    );
}

/// A body column most of whose cells are figures.
fn has_figures(grid: &Grid) -> bool {
    let body: Vec<usize> = grid.body().map(|(r, _)| r).collect();
    !body.is_empty()
        && (0..grid.width).any(|c| {
            let figures = body
                .iter()
                .filter(|&&r| {
                    looks_like_value(grid.written(r, c)) && !grid.written(r, c).is_empty()
                })
                .count();
            figures * 2 > body.len()
        })
}

#[cfg(test)]
mod tests {
    use crate::interpret::TableKind;
    use crate::reconcile::Severity::Error;
    use crate::reconcile::testing::*;

    #[test]
    fn a_document_whose_tables_give_no_record_fails() {
        let doc = Doc::new().table(1, TableKind::Generic, None);
        let (findings, t, _) = doc.run(super::check);
        assert_eq!(t, tally(0, 1));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Error);
        assert!(
            findings[0]
                .message
                .starts_with("none of the document's 1 table gave a record"),
            "{}",
            findings[0].message
        );
        let none = Doc::new();
        assert!(
            none.run(super::check).0[0]
                .message
                .starts_with("the document has no table")
        );
    }

    #[test]
    fn a_recognised_table_with_records_passes() {
        let doc = Doc::new().table(1, SUMMARY, REGIONAL).position(
            1,
            1,
            "Alta",
            1,
            II,
            9.0,
            5.0,
            Some(45.0),
        );
        let (findings, t, _) = doc.run(super::check);
        assert!(findings.is_empty());
        assert_eq!(t, tally(2, 0));
    }
}
