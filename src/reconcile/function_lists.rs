//! `function-lists`: each structure's column of the functions matrix against
//! the structure's own functions table, area by area. Items missing on either
//! side are warnings; items differing only by case, or only by punctuation
//! and spacing, are `info`; other wording differences are warnings with a
//! word-level diff.

use similar::{ChangeTag, TextDiff};

use std::collections::{HashMap, HashSet};

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

fn similarity(a: &str, b: &str) -> f64 {
    let wa: Vec<String> = fold(a).split(' ').map(str::to_string).collect();
    let wb: Vec<String> = fold(b).split(' ').map(str::to_string).collect();
    let common = wa.iter().filter(|w| wb.contains(w)).count();
    let union = wa.len() + wb.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// `[-removed-] {+added+}` over words, as `git diff --word-diff` writes it.
pub fn word_diff(old: &str, new: &str) -> String {
    let diff = TextDiff::from_words(old, new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal => out.push_str(value),
            ChangeTag::Delete => out.push_str(&format!("[-{value}-]")),
            ChangeTag::Insert => out.push_str(&format!("{{+{value}+}}")),
        }
    }
    out.replace("-][-", "").replace("+}{+", "")
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

/// Pairs items that are equal once `normal` is applied, in order; returns the
/// pairs and leaves the rest. Linear, whatever the length of the lists.
fn pair_by<'f>(
    left: &mut Vec<&'f Function>,
    right: &mut Vec<&'f Function>,
    pairs: &mut Vec<(&'f Function, &'f Function)>,
    normal: fn(&str) -> String,
) {
    let mut waiting: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, r) in right.iter().enumerate() {
        waiting.entry(normal(&r.activity)).or_default().push_back(j);
    }
    let mut taken = vec![false; right.len()];
    let mut rest = Vec::new();
    for l in left.drain(..) {
        match waiting
            .get_mut(&normal(&l.activity))
            .and_then(|q| q.pop_front())
        {
            Some(j) => {
                taken[j] = true;
                pairs.push((l, right[j]));
            }
            None => rest.push(l),
        }
    }
    *left = rest;
    let mut j = 0;
    right.retain(|_| {
        j += 1;
        !taken[j - 1]
    });
}

/// Above this many candidate pairs, wordings are not compared for similarity
/// (each is then reported as missing on its side).
const MAX_SIMILARITY_PAIRS: usize = 10_000;

fn compare_area(
    ctx: &Context,
    out: &mut Findings,
    structure: &str,
    matrix: &[&Function],
    own: &[&Function],
) {
    let mut left: Vec<&Function> = matrix.to_vec();
    let mut right: Vec<&Function> = own.to_vec();
    let mut pairs: Vec<(&Function, &Function)> = Vec::new();
    // Exact, then case-only, then punctuation-only matches, then the most
    // similar wordings.
    pair_by(&mut left, &mut right, &mut pairs, |x| x.to_string());
    pair_by(&mut left, &mut right, &mut pairs, str::to_lowercase);
    pair_by(&mut left, &mut right, &mut pairs, fold);
    while left.len() * right.len() <= MAX_SIMILARITY_PAIRS {
        let best = left
            .iter()
            .enumerate()
            .flat_map(|(i, l)| {
                right
                    .iter()
                    .enumerate()
                    .map(move |(j, r)| (similarity(&l.activity, &r.activity), i, j))
            })
            .filter(|(s, _, _)| *s >= 0.5)
            .max_by(|x, y| x.0.total_cmp(&y.0));
        let Some((_, i, j)) = best else {
            break;
        };
        pairs.push((left.remove(i), right.remove(j)));
    }

    let structure_key = name_words(structure, &ctx.lex.vocabulary).join(" ");
    for (m, o) in pairs {
        let key_row = format!("{structure_key}/{}/{}", m.area, m.activity);
        let area = &o.area;
        let place = format!("{structure}, `{area}`");
        let (severity, what) = if m.activity == o.activity {
            out.pass(Rule::FunctionLists);
            continue;
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
                    "{place}: the matrix's `{}` (table {}, line {}) and the structure's table's `{}` (table {}, line {}) {what}",
                    m.activity, m.table, m.line, o.activity, o.table, o.line
                ),
            )
            .values(m.activity.clone(), o.activity.clone())
            .at(ctx.locate_all([&m.cell, &o.cell])),
        );
    }
    for (f, side, other) in left
        .iter()
        .map(|f| (f, "the matrix", "the structure's table"))
        .chain(
            right
                .iter()
                .map(|f| (f, "the structure's table", "the matrix")),
        )
    {
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
                    "{structure}, `{}`: `{}` is in {side} (table {}, line {}) but not in {other}",
                    f.area, f.activity, f.table, f.line
                ),
            )
            .values(String::new(), f.activity.clone())
            .at(ctx.locate(&f.cell)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::TableKind;
    use crate::reconcile::Severity::{Info, Warning};
    use crate::reconcile::testing::*;

    #[test]
    fn word_diffs_show_what_changed() {
        assert_eq!(
            word_diff(
                "Coordinamento e controllo dei livelli di servizio delle Agenzie",
                "Coordinamento e controllo della produzione e dei livelli di servizio delle Agenzie"
            ),
            "Coordinamento e controllo {+della produzione e +}dei livelli di servizio delle Agenzie"
        );
    }

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
