//! `findings.sarif` validated against the official SARIF 2.1.0 JSON schema
//! (committed in tests/sarif/), on the seed with and without accepted
//! findings, and read for what CI annotations need.

mod common;

use common::{Workdir, seed_markdown};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::repo().join("tests/sarif/sarif-schema-2.1.0.json"))
        .expect("schema");
    // The official schema's `language` pattern holds a `]` outside any
    // class, which ECMAScript reads as itself but the meta-schema's `regex`
    // format refuses: escaped, it means the same and the schema compiles
    // with format checks on.
    let quirk = r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#;
    assert!(text.contains(quirk), "the committed schema changed");
    let text = text.replace(quirk, r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$"#);
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, log: &Value) {
    let errors: Vec<String> = v
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
}

#[test]
fn the_seeds_sarif_validates_and_locates_every_finding() {
    let wd = Workdir::new();
    wd.write("seed.md", seed_markdown());
    let out = wd.run(&["extract", "seed.md"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let findings: Vec<Value> =
        serde_json::from_str(&wd.read("output/seed/findings.json")).expect("findings");
    let log: Value = serde_json::from_str(&wd.read("output/seed/findings.sarif")).expect("JSON");
    let v = validator();
    assert_valid(&v, &log);
    let run = &log["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len());
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for (r, f) in results.iter().zip(&findings) {
        assert_eq!(r["ruleId"], f["rule"]);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], f["rule"]);
        assert!(
            rules[index]["help"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let level = match f["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(r["level"], level);
        let at = &r["locations"][0]["physicalLocation"];
        assert_eq!(at["artifactLocation"]["uri"], "seed.md");
        assert_eq!(at["region"]["startLine"], f["locations"][0]["line"]);
        assert_eq!(r["partialFingerprints"]["orgtablesFindingId/v1"], f["id"]);
        assert!(r.get("suppressions").is_none());
    }

    // Accepted findings are suppressed; a stale entry is a result in the
    // reviewers' file.
    let first = &findings[0];
    wd.write(
        "orgtables.toml",
        format!(
            "[[accepted]]\nid = {}\nexpected = {}\nfound = {}\nreason = \"by design\"\nby = \"A. Reviewer\"\ndate = 2026-11-28\n\n[[accepted]]\nid = \"gone-1\"\nreason = \"r\"\nby = \"b\"\ndate = \"d\"\n",
            first["id"], first["expected"], first["found"]
        ),
    );
    let out = wd.run(&["extract", "seed.md"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("orgtables.toml:9: warning: stale acceptance of `gone-1`"),
        "{}",
        out.stderr
    );
    let log: Value = serde_json::from_str(&wd.read("output/seed/findings.sarif")).expect("JSON");
    assert_valid(&v, &log);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len() + 1);
    assert_eq!(results[0]["suppressions"][0]["status"], "accepted");
    assert_eq!(
        results[0]["suppressions"][0]["justification"],
        "by design (accepted by A. Reviewer, 2026-11-28)"
    );
    assert!(
        results[1..findings.len()]
            .iter()
            .all(|r| r.get("suppressions").is_none())
    );
    let stale = &results[findings.len()];
    assert_eq!(stale["ruleId"], "stale-acceptance");
    let at = &stale["locations"][0]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], "orgtables.toml");
    assert_eq!(at["region"]["startLine"], 9);
}

#[test]
fn an_invalid_log_is_caught() {
    // The validator is not a stub: a log without its version fails.
    let v = validator();
    let log = serde_json::json!({"runs": []});
    assert!(!v.is_valid(&log));
    let log = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]});
    assert!(!v.is_valid(&log));
}
