//! A revision's facts: its records (and findings) as `records.json` and
//! `findings.json` write them, each turned into a key that says what it is
//! about (`interpret::keys`, the CSVs' `key` column) and the fields a
//! revision may change. Read from JSON, so that a document processed now and
//! an output folder of an earlier run give the same facts.

use foldhash::{HashMap, HashSet};
use std::collections::BTreeMap;

use serde_json::Value;

use super::Side;
use crate::interpret::keys;
use crate::interpret::values::format_number;

/// The kinds of fact, in the order a diff lists them.
pub const ENTITIES: &[&str] = &[
    "table", "group", "member", "position", "office", "total", "overall", "function", "mission",
    "finding",
];

/// Where a fact stands in its revision: the table and line, and the cell
/// when it has one (`report.html` has an anchor for each).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    pub table: usize,
    pub line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<(usize, usize)>,
}

impl Place {
    /// The anchor of the place in `report.html`: the cell, else the table;
    /// none for a place outside tables (a mission's paragraph).
    pub fn anchor(&self) -> Option<String> {
        match (self.table, self.cell) {
            (0, _) => None,
            (t, Some((row, col))) => Some(format!("c-{t}-{row}-{col}")),
            (t, None) => Some(format!("t-{t}")),
        }
    }
}

/// One fact of a revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub entity: &'static str,
    pub key: String,
    /// What a revision may change, by name, in a fixed order.
    pub fields: Vec<(String, String)>,
    pub place: Option<Place>,
    /// A finding's severity.
    pub severity: Option<String>,
    /// A finding's message.
    pub detail: String,
    /// The fact as an identical copy of a table states it again (from the
    /// record's `also_at`): it comes and goes with that copy.
    pub copy: bool,
}

impl Fact {
    /// The value of a field, empty when the fact has none.
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// `structures=9 per_structure=1`: the fields that have a value.
    pub fn describe(&self) -> String {
        self.fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The fact as one line of `orgtables records`: entity, key, fields.
    pub fn line(&self) -> String {
        let fields = self.describe();
        if fields.is_empty() {
            format!("{} {}", self.entity, self.key)
        } else {
            format!("{} {}: {fields}", self.entity, self.key)
        }
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |x| format_number(x, '.')),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("+"),
        Value::Object(_) => v.to_string(),
    }
}

fn get(v: &Value, name: &str) -> String {
    text(v.get(name).unwrap_or(&Value::Null))
}

fn list<'v>(v: &'v Value, name: &str) -> &'v [Value] {
    v.get(name)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The place of a record: its cell (`cell`, or the first of `cells`), else
/// its table and line.
fn place(v: &Value) -> Option<Place> {
    let cell = v.get("cell").filter(|c| c.is_object()).or_else(|| {
        v.get("cells")
            .and_then(Value::as_object)
            .and_then(|m| m.values().next())
    });
    let number = |v: &Value, name: &str| v.get(name).and_then(Value::as_u64);
    let table = number(v, "table").or_else(|| cell.and_then(|c| number(c, "table")))?;
    let line = number(v, "line")
        .or_else(|| cell.and_then(|c| number(c, "line")))
        .unwrap_or(0);
    let cell =
        cell.and_then(|c| Some((number(c, "grid_row")? as usize, number(c, "col")? as usize)));
    Some(Place {
        table: table as usize,
        line,
        cell,
    })
}

fn fact(
    entity: &'static str,
    key: String,
    fields: &[(&str, String)],
    place: Option<Place>,
) -> Fact {
    Fact {
        entity,
        key,
        fields: fields
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect(),
        place,
        severity: None,
        detail: String::new(),
        copy: false,
    }
}

