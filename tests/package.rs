//! `datapackage.json` validated by frictionless-py (the reference
//! implementation, from the virtual environment `make test` makes in
//! tests/.venv) on the seed in every dialect, on every document of the
//! corpus and on every revision fixture; and a file that breaks its schema
//! is caught.

mod common;

use std::path::{Path, PathBuf};

use common::{Workdir, repo, seed_markdown};

fn python() -> PathBuf {
    if let Some(path) = std::env::var_os("FRICTIONLESS_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = repo().join("tests/.venv/bin/python");
    assert!(
        venv.is_file(),
        "no frictionless: `make test` makes tests/.venv with it, or set FRICTIONLESS_PYTHON to a python that has it"
    );
    venv
}

/// Each package's path and its errors, by frictionless.
fn validate(packages: &[PathBuf]) -> Vec<(String, bool, Vec<String>)> {
    let out = std::process::Command::new("timeout")
        .arg("600")
        .arg(python())
        .arg(repo().join("tests/package/validate.py"))
        .args(packages)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let errors = v["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap().to_string())
                .collect();
            (
                v["path"].as_str().unwrap().to_string(),
                v["valid"].as_bool().unwrap(),
                errors,
            )
        })
        .collect()
}

/// Every document of the corpus and of the revision fixtures, by a name
/// of its own.
fn documents() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for (folder, file) in [("tests/corpus", "input"), ("tests/revisions", "new")] {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(repo().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        for case in cases {
            for ext in ["md", "html"] {
                let path = case.join(format!("{file}.{ext}"));
                if path.is_file() {
                    let name = case.file_name().unwrap().to_string_lossy().into_owned();
                    out.push((format!("{name}-{file}.{ext}"), path));
                }
            }
        }
    }
    out
}

fn extract(dir: &Path, args: &[&str]) {
    let out = common::orgtables(dir, args, None);
    assert_eq!(out.status, 0, "{args:?}: {}", out.stderr);
}

#[test]
fn every_output_folder_is_a_valid_data_package() {
    let wd = Workdir::new();
    wd.write("seed.md", seed_markdown());
    let mut packages = Vec::new();
    for dialect in ["excel", "excel-it", "plain"] {
        extract(
            wd.path(),
            &[
                "extract",
                "seed.md",
                "-o",
                dialect,
                "--csv-dialect",
                dialect,
            ],
        );
        packages.push(wd.path().join(dialect).join("seed/datapackage.json"));
    }
    let docs = documents();
    assert!(docs.len() >= 29, "{}", docs.len());
    std::fs::create_dir_all(wd.path().join("docs")).unwrap();
    for (name, path) in &docs {
        std::fs::copy(path, wd.path().join("docs").join(name)).unwrap();
    }
    extract(wd.path(), &["extract", "docs", "-o", "corpus"]);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(wd.path().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("datapackage.json").is_file())
        .collect();
    folders.sort();
    assert_eq!(folders.len(), docs.len());
    packages.extend(folders.iter().map(|f| f.join("datapackage.json")));

    let reports = validate(&packages);
    assert_eq!(reports.len(), packages.len());
    let invalid: Vec<_> = reports.iter().filter(|(_, valid, _)| !valid).collect();
    assert!(invalid.is_empty(), "{invalid:#?}");

    // The schema holds the CSVs to their types: a count that is not a
    // number, and a boolean in another dialect's words, are caught.
    let members = wd.path().join("excel/seed/members.csv");
    let text = std::fs::read_to_string(&members).unwrap();
    std::fs::write(
        &members,
        text.replacen(
            ",Alta complessità,1,Piemonte,",
            ",Alta complessità,one,Piemonte,",
            1,
        ),
    )
    .unwrap();
    let offices = wd.path().join("excel/seed/offices.csv");
    let text = std::fs::read_to_string(&offices).unwrap();
    std::fs::write(&offices, text.replacen(",FALSE,", ",VERO,", 1)).unwrap();
    let report = validate(&packages[..1]);
    assert!(!report[0].1);
    assert_eq!(report[0].2.len(), 2, "{:#?}", report[0].2);
    assert!(
        report[0].2[0].starts_with("members: type-error: Type error in the cell \"one\""),
        "{:?}",
        report[0].2
    );
    assert!(
        report[0].2[1].starts_with("offices: type-error: Type error in the cell \"VERO\""),
        "{:?}",
        report[0].2
    );
}
