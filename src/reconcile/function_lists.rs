//! `function-lists`: each structure's column of the functions matrix against
//! the structure's own functions table, area by area. Items missing on either
//! side are warnings; items differing only by case, or only by punctuation
//! and spacing, are `info`; other wording differences are warnings with a
//! word-level diff.

use similar::{ChangeTag, TextDiff};

use super::{Context, Draft, Findings, Key, Rule, Severity};
use crate::fold::fold;
use crate::interpret::{Function, FunctionSource};

const STOP_WORDS: &[&str] = &[
    "e", "ed", "di", "dei", "degli", "delle", "della", "del", "dello", "le", "la", "il", "lo", "i",
    "gli",
];

/// The words that name a structure, in any order: `Direzioni Provinciali e
/// Metropolitane` names what `Direzioni Metropolitane e Provinciali` does.
fn name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = fold(name)
        .split(' ')
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(str::to_string)
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
    let mut matrix_structures: Vec<&str> = Vec::new();
    for f in functions
        .iter()
        .filter(|f| f.source == FunctionSource::Matrix)
    {
        if !matrix_structures.contains(&f.structure.as_str()) {
            matrix_structures.push(&f.structure);
        }
    }
    for m_name in matrix_structures {
        let own: Vec<&Function> = functions
            .iter()
            .filter(|f| {
                f.source == FunctionSource::Structure
                    && name_words(&f.structure) == name_words(m_name)
            })
            .collect();
        if own.is_empty() {
            continue;
        }
        let matrix: Vec<&Function> = functions
            .iter()
            .filter(|f| f.source == FunctionSource::Matrix && f.structure == m_name)
            .collect();
        let mut areas: Vec<String> = Vec::new();
        for f in matrix.iter().chain(&own) {
            if !areas.contains(&fold(&f.area)) {
                areas.push(fold(&f.area));
            }
        }
        for area in areas {
            let a: Vec<&Function> = matrix
                .iter()
                .copied()
                .filter(|f| fold(&f.area) == area)
                .collect();
            let b: Vec<&Function> = own
                .iter()
                .copied()
                .filter(|f| fold(&f.area) == area)
                .collect();
            compare_area(ctx, out, m_name, &a, &b);
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
    let mut left: Vec<&Function> = matrix.to_vec();
    let mut right: Vec<&Function> = own.to_vec();
    let mut pairs: Vec<(&Function, &Function)> = Vec::new();
    // Exact, then case-only, then punctuation-only matches, then the most
    // similar wordings.
    let passes: [fn(&str, &str) -> bool; 3] = [
        |x, y| x == y,
        |x, y| x.to_lowercase() == y.to_lowercase(),
        |x, y| fold(x) == fold(y),
    ];
    for same in passes {
        let mut i = 0;
        while i < left.len() {
            if let Some(j) = right
                .iter()
                .position(|r| same(&left[i].activity, &r.activity))
            {
                pairs.push((left.remove(i), right.remove(j)));
            } else {
                i += 1;
            }
        }
    }
    loop {
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

    for (m, o) in pairs {
        let key_row = format!("{structure}/{}/{}", m.area, m.activity);
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
            Key { table: m.table, row: &key_row, column: &o.structure },
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
        let key_row = format!("{structure}/{}/{}", f.area, f.activity);
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
        assert_eq!(
            name_words("Direzioni Provinciali e Metropolitane"),
            name_words("Direzioni Metropolitane e Provinciali")
        );
        assert_ne!(
            name_words("Direzioni Regionali"),
            name_words("Direzioni Provinciali")
        );
    }
}
