//! The identity of each record as text: what a record is about (level,
//! group, sub-group, fascia, source, name), never where it stands (table,
//! line). The record CSVs write it as their `key` column, so that
//! spreadsheets, daff and `git diff` align rows across revisions, and
//! `compare` matches facts by it. Written from parts, so that records read
//! back from `records.json` get the same keys as records made in memory.

use foldhash::{HashMap, HashMapExt};

use super::{Function, Member, Mission, Office, OverallRow, Position, StatedTotal};

fn or_dash(part: &str) -> &str {
    if part.is_empty() { "-" } else { part }
}

pub fn position(level: &str, source: &str, group: &str, subgroup: &str, fascia: &str) -> String {
    format!("{level}/{source}/{group}/{subgroup}/{}", or_dash(fascia))
}

pub fn member(level: &str, source: &str, name: &str) -> String {
    format!("{level}/{source}/{name}")
}

pub fn office(level: &str, group: &str, subgroup: &str, fasce: &str, office: &str) -> String {
    format!(
        "{level}/{group}/{}/{}/{office}",
        or_dash(subgroup),
        or_dash(fasce)
    )
}

pub fn total(level: &str, source: &str, of: &str, fascia: &str) -> String {
    format!("{level}/{source}/{of}/{}", or_dash(fascia))
}

pub fn overall(scope_or_label: &str, fascia: &str) -> String {
    format!("overall/{scope_or_label}/{}", or_dash(fascia))
}

pub fn function(source: &str, structure: &str, area: &str, activity: &str) -> String {
    format!("{source}/{structure}/{area}/{activity}")
}

pub fn mission(structure: &str, mission: &str) -> String {
    format!("{structure}/{mission}")
}

/// Keys made unique in order: the second record with a key (a region listed
/// twice at one level, a second totals row of the same kind) gets `#2`.
pub fn unique(keys: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    keys.into_iter()
        .map(|key| {
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            if *n == 1 { key } else { format!("{key}#{n}") }
        })
        .collect()
}

impl Position {
    pub fn key(&self) -> String {
        position(
            self.level.as_str(),
            self.source.as_str(),
            &self.group,
            &self.subgroup.to_string(),
            self.fascia.map_or("", |f| f.as_str()),
        )
    }
}

impl Member {
    pub fn key(&self) -> String {
        member(self.level.as_str(), self.source.as_str(), &self.member)
    }
}

impl Office {
    pub fn key(&self) -> String {
        let fasce: Vec<&str> = self.fasce.iter().map(|f| f.as_str()).collect();
        office(
            self.level.as_str(),
            &self.group,
            &self.subgroup.map_or_else(String::new, |s| s.to_string()),
            &fasce.join("+"),
            &self.office,
        )
    }
}

impl StatedTotal {
    pub fn key(&self) -> String {
        total(
            self.level.as_str(),
            self.source.as_str(),
            self.of.as_str(),
            self.fascia.map_or("", |f| f.as_str()),
        )
    }
}

impl OverallRow {
    pub fn key(&self) -> String {
        overall(
            self.scope.map_or(self.label.as_str(), |s| s.as_str()),
            self.fascia.map_or("", |f| f.as_str()),
        )
    }
}

impl Function {
    pub fn key(&self) -> String {
        function(
            self.source.as_str(),
            &self.structure,
            &self.area,
            &self.activity,
        )
    }
}

impl Mission {
    pub fn key(&self) -> String {
        mission(&self.structure, &self.mission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_the_fact_and_repeats_are_numbered() {
        assert_eq!(
            position("regional", "summary", "Bassa", "2", "II"),
            "regional/summary/Bassa/2/II"
        );
        assert_eq!(
            total("provincial", "detail", "positions", ""),
            "provincial/detail/positions/-"
        );
        assert_eq!(
            unique([
                "a".to_string(),
                "b".to_string(),
                "a".to_string(),
                "a".to_string()
            ]),
            vec!["a", "b", "a#2", "a#3"]
        );
    }
}
