//! Recognising tables by their headers, with the vocabulary, never by their
//! position in the document. Every table is scored against every kind (the
//! share of the kind's roles it has), the best kind wins when the table has
//! all of its roles, and the evidence is kept: which header took which role
//! through which words, the roles missing, the headers left unplaced.

use super::{Fascia, Level};
use crate::grid::Grid;
use crate::vocabulary::{Vocabulary, concept, words};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// Groups, members, structures, positions per structure and fascia,
    /// offices, totals.
    PositionsDetail,
    /// Groups, members, structures, positions per structure, total.
    PositionsSummary,
    /// `Strutture | Dirigenti di II Fascia`: a level per row.
    OverallSummary,
    /// A corner cell naming both axes (`STRUTTURE FUNZIONI`): structures as
    /// columns, function areas as rows.
    FunctionsMatrix,
    /// Two columns under one header naming a structure: area, activities.
    StructureFunctions,
    /// Anything else: extracted and written, not interpreted.
    Generic,
}

impl TableKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::PositionsDetail => "positions-detail",
            TableKind::PositionsSummary => "positions-summary",
            TableKind::OverallSummary => "overall-summary",
            TableKind::FunctionsMatrix => "functions-matrix",
            TableKind::StructureFunctions => "structure-functions",
            TableKind::Generic => "generic",
        }
    }

    /// What a table of this kind must have, role by role.
    pub fn needs(self) -> &'static [&'static str] {
        match self {
            TableKind::PositionsDetail => {
                &["group", "members", "structures", "per-structure", "offices"]
            }
            TableKind::PositionsSummary => &["group", "members", "structures", "per-structure"],
            TableKind::OverallSummary => &["structures (first column)", "positions"],
            TableKind::FunctionsMatrix => &[
                "structures (corner, or columns of ticks)",
                "functions (corner, or the column before the ticks)",
            ],
            TableKind::StructureFunctions => {
                &["one header over two columns", "lists of activities"]
            }
            TableKind::Generic => &[],
        }
    }
}

/// What a column of a positions table holds, from its header path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Group,
    Members(Level),
    Structures,
    PerStructure(Option<Fascia>),
    Offices,
    Total(Option<Fascia>),
    Other,
}

impl Role {
    fn from_name(name: &str, fascia: Option<Fascia>) -> Role {
        match name {
            "group" => Role::Group,
            "offices" => Role::Offices,
            "per-structure" => Role::PerStructure(fascia),
            "total" => Role::Total(fascia),
            "structures" => Role::Structures,
            "members-regional" => Role::Members(Level::Regional),
            "members-provincial" => Role::Members(Level::Provincial),
            _ => Role::Other,
        }
    }

    /// The role's name, as the vocabulary and the reports write it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Group => "group",
            Role::Members(_) => "members",
            Role::Structures => "structures",
            Role::PerStructure(_) => "per-structure",
            Role::Offices => "offices",
            Role::Total(_) => "total",
            Role::Other => "other",
        }
    }
}

/// A column that took a role, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Placed {
    /// 1-based column.
    pub column: usize,
    pub header: String,
    pub role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fascia: Option<Fascia>,
    /// The vocabulary's words that the header matched.
    pub words: Vec<String>,
}

/// The kind a table nearly was.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Nearest {
    pub kind: TableKind,
    pub score: f64,
}

/// How a table was recognised, with the evidence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Recognition {
    pub kind: TableKind,
    /// The share of the kind's needs that the table meets: 1 for a table of
    /// a kind; for a table of none, the nearest kind's.
    pub score: f64,
    /// The columns that took a role.
    pub roles: Vec<Placed>,
    /// The needs of the kind (or the nearest kind) that the table does not
    /// meet.
    pub missing: Vec<&'static str>,
    /// Headers that took no role.
    pub unplaced: Vec<String>,
    /// For a table of no kind, the kind it came nearest to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<Nearest>,
}

/// A table's kind, level, column roles and the evidence.
#[derive(Debug, Clone)]
pub struct Signature {
    pub kind: TableKind,
    pub level: Option<Level>,
    pub roles: Vec<Role>,
    pub recognition: Recognition,
}

