//! Accepted findings: the file the reviewers keep beside a document
//! (`orgtables.toml`, or `--accepted FILE`) that names the findings they
//! examined and accepted, each with the values it had, a reason, who and
//! when; applied to a document's findings, every entry that no longer holds
//! (its finding changed or is gone) reported as stale.
//!
//! An entry holds while its finding's id *and* values hold: finding ids are
//! stable across revisions, so one file serves every revision kept beside
//! it, and a figure that changes under an accepted finding brings the
//! finding back instead of hiding a new problem behind an old reason.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Position, Result};
use crate::reconcile::Reconciliation;

/// The name of the file looked for beside each document.
pub const FILE_NAME: &str = "orgtables.toml";

/// A larger file is refused unread: a list of reviewed findings is some
/// kilobytes.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One entry of the file, as the reviewers wrote it, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// The finding's id (`product-…`), as `check` and every output show it.
    pub id: String,
    /// The finding's expected and found values when it was accepted; the
    /// entry holds only while they are the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    pub reason: String,
    pub by: String,
    pub date: String,
    /// The file name of the one document the entry is for; without it, the
    /// entry is for every document that reads the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Where the entry is written: the file as given, and the line of its
    /// `[[accepted]]`.
    pub file: String,
    pub line: u32,
}

/// Why an entry no longer holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Staleness {
    /// The finding is there with other values: it is shown as a finding
    /// again, and these are its values now.
    Changed {
        expected: Option<String>,
        found: Option<String>,
    },
    /// The document has no finding with this id (fixed, or the rule no
    /// longer applies).
    Gone,
}

/// An entry that no longer holds for a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stale {
    pub acceptance: Acceptance,
    pub why: Staleness,
}

impl Stale {
    /// One line saying what to do with the entry.
    pub fn message(&self) -> String {
        let a = &self.acceptance;
        match &self.why {
            Staleness::Gone => format!(
                "stale acceptance of `{}`: the document has no such finding any more; remove the entry",
                a.id
            ),
            Staleness::Changed { expected, found } => format!(
                "stale acceptance of `{}`: accepted with expected {}, found {}; it now expects {}, finds {}: the finding is shown again until the entry is updated or removed",
                a.id,
                shown(a.expected.as_deref()),
                shown(a.found.as_deref()),
                shown(expected.as_deref()),
                shown(found.as_deref()),
            ),
        }
    }
}

fn shown(value: Option<&str>) -> String {
    match value {
        None => "(none)".to_string(),
        Some(v) if v.trim().is_empty() => "(empty)".to_string(),
        Some(v) => format!("`{v}`"),
    }
}

/// Where a document's accepted findings are read from.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    /// Nowhere: every finding as the rules found it (`orgtables records`,
    /// whose text must not depend on a file beside the document).
    Off,
    /// `orgtables.toml` in the document's folder, when it exists (standard
    /// input has no folder, so none).
    Beside,
    /// This file (`--accepted FILE`), for every document.
    File(&'a Path),
}

impl Lookup<'_> {
    /// The file for the document at `document`, if any.
    pub fn file_for(self, document: Option<&Path>) -> Option<PathBuf> {
        match self {
            Lookup::Off => None,
            Lookup::File(path) => Some(path.to_path_buf()),
            Lookup::Beside => {
                let beside = document?.parent()?.join(FILE_NAME);
                beside.is_file().then_some(beside)
            }
        }
    }
}

/// The entries of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acceptances {
    pub entries: Vec<Acceptance>,
}

/// A date as TOML writes it (`2026-11-20`) or as a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Date {
    Date(toml::value::Datetime),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    expected: Option<String>,
    found: Option<String>,
    reason: String,
    by: String,
    date: Date,
    document: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileText {
    #[serde(default)]
    accepted: Vec<toml::Spanned<Entry>>,
}

/// The line of `byte` in a file's text, counted as for documents.
fn line_at(text: &str, byte: usize) -> u32 {
    crate::source::line_at(text.as_bytes(), byte)
}

