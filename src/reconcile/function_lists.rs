//! `function-lists`: each structure's column of the functions matrix against
//! the structure's own functions table, area by area. Items missing on either
//! side are warnings; items differing only by case, or only by punctuation
//! and spacing, are `info`; other wording differences are warnings with a
//! word-level diff.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::wording::{Pairing, pair_wordings, word_diff};
use super::{Context, Draft, Findings, Key, Rule, Severity, nearest};
use crate::fold::fold;
use crate::interpret::{Function, FunctionSource};
use crate::vocabulary::{Vocabulary, concept};

/// The words that name a structure, in any order and without the
/// vocabulary's stop words: `Direzioni Provinciali e Metropolitane` names
/// what `Direzioni Metropolitane e Provinciali` does.
fn name_words(name: &str, voc: &Vocabulary) -> Vec<String> {
    let mut words: Vec<String> = crate::vocabulary::words(name)
        .into_iter()
        .filter(|w| !voc.is(concept::STOP, w))
        .collect();
    words.sort();
    words
}

pub fn check(ctx: &Context, out: &mut Findings) {
    let functions = &ctx.records.functions;
    let mut by_table: HashMap<usize, Vec<&Function>> = HashMap::new();
    // Each structure's own tables, by the words of its name, in document order.
    let mut own_tables: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    let mut matrix_tables: Vec<usize> = Vec::new();
    for f in functions {
        let list = by_table.entry(f.table).or_default();
        let first_of_table = list.is_empty();
        list.push(f);
        if !first_of_table {
            continue;
        }
        match f.source {
            FunctionSource::Matrix => matrix_tables.push(f.table),
            FunctionSource::Structure => own_tables
                .entry(name_words(&f.structure, &ctx.lex.vocabulary))
                .or_default()
                .push(f.table),
        }
    }
    for m in matrix_tables {
        let matrix = &by_table[&m];
        let mut structures: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        for f in matrix {
            if seen.insert(f.structure.as_str()) {
                structures.push(&f.structure);
            }
        }
        for name in structures {
            let Some(own_table) = own_tables
                .get(&name_words(name, &ctx.lex.vocabulary))
                .and_then(|tables| nearest(tables, m))
            else {
                continue;
            };
            let column: Vec<&Function> = matrix
                .iter()
                .copied()
                .filter(|f| f.structure == name)
                .collect();
            let own = &by_table[&own_table];
            let mut areas: Vec<String> = Vec::new();
            let mut seen_area = HashSet::new();
            for f in column.iter().chain(own) {
                let area = fold(&f.area);
                if seen_area.insert(area.clone()) {
                    areas.push(area);
                }
            }
            for area in areas {
                let a: Vec<&Function> = column
                    .iter()
                    .copied()
                    .filter(|f| fold(&f.area) == area)
                    .collect();
                let b: Vec<&Function> = own
                    .iter()
                    .copied()
                    .filter(|f| fold(&f.area) == area)
                    .collect();
                compare_area(ctx, out, name, &a, &b);
            }
        }
    }
}

fn compare_area(
    ctx: &Context,
    out: &mut Findings,
    structure: &str,
    matrix: &[&Function],
    own: &[&Function],
) {
    let a: Vec<&str> = matrix.iter().map(|f| f.activity.as_str()).collect();
    let b: Vec<&str> = own.iter().map(|f| f.activity.as_str()).collect();
    let Pairing {
        pairs,
        only_left: left,
        only_right: right,
    } = pair_wordings(&a, &b);
    let structure_key = name_words(structure, &ctx.lex.vocabulary).join(" ");
    for (i, j, _) in pairs {
        compare_pair(ctx, out, structure, &structure_key, matrix[i], own[j]);
    }
    let only = left
        .into_iter()
        .map(|i| (matrix[i], "the matrix", "the structure's table"))
        .chain(
            right
                .into_iter()
                .map(|j| (own[j], "the structure's table", "the matrix")),
        );
    for (f, side, other) in only {
        let key_row = format!("{structure_key}/{}/{}/{side}", f.area, f.activity);
        out.fail(
            ctx,
            Rule::FunctionLists,
            Key {
                table: f.table,
                row: &key_row,
                column: "missing",
            },
            Draft::new(
                Severity::Warning,
                format!(
                    "{structure}, `{}`: `{}` is in {side} (table {}, {}) but not in {other}",
                    f.area,
                    f.activity,
                    f.table,
                    ctx.unit.at(f.line)
                ),
            )
            .values(String::new(), f.activity.clone())
            .at(ctx.locate(&f.cell)),
        );
    }
}

