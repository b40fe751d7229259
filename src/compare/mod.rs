//! Two revisions compared fact by fact: `orgtables diff OLD NEW`. Each side
//! is a document (read now) or the output folder of an earlier run (read
//! from its `records.json` and `findings.json`), turned into facts matched
//! by identity, never by position: members by level and name, positions by
//! level, source, group, sub-group and fascia, offices, totals and overall
//! rows by their keys (`interpret::keys`), functions by structure and area,
//! tables by kind, level and order among their kind, findings by id.

pub mod facts;

use foldhash::{HashMap, HashSet, HashSetExt};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Position, Result};
use crate::interpret::values::format_number;
use crate::lexicon::Lexicon;
use crate::source::{Document, Unit};

pub use facts::{Fact, Place};

/// One side of a comparison: its name, and its records and findings as
/// `records.json` and `findings.json` write them.
pub struct Side {
    pub name: String,
    pub records: Value,
    pub findings: Value,
    /// Where the side's cells can be shown, for changes to link to them.
    pub report: Report,
    /// The files the side was read from: no output may replace or hold them.
    pub files: Vec<PathBuf>,
    /// What the side's lines count (a Word file's paragraphs).
    pub unit: Unit,
}

/// Where a side's cells are shown.
pub enum Report {
    /// The `report.html` of an earlier run's output folder.
    File(PathBuf),
    /// A document read now: its report can be written beside the diff.
    Extraction(Box<crate::Extraction>),
    /// An output folder without a report.
    None,
}

impl Side {
    /// A document (processed now, its findings accepted by `accepted` or
    /// the `orgtables.toml` beside it), or an earlier run's output folder
    /// (its findings accepted as they were when it was written).
    pub fn load(
        path: &Path,
        how: crate::source::ReadAs,
        lex: &Lexicon,
        accepted: crate::accepted::Lookup,
    ) -> Result<Side> {
        if path.is_dir() {
            return Side::from_folder(path);
        }
        let input = crate::source::Input::File(path.to_path_buf());
        let doc: Document = crate::source::read(&input, how)?;
        let mut ex = crate::process_with(&doc, lex)?;
        let mut files = vec![path.to_path_buf()];
        if let Some(file) = accepted.file_for(Some(path)) {
            crate::accepted::Acceptances::read(&file)?.apply(&doc.name, &mut ex.reconciliation);
            files.push(file);
        }
        Ok(Side {
            name: doc.name.clone(),
            unit: doc.unit(),
            records: serde_json::to_value(&ex.records).unwrap_or_default(),
            findings: serde_json::to_value(&ex.reconciliation.findings).unwrap_or_default(),
            report: Report::Extraction(Box::new(ex)),
            files,
        })
    }

    /// A side read back from an output folder: its `records.json` and
    /// `findings.json`, each refused unless it has their shape, and its
    /// report for links.
    fn from_folder(path: &Path) -> Result<Side> {
        if !path.join("records.json").exists() {
            return Err(not_an_output_folder(path));
        }
        let read = |file: &str| -> Result<Value> {
            let p = path.join(file);
            let text = crate::source::read_bounded(
                &p,
                MAX_FOLDER_JSON_BYTES,
                &format!("an orgtables {file}"),
            )?;
            serde_json::from_str(&text).map_err(|e| {
                Error::invalid(
                    Position::line(crate::source::display_path(&p), e.line() as u32),
                    format!("not an orgtables {file}: {e}"),
                )
            })
        };
        let report = path.join("report.html");
        let files = ["records.json", "findings.json", "report.html"];
        let (records, findings) = (read("records.json")?, read("findings.json")?);
        // A folder of other JSON would compare as a revision with no
        // facts: every fact "removed", and a green exit status.
        let shape = |file: &str, ok: bool, what: &str| match ok {
            true => Ok(()),
            false => Err(Error::invalid(
                Position::file(crate::source::display_path(&path.join(file))),
                format!("not an orgtables {file}: {what}"),
            )),
        };
        let has_tables = records.get("tables").is_some_and(Value::is_array);
        shape("records.json", has_tables, "no `tables` list")?;
        shape(
            "findings.json",
            findings.is_array(),
            "not a list of findings",
        )?;
        // A folder written from a Word file says so in its records.
        let unit = match records.get("unit").and_then(Value::as_str) {
            Some("paragraph") => Unit::Paragraph,
            _ => Unit::Line,
        };
        Ok(Side {
            name: crate::source::display_path(path),
            unit,
            records,
            findings,
            report: if report.is_file() {
                Report::File(report)
            } else {
                Report::None
            },
            files: files
                .iter()
                .map(|f| path.join(f))
                .filter(|p| p.exists())
                .collect(),
        })
    }
}

