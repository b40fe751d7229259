//! `recognition`: what the tool could not read, said aloud. A table that
//! has part of a positions table's roles but not all (a header worded in a
//! way the vocabulary does not know) is a warning naming the headers it
//! could not place and the kind it nearly was; a table of figures that
//! matches no kind is a warning too; a document whose tables give no
//! records at all, or whose tables of figures give no position (every
//! positions table unread), is an error, so that `check` never passes a
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
    // The tables of figures that no kind reads.
    let mut unread_figures: Vec<&Grid> = Vec::new();
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
            unread_figures.push(grid);
        } else if has_figures(grid) {
            unread(ctx, out, t, grid, "figures");
            unread_figures.push(grid);
        } else if has_lists(grid) {
            // A table of lists (a functions table worded otherwise): its
            // records would be functions.
            unread(ctx, out, t, grid, "lists");
        }
    }
    // A document that gave no record at all has its error there.
    if any_record(ctx, out) {
        no_positions(ctx, out, &unread_figures);
    }
}

/// Whether the document's tables gave any record; an error if none did.
fn any_record(ctx: &Context, out: &mut Findings) -> bool {
    let tables = &ctx.records.tables;
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
            let unread: Vec<&crate::interpret::Observation> = records
                .observations
                .iter()
                .filter(|o| o.kind == ObservationKind::TableLikeText)
                .collect();
            let message = if tables.is_empty() && !unread.is_empty() {
                let lines: Vec<u32> = unread.iter().map(|o| o.cell.line).collect();
                format!(
                    "the document has no table that could be read: {} look{} like one but {} read as text (see the recognition warning{}): nothing was read or checked",
                    ctx.unit.list(&lines),
                    if unread.len() == 1 { "s" } else { "" },
                    if unread.len() == 1 { "is" } else { "are" },
                    if unread.len() == 1 { "" } else { "s" },
                )
            } else if tables.is_empty() {
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
                    .chain(unread.iter().flat_map(|o| ctx.locate(&o.cell)))
                    .collect())
        },
    );
    read
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

/// A table holding `what` (figures, lists) that no kind reads.
fn unread(ctx: &Context, out: &mut Findings, t: &TableInfo, grid: &Grid, what: &str) {
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
    out.fail(
        ctx,
        Rule::Recognition,
        Key {
            table: 0,
            row: &key,
            column: "",
        },
        Draft::new(
            Severity::Warning,
            format!(
                "{} holds {what} but matches no kind of table the vocabulary describes, so it was not interpreted and none of its {what} is checked; headers not placed: {}. If it is a positions, summary or functions table, add the words of its headers to a vocabulary file (--vocabulary)",
                named(grid),
                quoted(&r.unplaced)
            ),
        )
        .values("a kind of table", quoted(&headers))
        .at(vec![Location::of_table(grid)]),
    );
}

/// A document whose tables of figures were all left unread: no position
/// was read, while tables holding figures were there to be read. Every
/// figure of the document is then unchecked, and `check` must not pass.
fn no_positions(ctx: &Context, out: &mut Findings, unread: &[&Grid]) {
    let records = ctx.records;
    if !records.positions.is_empty() || unread.is_empty() {
        return;
    }
    let names: Vec<String> = unread.iter().map(|g| named(g)).collect();
    out.check(
        ctx,
        Rule::Recognition,
        Key {
            table: 0,
            row: "document",
            column: "positions",
        },
        false,
        || {
            Draft::new(
                Severity::Error,
                format!(
                    "no positions table was read: {} hold{} figures but {} read as no kind of table, so none of the document's positions, structures or totals is checked; if they are positions or summary tables, add the words of their headers to a vocabulary file (--vocabulary)",
                    names.join(", "),
                    if names.len() == 1 { "s" } else { "" },
                    if names.len() == 1 { "is" } else { "are" },
                ),
            )
            .values(
                "positions read from the tables of figures",
                format!("none of {} tables of figures", unread.len()),
            )
            .at(unread.iter().map(|g| Location::of_table(g)).collect())
        },
    );
}

/// A body column most of whose cells are lists of two items or more.
fn has_lists(grid: &Grid) -> bool {
    column_mostly(grid, |grid, r, c| {
        grid.written_cell(r, c)
            .is_some_and(|cell| cell.source.items.len() > 1)
    })
}

/// A body column most of whose cells are figures.
fn has_figures(grid: &Grid) -> bool {
    column_mostly(grid, |grid, r, c| {
        let text = grid.written(r, c);
        looks_like_value(text) && !text.is_empty()
    })
}

/// Whether most body cells of some column are `what`.
fn column_mostly(grid: &Grid, what: impl Fn(&Grid, usize, usize) -> bool) -> bool {
    let body: Vec<usize> = grid.body().map(|(r, _)| r).collect();
    !body.is_empty()
        && (0..grid.width)
            .any(|c| body.iter().filter(|&&r| what(grid, r, c)).count() * 2 > body.len())
}

#[cfg(test)]
mod tests {
    use crate::interpret::TableKind;
    use crate::reconcile::Severity::{Error, Warning};
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

    /// Tables of figures that no kind reads are each a warning, and with no
    /// position read from the document at all, an error too.
    #[test]
    fn unread_tables_of_figures_warn_and_no_position_at_all_fails() {
        let figures: &[&[&str]] = &[&["Gruppe", "Summe"], &["Hoch", "45"], &["Niedrig", "8"]];
        let doc = Doc::new()
            .table(1, TableKind::Generic, None)
            .grid(1, figures)
            .table(2, TableKind::Generic, None)
            .grid(2, figures)
            .table(3, TableKind::OverallSummary, None)
            .overall(3, 1, crate::interpret::Scope::Regional, 45.0);
        let (findings, t, _) = doc.run(super::check);
        let severities: Vec<_> = findings.iter().map(|f| f.severity).collect();
        assert_eq!(severities, vec![Warning, Warning, Error], "{findings:#?}");
        assert!(
            findings[2]
                .message
                .starts_with("no positions table was read: table 1, table 2 hold figures"),
            "{}",
            findings[2].message
        );
        assert_eq!(findings[2].locations.len(), 2);
        assert_eq!(t, tally(2, 3));
        let read = doc.position(3, 1, "Hoch", 1, II, 9.0, 5.0, Some(45.0));
        let (findings, _, _) = read.run(super::check);
        let severities: Vec<_> = findings.iter().map(|f| f.severity).collect();
        assert_eq!(
            severities,
            vec![Warning, Warning],
            "a position read: no error"
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
