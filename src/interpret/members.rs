//! Member lists: split on commas, semicolons, line breaks and conjunctions
//! (`e`, `and`); names written without a separator split with the gazetteer;
//! aggregates such as `10 Capoluoghi di Regione` counted as N and resolved to
//! names where the document allows it.

use foldhash::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{Level, Member, MemberKind, Observation, ObservationKind};
use crate::gazetteer::{Place, PlaceKind};
use crate::lexicon::Lexicon;
use crate::vocabulary::{concept, normal};

/// `63 Sedi Provinciali`: a count, then words.
static AGGREGATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,6})\s+(\D.*)$").expect("valid aggregate pattern"));

/// One member as read from a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    pub kind: MemberKind,
    pub count: u32,
    pub code: Option<String>,
    pub written: String,
}

/// What splitting a list noticed.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    MissingSeparator { written: String, names: Vec<String> },
    Unknown { written: String },
}

fn place_kind(level: Level) -> PlaceKind {
    match level {
        Level::Regional => PlaceKind::Region,
        Level::Provincial => PlaceKind::Province,
    }
}

fn named(place: &crate::gazetteer::Place, written: &str) -> Entry {
    Entry {
        name: place.name.clone(),
        kind: match place.kind {
            PlaceKind::Region => MemberKind::Region,
            PlaceKind::Province => MemberKind::Province,
        },
        count: 1,
        code: Some(place.code.clone()),
        written: written.to_string(),
    }
}

pub fn split(text: &str, level: Level, lex: &Lexicon) -> (Vec<Entry>, Vec<Note>) {
    let gaz = &lex.gazetteer;
    let is_and = |w: &str| lex.vocabulary.is(concept::AND, &normal(w));
    let prefer = Some(place_kind(level));
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    for piece in text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let piece = piece.trim_end_matches('.');
        if let Some(place) = gaz.lookup(piece, prefer) {
            entries.push(named(place, piece));
            continue;
        }
        if let Some(caps) = AGGREGATE.captures(piece) {
            entries.push(Entry {
                name: piece.to_string(),
                kind: MemberKind::Aggregate,
                count: caps[1].parse().unwrap_or(0),
                code: None,
                written: piece.to_string(),
            });
            continue;
        }
        let parts: Vec<&str> = lex.patterns().conjunction.split(piece).collect();
        if parts.len() > 1 {
            let places: Option<Vec<_>> = parts.iter().map(|p| gaz.lookup(p, prefer)).collect();
            if let Some(places) = places {
                entries.extend(places.iter().zip(&parts).map(|(p, w)| named(p, w)));
                continue;
            }
        }
        match gaz.split_run(piece, prefer, is_and) {
            Some(places) if places.len() > 1 => {
                notes.push(Note::MissingSeparator {
                    written: piece.to_string(),
                    names: places.iter().map(|p| p.name.clone()).collect(),
                });
                entries.extend(places.into_iter().map(|p| named(p, piece)));
            }
            _ => {
                notes.push(Note::Unknown {
                    written: piece.to_string(),
                });
                entries.push(Entry {
                    name: piece.to_string(),
                    kind: match level {
                        Level::Regional => MemberKind::Region,
                        Level::Provincial => MemberKind::Province,
                    },
                    count: 1,
                    code: None,
                    written: piece.to_string(),
                });
            }
        }
    }
    (entries, notes)
}

/// Shares a group's members out among its sub-groups in order, each taking as
/// many as its structures value says. `None` when the counts do not add up.
pub fn align(entries: &[Entry], structures: &[f64]) -> Option<Vec<usize>> {
    if structures.len() <= 1 {
        return Some(vec![1; entries.len()]);
    }
    let mut subgroups = Vec::with_capacity(entries.len());
    let (mut sub, mut taken) = (0usize, 0f64);
    for entry in entries {
        while sub < structures.len() && taken >= structures[sub] {
            sub += 1;
            taken = 0.0;
        }
        if sub == structures.len() {
            return None;
        }
        taken += f64::from(entry.count);
        if taken > structures[sub] {
            return None;
        }
        subgroups.push(sub + 1);
    }
    let complete = sub == structures.len() - 1 && taken == structures[sub];
    complete.then_some(subgroups)
}

/// What an aggregate counts, by its words and level, and the gazetteer's
/// places it may stand for: regional capitals, provinces or regions.
fn candidates<'l>(aggregate: &Member, lex: &'l Lexicon) -> Option<(&'static str, Vec<&'l Place>)> {
    let (gaz, label) = (&lex.gazetteer, aggregate.member.as_str());
    let names = |c: &str| lex.vocabulary.names(c, label).is_some();
    if names(concept::CAPITALS) {
        Some(("regional capitals", gaz.regional_capitals().collect()))
    } else if aggregate.level == Level::Provincial && names(concept::PROVINCE_AGGREGATE) {
        Some(("provinces", gaz.of_kind(PlaceKind::Province).collect()))
    } else if aggregate.level == Level::Regional && names(concept::REGION_AGGREGATE) {
        Some(("regions", gaz.of_kind(PlaceKind::Region).collect()))
    } else {
        None
    }
}