/// The most an output folder's `records.json` or `findings.json` may be
/// when `diff` reads it back: read as a JSON tree, it takes several times
/// its size.
pub const MAX_FOLDER_JSON_BYTES: u64 = 128 * 1024 * 1024;

/// Why a folder without `records.json` cannot be a side: it is not an
/// output folder, or it is the folder of several documents' output folders.
fn not_an_output_folder(path: &Path) -> Error {
    let mut inside: Vec<String> = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("records.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    inside.sort();
    let message = match inside.len() {
        0 => "not a document nor an orgtables output folder (it has no records.json)".to_string(),
        n => format!(
            "holds the output folders of {n} document{}, not one: give one of them ({})",
            if n == 1 { "" } else { "s" },
            inside
                .iter()
                .take(5)
                .map(|n| crate::source::display_path(&path.join(n)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Error::invalid(Position::file(crate::source::display_path(path)), message)
}

impl Side {
    /// What reading the side's document found wrong with it (none for an
    /// output folder).
    pub fn diagnostics(&self) -> &[crate::error::Diagnostic] {
        match &self.report {
            Report::Extraction(ex) => &ex.diagnostics,
            _ => &[],
        }
    }
}

/// What happened to a fact between the revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Added,
    Removed,
    /// A value changed.
    Changed,
    /// A member in another group or sub-group.
    Moved,
    /// A function's wording changed.
    Reworded,
    /// Only its case changed.
    CaseOnly,
    /// Only its punctuation or spacing changed.
    PunctuationOnly,
    /// Copies of a table that were identical and now differ.
    Diverged,
    /// Copies that differed and are now identical.
    Converged,
    /// A finding the old revision did not have.
    New,
    /// A finding the new revision no longer has.
    Resolved,
    /// A finding the old revision had, now reported once more for a copy of
    /// a table that stopped being identical (the same rule and values, its
    /// id ending `-2`): not new.
    Repeated,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Moved => "moved",
            ChangeKind::Reworded => "reworded",
            ChangeKind::CaseOnly => "case-only",
            ChangeKind::PunctuationOnly => "punctuation-only",
            ChangeKind::Diverged => "diverged",
            ChangeKind::Converged => "converged",
            ChangeKind::New => "new",
            ChangeKind::Resolved => "resolved",
            ChangeKind::Repeated => "repeated",
        }
    }

    /// Whether the change is of one field of a fact that is in both
    /// revisions.
    pub fn of_fields(self) -> bool {
        matches!(
            self,
            ChangeKind::Changed | ChangeKind::Moved | ChangeKind::Diverged | ChangeKind::Converged
        )
    }
}

/// One change: of a fact (`entity`, `key`), of one of its fields or of the
/// whole fact, with the values before and after and where it stands in each
/// revision.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    pub entity: &'static str,
    pub key: String,
    pub kind: ChangeKind,
    /// The field that changed; empty for a fact added or removed.
    pub field: String,
    pub before: String,
    pub after: String,
    /// The change in words: the arithmetic of both sides, a word diff.
    pub detail: String,
    /// A finding's severity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    pub old_place: Option<Place>,
    pub new_place: Option<Place>,
}

impl Change {
    /// The change in words, without its places: `structures: 6 → 7 (before
    /// 6 × 4 = 24; after 7 × 4 = 28)`, a word diff, a finding's message.
    pub fn text(&self) -> String {
        let what = match (self.kind, self.entity) {
            (ChangeKind::New | ChangeKind::Resolved, _) | (ChangeKind::Changed, "finding") => {
                return self.detail.clone();
            }
            (ChangeKind::Repeated, _) => {
                let base = self.key.rsplit_once('-').map_or("", |(base, _)| base);
                return format!("{} (reported before as {base})", self.detail);
            }
            (ChangeKind::Added, _) => self.after.clone(),
            (ChangeKind::Removed, _) => self.before.clone(),
            (ChangeKind::Reworded | ChangeKind::CaseOnly | ChangeKind::PunctuationOnly, _) => {
                return self.detail.clone();
            }
            _ => format!(
                "{}: {} → {}",
                self.field,
                dash(&self.before),
                dash(&self.after)
            ),
        };
        if self.detail.is_empty() {
            what
        } else {
            format!("{what} ({})", self.detail)
        }
    }

    /// `new.md:57 (was old.md:59)`: where to look in the new revision, or
    /// in the old one for what is gone (`new.docx, paragraph 57` in a Word
    /// file, whose lines count `units`).
    pub fn places(&self, old: &str, new: &str, units: [Unit; 2]) -> String {
        let at = |name: &str, p: &Option<Place>, unit: Unit| {
            p.as_ref().map(|p| unit.place(name, p.line))
        };
        match (
            at(old, &self.old_place, units[0]),
            at(new, &self.new_place, units[1]),
        ) {
            (Some(o), Some(n))
                if self.old_place.as_ref().map(|p| p.line)
                    != self.new_place.as_ref().map(|p| p.line) =>
            {
                format!("{n} (was {o})")
            }
            (_, Some(n)) => n,
            (Some(o), None) => o,
            (None, None) => String::new(),
        }
    }
}

/// A run of changes in words: a fact's changed fields with the arithmetic
/// once (`structures: 6 → 7; total_stated: 24 → 28 (before …)`), a
/// finding's message, or the one change's [`Change::text`].
pub fn run_text(run: &[Change]) -> String {
    let c = &run[0];
    if run.len() == 1 || c.entity == "finding" {
        return c.text();
    }
    let fields: Vec<String> = run
        .iter()
        .map(|c| format!("{}: {} → {}", c.field, dash(&c.before), dash(&c.after)))
        .collect();
    match c.detail.as_str() {
        "" => fields.join("; "),
        detail => format!("{} ({detail})", fields.join("; ")),
    }
}

/// An empty value as a dash.
fn dash(value: &str) -> &str {
    if value.is_empty() { "-" } else { value }
}

/// The comparison of two revisions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diff {
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
    /// Findings in both revisions, unchanged: their ids.
    pub persisting: Vec<String>,
    /// What the old and the new side's lines count.
    #[serde(skip)]
    pub units: [Unit; 2],
}

