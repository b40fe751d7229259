//! The interpretation stage: the seed's records pinned value by value, the
//! Markdown and HTML renditions giving the same records, and a later revision
//! read right without any change to the code.

// Rows are pinned as tuples: the clearest way to state a table of expected values.
#![allow(clippy::type_complexity)]

mod common;

use common::{repo, seed_html, seed_markdown};
use orgtables::interpret::{ObservationKind, Records, TableKind};
use orgtables::source::{Document, Format};

fn records(text: &str, format: Format) -> Records {
    let doc = Document::from_bytes("doc", "doc", text.as_bytes(), Some(format)).unwrap();
    orgtables::process(&doc).unwrap().records
}

fn seed() -> Records {
    records(&seed_markdown(), Format::Markdown)
}

type PositionRow = (
    &'static str,
    &'static str,
    usize,
    &'static str,
    f64,
    f64,
    Option<f64>,
    f64,
    &'static str,
    usize,
    u32,
);

fn positions(
    r: &Records,
) -> Vec<(
    String,
    String,
    usize,
    String,
    f64,
    f64,
    Option<f64>,
    f64,
    String,
    usize,
    u32,
)> {
    r.positions
        .iter()
        .map(|p| {
            (
                p.level.as_str().to_string(),
                p.group.clone(),
                p.subgroup,
                p.fascia.map_or("", |f| f.as_str()).to_string(),
                p.structures.unwrap(),
                p.per_structure.unwrap(),
                p.total_stated,
                p.total_computed.unwrap(),
                p.source.as_str().to_string(),
                p.table,
                p.line,
            )
        })
        .collect()
}

fn owned(
    rows: &[PositionRow],
) -> Vec<(
    String,
    String,
    usize,
    String,
    f64,
    f64,
    Option<f64>,
    f64,
    String,
    usize,
    u32,
)> {
    rows.iter()
        .map(|&(l, g, s, f, st, per, ts, tc, src, t, line)| {
            (
                l.into(),
                g.into(),
                s,
                f.into(),
                st,
                per,
                ts,
                tc,
                src.into(),
                t,
                line,
            )
        })
        .collect()
}

#[test]
fn seed_tables_are_recognised_by_their_headers() {
    let r = seed();
    let kinds: Vec<(usize, TableKind, Option<&str>, Option<usize>, bool)> = r
        .tables
        .iter()
        .map(|t| {
            (
                t.index,
                t.kind,
                t.level.map(|l| l.as_str()),
                t.copy_of,
                t.identical,
            )
        })
        .collect();
    use TableKind::*;
    assert_eq!(
        kinds,
        vec![
            (1, FunctionsMatrix, None, None, false),
            (2, StructureFunctions, None, None, false),
            (3, PositionsDetail, Some("regional"), None, false),
            (4, StructureFunctions, None, None, false),
            (5, PositionsDetail, Some("provincial"), None, false),
            (6, PositionsSummary, Some("regional"), None, false),
            (7, PositionsSummary, Some("provincial"), None, false),
            (8, OverallSummary, None, None, false),
            (9, PositionsSummary, Some("regional"), Some(6), true),
            (10, PositionsSummary, Some("provincial"), Some(7), true),
            (11, OverallSummary, None, Some(8), true),
        ]
    );
}