/// Facts of one entity, their keys made unique in record order. A record
/// read from identical copies stands for one fact per copy, the copies'
/// after all the originals: so a copy that stops being identical shows as
/// the few facts it changed, under the keys they had, not as a new table.
fn keyed(
    entity: &'static str,
    items: &[Value],
    key: impl Fn(&Value) -> String,
    fields: impl Fn(&Value) -> Vec<(&'static str, String)>,
) -> Vec<Fact> {
    let copies = items.iter().flat_map(|v| {
        list(v, "also_at").iter().filter_map(move |at| {
            let place = Place {
                table: at.get("table")?.as_u64()? as usize,
                line: at.get("line").and_then(Value::as_u64).unwrap_or(0),
                cell: None,
            };
            Some((v, Some(place), true))
        })
    });
    let all: Vec<(&Value, Option<Place>, bool)> = items
        .iter()
        .map(|v| (v, place(v), false))
        .chain(copies)
        .collect();
    let keys = keys::unique(all.iter().map(|(v, _, _)| key(v)));
    all.into_iter()
        .zip(keys)
        .map(|((v, at, copy), k)| Fact {
            copy,
            ..fact(entity, k, &fields(v), at)
        })
        .collect()
}

/// Where an aggregate stands: level, source, group, sub-group, and count.
type AggregateAt = (String, String, String, String, String);

/// How one revision's names read in the other's words. A translation
/// names its groups (`High complexity`) and its aggregates (`63 Provincial
/// offices`) in its own language: where the later revision's name stands for
/// the same group (the same identity, which `records.json` gives with each
/// group) or the same aggregate (the same count in the same group), its
/// facts are keyed and compared under the earlier revision's name, so a
/// translation changes no member, position or office.
#[derive(Debug, Default)]
pub struct Names {
    /// (level, name as written) → the other revision's name.
    groups: HashMap<(String, String), String>,
    /// (level, source, name as written) → the other revision's name.
    aggregates: HashMap<(String, String, String), String>,
}

impl Names {
    /// The names of `new` that `old` writes otherwise.
    pub fn between(old: &Side, new: &Side) -> Names {
        let mut names = Names::default();
        let (o, n) = (&old.records, &new.records);
        let by_id: HashMap<(String, String), String> = list(o, "groups")
            .iter()
            .map(|g| ((get(g, "level"), get(g, "key")), get(g, "group")))
            .collect();
        let written: HashSet<(String, String)> = list(o, "groups")
            .iter()
            .map(|g| (get(g, "level"), get(g, "group")))
            .collect();
        for g in list(n, "groups") {
            let name = (get(g, "level"), get(g, "group"));
            if written.contains(&name) {
                continue;
            }
            if let Some(theirs) = by_id.get(&(get(g, "level"), get(g, "key"))) {
                names.groups.insert(name, theirs.clone());
            }
        }
        names.aggregates = names.aggregates_between(o, n);
        names
    }

    /// The aggregates of `n` that `o` states with the same count, in the
    /// same group and sub-group, under another name.
    fn aggregates_between(
        &self,
        o: &Value,
        n: &Value,
    ) -> HashMap<(String, String, String), String> {
        let aggregates = |r: &'_ Value| -> Vec<(AggregateAt, String)> {
            list(r, "members")
                .iter()
                .filter(|m| get(m, "kind") == "aggregate")
                .map(|m| {
                    let at = (
                        get(m, "level"),
                        get(m, "source"),
                        get(m, "group"),
                        get(m, "subgroup"),
                        get(m, "count"),
                    );
                    (at, get(m, "member"))
                })
                .collect()
        };
        let theirs: HashMap<_, String> = aggregates(o).into_iter().collect();
        let named: HashSet<(String, String)> = list(o, "members")
            .iter()
            .map(|m| (get(m, "level"), get(m, "member")))
            .collect();
        let mut out = HashMap::default();
        for ((level, source, group, subgroup, count), name) in aggregates(n) {
            if named.contains(&(level.clone(), name.clone())) {
                continue;
            }
            let group = self.group(&level, &group);
            if let Some(other) =
                theirs.get(&(level.clone(), source.clone(), group, subgroup, count))
            {
                out.insert((level, source, name), other.clone());
            }
        }
        out
    }

    /// A group's name in the other revision's words.
    fn group(&self, level: &str, name: &str) -> String {
        self.groups
            .get(&(level.to_string(), name.to_string()))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// A member's name in the other revision's words.
    fn member(&self, level: &str, source: &str, name: &str) -> String {
        self.aggregates
            .get(&(level.to_string(), source.to_string(), name.to_string()))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

/// The groups of each level by the name the other revision knows them by,
/// with their name as this one writes it: a renamed or translated group is
/// one change, the group's, not one per record. None for a revision read
/// from an output folder of a version that wrote no groups.
fn groups(r: &Value, names: &Names) -> Vec<Fact> {
    let items = list(r, "groups");
    let keys = keys::unique(items.iter().map(|g| {
        let level = get(g, "level");
        format!("{level}/{}", names.group(&level, &get(g, "group")))
    }));
    items
        .iter()
        .zip(keys)
        .map(|(g, key)| fact("group", key, &[("name", get(g, "group"))], place(g)))
        .collect()
}

/// Every fact of a revision but its functions and missions (which
/// [`wordings`] gives by structure and area), in [`ENTITIES`] order; its
/// names read as `names` reads them.
pub fn facts(side: &Side, names: &Names) -> Vec<Fact> {
    let r = &side.records;
    let mut out = tables(list(r, "tables"));
    out.extend(groups(r, names));
    out.extend(members(r, names));
    out.extend(positions(r, names));
    out.extend(offices(r, names));
    out.extend(totals(r));
    out.extend(findings(&side.findings));
    out
}

fn level(v: &Value) -> String {
    get(v, "level")
}

/// A record's group, in the words `names` reads it in.
fn group(v: &Value, names: &Names) -> String {
    names.group(&level(v), &get(v, "group"))
}

fn members(r: &Value, names: &Names) -> Vec<Fact> {
    keyed(
        "member",
        list(r, "members"),
        |m| {
            let source = get(m, "source");
            let name = names.member(&level(m), &source, &get(m, "member"));
            keys::member(&level(m), &source, &name)
        },
        |m| {
            vec![
                ("group", group(m, names)),
                ("subgroup", get(m, "subgroup")),
                ("kind", get(m, "kind")),
                ("count", get(m, "count")),
                ("code", get(m, "code")),
            ]
        },
    )
}

fn positions(r: &Value, names: &Names) -> Vec<Fact> {
    keyed(
        "position",
        list(r, "positions"),
        |p| {
            keys::position(
                &level(p),
                &get(p, "source"),
                &group(p, names),
                &get(p, "subgroup"),
                &get(p, "fascia"),
            )
        },
        |p| {
            vec![
                ("structures", get(p, "structures")),
                ("per_structure", get(p, "per_structure")),
                ("total_stated", get(p, "total_stated")),
                ("marker", get(p, "marker")),
            ]
        },
    )
}

fn offices(r: &Value, names: &Names) -> Vec<Fact> {
    keyed(
        "office",
        list(r, "offices"),
        |o| {
            keys::office(
                &level(o),
                &group(o, names),
                &get(o, "subgroup"),
                &get(o, "fasce"),
                &get(o, "office"),
            )
        },
        |o| {
            let at_most = o.get("count_is_max") == Some(&Value::Bool(true));
            vec![
                ("count", get(o, "count")),
                (
                    "at_most",
                    if at_most { "yes".into() } else { String::new() },
                ),
                ("scope", get(o, "scope")),
            ]
        },
    )
}

/// The stated totals, then the overall summary's rows.
fn totals(r: &Value) -> Vec<Fact> {
    let mut out = keyed(
        "total",
        list(r, "totals"),
        |t| {
            keys::total(
                &level(t),
                &get(t, "source"),
                &get(t, "of"),
                &get(t, "fascia"),
            )
        },
        |t| vec![("value", get(t, "value")), ("marker", get(t, "marker"))],
    );
    out.extend(keyed(
        "overall",
        list(r, "overall"),
        |o| {
            let scope = match get(o, "scope") {
                s if s.is_empty() => get(o, "label"),
                s => s,
            };
            keys::overall(&scope, &get(o, "fascia"))
        },
        |o| vec![("value", get(o, "value")), ("marker", get(o, "marker"))],
    ));
    out
}

/// Tables by kind, level and order among the tables of that kind and level
/// (a table in parts counts once, as its first part): the caption, and
/// whether it is a copy, identical or not.
fn tables(items: &[Value]) -> Vec<Fact> {
    let whole: Vec<&Value> = items
        .iter()
        .filter(|t| t.get("continues").is_none_or(Value::is_null))
        .collect();
    let base = |t: &Value| {
        let kind = get(t, "kind");
        format!(
            "{}/{}",
            if kind.is_empty() {
                "unrecognised"
            } else {
                &kind
            },
            match get(t, "level") {
                l if l.is_empty() => "-".to_string(),
                l => l,
            }
        )
    };
    let keys = keys::unique(whole.iter().map(|t| base(t)));
    let key_of: HashMap<u64, &str> = whole
        .iter()
        .zip(&keys)
        .filter_map(|(t, k)| Some((t.get("index")?.as_u64()?, k.as_str())))
        .collect();
    let parts = |index: Option<u64>| {
        items
            .iter()
            .filter(|t| t.get("continues").and_then(Value::as_u64) == index)
            .count()
    };
    whole
        .iter()
        .zip(&keys)
        .map(|(t, key)| {
            let index = t.get("index").and_then(Value::as_u64);
            let original = t.get("copy_of").and_then(Value::as_u64);
            let copy = match (original, t.get("identical") == Some(&Value::Bool(true))) {
                (None, _) => String::new(),
                (Some(_), true) => "identical".into(),
                (Some(_), false) => "differing".into(),
            };
            fact(
                "table",
                key.clone(),
                &[
                    ("caption", get(t, "caption")),
                    (
                        "copy_of",
                        original
                            .and_then(|o| key_of.get(&o))
                            .map_or(String::new(), |k| k.to_string()),
                    ),
                    ("copy", copy),
                    (
                        "parts",
                        match parts(index) {
                            0 => String::new(),
                            n => (n + 1).to_string(),
                        },
                    ),
                ],
                index.map(|i| Place {
                    table: i as usize,
                    line: t.get("line").and_then(Value::as_u64).unwrap_or(0),
                    cell: None,
                }),
            )
        })
        .collect()
}

/// How a finding's severity reads when the reviewers accepted it.
pub const ACCEPTED: &str = "(accepted)";

/// Who accepted a finding and when (`A. Reviewer, 2026-11-20`), or
/// nothing: a change of acceptance is a change of the finding.
fn accepted(f: &Value) -> String {
    match f.get("accepted") {
        Some(a @ Value::Object(_)) => format!("{}, {}", get(a, "by"), get(a, "date")),
        _ => String::new(),
    }
}

/// Findings by id: their severity, rule and the values they compare (not
/// their message, which names tables and lines).
fn findings(items: &Value) -> Vec<Fact> {
    let items = items.as_array().map_or(&[][..], Vec::as_slice);
    items
        .iter()
        .map(|f| {
            let location = f
                .get("locations")
                .and_then(Value::as_array)
                .and_then(|l| l.first());
            let mut out = fact(
                "finding",
                get(f, "id"),
                &[
                    ("severity", get(f, "severity")),
                    ("rule", get(f, "rule")),
                    ("expected", get(f, "expected")),
                    ("found", get(f, "found")),
                    ("accepted", accepted(f)),
                ],
                location.and_then(|l| {
                    Some(Place {
                        table: l.get("table")?.as_u64()? as usize,
                        line: l.get("line").and_then(Value::as_u64).unwrap_or(0),
                        cell: None,
                    })
                }),
            );
            // An accepted finding says so wherever its severity is shown,
            // and fails no `--fail-on`.
            out.severity = Some(match f.get("accepted") {
                Some(Value::Object(_)) => format!("{} {ACCEPTED}", get(f, "severity")),
                _ => get(f, "severity"),
            });
            out.detail = get(f, "message");
            out
        })
        .collect()
}

/// Functions and missions by what they belong to (`function/matrix/Direzioni
/// Regionali/AREA`, `mission/Direzioni Regionali`), each list in document
/// order: wordings a revision may change one by one.
pub fn wordings(side: &Side) -> BTreeMap<String, Vec<Fact>> {
    let mut out: BTreeMap<String, Vec<Fact>> = BTreeMap::new();
    for f in list(&side.records, "functions") {
        let group = format!(
            "{}/{}/{}",
            get(f, "source"),
            get(f, "structure"),
            get(f, "area")
        );
        let key = keys::function(
            &get(f, "source"),
            &get(f, "structure"),
            &get(f, "area"),
            &get(f, "activity"),
        );
        let mut fact = fact(
            "function",
            key,
            &[("activity", get(f, "activity"))],
            place(f),
        );
        fact.detail = group.clone();
        out.entry(format!("function\t{group}"))
            .or_default()
            .push(fact);
    }
    for m in list(&side.records, "missions") {
        let group = get(m, "structure");
        let key = keys::mission(&group, &get(m, "mission"));
        let line = m.get("line").and_then(Value::as_u64).unwrap_or(0);
        let mut fact = fact(
            "mission",
            key,
            &[("activity", get(m, "mission"))],
            Some(Place {
                table: 0,
                line,
                cell: None,
            }),
        );
        fact.detail = group.clone();
        out.entry(format!("mission\t{group}"))
            .or_default()
            .push(fact);
    }
    out
}