impl Diff {
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// New findings of this severity or above.
    pub fn new_findings_at_least(&self, severity: &str) -> usize {
        let rank = |s: &str| match s {
            "error" => 2,
            "warning" => 1,
            _ => 0,
        };
        self.changes
            .iter()
            .filter(|c| c.kind == ChangeKind::New)
            .filter(|c| {
                c.severity
                    .as_deref()
                    .is_some_and(|s| !s.ends_with(facts::ACCEPTED) && rank(s) >= rank(severity))
            })
            .count()
    }

    /// The changes in runs: the fields of one fact that changed the same
    /// way (a position's count and total) are one run; any other change is
    /// a run of its own.
    pub fn runs(&self) -> Vec<&[Change]> {
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=self.changes.len() {
            let same = i < self.changes.len() && {
                let (a, b) = (&self.changes[i - 1], &self.changes[i]);
                a.entity == b.entity
                    && a.key == b.key
                    && a.kind == b.kind
                    && !b.field.is_empty()
                    && b.kind.of_fields()
            };
            if !same {
                runs.push(&self.changes[start..i]);
                start = i;
            }
        }
        runs
    }

    /// The terminal view (and the text the revision tests compare): a line
    /// per changed fact, `place: kind[entity] key: what`, then the summary.
    pub fn render_text(&self, style: &dyn Fn(ChangeKind, &str) -> String) -> String {
        let mut out = String::new();
        for run in self.runs() {
            let c = &run[0];
            let places = c.places(&self.old, &self.new, self.units);
            let finding = c.entity == "finding";
            let what = run_text(run);
            let _ = writeln!(
                out,
                "{}{}[{}] {}: {what}",
                if places.is_empty() {
                    String::new()
                } else {
                    format!("{places}: ")
                },
                style(c.kind, c.kind.as_str()),
                c.entity,
                c.key,
            );
            if finding && c.kind == ChangeKind::Changed {
                for c in run {
                    let _ = writeln!(
                        out,
                        "    {}: {} → {}",
                        c.field,
                        dash(&c.before),
                        dash(&c.after)
                    );
                }
            }
        }
        let _ = writeln!(out, "{} → {}: {}", self.old, self.new, self.summary());
        out
    }