#[test]
fn seed_position_rows() {
    let (a, m, b) = ("Alta complessità", "Media complessità", "Bassa complessità");
    let expected: Vec<PositionRow> = vec![
        (
            "regional",
            a,
            1,
            "I",
            9.0,
            1.0,
            Some(9.0),
            9.0,
            "detail",
            3,
            55,
        ),
        (
            "regional",
            a,
            1,
            "II",
            9.0,
            5.0,
            Some(45.0),
            45.0,
            "detail",
            3,
            56,
        ),
        (
            "regional",
            m,
            1,
            "I",
            6.0,
            1.0,
            Some(6.0),
            6.0,
            "detail",
            3,
            57,
        ),
        (
            "regional",
            m,
            1,
            "II",
            6.0,
            4.0,
            Some(24.0),
            24.0,
            "detail",
            3,
            58,
        ),
        (
            "regional",
            b,
            1,
            "II",
            4.0,
            2.0,
            Some(8.0),
            8.0,
            "detail",
            3,
            59,
        ),
        (
            "regional",
            b,
            2,
            "II",
            1.0,
            1.0,
            Some(1.0),
            1.0,
            "detail",
            3,
            60,
        ),
        (
            "provincial",
            "Metropolitane",
            1,
            "I",
            4.0,
            0.0,
            Some(0.0),
            0.0,
            "detail",
            5,
            76,
        ),
        (
            "provincial",
            "Metropolitane",
            1,
            "II",
            4.0,
            10.0,
            None,
            40.0,
            "detail",
            5,
            77,
        ),
        (
            "provincial",
            a,
            1,
            "I",
            10.0,
            0.0,
            Some(0.0),
            0.0,
            "detail",
            5,
            78,
        ),
        (
            "provincial",
            a,
            1,
            "II",
            10.0,
            7.0,
            None,
            70.0,
            "detail",
            5,
            79,
        ),
        (
            "provincial",
            m,
            1,
            "I",
            26.0,
            0.0,
            Some(0.0),
            0.0,
            "detail",
            5,
            80,
        ),
        (
            "provincial",
            m,
            1,
            "II",
            26.0,
            4.0,
            None,
            104.0,
            "detail",
            5,
            81,
        ),
        (
            "provincial",
            b,
            1,
            "I",
            63.0,
            0.0,
            Some(0.0),
            0.0,
            "detail",
            5,
            82,
        ),
        (
            "provincial",
            b,
            1,
            "II",
            63.0,
            1.0,
            None,
            63.0,
            "detail",
            5,
            83,
        ),
        (
            "regional",
            a,
            1,
            "II",
            9.0,
            5.0,
            Some(45.0),
            45.0,
            "summary",
            6,
            93,
        ),
        (
            "regional",
            m,
            1,
            "II",
            6.0,
            4.0,
            Some(24.0),
            24.0,
            "summary",
            6,
            94,
        ),
        (
            "regional",
            b,
            1,
            "II",
            4.0,
            2.0,
            Some(8.0),
            8.0,
            "summary",
            6,
            95,
        ),
        (
            "regional",
            b,
            2,
            "II",
            1.0,
            1.0,
            Some(1.0),
            1.0,
            "summary",
            6,
            95,
        ),
        (
            "provincial",
            "Metropolitane",
            1,
            "II",
            4.0,
            10.0,
            Some(40.0),
            40.0,
            "summary",
            7,
            100,
        ),
        (
            "provincial",
            a,
            1,
            "II",
            10.0,
            7.0,
            Some(63.0),
            70.0,
            "summary",
            7,
            101,
        ),
        (
            "provincial",
            m,
            1,
            "II",
            26.0,
            4.0,
            Some(112.0),
            104.0,
            "summary",
            7,
            102,
        ),
        (
            "provincial",
            b,
            1,
            "II",
            63.0,
            1.0,
            Some(62.0),
            63.0,
            "summary",
            7,
            103,
        ),
    ];
    let r = seed();
    assert_eq!(positions(&r), owned(&expected));
    let footnoted: Vec<_> = r
        .positions
        .iter()
        .filter(|p| p.marker.is_some())
        .map(|p| (p.table, p.line))
        .collect();
    assert_eq!(footnoted, vec![(7, 103)]);
    // The summary section is printed twice: its records list the copy's lines.
    let bassa = &r.positions[21];
    assert_eq!((bassa.also_at[0].table, bassa.also_at[0].line), (10, 128));
}