impl Acceptances {
    /// The entries of a file's text; `file` names it in the entries and in
    /// errors.
    pub fn parse(file: &str, text: &str) -> Result<Acceptances> {
        let invalid = |line: Option<u32>, message: String| {
            let pos = match line {
                Some(line) => Position::line(file, line),
                None => Position::file(file),
            };
            Error::invalid(pos, format!("not an accepted-findings file: {message}"))
        };
        let parsed: FileText = toml::from_str(text).map_err(|e| {
            invalid(
                e.span().map(|s| line_at(text, s.start)),
                e.message().trim().to_string(),
            )
        })?;
        let mut entries: Vec<Acceptance> = Vec::new();
        for spanned in parsed.accepted {
            let line = line_at(text, spanned.span().start);
            let e = spanned.into_inner();
            let date = match e.date {
                Date::Date(d) => d.to_string(),
                Date::Text(t) => t,
            };
            for (key, value) in [("id", &e.id), ("reason", &e.reason), ("by", &e.by)] {
                if value.trim().is_empty() {
                    return Err(invalid(
                        Some(line),
                        format!(
                            "the entry's `{key}` is empty: an acceptance says which finding, why and who"
                        ),
                    ));
                }
            }
            if date.trim().is_empty() {
                return Err(invalid(Some(line), "the entry's `date` is empty".into()));
            }
            if let Some(first) = entries
                .iter()
                .find(|a| a.id == e.id && a.document == e.document)
            {
                return Err(invalid(
                    Some(line),
                    format!(
                        "`{}` is accepted twice (first at line {})",
                        e.id, first.line
                    ),
                ));
            }
            entries.push(Acceptance {
                id: e.id.trim().to_string(),
                expected: e.expected,
                found: e.found,
                reason: e.reason,
                by: e.by,
                date,
                document: e.document,
                file: file.to_string(),
                line,
            });
        }
        Ok(Acceptances { entries })
    }

    /// Reads a file, bounded in size.
    pub fn read(path: &Path) -> Result<Acceptances> {
        let name = crate::source::display_path(path);
        let text = crate::source::read_bounded(path, MAX_FILE_BYTES, "an accepted-findings file")?;
        Acceptances::parse(&name, &text)
    }

    /// Marks the findings of `document` (its file name) that an entry
    /// accepts, and lists the entries for it that no longer hold in
    /// `reconciliation.stale`.
    pub fn apply(&self, document: &str, reconciliation: &mut Reconciliation) {
        let base = Path::new(document)
            .file_name()
            .map_or(document.to_string(), |n| n.to_string_lossy().into_owned());
        let same = |a: Option<&str>, b: Option<&str>| {
            a.unwrap_or_default().trim() == b.unwrap_or_default().trim()
        };
        // Ids are unique within a document: looked up, not searched, for
        // each entry.
        let at: foldhash::HashMap<String, usize> = reconciliation
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        for entry in &self.entries {
            if entry.document.as_deref().is_some_and(|d| d != base) {
                continue;
            }
            // An entry for this document by name wins over one for every
            // document.
            let finding = at.get(&entry.id).map(|&i| &mut reconciliation.findings[i]);
            match finding {
                None => reconciliation.stale.push(Stale {
                    acceptance: entry.clone(),
                    why: Staleness::Gone,
                }),
                Some(f)
                    if same(f.expected.as_deref(), entry.expected.as_deref())
                        && same(f.found.as_deref(), entry.found.as_deref()) =>
                {
                    if f.accepted.is_none() || entry.document.is_some() {
                        f.accepted = Some(Box::new(entry.clone()));
                    }
                }
                Some(f) => reconciliation.stale.push(Stale {
                    acceptance: entry.clone(),
                    why: Staleness::Changed {
                        expected: f.expected.clone(),
                        found: f.found.clone(),
                    },
                }),
            }
        }
    }
}