    /// `12 fact changes; findings: 1 new, 2 resolved, 0 changed, 1
    /// repeated, 13 persisting`, counting a fact whose fields changed once.
    pub fn summary(&self) -> String {
        let runs = self.runs();
        let facts = runs.iter().filter(|r| r[0].entity != "finding").count();
        let findings = |kind| {
            runs.iter()
                .filter(|r| r[0].entity == "finding" && r[0].kind == kind)
                .count()
        };
        format!(
            "{facts} fact change{}; findings: {} new, {} resolved, {} changed, {} repeated, {} persisting",
            if facts == 1 { "" } else { "s" },
            findings(ChangeKind::New),
            findings(ChangeKind::Resolved),
            findings(ChangeKind::Changed),
            findings(ChangeKind::Repeated),
            self.persisting.len()
        )
    }

    /// How many facts changed (not findings), a fact whose fields changed
    /// counted once.
    pub fn fact_changes(&self) -> usize {
        self.runs()
            .iter()
            .filter(|r| r[0].entity != "finding")
            .count()
    }
}

/// Compares two revisions.
pub fn diff(old: &Side, new: &Side) -> Diff {
    let names = facts::Names::between(old, new);
    let (mut a, mut b) = (
        facts::facts(old, &facts::Names::default()),
        facts::facts(new, &names),
    );
    // A side read from an output folder of a version that wrote no groups
    // has none to compare: the other side's are not new.
    if [old, new].iter().any(|s| s.records.get("groups").is_none()) {
        a.retain(|f| f.entity != "group");
        b.retain(|f| f.entity != "group");
    }
    // An identical copy of a table printed or dropped is one change, the
    // table's, not one per fact it states again.
    let (gone, came) = (copies_only_in(&a, &b), copies_only_in(&b, &a));
    let a: Vec<&Fact> = a.iter().filter(|f| !in_copy(f, &gone)).collect();
    let b: Vec<&Fact> = b.iter().filter(|f| !in_copy(f, &came)).collect();
    let mut changes = Vec::new();
    let mut persisting = Vec::new();
    for entity in facts::ENTITIES {
        if matches!(*entity, "function" | "mission") {
            continue;
        }
        let before: Vec<&Fact> = a.iter().copied().filter(|f| f.entity == *entity).collect();
        let after: Vec<&Fact> = b.iter().copied().filter(|f| f.entity == *entity).collect();
        compare_facts(entity, &before, &after, &mut changes, &mut persisting);
    }
    compare_wordings(&facts::wordings(old), &facts::wordings(new), &mut changes);
    Diff {
        old: old.name.clone(),
        new: new.name.clone(),
        changes,
        persisting,
        units: [old.unit, new.unit],
    }
}

/// The tables of `one` that are identical copies and that `other` does
/// not have (by key): their numbers in `one`.
fn copies_only_in(one: &[Fact], other: &[Fact]) -> HashSet<usize> {
    let keys: HashSet<&str> = other
        .iter()
        .filter(|f| f.entity == "table")
        .map(|f| f.key.as_str())
        .collect();
    one.iter()
        .filter(|f| {
            f.entity == "table" && f.field("copy") == "identical" && !keys.contains(f.key.as_str())
        })
        .filter_map(|f| Some(f.place.as_ref()?.table))
        .collect()
}

/// Whether a fact is stated again by one of these identical copies.
fn in_copy(f: &Fact, tables: &HashSet<usize>) -> bool {
    f.copy && f.place.as_ref().is_some_and(|p| tables.contains(&p.table))
}

fn compare_facts(
    entity: &'static str,
    before: &[&Fact],
    after: &[&Fact],
    changes: &mut Vec<Change>,
    persisting: &mut Vec<String>,
) {
    let old: HashMap<&str, &Fact> = before.iter().map(|f| (f.key.as_str(), *f)).collect();
    let new: HashMap<&str, &Fact> = after.iter().map(|f| (f.key.as_str(), *f)).collect();
    let finding = entity == "finding";
    for f in before {
        let Some(n) = new.get(f.key.as_str()) else {
            changes.push(whole(
                entity,
                f,
                if finding {
                    ChangeKind::Resolved
                } else {
                    ChangeKind::Removed
                },
                true,
            ));
            continue;
        };
        let mut changed = false;
        for (field, was) in &f.fields {
            let now = n.field(field);
            if was == now {
                continue;
            }
            changed = true;
            let kind = match (entity, field.as_str()) {
                ("member", "group" | "subgroup") => ChangeKind::Moved,
                ("table", "copy") if was == "identical" => ChangeKind::Diverged,
                ("table", "copy") if now == "identical" => ChangeKind::Converged,
                _ => ChangeKind::Changed,
            };
            changes.push(Change {
                entity,
                key: f.key.clone(),
                kind,
                field: field.clone(),
                before: was.clone(),
                after: now.to_string(),
                detail: detail(entity, field, f, n),
                severity: n.severity.clone(),
                old_place: f.place.clone(),
                new_place: n.place.clone(),
            });
        }
        if finding && !changed {
            persisting.push(f.key.clone());
        }
    }
    for f in after {
        if !old.contains_key(f.key.as_str()) {
            let kind = match finding {
                false => ChangeKind::Added,
                true if repeats(f, &old) => ChangeKind::Repeated,
                true => ChangeKind::New,
            };
            changes.push(whole(entity, f, kind, false));
        }
    }
}