#[test]
fn seed_members_with_the_bassa_split_and_the_capitals_resolved() {
    let r = seed();
    let of = |table: usize,
              group: &str|
     -> Vec<(Option<usize>, String, &'static str, u32, Option<String>)> {
        r.members
            .iter()
            .filter(|m| m.table == table && m.group == group)
            .map(|m| {
                (
                    m.subgroup,
                    m.member.clone(),
                    m.kind.as_str(),
                    m.count,
                    m.code.clone(),
                )
            })
            .collect()
    };
    let region = |s: usize, name: &str, code: &str| {
        (
            Some(s),
            name.to_string(),
            "region",
            1,
            Some(code.to_string()),
        )
    };
    assert_eq!(
        of(3, "Bassa complessità"),
        vec![
            region(1, "Trentino-Alto Adige", "04"),
            region(1, "Umbria", "10"),
            region(1, "Molise", "14"),
            region(1, "Basilicata", "17"),
            region(2, "Valle d'Aosta", "02"),
        ]
    );
    assert_eq!(of(3, "Alta complessità").len(), 9);
    assert_eq!(of(3, "Media complessità").len(), 6);
    let capitals: Vec<(String, Option<String>)> = r
        .members
        .iter()
        .filter(|m| m.table == 5 && m.via.is_some())
        .map(|m| (m.member.clone(), m.code.clone()))
        .collect();
    let names: Vec<&str> = capitals.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Aosta",
            "Venezia",
            "Trieste",
            "Perugia",
            "Ancona",
            "L'Aquila",
            "Campobasso",
            "Potenza",
            "Catanzaro",
            "Cagliari"
        ]
    );
    assert_eq!(capitals[5].1.as_deref(), Some("066"));
    let media = of(5, "Media complessità");
    assert_eq!(media.len(), 26);
    assert_eq!(media[10].1, "Caserta");
    let bassa = of(5, "Bassa complessità");
    assert_eq!(
        bassa,
        vec![(
            Some(1),
            "63 Sedi Provinciali".to_string(),
            "aggregate",
            63,
            None
        )]
    );
    assert!(
        r.members.iter().all(|m| m.table != 9 && m.table != 10),
        "identical copies add no members"
    );
}

#[test]
fn seed_offices() {
    let r = seed();
    let rows: Vec<(
        String,
        Option<usize>,
        String,
        String,
        String,
        Option<f64>,
        bool,
        usize,
        u32,
    )> = r
        .offices
        .iter()
        .map(|o| {
            (
                o.group.clone(),
                o.subgroup,
                o.fasce
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join("+"),
                o.office.clone(),
                o.scope.join("; "),
                o.count,
                o.count_is_max,
                o.table,
                o.line,
            )
        })
        .collect();
    let row =
        |g: &str, s: usize, f: &str, o: &str, scope: &str, n: f64, max: bool, t: usize, l: u32| {
            (
                g.to_string(),
                Some(s),
                f.to_string(),
                o.to_string(),
                scope.to_string(),
                Some(n),
                max,
                t,
                l,
            )
        };
    let (a, m, b) = ("Alta complessità", "Media complessità", "Bassa complessità");
    let (dr, dp) = ("Direzione Regionale", "Direzione Provinciale");
    let pp = "Coordinamento e Controllo dei Processi Primari";
    let staff = "Coordinamento e controllo delle Risorse e delle attività di Staff";
    let isp = "Coordinamento e controllo delle Attività di Ispezione e Vigilanza";
    assert_eq!(
        rows,
        vec![
            row(a, 1, "I", dr, "", 1.0, false, 3, 55),
            row(
                a,
                1,
                "II",
                pp,
                "contributi e contenzioso; pensioni; prestazioni a sostegno del reddito",
                3.0,
                false,
                3,
                56
            ),
            row(a, 1, "II", staff, "", 1.0, false, 3, 56),
            row(a, 1, "II", isp, "", 1.0, false, 3, 56),
            row(m, 1, "I", dr, "", 1.0, false, 3, 57),
            row(
                m,
                1,
                "II",
                pp,
                "contributi e contenzioso; prestazioni",
                2.0,
                false,
                3,
                58
            ),
            row(m, 1, "II", staff, "", 1.0, false, 3, 58),
            row(m, 1, "II", isp, "", 1.0, false, 3, 58),
            row(b, 1, "II", dr, "", 1.0, false, 3, 59),
            row(
                b,
                1,
                "II",
                pp,
                "contributi e contenzioso; prestazioni",
                1.0,
                false,
                3,
                59
            ),
            row(b, 2, "II", dr, "", 1.0, false, 3, 60),
            row("Metropolitane", 1, "I+II", dp, "", 1.0, false, 5, 76),
            row(
                "Metropolitane",
                1,
                "I+II",
                "Coordinamento Agenzie",
                "",
                7.0,
                true,
                5,
                76
            ),
            row(
                "Metropolitane",
                1,
                "I+II",
                "Processi Primari",
                "flussi assicurativi e contributivi; gestione del credito",
                2.0,
                false,
                5,
                76
            ),
            row(a, 1, "I+II", dp, "", 1.0, false, 5, 78),
            row(a, 1, "I+II", "Coordinamento Agenzie", "", 5.0, true, 5, 78),
            row(a, 1, "I+II", "Processi Primari", "", 1.0, false, 5, 78),
            row(m, 1, "I+II", dp, "", 1.0, false, 5, 80),
            row(m, 1, "I+II", "Coordinamento Agenzie", "", 2.0, true, 5, 80),
            row(m, 1, "I+II", "Processi Primari", "", 1.0, false, 5, 80),
            row(b, 1, "I+II", dp, "", 1.0, false, 5, 82),
        ]
    );
}