/// The entry that would accept `finding` as it is now, for the reviewers to
/// copy into their file (reason, who and when left for them to fill):
/// `report.html` offers it under each open finding.
pub fn entry_text(finding: &crate::reconcile::Finding) -> String {
    // A JSON string is a TOML basic string, but for DEL, which TOML wants
    // escaped.
    let quote = |v: &str| {
        serde_json::Value::String(v.to_string())
            .to_string()
            .replace('\u{7f}', "\\u007F")
    };
    let mut s = format!("[[accepted]]\nid = {}\n", quote(&finding.id));
    if let Some(v) = &finding.expected {
        s.push_str(&format!("expected = {}\n", quote(v)));
    }
    if let Some(v) = &finding.found {
        s.push_str(&format!("found = {}\n", quote(v)));
    }
    s.push_str("reason = \"\"\nby = \"\"\ndate = \"\"\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::{Finding, Rule, Severity};

    fn finding(id: &str, expected: Option<&str>, found: Option<&str>) -> Finding {
        Finding {
            id: id.into(),
            severity: Severity::Error,
            rule: Rule::Product,
            message: "m".into(),
            expected: expected.map(Into::into),
            found: found.map(Into::into),
            locations: Vec::new(),
            notes: Vec::new(),
            accepted: None,
        }
    }

    fn reconciliation(findings: Vec<Finding>) -> Reconciliation {
        Reconciliation {
            findings,
            ..Reconciliation::default()
        }
    }

    const FILE: &str = r#"
# reviewed
[[accepted]]
id = "product-aa"
expected = "12"
found = "13"
reason = "by design"
by = "A. Reviewer"
date = 2026-11-20

[[accepted]]
id = "footnote-bb"
found = ""
expected = "a paragraph"
reason = "the note is in the annex"
by = "B. Reviewer"
date = "20 novembre 2026"
document = "rev-2.md"
"#;

    #[test]
    fn an_entry_accepts_its_finding_while_id_and_values_hold() {
        let a = Acceptances::parse("orgtables.toml", FILE).unwrap();
        assert_eq!(a.entries.len(), 2);
        assert_eq!(a.entries[0].line, 3);
        assert_eq!(a.entries[0].date, "2026-11-20");
        assert_eq!(a.entries[1].line, 11);
        assert_eq!(a.entries[1].date, "20 novembre 2026");
        let mut r = reconciliation(vec![
            finding("product-aa", Some("12"), Some("13")),
            finding("product-cc", Some("1"), Some("2")),
        ]);
        a.apply("docs/rev-1.md", &mut r);
        let accepted = r.findings[0].accepted.as_ref().unwrap();
        assert_eq!((accepted.by.as_str(), accepted.line), ("A. Reviewer", 3));
        assert_eq!(r.findings[1].accepted, None);
        // The second entry is for another document: not stale here.
        assert_eq!(r.stale, Vec::new());
    }

    #[test]
    fn an_entry_whose_finding_changed_or_went_is_stale() {
        let a = Acceptances::parse("orgtables.toml", FILE).unwrap();
        let mut r = reconciliation(vec![finding("product-aa", Some("12"), Some("14"))]);
        a.apply("rev-2.md", &mut r);
        assert_eq!(r.findings[0].accepted, None);
        assert_eq!(r.stale.len(), 2);
        assert_eq!(
            r.stale[0].why,
            Staleness::Changed {
                expected: Some("12".into()),
                found: Some("14".into())
            }
        );
        assert_eq!(r.stale[1].why, Staleness::Gone);
        assert_eq!(r.stale[1].acceptance.id, "footnote-bb");
        assert_eq!(
            r.stale[0].message(),
            "stale acceptance of `product-aa`: accepted with expected `12`, found `13`; it now expects `12`, finds `14`: the finding is shown again until the entry is updated or removed"
        );
    }

    #[test]
    fn an_empty_value_matches_a_value_not_written() {
        let text = "[[accepted]]\nid = \"x\"\nexpected = \"a paragraph\"\nreason = \"r\"\nby = \"b\"\ndate = 2026-01-02\n";
        let a = Acceptances::parse("f.toml", text).unwrap();
        let mut r = reconciliation(vec![finding("x", Some("a paragraph"), Some(""))]);
        a.apply("d.md", &mut r);
        assert!(r.findings[0].accepted.is_some());
    }

    #[test]
    fn a_bad_file_is_refused_with_its_line() {
        let cases = [
            (
                "[[accepted]]\nid = \"x\"\nreason = \"r\"\nby = \"b\"\ndate = 2026-01-02\nfuond = \"1\"\n",
                "f.toml:6",
                "unknown field `fuond`",
            ),
            (
                "[[accepted]]\nid = \"x\"\nreason = \" \"\nby = \"b\"\ndate = 2026-01-02\n",
                "f.toml:1",
                "the entry's `reason` is empty",
            ),
            (
                "[[accepted]]\nid = \"x\"\nreason = \"r\"\nby = \"b\"\ndate = \"d\"\n\n[[accepted]]\nid = \"x\"\nreason = \"r\"\nby = \"b\"\ndate = \"d\"\n",
                "f.toml:7",
                "`x` is accepted twice (first at line 1)",
            ),
            (
                "[[accepted]]\nid = \"x\"\nby = \"b\"\ndate = \"d\"\n",
                "f.toml",
                "missing field `reason`",
            ),
        ];
        for (text, at, says) in cases {
            let e = Acceptances::parse("f.toml", text).unwrap_err().to_string();
            assert!(e.starts_with(at), "{e}");
            assert!(e.contains(says), "{e}");
        }
    }

    #[test]
    fn the_entry_to_copy_quotes_the_values() {
        let f = finding("x-1", Some("say \"no\""), Some(""));
        assert_eq!(
            entry_text(&f),
            "[[accepted]]\nid = \"x-1\"\nexpected = \"say \\\"no\\\"\"\nfound = \"\"\nreason = \"\"\nby = \"\"\ndate = \"\"\n"
        );
    }
}
