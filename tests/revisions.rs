//! Pairs of revisions, as data: each folder of `tests/revisions/` compares an
//! old and a new revision (`orgtables diff`) and holds what the comparison
//! must say (`expected.txt`: every change, `place: kind[entity] key: what`,
//! the summary, then the ids of the findings that persist unchanged) and
//! what else must hold (`case.txt`). The new documents are made from the
//! corpus's by `_tools/make.py`, by exact edits.
//!
//! `case.txt` holds lines of `key value` (`#` starts a comment):
//! - `old PATH`, `new PATH`: the revisions, relative to the case's folder
//!   (by default the corpus's seed and the case's `new.md`);
//! - `old-as-folder`: the old side is read from the output folder that
//!   `orgtables extract` writes for it, not from the document;
//! - `same-as CASE`: the comparison says what another case's says;
//! - `no-changes`: the comparison finds no change at all;
//! - `unchanged ENTITY…`: the comparison finds no change of these kinds of
//!   fact (`member position total`), whatever else it finds;
//! - `exit WHAT N`: `orgtables diff --fail-on WHAT OLD NEW` exits with N.
//!
//! After a deliberate change, `UPDATE_CORPUS=1 cargo test --test revisions`
//! rewrites the `expected.txt` files; review the diff before committing.

mod common;

use std::path::{Path, PathBuf};

use orgtables::accepted::Lookup;
use orgtables::compare::{Diff, Side};
use orgtables::lexicon::Lexicon;

const SEED: &str = "../../corpus/seed-md/input.md";

struct Case {
    dir: PathBuf,
    old: PathBuf,
    new: PathBuf,
    old_as_folder: bool,
    same_as: Option<String>,
    no_changes: bool,
    unchanged: Vec<String>,
    exits: Vec<(String, i32)>,
}

fn read_case(dir: &Path) -> Case {
    let text = std::fs::read_to_string(dir.join("case.txt")).unwrap_or_default();
    let mut case = Case {
        dir: dir.to_path_buf(),
        old: dir.join(SEED),
        new: dir.join("new.md"),
        old_as_folder: false,
        same_as: None,
        no_changes: false,
        unchanged: Vec::new(),
        exits: Vec::new(),
    };
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "old" => case.old = dir.join(value),
            "new" => case.new = dir.join(value),
            "old-as-folder" => case.old_as_folder = true,
            "same-as" => case.same_as = Some(value.to_string()),
            "no-changes" => case.no_changes = true,
            "unchanged" => case
                .unchanged
                .extend(value.split_whitespace().map(str::to_string)),
            "exit" => {
                let (what, status) = value.split_once(' ').expect("exit WHAT N");
                case.exits
                    .push((what.to_string(), status.parse().expect("exit status")));
            }
            _ => panic!("{}: unknown key `{key}`", dir.display()),
        }
    }
    case
}

/// The comparison as `expected.txt` holds it: the sides named `old` and
/// `new`, so that the text does not depend on where the files are.
fn render(diff: &Diff) -> String {
    let mut diff = diff.clone();
    diff.old = "old".into();
    diff.new = "new".into();
    let mut out = diff.render_text(&|_, word| word.to_string());
    out.push_str("persisting:\n");
    for id in &diff.persisting {
        out.push_str(&format!("  {id}\n"));
    }
    out
}

fn compare(case: &Case, work: &common::Workdir) -> Diff {
    let lex = Lexicon::builtin();
    let old = if case.old_as_folder {
        let out = work.path().join("old-output");
        let run = common::orgtables(
            work.path(),
            &[
                "extract",
                "-q",
                "--no-sync",
                "-o",
                out.to_str().unwrap(),
                case.old.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        let folder = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .expect("the document's output folder");
        Side::load(&folder, Default::default(), lex, Lookup::Beside).expect("old output folder")
    } else {
        Side::load(&case.old, Default::default(), lex, Lookup::Beside).expect("old document")
    };
    let new = Side::load(&case.new, Default::default(), lex, Lookup::Beside).expect("new document");
    orgtables::compare::diff(&old, &new)
}

#[test]
fn revisions() {
    let root = common::repo().join("tests/revisions");
    let update = std::env::var_os("UPDATE_CORPUS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.txt").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 11, "{} revision pairs", cases.len());
    let work = common::Workdir::new();
    let mut failures = Vec::new();
    let mut rendered = std::collections::HashMap::new();
    for dir in &cases {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let case = read_case(dir);
        let diff = compare(&case, &work);
        let text = render(&diff);
        let expected_path = case.dir.join("expected.txt");
        if update {
            std::fs::write(&expected_path, &text).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if text != expected {
            failures.push(format!("{name}: expected.txt differs; got:\n{text}"));
        }
        if case.no_changes && !diff.changes.is_empty() {
            failures.push(format!(
                "{name}: {} changes, none expected",
                diff.changes.len()
            ));
        }
        for c in diff
            .changes
            .iter()
            .filter(|c| case.unchanged.iter().any(|e| e == c.entity))
        {
            failures.push(format!(
                "{name}: {}[{}] {}, no change of a {} expected",
                c.kind.as_str(),
                c.entity,
                c.key,
                c.entity
            ));
        }
        for (what, status) in &case.exits {
            let run = common::orgtables(
                &case.dir,
                &[
                    "diff",
                    "--fail-on",
                    what,
                    case.old.to_str().unwrap(),
                    case.new.to_str().unwrap(),
                ],
                None,
            );
            if run.status != *status {
                failures.push(format!(
                    "{name}: --fail-on {what} exits {}, expected {status}\n{}",
                    run.status, run.stderr
                ));
            }
        }
        rendered.insert(name.clone(), (text, case.same_as.clone()));
    }
    for (name, (text, same_as)) in &rendered {
        if let Some(other) = same_as {
            let other_text = &rendered
                .get(other)
                .unwrap_or_else(|| panic!("{name}: no case {other}"))
                .0;
            if text != other_text {
                failures.push(format!("{name}: differs from {other}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