/// The role a header takes, and the vocabulary's words it matched. Where
/// it names the concepts of several roles, the role naming the most
/// concepts wins (`Dirigenti per Struttura` is per-structure, not
/// structures), then the vocabulary's order of roles.
pub fn role_of(header: &str, voc: &Vocabulary) -> (Role, Vec<String>) {
    let ws = words(header);
    let mut best: Option<(&str, usize, Vec<String>)> = None;
    for (role, concepts) in voc.roles() {
        let matched: Option<Vec<String>> = concepts
            .iter()
            .map(|c| voc.names_words(c, &ws).map(str::to_string))
            .collect();
        if let Some(matched) = matched
            && !concepts.is_empty()
            && best.as_ref().is_none_or(|(_, n, _)| concepts.len() > *n)
        {
            best = Some((role, concepts.len(), matched));
        }
    }
    match best {
        Some((role, _, matched)) => (Role::from_name(role, fascia(header, voc)), matched),
        None => (Role::Other, Vec::new()),
    }
}

/// The role a header takes.
pub fn role(header: &str, voc: &Vocabulary) -> Role {
    role_of(header, voc).0
}

fn grade(word: &str, voc: &Vocabulary) -> Option<Fascia> {
    if voc.is(concept::FIRST, word) {
        Some(Fascia::I)
    } else if voc.is(concept::SECOND, word) {
        Some(Fascia::II)
    } else {
        None
    }
}

/// The fascia a text names: a grade next to a band word (`I Fascia`, `II
/// fascia`, `1ª fascia`, `prima fascia`, `Fascia II`, `Second-band`, `Band
/// I`).
pub fn fascia(text: &str, voc: &Vocabulary) -> Option<Fascia> {
    let ws = words(text);
    let at = ws.iter().position(|w| voc.is(concept::BAND, w))?;
    let before = at.checked_sub(1).and_then(|i| grade(&ws[i], voc));
    // `1ª` written apart: `1 a fascia`.
    let before = before.or_else(|| {
        (at >= 2 && ws[at - 1] == "a")
            .then(|| grade(&ws[at - 2], voc))
            .flatten()
    });
    before.or_else(|| ws.get(at + 1).and_then(|w| grade(w, voc)))
}

/// A cell that names a fascia and little else (`I Fascia`), as the detail
/// tables write the fascia of a row.
pub fn fascia_label(text: &str, voc: &Vocabulary) -> Option<Fascia> {
    if words(text).len() <= 3 {
        fascia(text, voc)
    } else {
        None
    }
}

/// Scores the table against every kind; the best kind whose needs are all
/// met wins.
pub fn classify(grid: &Grid, voc: &Vocabulary) -> Signature {
    let placed: Vec<(Role, Vec<String>)> = grid.columns.iter().map(|c| role_of(c, voc)).collect();
    let roles: Vec<Role> = placed.iter().map(|(r, _)| *r).collect();
    let member_level = roles.iter().find_map(|r| match r {
        Role::Members(level) => Some(*level),
        _ => None,
    });
    let headed = grid.header_rows > 0 && grid.width > 0;
    let score = |met: &[bool]| met.iter().filter(|m| **m).count() as f64 / met.len() as f64;
    let scored = needs_met(grid, voc, &roles);
    let best = scored
        .iter()
        .filter(|_| headed)
        .max_by(|a, b| {
            score(&a.1)
                .total_cmp(&score(&b.1))
                // Earlier kinds win ties.
                .then(std::cmp::Ordering::Greater)
        })
        .map(|(kind, met)| (*kind, met.clone()));
    let missing_of = |kind: TableKind, met: &[bool]| -> Vec<&'static str> {
        kind.needs()
            .iter()
            .zip(met)
            .filter(|(_, m)| !**m)
            .map(|(n, _)| *n)
            .collect()
    };
    let (kind, score, missing, nearest) = match &best {
        Some((kind, met)) if met.iter().all(|m| *m) => (*kind, 1.0, Vec::new(), None),
        Some((kind, met)) if score(met) > 0.0 => (
            TableKind::Generic,
            score(met),
            missing_of(*kind, met),
            Some(Nearest {
                kind: *kind,
                score: score(met),
            }),
        ),
        _ => (TableKind::Generic, 0.0, Vec::new(), None),
    };
    let level = match kind {
        TableKind::PositionsDetail | TableKind::PositionsSummary => {
            member_level.or_else(|| caption_level(grid, voc))
        }
        _ => None,
    };
    let shown = nearest.map_or(kind, |n| n.kind);
    let (evidence, unplaced) = evidence(grid, voc, shown, &placed);
    Signature {
        kind,
        level,
        roles,
        recognition: Recognition {
            kind,
            score,
            roles: evidence,
            missing,
            unplaced,
            nearest,
        },
    }
}

