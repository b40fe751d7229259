//! Recognising tables by their header signature (case-, accent-, white-space-
//! and singular/plural-insensitive), never by their position in the document.

use super::{Fascia, Level};
use crate::fold::{fold, has_stem};
use crate::grid::Grid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// A corner cell naming both axes (`STRUTTURE FUNZIONI`): structures as
    /// columns, function areas as rows.
    FunctionsMatrix,
    /// Two columns under one header naming a structure: area, activities.
    StructureFunctions,
    /// Groups, members, structures, positions per structure and fascia,
    /// offices, totals.
    PositionsDetail,
    /// Groups, members, structures, positions per structure, total.
    PositionsSummary,
    /// `Strutture | Dirigenti di II Fascia`: a level per row.
    OverallSummary,
    /// Anything else: extracted and written, not interpreted.
    Generic,
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

/// A table's kind, level and column roles.
#[derive(Debug, Clone)]
pub struct Signature {
    pub kind: TableKind,
    pub level: Option<Level>,
    pub roles: Vec<Role>,
}

pub fn role(header: &str) -> Role {
    let has = |stem: &str| has_stem(header, stem);
    if has("grupp") {
        Role::Group
    } else if has("uffic") {
        Role::Offices
    } else if has("dirigent") && has("struttur") {
        Role::PerStructure(fascia(header))
    } else if has("total") {
        Role::Total(fascia(header))
    } else if has("struttur") && has("numer") {
        Role::Structures
    } else if has("region") {
        Role::Members(Level::Regional)
    } else if has("provinc") {
        Role::Members(Level::Provincial)
    } else if has("struttur") {
        Role::Structures
    } else {
        Role::Other
    }
}

/// The fascia a text names: `I Fascia`, `II fascia`, `1ª fascia`, `prima
/// fascia`, `Fascia II`.
pub fn fascia(text: &str) -> Option<Fascia> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').collect();
    let grade = |w: &str| match w {
        "i" | "1" | "1a" | "prima" | "primo" => Some(Fascia::I),
        "ii" | "2" | "2a" | "seconda" | "secondo" => Some(Fascia::II),
        _ => None,
    };
    let at = words.iter().position(|w| w.starts_with("fasc"))?;
    let before = at.checked_sub(1).and_then(|i| grade(words[i]));
    // `1ª` folds to `1 a`.
    let before = before.or_else(|| {
        (at >= 2 && words[at - 1] == "a")
            .then(|| grade(words[at - 2]))
            .flatten()
    });
    before.or_else(|| words.get(at + 1).and_then(|w| grade(w)))
}

/// A cell that names a fascia and nothing else (`I Fascia`), as the detail
/// tables write the fascia of a row.
pub fn fascia_label(text: &str) -> Option<Fascia> {
    let words = fold(text).split(' ').count();
    if words <= 3 { fascia(text) } else { None }
}

pub fn classify(grid: &Grid) -> Signature {
    let roles: Vec<Role> = grid.columns.iter().map(|c| role(c)).collect();
    let generic = Signature {
        kind: TableKind::Generic,
        level: None,
        roles: roles.clone(),
    };
    if grid.header_rows == 0 || grid.width == 0 {
        return generic;
    }
    let has = |want: fn(&Role) -> bool| roles.iter().any(want);
    let member_level = roles.iter().find_map(|r| match r {
        Role::Members(level) => Some(*level),
        _ => None,
    });
    let positions = has(|r| *r == Role::Group)
        && member_level.is_some()
        && has(|r| *r == Role::Structures)
        && has(|r| matches!(r, Role::PerStructure(_)));
    if positions {
        let kind = if has(|r| *r == Role::Offices) {
            TableKind::PositionsDetail
        } else {
            TableKind::PositionsSummary
        };
        return Signature {
            kind,
            level: member_level.or_else(|| caption_level(grid)),
            roles,
        };
    }
    let corner = &grid.columns[0];
    if has_stem(corner, "struttur") && has_stem(corner, "funzion") && grid.width >= 2 {
        return Signature {
            kind: TableKind::FunctionsMatrix,
            ..generic
        };
    }
    if has_stem(corner, "struttur")
        && grid.width >= 2
        && grid.columns[1..].iter().any(|c| has_stem(c, "dirigent"))
        && !has(|r| matches!(r, Role::Group | Role::Members(_)))
    {
        return Signature {
            kind: TableKind::OverallSummary,
            ..generic
        };
    }
    if grid.width == 2 && is_structure_functions(grid) {
        return Signature {
            kind: TableKind::StructureFunctions,
            ..generic
        };
    }
    generic
}

/// Two columns under one header (a spanning label), whose second column holds
/// lists of activities.
fn is_structure_functions(grid: &Grid) -> bool {
    let header = &grid.columns[0];
    if header.is_empty() || !(grid.columns[1] == *header || grid.columns[1].is_empty()) {
        return false;
    }
    let body: Vec<usize> = grid.body().map(|(r, _)| r).collect();
    let lists = body
        .iter()
        .filter(|&&r| {
            grid.cell_at(r, 1)
                .is_some_and(|c| !c.source.items.is_empty())
        })
        .count();
    !body.is_empty() && lists * 2 >= body.len()
}

/// The level named by the caption, when the member column does not say.
pub fn caption_level(grid: &Grid) -> Option<Level> {
    let caption = &grid.caption.as_ref()?.text;
    if has_stem(caption, "provincial") || has_stem(caption, "metropolitan") {
        Some(Level::Provincial)
    } else if has_stem(caption, "regional") {
        Some(Level::Regional)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_header_paths() {
        assert_eq!(role("Gruppo"), Role::Group);
        assert_eq!(role("Regioni"), Role::Members(Level::Regional));
        assert_eq!(role("Regione"), Role::Members(Level::Regional));
        assert_eq!(role("Provincia"), Role::Members(Level::Provincial));
        assert_eq!(role("Numero Strutture"), Role::Structures);
        assert_eq!(role("N. struttura"), Role::Structures);
        assert_eq!(
            role("Dirigenti per Struttura / I Fascia"),
            Role::PerStructure(Some(Fascia::I))
        );
        assert_eq!(
            role("Dirigenti di II Fascia per struttura"),
            Role::PerStructure(Some(Fascia::II))
        );
        assert_eq!(role("Uffici dirigenziali - Funzioni"), Role::Offices);
        assert_eq!(role("Totali / II Fascia"), Role::Total(Some(Fascia::II)));
        assert_eq!(role("Totale"), Role::Total(None));
        assert_eq!(role("Note"), Role::Other);
    }

    #[test]
    fn fascia_spellings() {
        assert_eq!(fascia("I Fascia"), Some(Fascia::I));
        assert_eq!(fascia("II fascia"), Some(Fascia::II));
        assert_eq!(fascia("1ª fascia"), Some(Fascia::I));
        assert_eq!(fascia("Seconda Fascia"), Some(Fascia::II));
        assert_eq!(fascia("Fascia II"), Some(Fascia::II));
        assert_eq!(fascia("Totale"), None);
        assert_eq!(fascia_label("II Fascia"), Some(Fascia::II));
        assert_eq!(fascia_label("Dirigenti di II Fascia per struttura"), None);
    }
}