#[test]
fn seed_functions_and_missions() {
    let r = seed();
    let count = |structure: &str, table: usize| {
        r.functions
            .iter()
            .filter(|f| f.structure == structure && f.table == table)
            .count()
    };
    assert_eq!(count("Direzioni Regionali", 1), 13);
    assert_eq!(count("Direzioni Provinciali e Metropolitane", 1), 6);
    assert_eq!(count("Agenzie e Punti INPS", 1), 3);
    assert_eq!(count("Direzioni Regionali", 2), 13);
    assert_eq!(count("Direzioni Metropolitane e Provinciali", 4), 6);
    assert_eq!(r.functions.len(), 41);
    let f = r
        .functions
        .iter()
        .find(|f| f.table == 4 && f.line == 70)
        .unwrap();
    assert_eq!(
        (f.area.as_str(), f.activity.as_str()),
        (
            "Attività istituzionali",
            "Attività di ispezione e vigilanza"
        )
    );
    let missions: Vec<(&str, u32)> = r
        .missions
        .iter()
        .map(|m| (m.structure.as_str(), m.line))
        .collect();
    assert_eq!(
        missions,
        vec![
            ("Direzioni Regionali", 13),
            ("Direzioni Metropolitane e Provinciali", 17),
            ("Direzioni Metropolitane e Provinciali", 18),
            ("Agenzie", 22),
            ("Agenzie", 23),
            ("Punti INPS", 27),
            ("Punti INPS", 28),
        ]
    );
    assert_eq!(
        r.missions[3].mission,
        "Erogazione dei servizi all'utenza: gestione, assistenza e informazione."
    );
}

