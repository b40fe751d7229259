//! The binary end to end: inputs, formats, dialects, exit statuses and
//! messages, and the committed outputs kept in step with the code.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Workdir, orgtables, repo, seed_markdown};

const TINY: &str = "Titolo\n\n| A | B |\n|---|---|\n| città | 1 |\n";

#[test]
fn extracts_the_input_folder_by_default() {
    let wd = Workdir::new();
    wd.write("input/missioni-istituzionali.md", seed_markdown());
    let out = wd.run(&["extract"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "input/missioni-istituzionali.md: 11 of 11 tables interpreted; findings: 6 errors, 5 warnings, 5 info; checks: 287 passed, 13 failed -> output/missioni-istituzionali"
        )
    );
    let mut names: Vec<String> =
        std::fs::read_dir(wd.path().join("output/missioni-istituzionali/tables"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
    names.sort();
    assert_eq!(names.len(), 11);
    assert_eq!(names[0], "01-matrice-funzioni-e-strutture.csv");
    assert_eq!(
        names[10],
        "11-posizioni-dirigenziali-di-ii-fascia-quadro-di-sintesi.csv"
    );
    let json: serde_json::Value =
        serde_json::from_str(&wd.read("output/missioni-istituzionali/tables.json")).unwrap();
    assert_eq!(json["tables"].as_array().unwrap().len(), 11);
    assert_eq!(
        json["tables"][2]["columns"][3],
        "Dirigenti per Struttura / I Fascia"
    );
    assert_eq!(json["tables"][2]["rows"][3]["kind"], "continuation");
    assert_eq!(json["tables"][2]["rows"][3]["of"], 2);
    assert_eq!(json["tables"][2]["rows"][3]["line"], 56);
}

#[test]
fn csv_dialects() {
    let wd = Workdir::new();
    wd.write("t.md", TINY);
    for (dialect, expected) in [
        ("excel", "\u{FEFF}A,B\r\ncittà,1\r\n"),
        ("excel-it", "\u{FEFF}A;B\r\ncittà;1\r\n"),
        ("plain", "A,B\ncittà,1\n"),
    ] {
        let out = wd.run(&["extract", "t.md", "-o", dialect, "--csv-dialect", dialect]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert_eq!(
            wd.read(&format!("{dialect}/t/tables/01-titolo.csv")),
            expected,
            "{dialect}"
        );
    }
}

#[test]
fn list_items_are_line_breaks_inside_one_quoted_cell() {
    let wd = Workdir::new();
    wd.write("t.md", "| A |\n|---|\n| • uno • due, tre |\n");
    assert_eq!(
        wd.run(&["extract", "t.md", "--csv-dialect", "plain"])
            .status,
        0
    );
    assert_eq!(
        wd.read("output/t/tables/01-table.csv"),
        "A\n\"uno\ndue, tre\"\n"
    );
}

#[test]
fn reads_standard_input_with_a_given_or_sniffed_format() {
    let wd = Workdir::new();
    let out = orgtables(
        wd.path(),
        &["extract", "-", "--format", "md", "--csv-dialect", "plain"],
        Some(TINY.as_bytes()),
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        wd.read("output/stdin/tables/01-titolo.csv"),
        "A,B\ncittà,1\n"
    );
    let page = b"<table><tr><th>X</th></tr><tr><td>1</td></tr></table>";
    let out = orgtables(
        wd.path(),
        &["extract", "-", "-o", "h", "--csv-dialect", "plain"],
        Some(page),
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(wd.read("h/stdin/tables/01-table.csv"), "X\n1\n");
}

#[test]
fn bad_inputs_exit_2_naming_the_file_and_line() {
    let wd = Workdir::new();
    wd.write("empty.md", "  \n");
    wd.write("binary.md", b"abc\n\x00\x01");
    std::fs::create_dir(wd.path().join("nodocs")).unwrap();
    wd.write("nodocs/readme.txt", "x");
    for (args, message) in [
        (
            vec!["extract", "missing.md"],
            "orgtables: missing.md: cannot read: No such file or directory",
        ),
        (
            vec!["extract", "empty.md"],
            "orgtables: empty.md: the document is empty",
        ),
        (
            vec!["extract", "binary.md"],
            "orgtables: binary.md:2: not a text document (NUL byte found)",
        ),
        (
            vec!["extract", "nodocs"],
            "orgtables: nodocs: no Markdown, HTML, Word or OpenDocument documents in this directory",
        ),
    ] {
        let out = wd.run(&args);
        assert_eq!(out.status, 2, "{args:?}");
        assert!(out.stderr.starts_with(message), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn one_bad_document_in_a_batch_does_not_stop_the_others() {
    let wd = Workdir::new();
    wd.write("docs/a.md", "");
    wd.write("docs/b.md", TINY);
    let out = wd.run(&["extract", "docs"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("docs/a.md: the document is empty"),
        "{}",
        out.stderr
    );
    assert!(wd.path().join("output/b/tables/01-titolo.csv").exists());
    assert!(!wd.path().join("output/a").exists());
}

#[test]
fn windows_1252_is_decoded_with_a_warning() {
    let wd = Workdir::new();
    wd.write("w.md", b"Titolo\n\n| A |\n|---|\n| citt\xE0 |\n");
    let out = wd.run(&["extract", "w.md", "--csv-dialect", "plain"]);
    assert_eq!(out.status, 0);
    assert!(
        out.stderr
            .contains("w.md:5: warning: not valid UTF-8; decoded as Windows-1252"),
        "{}",
        out.stderr
    );
    assert_eq!(wd.read("output/w/tables/01-titolo.csv"), "A\ncittà\n");
    let json: serde_json::Value = serde_json::from_str(&wd.read("output/w/tables.json")).unwrap();
    assert_eq!(json["diagnostics"][0]["line"], 5);
}

#[test]
fn dump_prints_a_stage_and_writes_nothing() {
    let wd = Workdir::new();
    wd.write("t.md", TINY);
    let out = wd.run(&["extract", "t.md", "--dump", "grid"]);
    assert_eq!(out.status, 0);
    let grids: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(grids[0]["columns"], serde_json::json!(["A", "B"]));
    let out = wd.run(&["extract", "t.md", "--dump", "raw"]);
    let raw: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(raw["tables"][0]["rows"][1]["cells"][0]["text"], "città");
    assert_eq!(raw["blocks"][0]["text"], "Titolo");
    assert!(!wd.path().join("output").exists());
}

#[test]
fn help_explains_every_option() {
    let out = orgtables(Path::new("."), &["extract", "--help"], None);
    assert_eq!(out.status, 0);
    for option in [
        "--output",
        "--format",
        "--dialect",
        "--csv-dialect",
        "--dump",
        "--quiet",
        "excel-it",
        "standard input",
    ] {
        assert!(out.stdout.contains(option), "--help lacks {option}");
    }
}

#[test]
fn a_rerun_replaces_the_previous_output_whole() {
    let wd = Workdir::new();
    wd.write("t.md", "| A |\n|---|\n| 1 |\n\n| B |\n|---|\n| 2 |\n");
    assert_eq!(wd.run(&["extract", "t.md"]).status, 0);
    wd.write("t.md", "| A |\n|---|\n| 1 |\n");
    assert_eq!(wd.run(&["extract", "t.md"]).status, 0);
    let names: Vec<_> = std::fs::read_dir(wd.path().join("output/t/tables"))
        .unwrap()
        .collect();
    assert_eq!(names.len(), 1);
    let leftovers: Vec<_> = std::fs::read_dir(wd.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| {
            let n = n.to_string_lossy();
            n.starts_with(".orgtables") && !n.starts_with(".orgtables-lock-")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The outputs committed under output/ are what the code makes of input/:
/// regenerate them with `make run` and review the diff.
#[test]
fn committed_outputs_are_up_to_date() {
    let wd = Workdir::new();
    let out_dir = wd.path().to_string_lossy().into_owned();
    let out = orgtables(
        &repo(),
        &["extract", "input", "-o", &out_dir, "--quiet", "--xlsx"],
        None,
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    for entry in std::fs::read_dir(repo().join("input")).unwrap() {
        let stem = entry
            .unwrap()
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let fresh = files_under(&wd.path().join(&stem));
        let committed = files_under(&repo().join("output").join(&stem));
        assert_same_files(&committed, &fresh, |name| {
            format!("output/{stem}/{name} is stale: run `make run`")
        });
    }
}

/// The same file names, and the same bytes in each; `why` names a difference.
fn assert_same_files(
    expected: &BTreeMap<String, Vec<u8>>,
    actual: &BTreeMap<String, Vec<u8>>,
    why: impl Fn(&str) -> String,
) {
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        actual.keys().collect::<Vec<_>>(),
        "{}",
        why("(the list of files)")
    );
    for (name, bytes) in actual {
        assert!(expected[name] == *bytes, "{}", why(name));
    }
}

/// Tables are read, rules run and files written on every core: the output
/// must not depend on how many there are.
#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    let wd = Workdir::new();
    // Many tables, so that the work is split between threads.
    let seed = seed_markdown();
    wd.write("archive.md", seed.repeat(40));
    wd.write("seed.md", &seed);
    std::fs::copy(
        repo().join("tests/fixtures/revisione-2027.md"),
        wd.path().join("revisione-2027.md"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/missioni-istituzionali.html"),
        wd.path().join("seed.html"),
    )
    .unwrap();
    let inputs = ["archive.md", "seed.md", "revisione-2027.md", "seed.html"];
    let run = |threads: &str, out: &str| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_orgtables"))
            .arg("extract")
            .args(inputs)
            .args(["-o", out, "-q"])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(wd.path())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0));
        files_under(&wd.path().join(out))
    };
    let one = run("1", "one");
    let many = run("8", "many");
    assert!(one.len() > 4 * 20, "{} files", one.len());
    // `seed.md` and `seed.html` share a stem: each has a folder of its own.
    assert!(one.contains_key("seed-md/report.md"));
    assert!(one.contains_key("seed-html/report.md"));
    assert_same_files(&one, &many, |name| {
        format!("{name} differs between 1 and 8 threads")
    });
}

#[test]
fn inputs_with_the_same_name_do_not_share_an_output_folder() {
    let wd = Workdir::new();
    wd.write("a/doc.md", "| A |\n|---|\n| 1 |\n");
    wd.write("b/doc.md", "| B |\n|---|\n| 2 |\n");
    let out = wd.run(&["extract", "a/doc.md", "b/doc.md", "-q"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "orgtables: a/doc.md: warning: another input has the same name; its output folder is doc-md\n\
         orgtables: b/doc.md: warning: another input has the same name; its output folder is doc-md-2\n"
    );
    assert_eq!(
        wd.read("output/doc-md/tables/01-table.csv"),
        "\u{feff}A\r\n1\r\n"
    );
    assert_eq!(
        wd.read("output/doc-md-2/tables/01-table.csv"),
        "\u{feff}B\r\n2\r\n"
    );
}

#[test]
fn repaired_tables_are_reported_with_their_lines() {
    let wd = Workdir::new();
    wd.write(
        "ragged.md",
        "T\n\n| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n\n| solo |\n|---|\n",
    );
    let out = wd.run(&["extract", "ragged.md"]);
    assert_eq!(out.status, 0, "repaired tables are still written");
    assert!(out.stderr.contains("ragged.md:5: warning: table 1: this row has 1 cells, the header 3; the missing cells are read as empty"), "{}", out.stderr);
    assert!(out.stderr.contains("ragged.md:6: warning: table 1: this row has 4 cells, the header 3; the extra cells (`4`) are dropped, as GFM tables do"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("ragged.md:8: warning: table 2 has a header but no body rows")
    );
    assert!(wd.path().join("output/ragged/tables/02-t.csv").exists());

    wd.write(
        "ragged.html",
        "<table>\n<tr><th>a</th><th>b</th><th>c</th></tr>\n<tr><td>1</td></tr>\n</table>\n",
    );
    let out = wd.run(&["extract", "ragged.html"]);
    assert_eq!(out.status, 0);
    assert!(out.stderr.contains("ragged.html:3: warning: table 1: 1 row(s) have fewer cells than the table's 3 columns (line 3); they are padded with empty cells"), "{}", out.stderr);
}

#[test]
fn truncated_html_is_read_as_far_as_it_goes() {
    let wd = Workdir::new();
    wd.write("cut.html", "<html><body>\n<h2>Quadro</h2>\n<table>\n<tr><th>Gruppo</th><th>Totale</th></tr>\n<tr><td>A</td><td>4");
    let out = wd.run(&["extract", "cut.html", "--csv-dialect", "plain"]);
    assert_eq!(out.status, 0);
    assert!(
        out.stderr.contains(
            "cut.html:3: warning: this <table> is never closed: the document may be truncated"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(
        wd.read("output/cut/tables/01-quadro.csv"),
        "Gruppo,Totale\nA,4\n"
    );
}

#[test]
fn a_table_with_a_malformed_delimiter_row_is_a_warning_finding() {
    let wd = Workdir::new();
    wd.write(
        "bad.md",
        "Titolo\n\n| a | b |\n| -- x |\n| 1 | 2 |\n\nSintesi\n\n| Strutture | Dirigenti |\n|---|---|\n| Regionali | 5 |\n",
    );
    let out = wd.run(&["extract", "bad.md"]);
    assert_eq!(
        out.status, 0,
        "a document that reads is not an unreadable input"
    );
    assert!(wd.path().join("output/bad/tables.json").exists());
    let out = wd.run(&["check", "bad.md", "--color", "never"]);
    assert_eq!(out.status, 0, "a warning does not fail the default check");
    for shown in [
        "warning[recognition]: lines 3-5 look like a table, but the line after the first\n",
        " --> bad.md:3:1\n  |\n3 | | a | b |\n  | ^^^^^^^^^\n",
        "  = at: outside the tables (line 3)\n",
    ] {
        assert!(out.stdout.contains(shown), "{shown}\n{}", out.stdout);
    }
    let out = wd.run(&[
        "check",
        "bad.md",
        "--color",
        "never",
        "--output-format",
        "short",
    ]);
    assert!(
        out.stdout.starts_with("bad.md:3:1: warning[recognition]: lines 3-5 look like a table, but the line after the first is not a delimiter row such as `|---|---|`: they are read as text, and no table, record or check comes from them\n"),
        "{}",
        out.stdout
    );
    let out = wd.run(&["check", "bad.md", "--fail-on", "warning"]);
    assert_eq!(out.status, 1);
}

#[test]
fn csv_cells_that_look_like_formulas_are_inert() {
    let wd = Workdir::new();
    let doc = "| Gruppo | Province | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n\
| =HYPERLINK(\"http://x.invalid\",\"a\") | @SUM(A1) | 1 | 2 | -3 |\n| +cmd | \\-2+3 | - | 1 | 1 |\n";
    wd.write("f.md", doc);
    assert_eq!(
        wd.run(&["extract", "f.md", "--csv-dialect", "plain"])
            .status,
        0
    );
    let table = wd.read("output/f/tables/01-table.csv");
    assert!(
        table.contains("\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"a\"\")\",'@SUM(A1),1,2,-3\n"),
        "{table}"
    );
    assert!(table.contains("'+cmd,'-2+3,-,1,1\n"), "{table}");
    let positions = wd.read("output/f/positions.csv");
    assert!(
        positions.contains("provincial,\"'=HYPERLINK("),
        "{positions}"
    );
    // JSON keeps the exact text; the guard can be turned off.
    let records: serde_json::Value =
        serde_json::from_str(&wd.read("output/f/records.json")).unwrap();
    assert_eq!(
        records["positions"][0]["group"],
        "=HYPERLINK(\"http://x.invalid\",\"a\")"
    );
    assert_eq!(
        wd.run(&[
            "extract",
            "f.md",
            "--csv-dialect",
            "plain",
            "--no-formula-guard"
        ])
        .status,
        0
    );
    assert!(
        wd.read("output/f/tables/01-table.csv")
            .contains("\n+cmd,-2+3,-,1,1\n")
    );
}

#[test]
fn vocabulary_and_gazetteer_files_are_read_and_bad_ones_refused() {
    let wd = Workdir::new();
    let doc = "| Raggruppamento | Regioni | Numero Presidi | Dirigenti per struttura | Totale |\n|---|---|---|---|---|\n| Alta | Alba, Beta | 2 | 3 | 6 |\n| Bassa | Gamma | 1 | 2 | 2 |\n";
    wd.write("r.md", doc);
    wd.write("presidi.toml", "[words]\nstructures = [\"presidio\"]\n");
    wd.write(
        "paese.tsv",
        "# regions of a country of three\nregion\tA\tAlba\nregion\tB\tBeta\nregion\tG\tGamma\n",
    );
    let out = wd.run(&["check", "r.md", "--color", "never"]);
    assert_eq!(out.status, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("0 of 1 table interpreted"),
        "{}",
        out.stdout
    );
    let out = wd.run(&[
        "check",
        "r.md",
        "--vocabulary",
        "presidi.toml",
        "--gazetteer",
        "paese.tsv",
        "--color",
        "never",
        "--output-format",
        "short",
    ]);
    assert_eq!(out.status, 0, "{}", out.stdout);
    assert!(
        out.stdout.ends_with("r.md: 1 of 1 table interpreted; findings: 0 errors, 0 warnings, 0 info; checks: 14 passed, 0 failed\n"),
        "{}",
        out.stdout
    );

    wd.write("bad.toml", "[words]\nstructures = [\"presidio\",\n  7]\n");
    let out = wd.run(&["check", "r.md", "--vocabulary", "bad.toml"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr.contains("bad.toml:3: not a vocabulary file"),
        "{}",
        out.stderr
    );
    wd.write("bad.tsv", "region\tA\tAlba\nprovincia\tB\tBeta\n");
    let out = wd.run(&["extract", "r.md", "--gazetteer", "bad.tsv"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr
            .contains("bad.tsv:2: not a gazetteer file: the first field is `provincia`"),
        "{}",
        out.stderr
    );
    assert!(!wd.path().join("output").exists(), "nothing is written");
}

#[test]
fn diff_of_bad_inputs_exits_2_naming_the_file() {
    let wd = Workdir::new();
    wd.write("seed.md", seed_markdown());
    wd.write("binary.md", b"abc\n\x00\x01");
    wd.write("empty/readme.txt", "x");
    wd.write("other/records.json", "{\"rows\": []}");
    wd.write("other/findings.json", "[]");
    wd.write("broken/records.json", "{\"tables\": [}");
    wd.write("broken/findings.json", "[]");
    wd.write("half/records.json", "{\"tables\": []}");
    for doc in ["a", "b"] {
        wd.write(&format!("outputs/{doc}/records.json"), "{\"tables\": []}");
        wd.write(&format!("outputs/{doc}/findings.json"), "[]");
    }
    for (args, message) in [
        (
            vec!["diff", "missing.md", "seed.md"],
            "orgtables: missing.md: cannot read: No such file or directory",
        ),
        (
            vec!["diff", "seed.md", "binary.md"],
            "orgtables: binary.md:2: not a text document (NUL byte found)",
        ),
        (
            vec!["diff", "empty", "seed.md"],
            "orgtables: empty: not a document nor an orgtables output folder (it has no records.json)",
        ),
        (
            vec!["diff", "outputs", "seed.md"],
            "orgtables: outputs: holds the output folders of 2 documents, not one: give one of them (outputs/a, outputs/b)",
        ),
        (
            vec!["diff", "half", "seed.md"],
            "orgtables: half/findings.json: cannot read: No such file or directory",
        ),
        (
            vec!["diff", "other", "seed.md"],
            "orgtables: other/records.json: not an orgtables records.json: no `tables` list",
        ),
        (
            vec!["diff", "broken", "seed.md"],
            "orgtables: broken/records.json:1: not an orgtables records.json: expected value",
        ),
    ] {
        let out = wd.run(&args);
        assert_eq!(out.status, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.starts_with(message), "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
}

#[test]
fn diff_writes_only_into_a_folder_it_owns() {
    let wd = Workdir::new();
    wd.write("old.md", seed_markdown());
    wd.write(
        "new.md",
        seed_markdown().replace("| Regionali | 78 |", "| Regionali | 79 |"),
    );
    wd.write("mine/notes.txt", "keep me");
    let out = wd.run(&["diff", "old.md", "new.md", "-o", "mine"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("mine"), "{}", out.stderr);
    assert_eq!(wd.read("mine/notes.txt"), "keep me");
    assert_eq!(files_under(&wd.path().join("mine")).len(), 1);

    // Its own folder it replaces whole, and the exit status follows
    // --fail-on.
    assert_eq!(wd.run(&["diff", "old.md", "old.md", "-o", "d"]).status, 0);
    assert!(wd.read("d/diff.md").contains("0 fact changes"));
    let out = wd.run(&[
        "diff",
        "old.md",
        "new.md",
        "-o",
        "d",
        "--fail-on",
        "any-change",
    ]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let changes = wd.read("d/changes.csv");
    assert!(
        changes.contains("overall,overall/regional/II,value,changed,78,79,"),
        "{changes}"
    );
    let names: Vec<String> = files_under(&wd.path().join("d")).into_keys().collect();
    assert_eq!(
        names,
        [
            ".orgtables",
            "changes.csv",
            "diff.html",
            "diff.json",
            "diff.md",
            "new-report.html",
            "old-report.html"
        ]
    );
    // Nor may the diff land on an input: a document, or the output folder
    // a side is read from.
    let out = wd.run(&["diff", "old.md", "new.md", "-o", "old.md"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_eq!(wd.read("old.md"), seed_markdown());
    assert_eq!(wd.run(&["extract", "old.md", "-o", "published"]).status, 0);
    let before = files_under(&wd.path().join("published"));
    for target in ["published/old", "published"] {
        let out = wd.run(&["diff", "published/old", "new.md", "-o", target]);
        assert_eq!(out.status, 2, "{target}: {}", out.stderr);
        assert!(
            out.stderr.contains("would replace the input"),
            "{}",
            out.stderr
        );
    }
    assert_eq!(files_under(&wd.path().join("published")), before);
}

#[test]
fn records_prints_the_facts_sorted_without_lines() {
    let md = orgtables(&repo(), &["records", "tests/corpus/seed-md/input.md"], None);
    let html = orgtables(
        &repo(),
        &["records", "tests/corpus/pandoc-html/input.html"],
        None,
    );
    assert_eq!(md.status, 0, "{}", md.stderr);
    assert_eq!(md.stdout, html.stdout, "the export has the same facts");
    let lines: Vec<&str> = md.stdout.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert!(lines.contains(
        &"member regional/detail/Umbria: group=Bassa complessità subgroup=1 kind=region count=1 code=10"
    ));
    assert!(lines.contains(
        &"position provincial/summary/Media complessità/1/II: structures=26 per_structure=4 total_stated=112"
    ));
    assert!(!md.stdout.contains("line"), "no line numbers");
}

/// `orgtables records` as git's textconv driver: `git diff` of two commits
/// of the document shows the facts that changed.
#[test]
fn records_as_a_git_textconv_driver() {
    let wd = Workdir::new();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(wd.path())
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(&["init", "-q"]);
    let driver = format!("{} records", env!("CARGO_BIN_EXE_orgtables"));
    git(&["config", "diff.orgtables.textconv", &driver]);
    wd.write(".gitattributes", "*.md diff=orgtables\n");
    wd.write("doc.md", seed_markdown());
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "one"]);
    let moved =
        std::fs::read_to_string(repo().join("tests/revisions/member-moved/new.md")).unwrap();
    wd.write("doc.md", moved);
    git(&["commit", "-q", "-am", "two"]);
    let out = git(&[
        "diff",
        "--no-color",
        "-U0",
        "HEAD~1",
        "HEAD",
        "--",
        "doc.md",
    ]);
    let changed: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert!(changed.contains(&"-member regional/detail/Umbria: group=Bassa complessità subgroup=1 kind=region count=1 code=10"), "{out}");
    assert!(changed.contains(&"+member regional/detail/Umbria: group=Media complessità subgroup=1 kind=region count=1 code=10"), "{out}");
    assert!(
        changed.contains(&"-overall overall/total/II: value=354"),
        "{out}"
    );
    assert!(
        changed.contains(&"+overall overall/total/II: value=356"),
        "{out}"
    );
    assert!(
        !out.contains("| Media complessità"),
        "git diffed the text, not the facts: {out}"
    );
}

/// The error findings of `doc` as `findings.json` writes them, read with
/// no acceptances.
fn findings_of(wd: &Workdir, doc: &str, out: &str) -> Vec<serde_json::Value> {
    wd.write("none.toml", "");
    let run = wd.run(&["extract", doc, "-o", out, "--accepted", "none.toml"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let stem = doc.trim_end_matches(".md");
    serde_json::from_str(&wd.read(&format!("{out}/{stem}/findings.json"))).expect("findings")
}

fn entry(f: &serde_json::Value, reason: &str) -> String {
    let mut s = format!("[[accepted]]\nid = {}\n", f["id"]);
    for key in ["expected", "found"] {
        if let Some(v) = f[key].as_str() {
            s.push_str(&format!("{key} = {}\n", serde_json::Value::from(v)));
        }
    }
    s + &format!("reason = \"{reason}\"\nby = \"A. Reviewer\"\ndate = 2026-11-28\n\n")
}

#[test]
fn check_fits_80_columns_and_shows_each_findings_source_line() {
    let wd = Workdir::new();
    wd.write("seed.md", seed_markdown());
    let out = wd.run(&["check", "seed.md", "--color", "never"]);
    let findings = findings_of(&wd, "seed.md", "o");
    assert_eq!(out.status, 1);
    let long: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.chars().count() > 80)
        .collect();
    assert_eq!(long, Vec::<&str>::new());
    // Every finding: its head, where (`--> seed.md:LINE:COL`), and a drawn
    // source line (`LINE | …`) under it.
    let blocks: Vec<&str> = out.stdout.split("\n\n").collect();
    assert_eq!(blocks.len(), findings.len() + 1, "{}", out.stdout);
    for (block, f) in blocks.iter().zip(&findings) {
        let head = format!(
            "{}[{}]: ",
            f["severity"].as_str().unwrap(),
            f["rule"].as_str().unwrap()
        );
        assert!(block.starts_with(&head), "{head}\n{block}");
        let line = f["locations"][0]["line"].as_u64().unwrap();
        let lines: Vec<&str> = block.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim_start().starts_with("--> seed.md:"))
            .unwrap_or_else(|| panic!("{block}"));
        assert!(
            lines[at + 2]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
                && lines[at + 2].contains(" | "),
            "{block}"
        );
        assert!(block.contains(&format!("line {line}")), "{line}\n{block}");
        // No path is cut across lines: the only paths are whole.
        assert!(!block.contains("seed.\n"), "{block}");
    }
    let short = wd.run(&[
        "check",
        "seed.md",
        "--color",
        "never",
        "--output-format",
        "short",
    ]);
    assert_eq!(short.stdout.lines().count(), findings.len() + 1);
    assert!(
        short
            .stdout
            .lines()
            .take(findings.len())
            .all(|l| l.starts_with("seed.md:"))
    );
}

#[test]
fn accepted_findings_pass_check_and_stale_ones_are_named_across_revisions() {
    let wd = Workdir::new();
    let seed = seed_markdown();
    wd.write("rev-1.md", &seed);
    let all = findings_of(&wd, "rev-1.md", "raw");
    let errors: Vec<&serde_json::Value> = all.iter().filter(|f| f["severity"] == "error").collect();
    assert!(errors.len() >= 2, "the seed has errors to accept");
    let mut file: String = errors.iter().map(|f| entry(f, "reviewed")).collect();
    file.push_str("[[accepted]]\nid = \"product-0000000000000000\"\nreason = \"r\"\nby = \"b\"\ndate = \"d\"\ndocument = \"rev-2.md\"\n");
    wd.write("orgtables.toml", &file);

    // Revision 1: every error accepted, so the default check passes; the
    // entry for revision 2 alone is not stale here.
    let short = ["--color", "never", "--output-format", "short"];
    let out = wd.run(&[&["check", "rev-1.md", "-o", "o1"][..], &short].concat());
    assert_eq!(out.status, 0, "{}", out.stdout);
    assert!(
        out.stdout.contains("findings: 0 errors, ")
            && out
                .stdout
                .contains(&format!(", {} accepted;", errors.len())),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("stale"), "{}", out.stdout);
    assert_eq!(
        out.stdout
            .matches("(accepted by A. Reviewer, 2026-11-28: reviewed)")
            .count(),
        errors.len()
    );
    let written: Vec<serde_json::Value> =
        serde_json::from_str(&wd.read("o1/rev-1/findings.json")).unwrap();
    assert_eq!(
        written
            .iter()
            .filter(|f| f["accepted"]["by"] == "A. Reviewer")
            .count(),
        errors.len()
    );
    let out = wd.run(&[
        "check",
        "rev-1.md",
        "--fail-on",
        "warning",
        "--color",
        "never",
    ]);
    assert_eq!(out.status, 1, "the warnings were not accepted");

    // Revision 2: the first error's wrong value corrected, the second's
    // changed (a cell of the same line becomes another number).
    // The found cell, in every copy of its table.
    let cells = |f: &serde_json::Value| -> Vec<(usize, String)> {
        f["locations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["text"] == f["found"])
            .map(|l| {
                (
                    l["line"].as_u64().unwrap() as usize,
                    l["text"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let mut lines: Vec<String> = seed.lines().map(String::from).collect();
    let (fixed, changed) = (errors[0], errors[1]);
    for (line, text) in cells(fixed) {
        let right = fixed["expected"].as_str().unwrap();
        lines[line - 1] =
            lines[line - 1].replacen(&format!("| {text} |"), &format!("| {right} |"), 1);
    }
    for (line, text) in cells(changed) {
        let other: u64 = text.parse::<u64>().unwrap() + 1000;
        lines[line - 1] =
            lines[line - 1].replacen(&format!("| {text} |"), &format!("| {other} |"), 1);
    }
    wd.write("rev-2.md", lines.join("\n") + "\n");
    let now = findings_of(&wd, "rev-2.md", "raw");
    assert!(
        !now.iter().any(|f| f["id"] == fixed["id"]),
        "the correction removes the finding"
    );
    let again = now
        .iter()
        .find(|f| f["id"] == changed["id"])
        .expect("still found");
    assert_ne!(again["found"], changed["found"]);

    let out = wd.run(&[&["check", "rev-2.md", "-o", "o2"][..], &short].concat());
    assert_eq!(
        out.status, 1,
        "the changed finding is open again: {}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!(
            "orgtables.toml:1: warning[stale-acceptance]: stale acceptance of `{}`: the document has no such finding any more; remove the entry\n",
            fixed["id"].as_str().unwrap()
        )),
        "{}",
        out.stdout
    );
    // Each entry: carried while its finding's id and values hold, stale
    // (changed or gone) otherwise; the entry for rev-2.md alone is gone.
    let written: Vec<serde_json::Value> =
        serde_json::from_str(&wd.read("o2/rev-2/findings.json")).unwrap();
    let mut stale = 1;
    for e in &errors {
        match now.iter().find(|f| f["id"] == e["id"]) {
            Some(f) if f["expected"] == e["expected"] && f["found"] == e["found"] => {
                let w = written.iter().find(|w| w["id"] == e["id"]).unwrap();
                assert_eq!(w["accepted"]["reason"], "reviewed", "{}", e["id"]);
            }
            _ => stale += 1,
        }
    }
    assert!(
        stale >= 3 && stale < errors.len() + 1,
        "some carried, some stale"
    );
    assert!(
        out.stdout
            .contains(&format!("; {stale} stale acceptances;")),
        "{stale}\n{}",
        out.stdout
    );
    let report = wd.read("o2/rev-2/report.md");
    assert!(report.contains("Stale acceptances"), "{report}");

    // A finding accepted in both revisions is not new in the comparison,
    // and the changed one is.
    let diff = wd.run(&[
        "diff",
        "rev-1.md",
        "rev-2.md",
        "--fail-on",
        "new-error",
        "--color",
        "never",
    ]);
    assert_eq!(diff.status, 0, "{}", diff.stdout);

    // A broken file fails the run with its line.
    wd.write(
        "bad.toml",
        "[[accepted]]\nid = \"x\"\nreason = \"r\"\nby = \"b\"\ndate = \"d\"\nfuond = \"1\"\n",
    );
    let out = wd.run(&["check", "rev-1.md", "--accepted", "bad.toml"]);
    assert_eq!(out.status, 2);
    assert!(
        out.stderr
            .contains("bad.toml:6: not an accepted-findings file: unknown field `fuond`"),
        "{}",
        out.stderr
    );
}

/// A Word file has no lines: every output names the paragraph a cell is
/// in, as a reader finds it in Word, and never a "line" of the HTML the
/// tool made of it (issue 21).
#[test]
fn a_word_files_places_are_its_paragraphs_in_every_output() {
    let wd = Workdir::new();
    let docx = std::fs::read(repo().join("tests/corpus/pandoc-docx/input.docx")).unwrap();
    wd.write("rev.docx", docx);
    let out = wd.run(&["check", "rev.docx"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    // Its place instead of a snippet of HTML it never wrote.
    assert!(
        out.stdout.contains("\n--> rev.docx, paragraph 259\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("<td"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains(" = at: table 7, row 2 (paragraphs 257–259): Totale,"),
        "{}",
        out.stdout
    );
    let line = regex::Regex::new(r"\blines? [0-9]").unwrap();
    assert!(!line.is_match(&out.stdout), "{}", out.stdout);

    let out = wd.run(&["extract", "rev.docx"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let dir = wd.path().join("output/rev");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(!line.is_match(&text), "{} names a line", path.display());
        }
    }
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert!(read("findings.csv").contains("table 7, row 2, Totale, paragraph 259"));
    assert!(read("report.md").contains(
        "  - at: table 7, row 2 (paragraphs 257–259): Totale, Numero Strutture, Dirigenti di II Fascia per struttura"
    ));
    assert!(read("report.html").contains(
        "<a href=\"#t-7\">table 7</a>, row 2 (paragraphs 257–259): Totale, Numero Strutture"
    ));
    assert!(read("report.html").contains("<span class=\"where\">(paragraph 245)</span>"));
    assert!(read("records.json").contains("\n  \"unit\": \"paragraph\"\n"));
    assert!(read("positions.csv").contains("table 10, paragraph 316"));
    // SARIF's regions are lines of a text file: a paragraph is said in the
    // location's message only.
    assert!(!read("findings.sarif").contains("startLine"));
    assert!(read("findings.sarif").contains("table 7, row 2, Totale, paragraph 259"));
}
