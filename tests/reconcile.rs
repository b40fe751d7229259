//! The reconciliation stage: every discrepancy of the seed found, with its
//! values and line, and nothing else; findings following a revision's
//! changes; ids that survive a re-ordered document.

mod common;

use common::{repo, seed_markdown};
use orgtables::reconcile::{Finding, Reconciliation, Rule, Severity};
use orgtables::source::{Document, Format};

fn reconcile(text: &str) -> Reconciliation {
    let doc =
        Document::from_bytes("doc.md", "doc", text.as_bytes(), Some(Format::Markdown)).unwrap();
    orgtables::process(&doc).unwrap().reconciliation
}

/// (rule, severity, expected, found, table, line) of a finding.
type Summary = (String, Severity, Option<String>, Option<String>, usize, u32);

/// Each finding, in report order.
fn summary(r: &Reconciliation) -> Vec<Summary> {
    r.findings
        .iter()
        .map(|f| {
            let l = &f.locations[0];
            (
                f.rule.as_str().to_string(),
                f.severity,
                f.expected.clone(),
                f.found.clone(),
                l.table,
                l.line,
            )
        })
        .collect()
}

fn row(
    rule: &str,
    severity: Severity,
    expected: Option<&str>,
    found: Option<&str>,
    table: usize,
    line: u32,
) -> Summary {
    (
        rule.to_string(),
        severity,
        expected.map(str::to_string),
        found.map(str::to_string),
        table,
        line,
    )
}

fn find(r: &Reconciliation, rule: Rule, line: u32) -> &Finding {
    r.findings
        .iter()
        .find(|f| f.rule == rule && f.locations[0].line == line)
        .unwrap_or_else(|| panic!("no {rule:?} finding at line {line}"))
}

#[test]
fn seed_findings_are_every_discrepancy_and_no_other() {
    use Severity::*;
    let r = reconcile(&seed_markdown());
    assert_eq!(
        summary(&r),
        vec![
            row("product", Error, Some("70"), Some("63"), 7, 101),
            row("product", Error, Some("104"), Some("112"), 7, 102),
            row("product", Error, Some("63"), Some("62"), 7, 103),
            row("column-total", Error, Some("277"), Some("276"), 7, 104),
            row("detail-vs-summary", Error, Some("277"), Some("276"), 7, 104),
            row("overall-total", Error, Some("277"), Some("276"), 8, 109),
            row(
                "function-lists",
                Warning,
                Some("Coordinamento e controllo dei livelli di servizio delle Agenzie"),
                Some(
                    "Coordinamento e controllo della produzione e dei livelli di servizio delle Agenzie"
                ),
                1,
                36
            ),
            row(
                "misaligned-row",
                Warning,
                Some("15 under `Totali / I Fascia`, 78 under `Totali / II Fascia`"),
                Some("15 under `Uffici dirigenziali - Funzioni`, 78 under `Totali / I Fascia`"),
                3,
                61
            ),
            row(
                "missing-separator",
                Warning,
                Some("Basilicata, Valle d'Aosta"),
                Some("Basilicata Valle d'Aosta"),
                3,
                59
            ),
            row(
                "missing-separator",
                Warning,
                Some("Basilicata, Valle d'Aosta"),
                Some("Basilicata Valle d'Aosta"),
                6,
                95
            ),
            row(
                "footnote",
                Warning,
                Some("a paragraph starting with `**`"),
                Some(""),
                7,
                103
            ),
            row(
                "member-count",
                Info,
                Some("63 provinces"),
                Some("67 provinces"),
                5,
                82
            ),
            row(
                "member-count",
                Info,
                Some("63 provinces"),
                Some("67 provinces"),
                7,
                103
            ),
            row("duplicate-table", Info, None, None, 6, 91),
            row(
                "function-lists",
                Info,
                Some("Coordinamento e gestione dell'attività di Ispezione e Vigilanza"),
                Some("Coordinamento e gestione dell'attività di ispezione e Vigilanza"),
                1,
                37
            ),
            row(
                "function-lists",
                Info,
                Some(
                    "Gestione dei flussi assicurativi e contributivi e dei conti individuali e aziendali"
                ),
                Some(
                    "Gestione dei flussi assicurativi e contributivi e dei conti individuali e aziendali."
                ),
                1,
                37
            ),
        ]
    );
}