#[test]
fn seed_totals_observations_and_footnotes() {
    let r = seed();
    let totals: Vec<(usize, u32, &str, Option<&str>, f64, &str, &str)> = r
        .totals
        .iter()
        .map(|t| {
            let of = match t.of {
                orgtables::interpret::TotalOf::Structures => "structures",
                orgtables::interpret::TotalOf::Positions => "positions",
            };
            (
                t.table,
                t.line,
                of,
                t.fascia.map(|f| f.as_str()),
                t.value,
                &*t.cell.column,
                t.read_as.as_str(),
            )
        })
        .collect();
    assert_eq!(
        totals,
        vec![
            (
                3,
                61,
                "positions",
                Some("I"),
                15.0,
                "Uffici dirigenziali - Funzioni",
                "Totali / I Fascia"
            ),
            (
                3,
                61,
                "positions",
                Some("II"),
                78.0,
                "Totali / I Fascia",
                "Totali / II Fascia"
            ),
            (
                5,
                84,
                "positions",
                Some("I"),
                0.0,
                "Totali / I Fascia",
                "Totali / I Fascia"
            ),
            (
                5,
                84,
                "positions",
                Some("II"),
                277.0,
                "Totali / II Fascia",
                "Totali / II Fascia"
            ),
            (
                6,
                96,
                "structures",
                None,
                20.0,
                "Numero Strutture",
                "Numero Strutture"
            ),
            (6, 96, "positions", Some("II"), 78.0, "Totale", "Totale"),
            (
                7,
                104,
                "structures",
                None,
                103.0,
                "Numero Strutture",
                "Numero Strutture"
            ),
            (7, 104, "positions", Some("II"), 276.0, "Totale", "Totale"),
        ]
    );
    let overall: Vec<(String, f64, u32)> = r
        .overall
        .iter()
        .map(|o| (o.label.clone(), o.value, o.line))
        .collect();
    assert_eq!(
        overall,
        vec![
            ("Regionali".into(), 78.0, 108),
            ("Provinciali".into(), 276.0, 109),
            ("Totale".into(), 354.0, 110)
        ]
    );
    let observed: Vec<(ObservationKind, usize, u32)> = r
        .observations
        .iter()
        .map(|o| (o.kind, o.cell.table, o.cell.line))
        .collect();
    assert_eq!(
        observed,
        vec![
            (ObservationKind::MissingSeparator, 3, 59),
            (ObservationKind::MisalignedRow, 3, 61),
            (ObservationKind::UnresolvedAggregate, 5, 82),
            (ObservationKind::MissingSeparator, 6, 95),
            (ObservationKind::UnresolvedAggregate, 7, 103),
        ]
    );
    assert_eq!(
        r.observations[1].message,
        "the values of `Totale Regionale` sit 1 column to the left of the columns they total: 15 under `Uffici dirigenziali - Funzioni` is read as `Totali / I Fascia`; 78 under `Totali / I Fascia` is read as `Totali / II Fascia`"
    );
    assert_eq!(r.footnotes.len(), 1);
    assert_eq!(r.footnotes[0].marker, "**");
    assert_eq!(r.footnotes[0].text, None);
    assert_eq!(
        (r.footnotes[0].cells[0].table, r.footnotes[0].cells[0].line),
        (7, 103)
    );
}

#[test]
fn html_rendition_gives_the_same_records() {
    let md = serde_json::to_value(seed()).unwrap();
    let html = serde_json::to_value(records(&seed_html(), Format::Html)).unwrap();
    // Lines differ between the renditions, and so does the text of cells
    // written `4 1` in one and `4<br>1` in the other; everything else agrees.
    fn strip(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(map) => map
                .iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "line" | "text_line" | "cells" | "cell" | "also_at"
                    )
                })
                .map(|(k, v)| (k.clone(), strip(v)))
                .collect(),
            serde_json::Value::Array(items) => items.iter().map(strip).collect(),
            other => other.clone(),
        }
    }
    assert_eq!(strip(&md), strip(&html));
    assert_eq!(md["positions"].as_array().unwrap().len(), 22);
}

#[test]
fn footnote_texts_are_attached_to_their_markers() {
    let text = "Titolo\n\n| Gruppo | Regioni | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n| A | Lazio | 1 | 3 | 2* |\n\n\\* valore provvisorio\n";
    let r = records(text, Format::Markdown);
    assert_eq!(r.footnotes[0].marker, "*");
    assert_eq!(r.footnotes[0].text.as_deref(), Some("valore provvisorio"));
    assert_eq!(r.footnotes[0].text_line, Some(7));
}

#[test]
fn a_marker_used_in_many_tables_is_one_footnote_on_any_number_of_threads() {
    // Tables are read in parallel and their records joined: the join must
    // give what reading them one by one gives, one footnote per marker.
    let mut text = String::from("Titolo\n\n");
    for i in 1..=200 {
        text.push_str(&format!(
            "| Gruppo | Regioni | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n| G{i} | Lazio | 1 | 3 | {i}* |\n\n"
        ));
    }
    text.push_str("\\* valore provvisorio\n");
    for threads in [1, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let r = pool.install(|| records(&text, Format::Markdown));
        assert_eq!(r.footnotes.len(), 1, "{threads} threads");
        let note = &r.footnotes[0];
        assert_eq!(note.marker, "*");
        assert_eq!(note.text.as_deref(), Some("valore provvisorio"));
        let tables: Vec<usize> = note.cells.iter().map(|c| c.table).collect();
        assert_eq!(tables, (1..=200).collect::<Vec<_>>(), "{threads} threads");
    }
}

