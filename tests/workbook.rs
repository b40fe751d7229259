//! `<doc>.xlsx` read back with calamine: sheet names, types, merged ranges,
//! hyperlinks and highlighted cells, on the seed and on hostile text.

mod common;

use calamine::{Data, Dimensions, Reader, Xlsx, open_workbook};
use common::{Workdir, seed_markdown};

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

fn workbook(wd: &Workdir, name: &str, text: &str) -> Book {
    wd.write(&format!("{name}.md"), text);
    let out = wd.run(&["extract", &format!("{name}.md"), "-o", "out", "--xlsx"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    open_workbook(wd.path().join(format!("out/{name}/{name}.xlsx"))).unwrap()
}

fn cell(wb: &mut Book, sheet: &str, at: (u32, u32)) -> Data {
    let range = wb.worksheet_range(sheet).unwrap();
    range.get_value(at).cloned().unwrap_or(Data::Empty)
}

fn fill(wb: &mut Book, sheet: &str, at: (u32, u32)) -> Option<(u8, u8, u8)> {
    let styles = wb.worksheet_style(sheet).unwrap();
    let c = styles.get(at)?.fill.as_ref()?.get_color()?;
    Some((c.red, c.green, c.blue))
}

fn bold(wb: &mut Book, sheet: &str, at: (u32, u32)) -> bool {
    let styles = wb.worksheet_style(sheet).unwrap();
    styles
        .get(at)
        .and_then(|s| s.font.as_ref())
        .is_some_and(|f| f.is_bold())
}

/// The first row of `sheet` whose column `col` holds `text`.
fn row_of(wb: &mut Book, sheet: &str, col: usize, text: &str) -> Vec<Data> {
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .find(|r| r.get(col) == Some(&Data::String(text.into())))
        .unwrap_or_else(|| panic!("{sheet}: no row with {text}"))
        .to_vec()
}

const T03: &str = "T03 Funzioni e posizioni dirige";
const T07: &str = "T07 Posizioni dirigenziali di I";

#[test]
fn the_seed_workbook_keeps_types_layout_links_and_highlights() {
    let wd = Workdir::new();
    let mut wb = workbook(&wd, "missioni-istituzionali", &seed_markdown());
    assert_eq!(
        wb.sheet_names(),
        [
            "Findings",
            "Positions",
            "Members",
            "Offices",
            "Functions",
            "Missions",
            "Totals",
            "T01 Matrice funzioni e struttur",
            "T02 Funzioni e posizioni dirige",
            T03,
            "T04 Funzioni e posizioni dirige",
            "T05 Funzioni e posizioni dirige",
            "T06 Posizioni dirigenziali di I",
            T07,
            "T08 Posizioni dirigenziali di I",
            "T09 Posizioni dirigenziali di I",
            "T10 Posizioni dirigenziali di I",
            "T11 Posizioni dirigenziali di I",
        ]
    );

    // Record sheets: numbers, codes as text with their zeros, booleans.
    let piemonte = row_of(&mut wb, "Members", 0, "regional/detail/Piemonte");
    assert_eq!(
        piemonte,
        [
            Data::String("regional/detail/Piemonte".into()),
            Data::String("regional".into()),
            Data::String("Alta complessità".into()),
            Data::Float(1.0),
            Data::String("Piemonte".into()),
            Data::String("region".into()),
            Data::Float(1.0),
            Data::String("01".into()),
            Data::Float(3.0),
            Data::Float(55.0),
            Data::String("detail".into()),
            Data::Empty,
            Data::String("Piemonte".into()),
            Data::Empty,
        ]
    );
    let roma = row_of(&mut wb, "Members", 0, "provincial/detail/Roma");
    assert_eq!(roma[7], Data::String("058".into()));
    let agenzie = row_of(&mut wb, "Offices", 5, "Coordinamento Agenzie");
    assert_eq!(
        (&agenzie[7], &agenzie[8]),
        (&Data::Float(7.0), &Data::Bool(true))
    );
    let direzione = row_of(
        &mut wb,
        "Offices",
        0,
        "regional/Alta complessità/1/I/Direzione Regionale",
    );
    assert_eq!(direzione[8], Data::Bool(false));
    let overall = row_of(&mut wb, "Totals", 0, "overall/regional/II");
    assert_eq!(overall[4], Data::Float(78.0));
    assert_eq!(overall[12], Data::String("table 11, line 133".into()));
    let position = row_of(
        &mut wb,
        "Positions",
        0,
        "provincial/summary/Bassa complessità/1/II",
    );
    assert_eq!(
        &position[5..9],
        [
            Data::Float(63.0),
            Data::Float(1.0),
            Data::Float(62.0),
            Data::Float(63.0)
        ]
    );
    assert_eq!(position[12], Data::String("**".into()));
    assert!(bold(&mut wb, "Positions", (0, 0)));

    // A table as the document lays it out: the title, the line column's
    // name, the header rows (a span as one merged range), the rows with
    // their merged group cells, numbers as numbers, text as written.
    assert_eq!(
        cell(&mut wb, T03, (0, 0)),
        Data::String(
            "Table 3 — Funzioni e posizioni dirigenziali delle Direzioni Regionali (line 52)"
                .into()
        )
    );
    assert_eq!(
        cell(&mut wb, T03, (1, 8)),
        Data::String("source line".into())
    );
    assert_eq!(
        cell(&mut wb, T03, (2, 3)),
        Data::String("Dirigenti per Struttura".into())
    );
    assert_eq!(cell(&mut wb, T03, (3, 3)), Data::String("I Fascia".into()));
    assert_eq!(cell(&mut wb, T03, (2, 8)), Data::Float(52.0));
    assert_eq!(cell(&mut wb, T03, (3, 8)), Data::Float(54.0));
    assert_eq!(cell(&mut wb, T03, (4, 2)), Data::Float(9.0));
    assert_eq!(cell(&mut wb, T03, (4, 8)), Data::Float(55.0));
    assert!(bold(&mut wb, T03, (2, 0)) && bold(&mut wb, T03, (3, 3)));
    assert!(!bold(&mut wb, T03, (4, 1)));
    let merges = wb.merge_cells_by_sheet_name(T03).unwrap();
    let d = |a: (u32, u32), b: (u32, u32)| Dimensions { start: a, end: b };
    assert_eq!(
        merges,
        [
            d((2, 3), (2, 4)),
            d((2, 6), (2, 7)),
            d((4, 0), (5, 0)),
            d((4, 1), (5, 1)),
            d((4, 2), (5, 2)),
            d((6, 0), (7, 0)),
            d((6, 1), (7, 1)),
            d((6, 2), (7, 2)),
            d((8, 0), (9, 0)),
            d((8, 1), (9, 1)),
            d((8, 2), (9, 2)),
        ]
    );
    // List items are lines of one cell.
    let items = cell(&mut wb, "T01 Matrice funzioni e struttur", (3, 1));
    assert_eq!(
        items,
        Data::String(
            "Coordinamento delle strutture sub-regionali e interfaccia con la Direzione Generale per le problematiche tecnico istituzionali\nComunicazione e Rapporti esterni".into()
        )
    );

    // The first finding (Totale 63 ≠ 10 × 7) links to its cells; the wrong
    // one is painted apart from those it was checked against.
    let links = wb.hyperlinks_by_sheet_name("Findings").unwrap();
    let first: Vec<(u32, u32, Option<String>)> = links
        .iter()
        .filter(|l| l.range.start.0 == 1)
        .map(|l| (l.range.start.0, l.range.start.1, l.location.clone()))
        .collect();
    assert_eq!(
        first,
        [
            (1, 9, Some(format!("'{T07}'!E5"))),
            (1, 10, Some(format!("'{T07}'!C5"))),
            (1, 11, Some(format!("'{T07}'!D5"))),
            (
                1,
                12,
                Some("'T10 Posizioni dirigenziali di I'!E5".to_string())
            ),
            (
                1,
                13,
                Some("'T10 Posizioni dirigenziali di I'!C5".to_string())
            ),
            (
                1,
                14,
                Some("'T10 Posizioni dirigenziali di I'!D5".to_string())
            ),
        ]
    );
    assert_eq!(cell(&mut wb, T07, (4, 4)), Data::Float(63.0));
    assert_eq!(cell(&mut wb, T07, (6, 4)), Data::String("62**".into()));
    assert_eq!(
        fill(&mut wb, T07, (4, 4)),
        Some((0xFF, 0x9C, 0x9C)),
        "the wrong total"
    );
    assert_eq!(
        fill(&mut wb, T07, (4, 2)),
        Some((0xFF, 0xE1, 0xE1)),
        "an operand"
    );
    assert_eq!(
        fill(&mut wb, T07, (2, 2)),
        Some((0xF0, 0xF0, 0xF0)),
        "a header cell"
    );
    assert_eq!(
        fill(&mut wb, T07, (4, 0)),
        None,
        "a cell no finding involves"
    );
    // The member-count note on `63 Sedi Provinciali` is blue.
    assert_eq!(fill(&mut wb, T07, (6, 1)), Some((0x9D, 0xC3, 0xE6)));
}

#[test]
fn hostile_text_stays_text_and_sheet_names_stay_legal() {
    let wd = Workdir::new();
    let long = "x".repeat(40_000);
    let doc = format!(
        "Tabella [1]: costi/ricavi * 'test'?\n\n| Sede | Codice | Formula | Posti |\n|---|---|---|---|\n| Nord | 01 | =1+1 | 1.000 |\n| Sud | 058 | @SUM(A1) | 2,5 |\n| {long} | 7 | -2+3 | 3 |\n\nTabella [1]: costi/ricavi * 'test'?\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    );
    let mut wb = workbook(&wd, "hostile", &doc);
    let names = wb.sheet_names();
    assert_eq!(
        names[7..],
        [
            "T01 Tabella 1 costi ricavi 'tes",
            "T02 Tabella 1 costi ricavi 'tes"
        ]
    );
    let t = "T01 Tabella 1 costi ricavi 'tes";
    assert_eq!(cell(&mut wb, t, (3, 1)), Data::String("01".into()));
    assert_eq!(cell(&mut wb, t, (3, 2)), Data::String("=1+1".into()));
    assert_eq!(cell(&mut wb, t, (3, 3)), Data::Float(1000.0));
    assert_eq!(cell(&mut wb, t, (4, 2)), Data::String("@SUM(A1)".into()));
    assert_eq!(cell(&mut wb, t, (4, 3)), Data::Float(2.5));
    assert_eq!(cell(&mut wb, t, (5, 2)), Data::String("-2+3".into()));
    let Data::String(clipped) = cell(&mut wb, t, (5, 0)) else {
        panic!("text")
    };
    assert_eq!(clipped.chars().count(), 32_767, "as much as a cell holds");
}

#[test]
fn tables_past_the_workbook_budget_are_named_on_a_sheet_of_their_own() {
    let wd = Workdir::new();
    let doc = (1..=503)
        .map(|i| format!("| Sede | Posti |\n|---|---|\n| S{i} | {i} |\n\nNota {i}.\n\n"))
        .collect::<String>();
    let mut wb = workbook(&wd, "many", &doc);
    let names = wb.sheet_names();
    assert_eq!(names.len(), 7 + 500 + 1);
    assert_eq!(names.last().unwrap(), "Tables left out");
    let range = wb.worksheet_range("Tables left out").unwrap();
    let tables: Vec<Data> = range.rows().skip(2).map(|r| r[0].clone()).collect();
    assert_eq!(
        tables,
        [Data::Float(501.0), Data::Float(502.0), Data::Float(503.0)]
    );
    assert_eq!(
        range.get_value((2, 3)),
        Some(&Data::String("tables/501-nota-500.csv".into()))
    );
}

#[test]
fn the_workbook_is_written_when_asked_for_by_extract_and_check() {
    let wd = Workdir::new();
    wd.write("doc.md", seed_markdown());
    assert_eq!(wd.run(&["extract", "doc.md", "-o", "plain"]).status, 0);
    assert!(!wd.path().join("plain/doc/doc.xlsx").exists());
    assert!(wd.path().join("plain/doc/datapackage.json").is_file());
    assert_eq!(
        wd.run(&["check", "doc.md", "-o", "checked", "--xlsx"])
            .status,
        1
    );
    let mut wb: Book = open_workbook(wd.path().join("checked/doc/doc.xlsx")).unwrap();
    assert_eq!(wb.sheet_names().len(), 18);
    assert_eq!(
        cell(&mut wb, "Findings", (1, 1)),
        Data::String("error".into())
    );
}

#[test]
fn accepted_findings_paint_no_cell() {
    let wd = Workdir::new();
    let doc = "Sintesi\n\n| Gruppo | Province | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n| Alfa | Roma, Milano | 2 | 3 | 7 |\n| Beta | Torino | 1 | 4 | 4 |\n";
    let mut wb = workbook(&wd, "doc", doc);
    let sheet = wb
        .sheet_names()
        .into_iter()
        .find(|n| n.starts_with("T01"))
        .expect("the table's sheet");
    // Alfa's total, 7 where 2 × 3 = 6: where it stands on the sheet.
    let range = wb.worksheet_range(&sheet).unwrap();
    let row = range.start().unwrap().0
        + range
            .rows()
            .position(|r| r.first() == Some(&Data::String("Alfa".into())))
            .expect("Alfa's row") as u32;
    let total = (row, 4);
    assert_eq!(cell(&mut wb, &sheet, total), Data::Float(7.0));
    assert_eq!(fill(&mut wb, &sheet, total), Some((0xFF, 0x9C, 0x9C)));

    let findings: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(wd.path().join("out/doc/findings.json")).unwrap(),
    )
    .unwrap();
    let product = findings
        .iter()
        .find(|f| f["rule"] == "product")
        .expect("the product finding");
    assert_eq!(
        (&product["expected"], &product["found"]),
        (&"6".into(), &"7".into())
    );
    wd.write(
        "orgtables.toml",
        format!(
            "[[accepted]]\nid = \"{}\"\nexpected = \"6\"\nfound = \"7\"\nreason = \"a post held in common\"\nby = \"A. Reviewer\"\ndate = 2026-11-30\n",
            product["id"].as_str().unwrap()
        ),
    );
    let mut wb = workbook(&wd, "doc", doc);
    assert_eq!(
        fill(&mut wb, &sheet, total),
        None,
        "an accepted finding's cell"
    );
    let accepted = row_of(&mut wb, "Findings", 2, "product");
    assert_eq!(
        accepted[7],
        Data::String("A. Reviewer, 2026-11-30: a post held in common".into())
    );
}