#[test]
fn messages_spell_the_arithmetic_out_and_name_the_corroborating_sources() {
    let r = reconcile(&seed_markdown());
    assert_eq!(
        find(&r, Rule::Product, 101).message,
        "Alta complessità, fascia II (summary table 7): Totale 63 ≠ 10 × 7 = 70 (7 too few)"
    );
    assert_eq!(
        find(&r, Rule::Product, 102).message,
        "Media complessità, fascia II (summary table 7): Totale 112 ≠ 26 × 4 = 104 (8 too many)"
    );
    let total = find(&r, Rule::ColumnTotal, 104);
    assert_eq!(
        total.message,
        "Totale Dirigenti, fascia II (table 7): 276 ≠ 40 + 63 + 112 + 62 = 277 (1 too few), the sum of the rows' totals"
    );
    assert_eq!(
        total.notes,
        vec![
            "the sum of structures × per-structure positions is 277: it agrees with the sum of the rows",
            "the detail table states 277 (table 5, line 84): differs",
            "the overall summary states 276 for `Provinciali` (table 8, line 109; table 11, line 134): agrees",
        ]
    );
    assert_eq!(
        find(&r, Rule::OverallTotal, 109).message,
        "overall summary `Provinciali` 276 (table 8, line 109; table 11, line 134) ≠ 277 stated by the detail table (table 5, line 84); it agrees with 276 stated by the summary table (table 7, line 104; table 10, line 129)"
    );
    // The summary section is printed twice: a finding on it names both places.
    let lines: Vec<(usize, u32)> = find(&r, Rule::Product, 101)
        .locations
        .iter()
        .map(|l| (l.table, l.line))
        .collect();
    assert_eq!(
        lines,
        vec![
            (7, 101),
            (7, 101),
            (7, 101),
            (10, 126),
            (10, 126),
            (10, 126)
        ]
    );
    let columns: Vec<&str> = find(&r, Rule::Product, 101).locations[..3]
        .iter()
        .map(|l| &*l.column)
        .collect();
    assert_eq!(
        columns,
        vec![
            "Totale",
            "Numero Strutture",
            "Dirigenti di II Fascia per struttura"
        ]
    );
    assert!(find(&r, Rule::FunctionLists, 36).message.ends_with(
        "differ in wording: Coordinamento e controllo {+della produzione e +}dei livelli di servizio delle Agenzie"
    ));
}

#[test]
fn consistent_figures_are_checked_and_give_no_finding() {
    let r = reconcile(&seed_markdown());
    // Every regional product, total and count agrees: no finding on tables 3 or 6
    // but the layout observations.
    let regional: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.locations.iter().any(|l| l.table == 3 || l.table == 6))
        .filter(|f| {
            !matches!(
                f.rule,
                Rule::MisalignedRow | Rule::MissingSeparator | Rule::DuplicateTable
            )
        })
        .collect();
    assert!(regional.is_empty(), "{regional:#?}");
    let tally = |rule: Rule| {
        let t = r.checks[&rule];
        (t.passed, t.failed)
    };
    assert_eq!(tally(Rule::Product), (15, 3));
    assert_eq!(tally(Rule::ColumnTotal), (7, 1));
    assert_eq!(tally(Rule::MemberCount), (16, 0));
    assert_eq!(tally(Rule::OfficeCount), (10, 0));
    assert_eq!(tally(Rule::DetailVsSummary), (29, 1));
    assert_eq!(tally(Rule::OverallTotal), (4, 1));
    assert_eq!(tally(Rule::Coverage), (160, 0));
}

#[test]
fn a_revision_gets_the_findings_of_its_own_changes() {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/revisione-2027.md")).unwrap();
    let r = reconcile(&text);
    use Severity::*;
    assert_eq!(
        summary(&r),
        vec![
            row("member-count", Error, Some("25"), Some("24"), 2, 16),
            row("member-count", Error, Some("25"), Some("24"), 5, 42),
            row("office-count", Error, Some("1"), Some("2"), 6, 55),
            row(
                "member-count",
                Info,
                Some("63 provinces"),
                Some("68 provinces"),
                2,
                17
            ),
            row(
                "member-count",
                Info,
                Some("63 provinces"),
                Some("68 provinces"),
                5,
                44
            ),
        ]
    );
    assert_eq!(
        find(&r, Rule::MemberCount, 16).message,
        "Media complessità (table 2) lists 24 members for 25 structures (1 too few)"
    );
    assert_eq!(
        find(&r, Rule::OfficeCount, 55).message,
        "Bassa complessità (sub-group 2), fascia II (table 6): offices Direzione Regionale 1 + Processi Primari 1 = 2 ≠ 1 per-structure positions (1 too many)"
    );
}