/// Each kind's needs, met or not by the table's columns, in the order that
/// breaks ties.
fn needs_met(grid: &Grid, voc: &Vocabulary, roles: &[Role]) -> Vec<(TableKind, Vec<bool>)> {
    let has = |want: fn(&Role) -> bool| roles.iter().any(want);
    let positions = [
        has(|r| *r == Role::Group),
        roles.iter().any(|r| matches!(r, Role::Members(_))),
        has(|r| *r == Role::Structures),
        has(|r| matches!(r, Role::PerStructure(_))),
    ];
    let offices = has(|r| *r == Role::Offices);
    let corner = grid.columns.first().map_or("", |c| &**c);
    let names = |c: &str, text: &str| voc.names(c, text).is_some();
    let grouped = has(|r| matches!(r, Role::Group | Role::Members(_)));
    let overall = vec![
        !grouped && grid.width >= 2 && names(concept::STRUCTURES, corner),
        !grouped
            && grid
                .columns
                .iter()
                .skip(1)
                .any(|c| names(concept::POSITIONS, c)),
    ];
    vec![
        (
            TableKind::PositionsDetail,
            [&positions[..], &[offices]].concat(),
        ),
        (TableKind::PositionsSummary, positions.to_vec()),
        (TableKind::OverallSummary, overall),
        (TableKind::FunctionsMatrix, functions_matrix(grid, voc)),
        (TableKind::StructureFunctions, structure_functions(grid)),
    ]
}

/// Which header took which of the kind's roles, through which words, and
/// which headers took none. The roles of the positions tables come from the
/// vocabulary's `[roles]`; the other kinds are read by their shape.
fn evidence(
    grid: &Grid,
    voc: &Vocabulary,
    kind: TableKind,
    placed: &[(Role, Vec<String>)],
) -> (Vec<Placed>, Vec<String>) {
    let column = |c: usize, role: &'static str, words: Vec<String>| Placed {
        column: c + 1,
        header: grid.columns[c].to_string(),
        role,
        level: None,
        fascia: None,
        words,
    };
    let named = |c: usize, concepts: &[&str]| -> Vec<String> {
        concepts
            .iter()
            .filter_map(|k| voc.names(k, &grid.columns[c]).map(str::to_string))
            .collect()
    };
    let ticks = (kind == TableKind::FunctionsMatrix)
        .then(|| super::functions::tick_columns(grid, voc))
        .flatten();
    let matrix_role =
        |c: usize, ticks: Option<usize>, named: &dyn Fn(usize, &[&str]) -> Vec<String>| match ticks
        {
            None if c == 0 => column(
                c,
                "corner",
                named(c, &[concept::STRUCTURES, concept::FUNCTIONS]),
            ),
            Some(first) if c + 1 == first => {
                column(c, "functions", named(c, &[concept::FUNCTIONS]))
            }
            Some(first) if c < first => column(c, "area", Vec::new()),
            _ => column(c, "structure", Vec::new()),
        };
    let mut found = Vec::new();
    let mut unplaced = Vec::new();
    for (c, (header, (role, words))) in grid.columns.iter().zip(placed).enumerate() {
        let took = match kind {
            TableKind::OverallSummary if c == 0 => Some(column(
                c,
                "structures (first column)",
                named(c, &[concept::STRUCTURES]),
            )),
            TableKind::OverallSummary => {
                let words = named(c, &[concept::POSITIONS]);
                (!words.is_empty()).then(|| column(c, "positions", words))
            }
            TableKind::FunctionsMatrix => Some(matrix_role(c, ticks, &named)),
            TableKind::StructureFunctions if c == 0 => Some(column(c, "structure", Vec::new())),
            TableKind::StructureFunctions => Some(column(c, "activities", Vec::new())),
            _ => (*role != Role::Other).then(|| Placed {
                level: match role {
                    Role::Members(l) => Some(*l),
                    _ => None,
                },
                fascia: match role {
                    Role::PerStructure(f) | Role::Total(f) => *f,
                    _ => None,
                },
                ..column(c, role.name(), words.clone())
            }),
        };
        match took {
            Some(p) => found.push(p),
            None if !header.is_empty() => unplaced.push(header.to_string()),
            None => {}
        }
    }
    (found, unplaced)
}

/// Two columns under one header (a spanning label), whose second column
/// holds lists of activities in at least half the rows.
/// A matrix of functions names structures and functions in its corner
/// (`STRUTTURE FUNZIONI`) over lists of activities; or it names functions
/// in a column before columns of ticks, whose headers are the structures.
fn functions_matrix(grid: &Grid, voc: &Vocabulary) -> Vec<bool> {
    let names = |c: &str, text: &str| voc.names(c, text).is_some();
    let corner = grid.columns.first().map_or("", |c| &**c);
    let ticks = super::functions::tick_columns(grid, voc);
    let labels = &grid.columns[..ticks.unwrap_or(1).min(grid.width)];
    vec![
        grid.width >= 2 && (names(concept::STRUCTURES, corner) || ticks.is_some()),
        grid.width >= 2 && labels.iter().any(|c| names(concept::FUNCTIONS, c)),
    ]
}

