//! The outputs as a spreadsheet user opens them, in LibreOffice headless
//! (Debian's libreoffice-calc-nogui, which `make test` installs when no
//! `soffice` is on the PATH): the workbook keeps every value and type
//! through LibreOffice, and the CSVs' default import in an English and an
//! Italian locale reads references as text, booleans as booleans and
//! numbers as numbers.

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{Workdir, seed_markdown};

fn soffice() -> PathBuf {
    if let Some(path) = std::env::var_os("SOFFICE") {
        return PathBuf::from(path);
    }
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        let candidate = dir.join("soffice");
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("no soffice: `make test` installs Debian's libreoffice-calc-nogui, or set SOFFICE");
}

/// Converts `files` to xlsx into `out` with LibreOffice; `filter` is the
/// import filter's options for CSV inputs.
fn convert(dir: &Path, files: &[&Path], filter: Option<&str>, out: &Path) {
    let mut cmd = std::process::Command::new("timeout");
    cmd.arg("300")
        .arg(soffice())
        .args(["--headless", "--norestore"])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("lo-profile").display()
        ));
    if let Some(filter) = filter {
        cmd.arg(format!("--infilter={filter}"));
    }
    let status = cmd
        .args(["--convert-to", "xlsx", "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

fn open(path: &Path) -> Book {
    open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_workbook_keeps_every_value_and_type_through_libreoffice() {
    let wd = Workdir::new();
    wd.write("seed.md", seed_markdown());
    let out = wd.run(&["extract", "seed.md", "-o", "out", "--xlsx"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let ours = wd.path().join("out/seed/seed.xlsx");
    let converted = wd.path().join("converted");
    convert(wd.path(), &[&ours], None, &converted);
    let (mut a, mut b) = (open(&ours), open(&converted.join("seed.xlsx")));
    assert_eq!(a.sheet_names(), b.sheet_names());
    let mut cells = 0;
    for name in a.sheet_names() {
        let (ra, rb) = (
            a.worksheet_range(&name).unwrap(),
            b.worksheet_range(&name).unwrap(),
        );
        for (row, col, value) in ra.cells() {
            let at = (
                row as u32 + ra.start().unwrap().0,
                col as u32 + ra.start().unwrap().1,
            );
            let other = rb.get_value(at).cloned().unwrap_or(Data::Empty);
            // LibreOffice writes a whole number as an integer; the value and
            // its type (a number) are the same.
            let same = match (value, &other) {
                (Data::Float(x), Data::Int(y)) => *x == (*y as f64),
                _ => *value == other,
            };
            assert!(same, "{name} {at:?}: {value:?} became {other:?}");
            cells += 1;
        }
        assert_eq!(
            a.merge_cells_by_sheet_name(&name).unwrap(),
            b.merge_cells_by_sheet_name(&name).unwrap(),
            "{name}: merged ranges"
        );
    }
    assert!(cells > 3000, "{cells}");
}

#[test]
fn csv_default_imports_keep_references_booleans_and_numbers() {
    let wd = Workdir::new();
    wd.write("seed.md", seed_markdown());
    wd.write(
        "mille.md",
        "Posti\n\n| Sede | Posti |\n|---|---|\n| Nord | 1.000 |\n| Sud | 2.500 |\n",
    );
    for (dialect, filter, lang) in [
        ("excel", "CSV:44,34,76,1,,1033", "en"),
        ("excel-it", "CSV:59,34,76,1,,1040", "it"),
    ] {
        let out = wd.run(&[
            "extract",
            "seed.md",
            "mille.md",
            "-o",
            dialect,
            "--csv-dialect",
            dialect,
        ]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let folder = wd.path().join(dialect);
        let files = [
            folder.join("seed/offices.csv"),
            folder.join("seed/totals.csv"),
            folder.join("mille/tables/01-posti.csv"),
        ];
        let converted = wd.path().join(format!("imported-{lang}"));
        convert(
            wd.path(),
            &files.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
            Some(filter),
            &converted,
        );

        let mut offices = open(&converted.join("offices.xlsx"));
        let sheet = offices.sheet_names()[0].clone();
        let range = offices.worksheet_range(&sheet).unwrap();
        let header: Vec<&Data> = range.rows().next().unwrap().iter().collect();
        assert_eq!(header[8], &Data::String("count_is_max".into()), "{lang}");
        let booleans: Vec<&Data> = range.rows().skip(1).map(|r| &r[8]).collect();
        assert!(
            booleans.iter().all(|b| matches!(b, Data::Bool(_))),
            "{lang}: {booleans:?}"
        );
        assert!(booleans.contains(&&Data::Bool(true)), "{lang}");
        let counts: Vec<&Data> = range.rows().skip(1).map(|r| &r[7]).collect();
        assert!(
            counts
                .iter()
                .all(|c| matches!(c, Data::Float(_) | Data::Int(_))),
            "{lang}: {counts:?}"
        );

        let mut totals = open(&converted.join("totals.xlsx"));
        let sheet = totals.sheet_names()[0].clone();
        let range = totals.worksheet_range(&sheet).unwrap();
        let overall = range
            .rows()
            .find(|r| r[0] == Data::String("overall/regional/II".into()))
            .expect("the overall row");
        assert_eq!(
            overall[12],
            Data::String("table 11, line 133".into()),
            "{lang}"
        );
        assert!(
            matches!(overall[4], Data::Float(v) if v == 78.0) || overall[4] == Data::Int(78),
            "{lang}: {:?}",
            overall[4]
        );

        let mut table = open(&converted.join("01-posti.xlsx"));
        let sheet = table.sheet_names()[0].clone();
        let range = table.worksheet_range(&sheet).unwrap();
        let posti: Vec<f64> = range
            .rows()
            .skip(1)
            .map(|r| match r[1] {
                Data::Float(v) => v,
                Data::Int(v) => v as f64,
                ref other => panic!("{lang}: {other:?}"),
            })
            .collect();
        assert_eq!(posti, [1000.0, 2500.0], "{lang}");
    }
}