/// Replaces each aggregate member of one table with the names it stands for,
/// where the gazetteer and the table's other members make them certain:
/// `N Capoluoghi di Regione` are the regional capitals not named elsewhere in
/// the table, `N Sedi Provinciali` the provinces not named (or resolved)
/// elsewhere; only when exactly N are left. Otherwise says why not.
pub fn resolve_aggregates(
    members: &mut Vec<Member>,
    observations: &mut Vec<Observation>,
    lex: &Lexicon,
) {
    let names = |c: &str, text: &str| lex.vocabulary.names(c, text).is_some();
    let mut taken: HashSet<String> = members.iter().filter_map(|m| m.code.clone()).collect();
    // Aggregates naming a narrower set go first, so that the wider ones see
    // the names those resolved to.
    let mut order: Vec<usize> = (0..members.len())
        .filter(|&i| members[i].kind == MemberKind::Aggregate)
        .collect();
    order.sort_by_key(|&i| !names(concept::CAPITALS, &members[i].member));
    let mut replacements: Vec<(usize, Vec<Member>)> = Vec::new();
    for i in order {
        let aggregate = &members[i];
        let label = aggregate.member.as_str();
        let Some((what, candidates)) = candidates(aggregate, lex) else {
            observations.push(Observation {
                kind: ObservationKind::UnresolvedAggregate,
                subject: label.to_string(),
                message: format!(
                    "`{label}` counts as {} members; the gazetteer cannot tell which",
                    aggregate.count
                ),
                expected: None,
                found: None,
                cell: aggregate.cell.clone(),
            });
            continue;
        };
        let free: Vec<_> = candidates
            .into_iter()
            .filter(|p| !taken.contains(&p.code))
            .collect();
        if free.len() != aggregate.count as usize {
            observations.push(Observation {
                kind: ObservationKind::UnresolvedAggregate,
                subject: label.to_string(),
                message: format!(
                    "`{label}` counts as {}; {} {what} of the gazetteer are not named elsewhere at this level in table {}, so which {} it means cannot be told",
                    aggregate.count,
                    free.len(),
                    aggregate.table,
                    aggregate.count
                ),
                expected: Some(format!("{} {what}", aggregate.count)),
                found: Some(format!("{} {what}", free.len())),
                cell: aggregate.cell.clone(),
            });
            continue;
        }
        let resolved = free
            .iter()
            .map(|p| {
                taken.insert(p.code.clone());
                Member {
                    member: p.name.clone(),
                    kind: match p.kind {
                        PlaceKind::Region => MemberKind::Region,
                        PlaceKind::Province => MemberKind::Province,
                    },
                    count: 1,
                    code: Some(p.code.clone()),
                    via: Some(label.to_string()),
                    ..aggregate.clone()
                }
            })
            .collect();
        replacements.push((i, resolved));
    }
    replacements.sort_by_key(|(i, _)| std::cmp::Reverse(*i));
    for (i, resolved) in replacements {
        members.splice(i..=i, resolved);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, level: Level) -> (Vec<Entry>, Vec<Note>) {
        super::split(text, level, Lexicon::builtin())
    }

    fn names(entries: &[Entry]) -> Vec<(&str, u32, Option<&str>)> {
        entries
            .iter()
            .map(|e| (e.name.as_str(), e.count, e.code.as_deref()))
            .collect()
    }

    #[test]
    fn splits_lists_and_names_without_separator() {
        let (entries, notes) = split(
            "Trentino Alto Adige, Umbria; Lazio Valle d'Aosta",
            Level::Regional,
        );
        assert_eq!(
            names(&entries),
            vec![
                ("Trentino-Alto Adige", 1, Some("04")),
                ("Umbria", 1, Some("10")),
                ("Lazio", 1, Some("12")),
                ("Valle d'Aosta", 1, Some("02")),
            ]
        );
        assert_eq!(
            notes,
            vec![Note::MissingSeparator {
                written: "Lazio Valle d'Aosta".into(),
                names: vec!["Lazio".into(), "Valle d'Aosta".into()],
            }]
        );
    }

    #[test]
    fn aggregates_conjunctions_and_unknown_names() {
        let (entries, notes) = split(
            "10 Capoluoghi di Regione, Lecce e Taranto\nAtlantide",
            Level::Provincial,
        );
        assert_eq!(
            names(&entries),
            vec![
                ("10 Capoluoghi di Regione", 10, None),
                ("Lecce", 1, Some("075")),
                ("Taranto", 1, Some("073")),
                ("Atlantide", 1, None),
            ]
        );
        assert_eq!(entries[0].kind, MemberKind::Aggregate);
        assert_eq!(
            notes,
            vec![Note::Unknown {
                written: "Atlantide".into()
            }]
        );
        let (entries, _) = split("Lecce and Taranto", Level::Provincial);
        assert_eq!(
            names(&entries),
            vec![("Lecce", 1, Some("075")), ("Taranto", 1, Some("073"))]
        );
    }

    #[test]
    fn aligns_members_with_packed_structures() {
        let (entries, _) = split("Umbria, Molise, Basilicata, Marche, Lazio", Level::Regional);
        assert_eq!(align(&entries, &[4.0, 1.0]), Some(vec![1, 1, 1, 1, 2]));
        assert_eq!(align(&entries, &[3.0, 1.0]), None);
        assert_eq!(align(&entries, &[5.0]), Some(vec![1; 5]));
    }
}