#[test]
fn finding_ids_survive_reordering_and_resolved_findings_go() {
    let seed = seed_markdown();
    let ids = |r: &Reconciliation| r.findings.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    let before = reconcile(&seed);
    // An unrelated table first shifts every index and line; ids stay.
    let shifted = reconcile(&format!(
        "Nota\n\n| Sede | Indirizzo |\n|---|---|\n| Roma | Via Ciro il Grande |\n\n{seed}"
    ));
    assert_eq!(ids(&before), ids(&shifted));
    // Fixing a product (63 → 70 in both copies) resolves exactly that finding.
    let fixed = reconcile(&seed.replace("| 10 | 7 | 63 |", "| 10 | 7 | 70 |"));
    let gone: Vec<String> = ids(&before)
        .into_iter()
        .filter(|id| !ids(&fixed).contains(id))
        .collect();
    assert_eq!(gone, vec![find(&before, Rule::Product, 101).id.clone()]);
    let unique: std::collections::HashSet<String> = ids(&before).into_iter().collect();
    assert_eq!(unique.len(), before.findings.len(), "ids are unique");
}

#[test]
fn a_differing_copy_gives_an_error_per_cell() {
    let seed = seed_markdown();
    // Change the second copy of the overall summary only.
    let at = seed.rfind("| Provinciali | 276 |").unwrap();
    let text = format!(
        "{}| Provinciali | 277 |{}",
        &seed[..at],
        &seed[at + "| Provinciali | 276 |".len()..]
    );
    let r = reconcile(&text);
    let copies: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.rule == Rule::DuplicateTable && f.severity == Severity::Error)
        .collect();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].expected.as_deref(), Some("276"));
    assert_eq!(copies[0].found.as_deref(), Some("277"));
    let lines: Vec<u32> = copies[0].locations.iter().map(|l| l.line).collect();
    assert_eq!(lines, vec![109, 134]);
}

#[test]
fn footnote_texts_are_attached_to_findings_on_their_cell() {
    let seed = seed_markdown();
    let line = seed.lines().count() + 2;
    let r = reconcile(&format!("{seed}\n\n\\*\\* valore in corso di revisione\n"));
    assert!(r.findings.iter().all(|f| f.rule != Rule::Footnote));
    let note = format!("footnote `**` (line {line}): valore in corso di revisione");
    assert!(
        find(&r, Rule::Product, 103).notes.contains(&note),
        "{:?}",
        find(&r, Rule::Product, 103).notes
    );
}

#[test]
fn coverage_finds_missing_and_repeated_regions() {
    let text = "| Gruppo | Regioni | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |\n|---|---|---|---|---|\n\
| A | Piemonte, Lombardia, Veneto, Emilia Romagna, Toscana, Lazio, Campania, Puglia, Sicilia, Abruzzo | 10 | 1 | 10 |\n\
| B | Liguria, Friuli Venezia Giulia, Marche, Calabria, Sardegna, Trentino Alto Adige, Umbria, Molise, Lazio, Atlantide | 10 | 1 | 10 |\n";
    let r = reconcile(text);
    let coverage: Vec<(Severity, String)> = r
        .findings
        .iter()
        .filter(|f| f.rule == Rule::Coverage)
        .map(|f| (f.severity, f.message.clone()))
        .collect();
    assert_eq!(
        coverage,
        vec![
            (
                Severity::Error,
                "`Lazio` is listed twice in table 1: in `A` (line 3) and in `B` (line 4)"
                    .to_string()
            ),
            (
                Severity::Error,
                "2 regions are in no group of table 1: Valle d'Aosta, Basilicata".to_string()
            ),
            (
                Severity::Warning,
                "table 1, line 4: `Atlantide` is not a region the gazetteer knows".to_string()
            ),
        ]
    );
}

/// The seed's provincial summary with `63` written otherwise: the true error
/// `Totale 63 ≠ 10 × 7 = 70` must survive invisible characters, and a cell
/// that cannot be read must say so.
fn seed_with_63_as(written: &str) -> Reconciliation {
    let seed = seed_markdown();
    let changed = seed.replacen("| 7 | 63 |", &format!("| 7 | {written} |"), 2);
    assert_ne!(changed, seed);
    reconcile(&changed)
}

