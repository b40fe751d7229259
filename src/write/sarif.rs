//! `findings.sarif`: the findings as SARIF 2.1.0, for CI annotations (GitHub
//! code scanning, GitLab, editors): one result per finding at the
//! document's file and line, each rule with its description and help, the
//! severities mapped to SARIF levels, accepted findings suppressed, and the
//! acceptances that no longer hold as results in their own file.

use std::path::Path;

use serde::Serialize;

use crate::Extraction;
use crate::error::Result;
use crate::reconcile::{Finding, Location, Rule, Severity};
use crate::source::Unit;

/// The rule a stale acceptance is reported under (not a rule of the
/// document's: of the reviewers' file).
pub const STALE_RULE: &str = "stale-acceptance";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` between segments, every byte
/// but the unreserved ones percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What a reviewer does about a finding of `rule`.
fn help(rule: Rule) -> &'static str {
    match rule {
        Rule::Product => {
            "Correct the stated total, the number of structures or the positions per structure, whichever is wrong, so that structures × positions = total."
        }
        Rule::ColumnTotal => {
            "Correct the totals row or the row that is wrong, so that the totals row is the sum of the rows it totals."
        }
        Rule::MemberCount => {
            "List as many members (regions, provinces) as the stated number of structures, or correct the number."
        }
        Rule::OfficeCount => {
            "Make the number of offices listed agree with the positions per structure, or correct the count."
        }
        Rule::DetailVsSummary => {
            "Make the detail table and the summary table state the same figure; the finding's notes say which other tables agree with which."
        }
        Rule::OverallTotal => {
            "Make the overall summary state the totals of the level tables it summarises."
        }
        Rule::DuplicateTable => {
            "A table printed more than once must be the same everywhere: edit every copy, or keep one."
        }
        Rule::FunctionLists => {
            "Word each function the same in the functions matrix and in the structure's own table."
        }
        Rule::MisalignedRow => {
            "Move the row's values under the columns they total (a cell is missing or extra in the row)."
        }
        Rule::MissingSeparator => "Separate the names with a comma.",
        Rule::Footnote => {
            "Add the footnote's text (a paragraph starting with its marker), or remove the marker."
        }
        Rule::Coverage => {
            "Name each region or province once per level, spelled as the gazetteer spells it."
        }
        Rule::Recognition => {
            "Give the table headers the tool knows, or teach it the new wording with a vocabulary file (--vocabulary)."
        }
        Rule::HiddenCharacter => {
            "Remove the invisible character: it makes the text differ from what readers see."
        }
        Rule::UnreadableValue => "Write the value as a number (or a dash when not stated).",
    }
}

fn rule_entry(
    id: &'static str,
    describe: &'static str,
    help: &'static str,
    level: &'static str,
) -> RuleOut {
    RuleOut {
        id,
        short_description: Text { text: describe },
        full_description: Text { text: describe },
        help: Text { text: help },
        default_configuration: Level { level },
    }
}

/// The rule's usual severity, for its default level: the most severe of
/// its findings here, or a warning.
fn default_level(rule: Rule, findings: &[Finding]) -> &'static str {
    level(
        findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Warning),
    )
}

// The log as borrowed structs, serialized as they are made: a document of
// hundreds of thousands of findings is streamed, never built as a tree.

#[derive(Serialize)]
struct Text<T: Serialize> {
    text: T,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleOut {
    id: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    help: Text<&'static str>,
    default_configuration: Level,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation<'a> {
    uri: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: ArtifactLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Place<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: Physical<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<String>>,
}

#[derive(Serialize)]
struct Fingerprint {
    #[serde(rename = "orgtablesFindingId/v1")]
    id: String,
}

#[derive(Serialize)]
struct Properties<'a> {
    id: &'a str,
    severity: &'static str,
    expected: &'a Option<String>,
    found: &'a Option<String>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct Suppression<'a> {
    kind: &'static str,
    status: &'static str,
    justification: String,
    location: Place<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<String>,
    locations: Vec<Place<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Place<'a>>,
    partial_fingerprints: Fingerprint,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression<'a>>,
}

fn at_line<'a>(uri: &'a str, index: Option<usize>, line: Option<u32>) -> Physical<'a> {
    Physical {
        artifact_location: ArtifactLocation { uri, index },
        region: line.map(|l| Region {
            start_line: l.max(1),
        }),
    }
}

fn result<'a>(
    document: &'a str,
    f: &'a Finding,
    accepted_uri: Option<&'a str>,
    unit: Unit,
) -> ResultOut<'a> {
    // A Word file's paragraph is no line a viewer can go to: its place is
    // said in the location's message only.
    let line = |l: &Location| (unit == Unit::Line).then_some(l.line);
    let place = |i: usize, l: &Location| Place {
        id: (i > 0).then_some(i),
        physical_location: at_line(document, Some(0), line(l)),
        message: Some(Text {
            text: super::findings::location_text(l, unit),
        }),
    };
    let mut locations: Vec<Place> = f
        .locations
        .first()
        .map(|l| place(0, l))
        .into_iter()
        .collect();
    if locations.is_empty() {
        locations.push(Place {
            id: None,
            physical_location: at_line(document, Some(0), None),
            message: None,
        });
    }
    let related = f
        .locations
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, l)| place(i, l))
        .collect();
    let text = match f.values_text() {
        Some(values) => format!("{} ({values})", f.message),
        None => f.message.clone(),
    };
    let suppressions = match (&f.accepted, accepted_uri) {
        (Some(a), Some(uri)) => vec![Suppression {
            kind: "external",
            status: "accepted",
            justification: format!("{} (accepted by {}, {})", a.reason, a.by, a.date),
            location: Place {
                id: None,
                physical_location: at_line(uri, None, Some(a.line)),
                message: None,
            },
        }],
        _ => Vec::new(),
    };
    ResultOut {
        rule_id: f.rule.as_str(),
        rule_index: Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0),
        level: level(f.severity),
        message: Text { text },
        locations,
        related_locations: related,
        partial_fingerprints: Fingerprint { id: f.id.clone() },
        properties: Some(Properties {
            id: &f.id,
            severity: f.severity.as_str(),
            expected: &f.expected,
            found: &f.found,
            notes: &f.notes,
        }),
        suppressions,
    }
}

/// The results, made one at a time as they are written.
struct Results<'a> {
    document: &'a str,
    reconciliation: &'a crate::reconcile::Reconciliation,
    /// The accepted-findings files as URIs, by their display path.
    files: Vec<(&'a str, String)>,
}

impl Results<'_> {
    fn uri_of(&self, file: &str) -> &str {
        self.files
            .iter()
            .find(|(f, _)| *f == file)
            .map_or("", |(_, uri)| uri.as_str())
    }
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let r = self.reconciliation;
        let findings = r.findings.iter().map(|f| {
            let file = f.accepted.as_ref().map(|a| self.uri_of(&a.file));
            result(self.document, f, file, r.unit)
        });
        let stale = r.stale.iter().map(|s| ResultOut {
            rule_id: STALE_RULE,
            rule_index: Rule::ALL.len(),
            level: "warning",
            message: Text { text: s.message() },
            locations: vec![Place {
                id: None,
                physical_location: at_line(
                    self.uri_of(&s.acceptance.file),
                    None,
                    Some(s.acceptance.line),
                ),
                message: None,
            }],
            related_locations: Vec::new(),
            partial_fingerprints: Fingerprint {
                id: format!("{STALE_RULE}-{}", s.acceptance.id),
            },
            properties: None,
            suppressions: Vec::new(),
        });
        serializer.collect_seq(findings.chain(stale))
    }
}

#[derive(Serialize)]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<RuleOut>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Artifact<'a> {
    location: ArtifactLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    artifacts: [Artifact<'a>; 1],
    column_kind: &'static str,
    results: Results<'a>,
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

/// Writes the SARIF log of one document: one result a line.
pub fn write_sarif(path: &Path, document: &str, ex: &Extraction) -> Result<()> {
    let r = &ex.reconciliation;
    let mut rules: Vec<RuleOut> = Rule::ALL
        .iter()
        .map(|&rule| {
            rule_entry(
                rule.as_str(),
                rule.describe(),
                help(rule),
                default_level(rule, &r.findings),
            )
        })
        .collect();
    rules.push(rule_entry(
        STALE_RULE,
        "an accepted finding's entry still holds",
        "Update the entry's expected and found values to the finding's, if it is still accepted as it is now, or remove the entry.",
        "warning",
    ));
    let document_uri = uri(document);
    let mut files: Vec<(&str, String)> = Vec::new();
    let named = r
        .findings
        .iter()
        .filter_map(|f| f.accepted.as_deref())
        .chain(r.stale.iter().map(|s| &s.acceptance));
    for a in named {
        if !files.iter().any(|(f, _)| *f == a.file) {
            files.push((&a.file, uri(&a.file)));
        }
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "orgtables",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            artifacts: [Artifact {
                location: ArtifactLocation {
                    uri: &document_uri,
                    index: None,
                },
            }],
            column_kind: "unicodeCodePoints",
            results: Results {
                document: &document_uri,
                reconciliation: r,
                files,
            },
        }],
    };
    super::json::write_json(path, &log, 4)
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("input/doc.md"), "input/doc.md");
        assert_eq!(uri("rev 2/città.md"), "rev%202/citt%C3%A0.md");
        assert_eq!(uri("a\\b#c?.md"), "a/b%23c%3F.md");
    }
}
