//! The gazetteer: regions and provinces with their codes, official names,
//! common variants and regional capitals. The built-in one is Italy's
//! (`data/gazetteer.tsv`, ISTAT codes), compiled into the binary; another
//! country's is a file of the same form (`--gazetteer FILE`). This module
//! only reads the data.

use foldhash::{HashMap, HashMapExt};
use std::sync::LazyLock;

use crate::fold::fold;

const DATA: &str = include_str!("../data/gazetteer.tsv");
/// The places' names in other languages (`name` lines), read after them.
const NAMES: &str = include_str!("../data/gazetteer-names.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Region,
    Province,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub kind: PlaceKind,
    /// ISTAT code: two digits for a region, three for a province.
    pub code: String,
    pub name: String,
    /// The region code of a province.
    pub region: Option<String>,
    /// The region code of which this province's chief town is the capital.
    pub capital_of: Option<String>,
    /// Its names in other languages: (name, ISO 639-1 language).
    pub names: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Folded name or variant → places bearing it.
    names: HashMap<String, Vec<usize>>,
    /// The most words a folded name has, bounding the splitting search.
    max_words: usize,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse(&format!("{DATA}\n{NAMES}")).expect("the built-in gazetteer is valid")
});

/// The gazetteer shipped with the crate.
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

/// Why a gazetteer file could not be used: the 1-based line and what is
/// wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    pub line: u32,
    pub message: String,
}