fn rules(r: &Reconciliation) -> Vec<(&'static str, Option<String>, Option<String>)> {
    r.findings
        .iter()
        .filter(|f| {
            matches!(
                f.rule,
                Rule::Product | Rule::HiddenCharacter | Rule::UnreadableValue
            )
        })
        .map(|f| (f.rule.as_str(), f.expected.clone(), f.found.clone()))
        .collect()
}

#[test]
fn invisible_characters_in_a_number_are_reported_and_read_through() {
    for written in ["6\u{200D}3", "\u{2066}63\u{2069}", "6\u{200B}3"] {
        let r = seed_with_63_as(written);
        let got = rules(&r);
        assert!(
            got.contains(&("product", Some("70".into()), Some("63".into()))),
            "{written:?}: {got:?}"
        );
        let hidden: Vec<_> = got.iter().filter(|g| g.0 == "hidden-character").collect();
        assert_eq!(
            hidden.len(),
            1,
            "{written:?}: one cell, reported once (its copy too): {got:?}"
        );
        assert_eq!(hidden[0].1.as_deref(), Some("63"));
        assert!(
            hidden[0].2.as_deref().is_some_and(|f| f.contains("⟨U+")),
            "{hidden:?}"
        );
    }
}

#[test]
fn an_unreadable_value_is_a_failed_check_never_a_blank() {
    let r = seed_with_63_as("6x3");
    let got = rules(&r);
    assert!(
        got.contains(&(
            "unreadable-value",
            Some("a number (a total)".into()),
            Some("6x3".into())
        )),
        "{got:?}"
    );
    assert!(r.checks[&Rule::UnreadableValue].failed >= 1);
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == Rule::UnreadableValue && f.severity == Severity::Error)
    );
}

#[test]
fn invisible_characters_in_names_do_not_split_one_name_in_two() {
    let seed = seed_markdown();
    let changed = seed.replacen("Toscana, Lazio,", "Toscana, La\u{200B}zio,", 1);
    let r = reconcile(&changed);
    assert!(
        r.findings
            .iter()
            .all(|f| !(f.rule == Rule::DetailVsSummary && f.message.contains("Lazio"))),
        "{:?}",
        r.findings
    );
    let hidden: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.rule == Rule::HiddenCharacter)
        .collect();
    assert_eq!(hidden.len(), 1);
    assert!(
        hidden[0].message.contains("U+200B zero width space"),
        "{}",
        hidden[0].message
    );
    assert_eq!(hidden[0].locations[0].line, 55);
}

#[test]
fn a_bom_inside_the_text_is_an_invisible_character() {
    let seed = seed_markdown();
    let changed = seed.replacen("| Metropolitane |", "| \u{FEFF}Metropolitane |", 1);
    let r = reconcile(&changed);
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule == Rule::HiddenCharacter)
            .count(),
        1
    );
}

#[test]
fn lines_end_at_cr_as_at_lf() {
    let lf = reconcile(&seed_markdown());
    let cr = reconcile(&seed_markdown().replace('\n', "\r"));
    let crlf = reconcile(&seed_markdown().replace('\n', "\r\n"));
    let lines = |r: &Reconciliation| -> Vec<u32> {
        r.findings.iter().map(|f| f.locations[0].line).collect()
    };
    assert_eq!(lines(&cr), lines(&lf));
    assert_eq!(lines(&crlf), lines(&lf));
    assert_eq!(lines(&lf)[0], 101);
}

/// A table of lists that no kind reads (a functions table worded
/// otherwise) is a warning: its activities would be lost without a word.
#[test]
fn an_unread_table_of_lists_is_a_warning() {
    let r = reconcile(
        "Compiti\n\n| Ambito | Attività |\n|---|---|\n| Governo | <ul><li>Indirizzo</li><li>Controllo</li></ul> |\n| Supporto | <ul><li>Personale</li><li>Bilancio</li></ul> |\n",
    );
    let warnings: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.rule == Rule::Recognition && f.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1, "{:#?}", r.findings);
    assert!(warnings[0].message.starts_with(
        "table 1 (`Compiti`) holds lists but matches no kind of table the vocabulary describes, so it was not interpreted and none of its lists is checked"
    ), "{}", warnings[0].message);
}