#[test]
fn a_later_revision_is_read_without_code_changes() {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/revisione-2027.md")).unwrap();
    let r = records(&text, Format::Markdown);
    let kinds: Vec<TableKind> = r.tables.iter().map(|t| t.kind).collect();
    use TableKind::*;
    assert_eq!(
        kinds,
        vec![
            PositionsSummary,
            PositionsSummary,
            OverallSummary,
            Generic,
            PositionsDetail,
            PositionsDetail
        ]
    );
    let (a, m, b) = ("Alta complessità", "Media complessità", "Bassa complessità");
    let expected: Vec<PositionRow> = vec![
        (
            "regional",
            a,
            1,
            "II",
            10.0,
            5.0,
            Some(50.0),
            50.0,
            "summary",
            1,
            7,
        ),
        (
            "regional",
            m,
            1,
            "II",
            5.0,
            4.0,
            Some(20.0),
            20.0,
            "summary",
            1,
            8,
        ),
        (
            "regional",
            b,
            1,
            "II",
            4.0,
            2.0,
            Some(8.0),
            8.0,
            "summary",
            1,
            9,
        ),
        (
            "regional",
            b,
            2,
            "II",
            1.0,
            1.0,
            Some(1.0),
            1.0,
            "summary",
            1,
            9,
        ),
        (
            "provincial",
            "Metropolitane",
            1,
            "II",
            5.0,
            10.0,
            Some(50.0),
            50.0,
            "summary",
            2,
            14,
        ),
        (
            "provincial",
            a,
            1,
            "II",
            10.0,
            7.0,
            Some(70.0),
            70.0,
            "summary",
            2,
            15,
        ),
        (
            "provincial",
            m,
            1,
            "II",
            25.0,
            4.0,
            Some(100.0),
            100.0,
            "summary",
            2,
            16,
        ),
        (
            "provincial",
            b,
            1,
            "II",
            63.0,
            1.0,
            Some(63.0),
            63.0,
            "summary",
            2,
            17,
        ),
        (
            "provincial",
            "Metropolitane",
            1,
            "I",
            5.0,
            0.0,
            Some(0.0),
            0.0,
            "detail",
            5,
            38,
        ),
        (
            "provincial",
            "Metropolitane",
            1,
            "II",
            5.0,
            10.0,
            None,
            50.0,
            "detail",
            5,
            39,
        ),
        (
            "provincial",
            a,
            1,
            "I",
            10.0,
            0.0,
            Some(0.0),
            0.0,
            "detail",
            5,
            40,
        ),
        (
            "provincial",
            a,
            1,
            "II",
            10.0,
            7.0,
            None,
            70.0,
            "detail",
            5,
            41,
        ),
        (
            "provincial",
            m,
            1,
            "I",
            25.0,
            0.0,
            Some(0.0),
            0.0,
            "detail",
            5,
            42,
        ),
        (
            "provincial",
            m,
            1,
            "II",
            25.0,
            4.0,
            None,
            100.0,
            "detail",
            5,
            43,
        ),
        (
            "provincial",
            b,
            1,
            "I",
            63.0,
            0.0,
            Some(0.0),
            0.0,
            "detail",
            5,
            44,
        ),
        (
            "provincial",
            b,
            1,
            "II",
            63.0,
            1.0,
            None,
            63.0,
            "detail",
            5,
            45,
        ),
        // Fasce side by side in one row, per-structure values packed per sub-group.
        (
            "regional",
            a,
            1,
            "I",
            10.0,
            1.0,
            Some(10.0),
            10.0,
            "detail",
            6,
            53,
        ),
        (
            "regional",
            a,
            1,
            "II",
            10.0,
            5.0,
            Some(50.0),
            50.0,
            "detail",
            6,
            53,
        ),
        (
            "regional",
            m,
            1,
            "I",
            5.0,
            1.0,
            Some(5.0),
            5.0,
            "detail",
            6,
            54,
        ),
        (
            "regional",
            m,
            1,
            "II",
            5.0,
            4.0,
            Some(20.0),
            20.0,
            "detail",
            6,
            54,
        ),
        (
            "regional",
            b,
            1,
            "II",
            4.0,
            2.0,
            Some(8.0),
            8.0,
            "detail",
            6,
            55,
        ),
        (
            "regional",
            b,
            2,
            "II",
            1.0,
            1.0,
            Some(1.0),
            1.0,
            "detail",
            6,
            55,
        ),
    ];
    assert_eq!(positions(&r), owned(&expected));
    // Members moved between groups follow the document.
    let group_of = |name: &str, table: usize| {
        r.members
            .iter()
            .find(|m| m.member == name && m.table == table)
            .map(|m| m.group.clone())
    };
    assert_eq!(group_of("Sardegna", 1).as_deref(), Some(a));
    assert_eq!(group_of("Bologna", 2).as_deref(), Some("Metropolitane"));
    assert_eq!(group_of("Padova", 5).as_deref(), Some(a));
    // Correctly placed totals rows give no misalignment; the regional detail
    // totals are read per fascia.
    assert!(
        r.observations
            .iter()
            .all(|o| o.kind != ObservationKind::MisalignedRow)
    );
    let regional_totals: Vec<(f64, &str)> = r
        .totals
        .iter()
        .filter(|t| t.table == 6)
        .map(|t| (t.value, t.read_as.as_str()))
        .collect();
    assert_eq!(
        regional_totals,
        vec![
            (15.0, "Totale dirigenti / I fascia"),
            (79.0, "Totale dirigenti / II fascia")
        ]
    );
    let overall: Vec<f64> = r.overall.iter().map(|o| o.value).collect();
    assert_eq!(overall, vec![79.0, 283.0, 362.0]);
    // `Udine` left the list: 24 members are listed for 25 structures.
    let media: u32 = r
        .members
        .iter()
        .filter(|x| x.table == 2 && x.group == m)
        .map(|x| x.count)
        .sum();
    assert_eq!(media, 24);
}