impl Gazetteer {
    /// Reads the tab-separated data: kind (`region` or `province`), code,
    /// name, region (a province's region code), sigla, capital_of (the region
    /// code whose capital the province's chief town is), variants
    /// (`|`-separated); and `name` lines: `name`, a place's code, a name of
    /// it in another language, the language (`name\t01\tPiedmont\ten`).
    /// Lines starting with `#` are notes.
    pub fn parse(data: &str) -> Result<Gazetteer, GazetteerError> {
        let mut gaz = Gazetteer {
            places: Vec::new(),
            names: HashMap::new(),
            max_words: 1,
        };
        let mut codes = foldhash::HashSet::default();
        // Names in other languages, once every place is known.
        let mut other_names: Vec<(u32, Vec<&str>)> = Vec::new();
        for (n, line) in data.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let number = u32::try_from(n + 1).unwrap_or(u32::MAX);
            let error = |message: String| GazetteerError {
                line: number,
                message,
            };
            let field: Vec<&str> = line.split('\t').map(str::trim).collect();
            let get = |i: usize| field.get(i).copied().filter(|s| !s.is_empty());
            let kind = match get(0) {
                Some("region") => PlaceKind::Region,
                Some("province") => PlaceKind::Province,
                Some("name") => {
                    other_names.push((number, field));
                    continue;
                }
                other => {
                    return Err(error(format!(
                        "the first field is `{}`; it must be `region`, `province` or `name` (fields are separated by tabs)",
                        crate::error::excerpt(other.unwrap_or_default())
                    )));
                }
            };
            let (Some(code), Some(name)) = (get(1), get(2)) else {
                return Err(error(
                    "a place needs a code (field 2) and a name (field 3)".to_string(),
                ));
            };
            if !codes.insert(code.to_string()) {
                return Err(error(format!(
                    "the code `{}` is given twice",
                    crate::error::excerpt(code)
                )));
            }
            let id = gaz.places.len();
            gaz.places.push(Place {
                kind,
                code: code.to_string(),
                name: name.to_string(),
                region: get(3).map(str::to_string),
                capital_of: get(5).map(str::to_string),
                names: Vec::new(),
            });
            let variants = get(6)
                .map(|v| v.split('|').collect())
                .unwrap_or_else(Vec::new);
            for spelling in std::iter::once(name).chain(variants) {
                gaz.add_spelling(spelling, id);
            }
        }
        let by_code: HashMap<String, usize> = gaz
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code.clone(), i))
            .collect();
        for (line, field) in other_names {
            gaz.add_other_name(line, &field, &by_code)?;
        }
        if gaz.places.is_empty() {
            return Err(GazetteerError {
                line: 1,
                message: "no places: each line is `region` or `province`, a code, a name, … separated by tabs".to_string(),
            });
        }
        Ok(gaz)
    }

    /// Lets `spelling` name place `id`.
    fn add_spelling(&mut self, spelling: &str, id: usize) {
        let key = fold(spelling);
        self.max_words = self.max_words.max(key.split(' ').count());
        let ids = self.names.entry(key).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }

    /// A `name` line: the place of its code, named in another language.
    fn add_other_name(
        &mut self,
        line: u32,
        field: &[&str],
        by_code: &HashMap<String, usize>,
    ) -> Result<(), GazetteerError> {
        let get = |i: usize| field.get(i).copied().filter(|s| !s.is_empty());
        let error = |message: String| GazetteerError { line, message };
        let (Some(code), Some(name), Some(language)) = (get(1), get(2), get(3)) else {
            return Err(error(
                "a `name` line needs a place's code, a name and its language (`name`, code, name, language, separated by tabs)".to_string(),
            ));
        };
        let Some(&id) = by_code.get(code) else {
            return Err(error(format!(
                "`{}` names the code `{}`, which no place has",
                crate::error::excerpt(name),
                crate::error::excerpt(code)
            )));
        };
        self.places[id]
            .names
            .push((name.to_string(), language.to_string()));
        self.add_spelling(name, id);
        Ok(())
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place named `name` (any spelling the gazetteer knows), preferring
    /// `kind` where a name is both a region and a province.
    pub fn lookup(&self, name: &str, kind: Option<PlaceKind>) -> Option<&Place> {
        self.lookup_folded(&fold(name), kind)
    }

    fn lookup_folded(&self, key: &str, kind: Option<PlaceKind>) -> Option<&Place> {
        let ids = self.names.get(key)?;
        let pick = ids
            .iter()
            .find(|&&i| Some(self.places[i].kind) == kind)
            .or_else(|| ids.first())?;
        Some(&self.places[*pick])
    }

    /// Splits a run of names written without separators (`Basilicata Valle
    /// d'Aosta`) into the fewest known names, in order; words that `is_and`
    /// (`e`, `ed`) between names are taken as separators. `None` when the
    /// text is not such a run.
    pub fn split_run(
        &self,
        text: &str,
        kind: Option<PlaceKind>,
        is_and: impl Fn(&str) -> bool,
    ) -> Option<Vec<&Place>> {
        let key = fold(text);
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        let n = words.len();
        // best[i]: the fewest names covering words[i..], and the first step.
        let mut best: Vec<Option<(usize, usize, Option<usize>)>> = vec![None; n + 1];
        best[n] = Some((0, n, None));
        for i in (0..n).rev() {
            if is_and(words[i])
                && i > 0
                && let Some((count, _, _)) = best[i + 1]
            {
                best[i] = Some((count, i + 1, None));
            }
            for j in (i + 1..=n.min(i + self.max_words)).rev() {
                let Some((count, _, _)) = best[j] else {
                    continue;
                };
                let Some(ids) = self.names.get(&words[i..j].join(" ")) else {
                    continue;
                };
                let id = ids
                    .iter()
                    .copied()
                    .find(|&p| Some(self.places[p].kind) == kind)
                    .unwrap_or(ids[0]);
                if best[i].is_none_or(|(c, _, _)| count + 1 < c) {
                    best[i] = Some((count + 1, j, Some(id)));
                }
            }
        }
        let mut places = Vec::new();
        let mut i = 0;
        while i < n {
            let (_, next, place) = best[i]?;
            places.extend(place.map(|p| &self.places[p]));
            i = next;
        }
        (!places.is_empty()).then_some(places)
    }

    /// The provinces whose chief town is a regional capital.
    pub fn regional_capitals(&self) -> impl Iterator<Item = &Place> {
        self.places.iter().filter(|p| p.capital_of.is_some())
    }

    pub fn of_kind(&self, kind: PlaceKind) -> impl Iterator<Item = &Place> {
        self.places.iter().filter(move |p| p.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_is_complete() {
        let g = gazetteer();
        assert_eq!(g.of_kind(PlaceKind::Region).count(), 20);
        assert_eq!(g.of_kind(PlaceKind::Province).count(), 107);
        assert_eq!(g.regional_capitals().count(), 20);
        let mut codes: Vec<&str> = g.places().iter().map(|p| p.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 127, "ISTAT codes are unique");
    }

    #[test]
    fn names_in_other_languages_find_the_place() {
        let g = gazetteer();
        let code = |name: &str| g.lookup(name, None).map(|p| p.code.as_str());
        assert_eq!(code("Piedmont"), Some("01"));
        assert_eq!(code("Aosta Valley"), Some("02"));
        assert_eq!(code("Turin"), Some("001"));
        assert_eq!(code("Bozen"), Some("021"));
        let piedmont = g.lookup("Piedmont", None).unwrap();
        assert_eq!(piedmont.name, "Piemonte");
        assert!(
            piedmont
                .names
                .contains(&("Piedmont".to_string(), "en".to_string()))
        );
        // A file of its own may name its places in other languages too.
        let own = Gazetteer::parse("region\t1\tNord\nname\t1\tNorth\ten\n").unwrap();
        assert_eq!(
            own.lookup("north", None).map(|p| p.code.as_str()),
            Some("1")
        );
        let unknown = Gazetteer::parse("region\t1\tNord\nname\t2\tSouth\ten\n").unwrap_err();
        assert_eq!(
            (unknown.line, unknown.message.as_str()),
            (2, "`South` names the code `2`, which no place has")
        );
        let short = Gazetteer::parse("region\t1\tNord\nname\t1\tNorth\n").unwrap_err();
        assert_eq!(short.line, 2);
    }

    #[test]
    fn variants_find_the_official_place() {
        let g = gazetteer();
        let code = |name: &str| g.lookup(name, None).map(|p| p.code.as_str());
        assert_eq!(code("Emilia Romagna"), Some("08"));
        assert_eq!(code("Trentino Alto Adige"), Some("04"));
        assert_eq!(code("Valle d’Aosta"), Some("02"));
        assert_eq!(code("Reggio Calabria"), Some("080"));
        assert_eq!(code("reggio emilia"), Some("035"));
        assert_eq!(code("L'Aquila"), Some("066"));
        assert_eq!(code("Atlantide"), None);
    }

    #[test]
    fn splits_names_written_without_a_separator() {
        let g = gazetteer();
        let names = |t: &str| {
            g.split_run(t, Some(PlaceKind::Region), |w| matches!(w, "e" | "ed"))
                .map(|ps| ps.iter().map(|p| p.name.as_str()).collect::<Vec<_>>())
        };
        assert_eq!(
            names("Basilicata Valle d'Aosta"),
            Some(vec!["Basilicata", "Valle d'Aosta"])
        );
        assert_eq!(
            names("Friuli Venezia Giulia"),
            Some(vec!["Friuli-Venezia Giulia"])
        );
        assert_eq!(names("Umbria e Marche"), Some(vec!["Umbria", "Marche"]));
        assert_eq!(names("Basilicata Atlantide"), None);
    }

    #[test]
    fn a_bad_file_says_which_line() {
        let e = Gazetteer::parse("# note\nregion\t01\tAlba\nregione\t02\tBeta\n").err();
        assert_eq!(e.map(|e| e.line), Some(3));
        let e = Gazetteer::parse("region\t01\tAlba\nprovince\t01\tBeta\n").err();
        assert_eq!(
            e.map(|e| e.message),
            Some("the code `01` is given twice".to_string())
        );
        assert!(Gazetteer::parse("# nothing\n").is_err());
        let g = Gazetteer::parse("region\tA\tAlba\t\t\t\tAlbania|Alb\n").unwrap();
        assert_eq!(
            g.lookup("albania", None).map(|p| p.code.as_str()),
            Some("A")
        );
    }
}