fn structure_functions(grid: &Grid) -> Vec<bool> {
    if grid.width != 2 {
        return vec![false, false];
    }
    let header = &grid.columns[0];
    let spanning = !header.is_empty() && (grid.columns[1] == *header || grid.columns[1].is_empty());
    let body: Vec<usize> = grid.body().map(|(r, _)| r).collect();
    let lists = body
        .iter()
        .filter(|&&r| {
            grid.cell_at(r, 1)
                .is_some_and(|c| !c.source.items.is_empty())
        })
        .count();
    vec![spanning, !body.is_empty() && lists * 2 >= body.len()]
}

/// The level named by the caption, when the member column does not say.
pub fn caption_level(grid: &Grid, voc: &Vocabulary) -> Option<Level> {
    let caption = &grid.caption.as_ref()?.text;
    level_named(caption, voc)
}

/// The level a text names (`Direzioni Provinciali`, `Regional`).
pub fn level_named(text: &str, voc: &Vocabulary) -> Option<Level> {
    if voc.names(concept::PROVINCIAL, text).is_some() {
        Some(Level::Provincial)
    } else if voc.names(concept::REGIONAL, text).is_some() {
        Some(Level::Regional)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> &'static Vocabulary {
        Vocabulary::builtin()
    }

    #[test]
    fn roles_from_header_paths_in_italian_and_english() {
        let role = |h: &str| role(h, v());
        assert_eq!(role("Gruppo"), Role::Group);
        assert_eq!(role("Raggruppamento"), Role::Group);
        assert_eq!(role("Group"), Role::Group);
        assert_eq!(role("Regioni"), Role::Members(Level::Regional));
        assert_eq!(role("Regione"), Role::Members(Level::Regional));
        assert_eq!(role("Provinces"), Role::Members(Level::Provincial));
        assert_eq!(role("Numero Strutture"), Role::Structures);
        assert_eq!(role("N. struttura"), Role::Structures);
        assert_eq!(role("Numero Sedi"), Role::Structures);
        assert_eq!(role("Number of structures"), Role::Structures);
        assert_eq!(
            role("Dirigenti per Struttura / I Fascia"),
            Role::PerStructure(Some(Fascia::I))
        );
        assert_eq!(
            role("Posizioni dirigenziali di II fascia per struttura"),
            Role::PerStructure(Some(Fascia::II))
        );
        assert_eq!(
            role("Second-band executives per structure"),
            Role::PerStructure(Some(Fascia::II))
        );
        assert_eq!(role("Uffici dirigenziali - Funzioni"), Role::Offices);
        assert_eq!(role("Executive offices - Functions"), Role::Offices);
        assert_eq!(role("Totali / II Fascia"), Role::Total(Some(Fascia::II)));
        assert_eq!(role("Tot. / First band"), Role::Total(Some(Fascia::I)));
        assert_eq!(role("Totale"), Role::Total(None));
        assert_eq!(role("Note"), Role::Other);
        assert_eq!(
            role_of("Numero delle strutture", v()).1,
            vec!["struttura".to_string()]
        );
    }

    #[test]
    fn fascia_spellings() {
        let fascia = |t: &str| fascia(t, v());
        assert_eq!(fascia("I Fascia"), Some(Fascia::I));
        assert_eq!(fascia("II fascia"), Some(Fascia::II));
        assert_eq!(fascia("1ª fascia"), Some(Fascia::I));
        assert_eq!(fascia("1 a fascia"), Some(Fascia::I));
        assert_eq!(fascia("Seconda Fascia"), Some(Fascia::II));
        assert_eq!(fascia("Fascia II"), Some(Fascia::II));
        assert_eq!(fascia("First band"), Some(Fascia::I));
        assert_eq!(fascia("Band II"), Some(Fascia::II));
        assert_eq!(fascia("Totale"), None);
        assert_eq!(fascia_label("II Fascia", v()), Some(Fascia::II));
        assert_eq!(
            fascia_label("Dirigenti di II Fascia per struttura", v()),
            None
        );
    }

    #[test]
    fn levels_named_by_captions() {
        assert_eq!(
            level_named("Direzioni Metropolitane e Provinciali", v()),
            Some(Level::Provincial)
        );
        assert_eq!(
            level_named("of the Regional Directorates", v()),
            Some(Level::Regional)
        );
        assert_eq!(level_named("Quadro di sintesi", v()), None);
    }
}