/// A translation that writes the places in English (`Piedmont`, `Turin`,
/// `Aosta Valley`) reads the same members as one that keeps them in
/// Italian: the same places, ISTAT codes and keys, and the same findings by
/// id (the gazetteer's names in other languages, `data/gazetteer-names.tsv`).
#[test]
fn places_named_in_english_are_the_same_members() {
    let read = |case: &str| {
        let path = repo().join("tests/corpus").join(case).join("input.md");
        let text = std::fs::read_to_string(path).unwrap();
        let doc =
            Document::from_bytes("doc", "doc", text.as_bytes(), Some(Format::Markdown)).unwrap();
        orgtables::process(&doc).unwrap()
    };
    let (italian, english) = (read("english-md"), read("english-places-md"));
    let members = |r: &orgtables::Extraction| -> Vec<(String, String, Option<String>)> {
        r.records
            .members
            .iter()
            .map(|m| (m.key(), m.member.clone(), m.code.clone()))
            .collect()
    };
    assert_eq!(members(&english), members(&italian));
    assert!(
        english
            .records
            .members
            .iter()
            .any(|m| m.written == "Piedmont"
                && m.member == "Piemonte"
                && m.code.as_deref() == Some("01"))
    );
    let ids = |r: &orgtables::Extraction| -> Vec<String> {
        r.reconciliation
            .findings
            .iter()
            .map(|f| f.id.clone())
            .collect()
    };
    assert_eq!(ids(&english), ids(&italian));
    // And the seed's findings about the same facts, by the same ids: the
    // groups named in English are the same groups (their names' identity),
    // an aggregate is known by what it counts, a repeated table not by its
    // caption. Only a finding about the functions' wording is about other
    // words.
    let seed = read("seed-md");
    let about_facts = |r: &orgtables::Extraction| -> Vec<String> {
        r.reconciliation
            .findings
            .iter()
            .filter(|f| f.rule.as_str() != "function-lists")
            .map(|f| f.id.clone())
            .collect()
    };
    assert_eq!(about_facts(&english), about_facts(&seed));
    assert_eq!(about_facts(&seed).len(), 13);
}