/// Whether a finding new by its id (`…-2`) is one the old revision had
/// under the id without the suffix, with the same rule and values: the same
/// discrepancy, now reported for a copy that no longer is identical.
fn repeats(f: &Fact, old: &HashMap<&str, &Fact>) -> bool {
    let Some((base, n)) = f.key.rsplit_once('-') else {
        return false;
    };
    if !n.parse::<u32>().is_ok_and(|n| n >= 2) {
        return false;
    }
    old.get(base).is_some_and(|o| o.fields == f.fields)
}

/// A fact added or removed, whole.
fn whole(entity: &'static str, f: &Fact, kind: ChangeKind, before: bool) -> Change {
    let text = f.describe();
    Change {
        entity,
        key: f.key.clone(),
        kind,
        field: String::new(),
        before: if before { text.clone() } else { String::new() },
        after: if before { String::new() } else { text.clone() },
        detail: f.detail.clone(),
        severity: f.severity.clone(),
        old_place: before.then(|| f.place.clone()).flatten(),
        new_place: (!before).then(|| f.place.clone()).flatten(),
    }
}

/// The arithmetic behind a changed value: a position's total as both sides
/// compute it; a finding's message.
fn detail(entity: &str, field: &str, old: &Fact, new: &Fact) -> String {
    match entity {
        "position" if ["structures", "per_structure", "total_stated"].contains(&field) => {
            let side = |f: &Fact| {
                let number = |name| f.field(name).parse::<f64>().ok();
                let product = match (number("structures"), number("per_structure")) {
                    (Some(s), Some(p)) => format_number(s * p, '.'),
                    _ => "?".to_string(),
                };
                format!(
                    "{} × {} = {product}{}",
                    f.field("structures"),
                    f.field("per_structure"),
                    match f.field("total_stated") {
                        "" => String::new(),
                        stated => format!(", stated {stated}"),
                    }
                )
            };
            format!("before {}; after {}", side(old), side(new))
        }
        "finding" => new.detail.clone(),
        _ => String::new(),
    }
}

/// Functions by structure and area, missions by structure: each wording
/// paired with its nearest on the other side (the same, then the same but
/// for case, then but for punctuation and spacing, then the most similar),
/// the rest added or removed. The change's key is what the wording belongs
/// to; the wordings are its before and after.
fn compare_wordings(
    before: &BTreeMap<String, Vec<Fact>>,
    after: &BTreeMap<String, Vec<Fact>>,
    changes: &mut Vec<Change>,
) {
    use crate::reconcile::wording::{Pairing, Wording, pair_wordings, word_diff};
    let groups: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let empty = Vec::new();
    for group in groups {
        let old = before.get(group).unwrap_or(&empty);
        let new = after.get(group).unwrap_or(&empty);
        let a: Vec<&str> = old.iter().map(|f| f.field("activity")).collect();
        let b: Vec<&str> = new.iter().map(|f| f.field("activity")).collect();
        let Pairing {
            mut pairs,
            only_left: only_old,
            only_right: only_new,
        } = pair_wordings(&a, &b);
        // In the new revision's order, not in the order of the passes that
        // paired them.
        pairs.sort_by_key(|&(_, j, _)| j);
        let change = |f: &Fact, kind, before: &str, after: &str, detail: String| Change {
            entity: f.entity,
            key: f.detail.clone(),
            kind,
            field: f.fields[0].0.clone(),
            before: before.to_string(),
            after: after.to_string(),
            detail,
            severity: None,
            old_place: None,
            new_place: None,
        };
        for (i, j, wording) in pairs {
            let kind = match wording {
                Wording::Same => continue,
                Wording::CaseOnly => ChangeKind::CaseOnly,
                Wording::PunctuationOnly => ChangeKind::PunctuationOnly,
                Wording::Reworded => ChangeKind::Reworded,
            };
            changes.push(Change {
                old_place: old[i].place.clone(),
                new_place: new[j].place.clone(),
                ..change(&old[i], kind, a[i], b[j], word_diff(a[i], b[j]))
            });
        }
        for i in only_old {
            changes.push(Change {
                old_place: old[i].place.clone(),
                ..change(&old[i], ChangeKind::Removed, a[i], "", String::new())
            });
        }
        for j in only_new {
            changes.push(Change {
                new_place: new[j].place.clone(),
                ..change(&new[j], ChangeKind::Added, "", b[j], String::new())
            });
        }
    }
}