/// A matrix's activity against the structure's own table's wording of it:
/// the same passes; otherwise what differs (case, punctuation, words).
fn compare_pair(
    ctx: &Context,
    out: &mut Findings,
    structure: &str,
    structure_key: &str,
    m: &Function,
    o: &Function,
) {
    let key_row = format!("{structure_key}/{}/{}", m.area, m.activity);
    let area = &o.area;
    let place = format!("{structure}, `{area}`");
    let (severity, what) = if m.activity == o.activity {
        out.pass(Rule::FunctionLists);
        return;
    } else if m.activity.to_lowercase() == o.activity.to_lowercase() {
        (Severity::Info, "differ only by case".to_string())
    } else if fold(&m.activity) == fold(&o.activity) {
        (
            Severity::Info,
            "differ only by punctuation or spacing".to_string(),
        )
    } else {
        (
            Severity::Warning,
            format!("differ in wording: {}", word_diff(&m.activity, &o.activity)),
        )
    };
    out.fail(
        ctx,
        Rule::FunctionLists,
        Key { table: m.table, row: &key_row, column: "wording" },
        Draft::new(
            severity,
            format!(
                "{place}: the matrix's `{}` (table {}, {}) and the structure's table's `{}` (table {}, {}) {what}",
                m.activity, m.table, ctx.unit.at(m.line), o.activity, o.table, ctx.unit.at(o.line)
            ),
        )
        .values(m.activity.clone(), o.activity.clone())
        .at(ctx.locate_all([&m.cell, &o.cell])),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::TableKind;
    use crate::reconcile::Severity::{Info, Warning};
    use crate::reconcile::testing::*;

    #[test]
    fn structure_names_match_in_any_word_order() {
        let name_words = |n: &str| name_words(n, Vocabulary::builtin());
        assert_eq!(
            name_words("Direzioni Provinciali e Metropolitane"),
            name_words("Direzioni Metropolitane e Provinciali")
        );
        assert_ne!(
            name_words("Direzioni Regionali"),
            name_words("Direzioni Provinciali")
        );
    }

    #[test]
    fn the_matrix_and_a_structures_own_table_are_compared_item_by_item() {
        let doc = Doc::new()
            .table(1, TableKind::FunctionsMatrix, None)
            .table(2, TableKind::StructureFunctions, None)
            .function(1, 1, "Sedi Nord", "Governo", "Pianificazione annuale")
            .function(1, 1, "Sedi Nord", "Governo", "Controllo di gestione")
            .function(1, 1, "Sedi Nord", "Governo", "Rapporti con gli enti locali")
            .function(1, 1, "Sedi Nord", "Governo", "Archivio")
            .function(2, 1, "Nord Sedi", "Governo", "Pianificazione annuale")
            .function(2, 1, "Nord Sedi", "Governo", "controllo di gestione")
            .function(
                2,
                1,
                "Nord Sedi",
                "Governo",
                "Rapporti con gli enti locali e regionali",
            )
            .function(2, 1, "Nord Sedi", "Governo", "Protocollo informatico");
        let (findings, t, _) = doc.run(super::check);
        assert_eq!(t.passed, 1);
        let mut got = values(&findings);
        got.sort();
        assert_eq!(
            got,
            vec![
                (
                    Info,
                    "Controllo di gestione".into(),
                    "controllo di gestione".into()
                ),
                (Warning, "".into(), "Archivio".into()),
                (Warning, "".into(), "Protocollo informatico".into()),
                (
                    Warning,
                    "Rapporti con gli enti locali".into(),
                    "Rapporti con gli enti locali e regionali".into()
                ),
            ]
        );
    }
}
