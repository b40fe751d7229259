//! Two lists of wordings paired item by item (a structure's functions in the
//! matrix and in its own table; one area's functions in two revisions):
//! the same text first, then the same but for case, then the same but for
//! punctuation and spacing, then the most similar wordings; and a word-level
//! diff of two wordings.

use foldhash::{HashMap, HashMapExt};
use std::collections::VecDeque;

use similar::{ChangeTag, TextDiff};

use crate::fold::fold;

/// How two paired wordings differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    Same,
    CaseOnly,
    PunctuationOnly,
    Reworded,
}

/// Above this many candidate pairs, wordings are not compared for similarity
/// (each is then left unpaired).
pub const MAX_SIMILARITY_PAIRS: usize = 10_000;

/// The words two wordings share, over the words either has (folded).
pub fn similarity(a: &str, b: &str) -> f64 {
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

/// Two lists of wordings paired: the pairs (an index on each side and how
/// they differ), and the indices left over on each side, in order.
pub struct Pairing {
    pub pairs: Vec<(usize, usize, Wording)>,
    pub only_left: Vec<usize>,
    pub only_right: Vec<usize>,
}

/// A normal form of a wording, and how two wordings equal in it differ.
type Step = (fn(&str) -> String, Wording);

/// Pairs `left` with `right`. Linear but for the similarity step, which is
/// bounded by [`MAX_SIMILARITY_PAIRS`].
pub fn pair_wordings(left: &[&str], right: &[&str]) -> Pairing {
    let mut l: Vec<usize> = (0..left.len()).collect();
    let mut r: Vec<usize> = (0..right.len()).collect();
    let mut pairs = Vec::new();
    let steps: [Step; 3] = [
        (|x| x.to_string(), Wording::Same),
        (str::to_lowercase, Wording::CaseOnly),
        (fold, Wording::PunctuationOnly),
    ];
    for (normal, wording) in steps {
        let mut waiting: HashMap<String, VecDeque<usize>> = HashMap::new();
        for &j in &r {
            waiting.entry(normal(right[j])).or_default().push_back(j);
        }
        let mut taken = HashMap::new();
        l.retain(|&i| {
            match waiting
                .get_mut(&normal(left[i]))
                .and_then(|q| q.pop_front())
            {
                Some(j) => {
                    taken.insert(j, ());
                    pairs.push((i, j, wording));
                    false
                }
                None => true,
            }
        });
        r.retain(|j| !taken.contains_key(j));
    }
    while !l.is_empty() && !r.is_empty() && l.len() * r.len() <= MAX_SIMILARITY_PAIRS {
        let best = l
            .iter()
            .enumerate()
            .flat_map(|(a, &i)| {
                r.iter()
                    .enumerate()
                    .map(move |(b, &j)| (similarity(left[i], right[j]), a, b))
            })
            .filter(|(s, _, _)| *s >= 0.5)
            .max_by(|x, y| x.0.total_cmp(&y.0));
        let Some((_, a, b)) = best else {
            break;
        };
        pairs.push((l.remove(a), r.remove(b), Wording::Reworded));
    }
    Pairing {
        pairs,
        only_left: l,
        only_right: r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordings_pair_from_the_closest() {
        let a = [
            "Gestione del credito",
            "Consulenza",
            "Attività legale.",
            "Archivio",
        ];
        let b = [
            "attività legale",
            "Consulenza",
            "Gestione del credito e dei conti",
            "Protocollo",
        ];
        let Pairing {
            pairs,
            only_left: left,
            only_right: right,
        } = pair_wordings(&a, &b);
        assert_eq!(
            pairs,
            vec![
                (1, 1, Wording::Same),
                (2, 0, Wording::PunctuationOnly),
                (0, 2, Wording::Reworded)
            ]
        );
        assert_eq!((left, right), (vec![3], vec![3]));
    }

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
}