/// The facts of one revision as text, one a line, sorted, without a line
/// number: what `orgtables records` prints (for `git diff`).
pub fn facts_text(side: &Side) -> String {
    let mut lines: Vec<String> = facts::facts(side, &facts::Names::default())
        .iter()
        .map(Fact::line)
        .collect();
    for list in facts::wordings(side).values() {
        for f in list {
            lines.push(format!(
                "{} {}: {}",
                f.entity,
                f.detail,
                f.field("activity")
            ));
        }
    }
    lines.sort();
    let mut seen = HashSet::new();
    lines.retain(|l| seen.insert(l.clone()));
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn side(records: Value, findings: Value) -> Side {
        let mut all = json!({"tables": []});
        if let (Some(all), Some(records)) = (all.as_object_mut(), records.as_object()) {
            all.extend(records.clone());
        }
        Side {
            name: "side".into(),
            unit: Unit::Line,
            records: all,
            findings,
            report: Report::None,
            files: Vec::new(),
        }
    }

    fn member(group: &str, table: u64, line: u64, also_at: Value) -> Value {
        json!({"level": "regional", "source": "detail", "member": "Umbria", "group": group,
               "subgroup": 1, "kind": "region", "count": 1, "code": "10",
               "table": table, "line": line,
               "cell": {"table": table, "grid_row": 2, "col": 1, "line": line},
               "also_at": also_at})
    }

    fn position(structures: u32, total: u32, line: u64) -> Value {
        json!({"level": "provincial", "source": "summary", "group": "Media complessità", "subgroup": 1,
               "fascia": "II", "structures": structures, "per_structure": 4, "total_stated": total,
               "total_computed": structures * 4, "table": 7, "line": line})
    }

    fn finding(id: &str, found: &str) -> Value {
        json!({"id": id, "severity": "error", "rule": "product", "expected": "70", "found": found,
               "message": format!("Totale {found} ≠ 70"), "locations": [{"table": 7, "line": 101}]})
    }

    fn kinds(d: &Diff) -> Vec<(&str, &str, ChangeKind, &str, &str, &str)> {
        d.changes
            .iter()
            .map(|c| {
                (
                    c.entity,
                    c.key.as_str(),
                    c.kind,
                    c.field.as_str(),
                    c.before.as_str(),
                    c.after.as_str(),
                )
            })
            .collect()
    }

    /// A group and an aggregate named in another language: the same group
    /// (by the identity `records.json` gives it), the same aggregate (by
    /// its count in that group); the group's new name is its one change.
    #[test]
    fn a_translated_group_and_aggregate_are_the_same_facts() {
        let records = |group: &str, key: &str, aggregate: &str| {
            json!({
                "groups": [{"level": "provincial", "group": group, "key": key}],
                "members": [{"level": "provincial", "source": "detail", "member": aggregate,
                             "group": group, "subgroup": 1, "kind": "aggregate", "count": 63,
                             "table": 5, "line": 82}],
                "positions": [{"level": "provincial", "source": "detail", "group": group,
                               "subgroup": 1, "fascia": "II", "structures": 63,
                               "per_structure": 1, "table": 5, "line": 83}],
            })
        };
        let old = side(
            records(
                "Bassa complessità",
                "bassa complessita",
                "63 Sedi Provinciali",
            ),
            json!([]),
        );
        let new = side(
            records(
                "Low complexity",
                "bassa complessita",
                "63 Provincial offices",
            ),
            json!([]),
        );
        assert_eq!(
            kinds(&diff(&old, &new)),
            [(
                "group",
                "provincial/Bassa complessità",
                ChangeKind::Changed,
                "name",
                "Bassa complessità",
                "Low complexity"
            )]
        );
        // Another group by its identity is another group; an aggregate of
        // another count is another aggregate.
        let other = side(
            records(
                "Media complessità",
                "media complessita",
                "62 Sedi Provinciali",
            ),
            json!([]),
        );
        let against_other = diff(&old, &other);
        let changes = kinds(&against_other);
        assert!(changes.contains(&(
            "group",
            "provincial/Media complessità",
            ChangeKind::Added,
            "",
            "",
            "name=Media complessità"
        )));
        assert!(changes.iter().any(|c| c.0 == "member"
            && c.1 == "provincial/detail/62 Sedi Provinciali"
            && c.2 == ChangeKind::Added));
        // A side read from an output folder of a version that wrote no
        // groups: the other side's groups are not new.
        let mut older = side(
            records(
                "Bassa complessità",
                "bassa complessita",
                "63 Sedi Provinciali",
            ),
            json!([]),
        );
        if let Some(r) = older.records.as_object_mut() {
            r.remove("groups");
        }
        assert!(kinds(&diff(&older, &old)).is_empty());
    }

    #[test]
    fn a_member_in_another_group_moved_not_removed_and_added() {
        let old = side(
            json!({"members": [member("Bassa complessità", 3, 59, json!([]))]}),
            json!([]),
        );
        let new = side(
            json!({"members": [member("Media complessità", 3, 57, json!([]))]}),
            json!([]),
        );
        let d = diff(&old, &new);
        assert_eq!(
            kinds(&d),
            [(
                "member",
                "regional/detail/Umbria",
                ChangeKind::Moved,
                "group",
                "Bassa complessità",
                "Media complessità"
            )]
        );
        assert_eq!(
            d.changes[0].places("a", "b", [Unit::Line; 2]),
            "b:57 (was a:59)"
        );
        // An old revision in Word, a new one in Markdown.
        assert_eq!(
            d.changes[0].places("a.docx", "b.md", [Unit::Paragraph, Unit::Line]),
            "b.md:57 (was a.docx, paragraph 59)"
        );
        assert_eq!(
            d.changes[0]
                .new_place
                .as_ref()
                .and_then(Place::anchor)
                .as_deref(),
            Some("c-3-2-1")
        );
    }

    #[test]
    fn a_copy_that_stops_being_identical_changes_only_its_own_facts() {
        // Before: one record read from two identical tables. After: the
        // copy (table 9) is its own record, in another group.
        let old = side(
            json!({"members": [member("Bassa complessità", 3, 59, json!([{"table": 9, "line": 120}]))]}),
            json!([]),
        );
        let new = side(
            json!({"members": [member("Bassa complessità", 3, 59, json!([])), member("Media complessità", 9, 119, json!([]))]}),
            json!([]),
        );
        let d = diff(&old, &new);
        assert_eq!(
            kinds(&d),
            [(
                "member",
                "regional/detail/Umbria#2",
                ChangeKind::Moved,
                "group",
                "Bassa complessità",
                "Media complessità"
            )]
        );
        assert_eq!(
            d.changes[0].places("a", "b", [Unit::Line; 2]),
            "b:119 (was a:120)"
        );
    }

    #[test]
    fn a_changed_position_is_one_run_with_both_sides_arithmetic() {
        let old = side(json!({"positions": [position(6, 24, 94)]}), json!([]));
        let new = side(json!({"positions": [position(7, 28, 95)]}), json!([]));
        let d = diff(&old, &new);
        assert_eq!(
            kinds(&d),
            [
                (
                    "position",
                    "provincial/summary/Media complessità/1/II",
                    ChangeKind::Changed,
                    "structures",
                    "6",
                    "7"
                ),
                (
                    "position",
                    "provincial/summary/Media complessità/1/II",
                    ChangeKind::Changed,
                    "total_stated",
                    "24",
                    "28"
                ),
            ]
        );
        assert_eq!(
            d.changes[0].detail,
            "before 6 × 4 = 24, stated 24; after 7 × 4 = 28, stated 28"
        );
        assert_eq!(d.runs().len(), 1);
        assert_eq!(d.fact_changes(), 1);
        assert!(d.summary().starts_with("1 fact change; findings: 0 new"));
    }

    #[test]
    fn findings_new_resolved_changed_persisting_and_repeated() {
        let old = side(
            json!({}),
            json!([
                finding("product-1", "63"),
                finding("product-2", "112"),
                finding("product-3", "62")
            ]),
        );
        let new = side(
            json!({}),
            json!([
                finding("product-1", "63"),   // persisting
                finding("product-2", "104"),  // changed
                finding("product-1-2", "63"), // the same, for a copy
                finding("product-3-2", "61"), // another value: new
                finding("product-4", "9"),    // new
            ]),
        );
        let d = diff(&old, &new);
        assert_eq!(
            kinds(&d),
            [
                (
                    "finding",
                    "product-2",
                    ChangeKind::Changed,
                    "found",
                    "112",
                    "104"
                ),
                (
                    "finding",
                    "product-3",
                    ChangeKind::Resolved,
                    "",
                    "severity=error rule=product expected=70 found=62",
                    ""
                ),
                (
                    "finding",
                    "product-1-2",
                    ChangeKind::Repeated,
                    "",
                    "",
                    "severity=error rule=product expected=70 found=63"
                ),
                (
                    "finding",
                    "product-3-2",
                    ChangeKind::New,
                    "",
                    "",
                    "severity=error rule=product expected=70 found=61"
                ),
                (
                    "finding",
                    "product-4",
                    ChangeKind::New,
                    "",
                    "",
                    "severity=error rule=product expected=70 found=9"
                ),
            ]
        );
        assert_eq!(d.persisting, ["product-1"]);
        assert_eq!(d.new_findings_at_least("error"), 2);
        assert_eq!(
            d.changes[2].text(),
            "Totale 63 ≠ 70 (reported before as product-1)"
        );
    }

    #[test]
    fn wordings_reworded_case_punctuation_added_removed() {
        let functions = |items: &[&str]| {
            let list: Vec<Value> = items
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    json!({"source": "structure", "structure": "Direzioni Regionali", "area": "Governance",
                           "activity": a, "table": 2, "line": 47 + i as u64})
                })
                .collect();
            side(json!({ "functions": list }), json!([]))
        };
        let old = functions(&[
            "Comunicazione e Rapporti esterni",
            "Controllo di gestione",
            "Attività Medico Legale.",
            "Assistenza ai sistemi informativi",
        ]);
        let new = functions(&[
            "Comunicazione e Rapporti esterni e istituzionali",
            "Controllo di Gestione",
            "Attività Medico-Legale.",
            "Recupero crediti",
        ]);
        let d = diff(&old, &new);
        let key = "structure/Direzioni Regionali/Governance";
        let got: Vec<(ChangeKind, &str, &str, &str)> = d
            .changes
            .iter()
            .map(|c| {
                assert_eq!((c.entity, c.key.as_str()), ("function", key));
                (
                    c.kind,
                    c.before.as_str(),
                    c.after.as_str(),
                    c.detail.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    ChangeKind::Reworded,
                    "Comunicazione e Rapporti esterni",
                    "Comunicazione e Rapporti esterni e istituzionali",
                    "Comunicazione e Rapporti esterni{+ e istituzionali+}"
                ),
                (
                    ChangeKind::CaseOnly,
                    "Controllo di gestione",
                    "Controllo di Gestione",
                    "Controllo di [-gestione-]{+Gestione+}"
                ),
                (
                    ChangeKind::PunctuationOnly,
                    "Attività Medico Legale.",
                    "Attività Medico-Legale.",
                    "Attività [-Medico Legale.-]{+Medico-Legale.+}"
                ),
                (
                    ChangeKind::Removed,
                    "Assistenza ai sistemi informativi",
                    "",
                    ""
                ),
                (ChangeKind::Added, "", "Recupero crediti", ""),
            ]
        );
    }

    #[test]
    fn the_same_facts_compare_equal_and_print_sorted_without_lines() {
        let a = side(
            json!({"positions": [position(6, 24, 94)], "members": [member("Bassa", 3, 59, json!([]))]}),
            json!([]),
        );
        let b = side(
            json!({"members": [member("Bassa", 5, 80, json!([]))], "positions": [position(6, 24, 120)]}),
            json!([]),
        );
        assert!(diff(&a, &b).changes.is_empty());
        assert_eq!(facts_text(&a), facts_text(&b));
        assert_eq!(
            facts_text(&a),
            "member regional/detail/Umbria: group=Bassa subgroup=1 kind=region count=1 code=10\n\
             position provincial/summary/Media complessità/1/II: structures=6 per_structure=4 total_stated=24\n"
        );
    }
}
