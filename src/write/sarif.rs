//! `findings.sarif`: the findings as SARIF 2.1.0, for CI annotations (GitHub
//! code scanning, GitLab, editors): one result per finding at the
//! document's file and line, each rule with its description and help, the
//! severities mapped to SARIF levels, accepted findings suppressed, and the
//! acceptances that no longer hold as results in their own file.

use std::path::Path;

use serde_json::{Value, json};

use crate::Extraction;
use crate::error::Result;
use crate::reconcile::{Finding, Location, Rule, Severity};

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

fn rule_entry(id: &str, describe: &str, help: &str, level: &str) -> Value {
    json!({
        "id": id,
        "shortDescription": {"text": describe},
        "fullDescription": {"text": describe},
        "help": {"text": help},
        "defaultConfiguration": {"level": level},
    })
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

fn region(l: &Location) -> Value {
    json!({"startLine": l.line.max(1)})
}

fn result(document: &str, f: &Finding) -> Value {
    let rule_index = Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0);
    let mut locations: Vec<Value> = Vec::new();
    let mut related: Vec<Value> = Vec::new();
    for (i, l) in f.locations.iter().enumerate() {
        let physical = json!({
            "artifactLocation": {"uri": uri(document), "index": 0},
            "region": region(l),
        });
        let text = super::findings::location_text(l);
        if i == 0 {
            locations.push(json!({"physicalLocation": physical, "message": {"text": text}}));
        } else {
            related.push(json!({"id": i, "physicalLocation": physical, "message": {"text": text}}));
        }
    }
    if locations.is_empty() {
        locations.push(
            json!({"physicalLocation": {"artifactLocation": {"uri": uri(document), "index": 0}}}),
        );
    }
    let mut text = f.message.clone();
    if f.expected.is_some() || f.found.is_some() {
        text.push_str(&format!(
            " (expected {}, found {})",
            Finding::shown(f.expected.as_deref()).unwrap_or("-"),
            Finding::shown(f.found.as_deref()).unwrap_or("-")
        ));
    }
    let mut out = json!({
        "ruleId": f.rule.as_str(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": text},
        "locations": locations,
        "partialFingerprints": {"orgtablesFindingId/v1": f.id},
        "properties": {
            "id": f.id,
            "severity": f.severity.as_str(),
            "expected": f.expected,
            "found": f.found,
            "notes": f.notes,
        },
    });
    if !related.is_empty() {
        out["relatedLocations"] = Value::Array(related);
    }
    if let Some(a) = &f.accepted {
        out["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": format!("{} (accepted by {}, {})", a.reason, a.by, a.date),
            "location": {"physicalLocation": {
                "artifactLocation": {"uri": uri(&a.file)},
                "region": {"startLine": a.line.max(1)},
            }},
        }]);
    }
    out
}

/// The SARIF log of one document.
pub fn sarif(document: &str, ex: &Extraction) -> Value {
    let r = &ex.reconciliation;
    let mut rules: Vec<Value> = Rule::ALL
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
    let mut results: Vec<Value> = r.findings.iter().map(|f| result(document, f)).collect();
    for s in &r.stale {
        results.push(json!({
            "ruleId": STALE_RULE,
            "ruleIndex": Rule::ALL.len(),
            "level": "warning",
            "message": {"text": s.message()},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri(&s.acceptance.file)},
                "region": {"startLine": s.acceptance.line.max(1)},
            }}],
            "partialFingerprints": {"orgtablesFindingId/v1": format!("{STALE_RULE}-{}", s.acceptance.id)},
        }));
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "orgtables",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "artifacts": [{"location": {"uri": uri(document)}}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn write_sarif(path: &Path, document: &str, ex: &Extraction) -> Result<()> {
    super::json::write_json(path, &sarif(document, ex), 3)
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
