//! The Markdown reader and the grid on the seed document and on small cases:
//! captions, sub-header rows, continuation rows, list items, provenance.

mod common;

use common::{filled, md, rows, seed_markdown};
use orgtables::grid::{RowKind, Slot};

#[test]
fn seed_has_eleven_tables_with_captions_and_lines() {
    let grids = md(&seed_markdown());
    let got: Vec<(usize, u32, &str, u32)> = grids
        .iter()
        .map(|g| {
            let c = g.caption.as_ref().expect("caption");
            (g.index, g.line, c.text.as_str(), c.line)
        })
        .collect();
    let regional = "Funzioni e posizioni dirigenziali delle Direzioni Regionali";
    let provincial =
        "Funzioni e posizioni dirigenziali delle Direzioni Metropolitane e Provinciali";
    let summary = "Posizioni dirigenziali di II fascia – quadro di sintesi";
    assert_eq!(
        got,
        vec![
            (1, 34, "Matrice: funzioni e strutture", 32),
            (2, 45, regional, 43),
            (3, 52, regional, 43),
            (4, 67, provincial, 65),
            (5, 73, provincial, 65),
            (6, 91, summary, 89),
            (7, 98, summary, 89),
            (8, 106, summary, 89),
            (9, 116, summary, 114),
            (10, 123, summary, 114),
            (11, 131, summary, 114),
        ]
    );
}

#[test]
fn detail_table_has_a_two_level_header_and_continuation_rows() {
    let grids = md(&seed_markdown());
    let t = &grids[2];
    assert_eq!(t.header_rows, 2);
    assert_eq!(
        t.column_paths(),
        vec![
            "Gruppo",
            "Regioni",
            "Numero Strutture",
            "Dirigenti per Struttura / I Fascia",
            "Dirigenti per Struttura / II Fascia",
            "Uffici dirigenziali - Funzioni",
            "Totali / I Fascia",
            "Totali / II Fascia",
        ]
    );
    let lines: Vec<u32> = t.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![52, 54, 55, 56, 57, 58, 59, 60, 61]);
    let kinds: Vec<RowKind> = t.rows.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            RowKind::Header,
            RowKind::Header,
            RowKind::Body,
            RowKind::Continuation { of: 2 },
            RowKind::Body,
            RowKind::Continuation { of: 4 },
            RowKind::Body,
            RowKind::Continuation { of: 6 },
            RowKind::Body,
        ]
    );
    // The continuation row as written is blank in its key cells; filled, it
    // shows the group it belongs to.
    assert_eq!(t.written(3, 0), "");
    assert_eq!(t.text(3, 0), "Alta complessità");
    assert_eq!(t.text(3, 2), "9");
    assert_eq!(
        t.rows[3].slots[0],
        Slot::Merged {
            from: t.rows[2].slots[0].cell().unwrap()
        }
    );
    assert_eq!(t.text(7, 2), "4 1");
    // The totals row keeps its blanks: it continues nothing.
    assert_eq!(
        filled(t)[8],
        rows(&[&["Totale Regionale", "", "", "", "", "15", "78", ""]])[0]
    );
}

#[test]
fn offices_written_once_for_a_group_fill_its_continuation_row() {
    let grids = md(&seed_markdown());
    let t = &grids[4];
    assert_eq!(t.rows[3].line, 77);
    assert_eq!(t.rows[3].kind, RowKind::Continuation { of: 2 });
    assert_eq!(t.text(3, 3), "II Fascia");
    assert_eq!(t.text(3, 4), "10");
    assert_eq!(
        t.cell_at(3, 5).unwrap().source.items,
        vec![
            "Direzione Provinciale - (1)",
            "Coordinamento Agenzie - (fino a 7)",
            "Processi Primari (flussi assicurativi e contributivi; gestione del credito) - (2)",
        ]
    );
    assert_eq!(t.cell_at(3, 5).unwrap().source.line, 76);
}

#[test]
fn a_totals_row_with_a_blank_first_cell_is_not_a_continuation() {
    let grids = md(&seed_markdown());
    let t = &grids[5];
    assert_eq!(t.header_rows, 1);
    let last = t.rows.last().unwrap();
    assert_eq!(last.line, 96);
    assert_eq!(last.kind, RowKind::Body);
    assert_eq!(
        filled(t).last().unwrap(),
        &rows(&[&["", "Totale strutture", "20", "Totale Dirigenti", "78"]])[0]
    );
}

#[test]
fn cells_keep_raw_text_and_list_items() {
    let grids = md(&seed_markdown());
    let matrix = &grids[0];
    let cell = matrix.cell_at(2, 1).unwrap();
    assert!(
        cell.source
            .raw()
            .starts_with("<ul style=\"list-style-type: none\"> • Coordinamento")
    );
    assert_eq!(
        cell.source.items,
        vec![
            "Coordinamento e controllo dei livelli di servizio sui processi primari",
            "Monitoraggio e gestione del contenzioso amministrativo e giuridico",
            "Coordinamento e gestione dell'attività di Ispezione e Vigilanza",
        ]
    );
    assert_eq!(cell.source.text, cell.source.items.join("\n"));
    assert_eq!((cell.row, cell.col, cell.source.line), (2, 1, 37));
    let footnoted = grids[6].cell_at(4, 4).unwrap();
    assert_eq!(
        (footnoted.source.text.as_str(), footnoted.source.line),
        ("62**", 103)
    );
}

#[test]
fn header_blank_after_a_label_spans_it() {
    let grids = md(&seed_markdown());
    assert_eq!(
        grids[1].column_paths(),
        vec!["Le funzioni delle Direzioni Regionali"; 2]
    );
    assert_eq!(grids[1].header_rows, 1);
}

#[test]
fn a_first_body_row_of_values_is_not_a_sub_header() {
    let t = &md("| A | B | |\n|---|---|---|\n| | 1 | 2 |\n| x | 3 | 4 |\n")[0];
    assert_eq!(t.header_rows, 1);
    assert_eq!(t.column_paths(), vec!["A", "B", "B"]);
}

#[test]
fn a_sub_header_needs_a_spanning_label_above_it() {
    // Labels under single header cells are data, not a second header level.
    let t = &md("| A | B | C |\n|---|---|---|\n| | x | y |\n")[0];
    assert_eq!(t.header_rows, 1);
    let t = &md("| A | B | |\n|---|---|---|\n| | x | y |\n| a | 1 | 2 |\n")[0];
    assert_eq!(t.header_rows, 2);
    assert_eq!(t.column_paths(), vec!["A", "B / x", "B / y"]);
}

#[test]
fn continuation_rows_fill_from_the_row_above_and_chain() {
    let text =
        "| K | Name | V |\n|---|---|---|\n| g1 | n1 | 1 |\n| | | 2 |\n| | | 3 |\n| g2 | n2 | 4 |\n";
    let t = &md(text)[0];
    assert_eq!(
        filled(t),
        rows(&[
            &["K", "Name", "V"],
            &["g1", "n1", "1"],
            &["g1", "n1", "2"],
            &["g1", "n1", "3"],
            &["g2", "n2", "4"],
        ])
    );
    let kinds: Vec<RowKind> = t.rows.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            RowKind::Header,
            RowKind::Body,
            RowKind::Continuation { of: 1 },
            RowKind::Continuation { of: 1 },
            RowKind::Body,
        ]
    );
}

#[test]
fn inline_html_entities_breaks_and_escaped_pipes_are_cleaned() {
    let text = "| A | B |\n|---|---|\n| citt&agrave; | 4<br>1 |\n| a \\| b | <ul><li>uno</li><li>due</li></ul> |\n";
    let t = &md(text)[0];
    assert_eq!(t.text(1, 0), "città");
    assert_eq!(t.text(1, 1), "4\n1");
    assert_eq!(t.cell_at(1, 1).unwrap().source.raw(), "4<br>1");
    assert_eq!(t.text(2, 0), "a | b");
    assert_eq!(t.cell_at(2, 1).unwrap().source.items, vec!["uno", "due"]);
}

#[test]
fn short_rows_are_padded_and_long_rows_cut_as_gfm_says() {
    let t = &md("| A | B | C |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n")[0];
    assert_eq!(t.width, 3);
    assert_eq!(filled(t)[1], vec!["1", "", ""]);
    assert_eq!(filled(t)[2], vec!["1", "2", "3"]);
}

#[test]
fn captions_come_from_headings_and_short_paragraphs_only() {
    let long = "parola ".repeat(40);
    let text = format!(
        "## Titolo\n\n{long}\n\n| A |\n|---|\n| 1 |\n\n- Voce di lista\n\n| B |\n|---|\n| 2 |\n\nNota breve\n\n| C |\n|---|\n| 3 |\n"
    );
    let grids = md(&text);
    let captions: Vec<(&str, u32)> = grids
        .iter()
        .map(|g| {
            g.caption
                .as_ref()
                .map(|c| (c.text.as_str(), c.line))
                .unwrap()
        })
        .collect();
    assert_eq!(
        captions,
        vec![("Titolo", 1), ("Titolo", 1), ("Nota breve", 15)]
    );
}

#[test]
fn a_caption_in_bold_is_a_caption_and_a_footnote_is_not() {
    let grids = common::md(
        "**Quadro di sintesi**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n** Dato provvisorio\n\n| c | d |\n|---|---|\n| 3 | 4 |\n",
    );
    let captions: Vec<Option<&str>> = grids
        .iter()
        .map(|g| g.caption.as_ref().map(|c| c.text.as_str()))
        .collect();
    assert_eq!(
        captions,
        vec![Some("Quadro di sintesi"), Some("Quadro di sintesi")],
        "the footnote before the second table does not become its caption"
    );
}

/// HTML tables inside Markdown, as converters and README authors write
/// them: read in document order among the pipe tables, with the Markdown
/// file's lines, the caption of the Markdown before them, real spans, and
/// rows past the blank lines that end a CommonMark HTML block.
#[test]
fn html_blocks_are_tables_among_the_pipe_tables() {
    let text = "## Prima\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nSeconda\n\n<table>\n<tr><th>Gruppo</th><th>Totale</th></tr>\n\n<tr><td rowspan=\"2\">Alta</td><td>4</td></tr>\n\n<tr><td>5</td></tr>\n</table>\n\nTerza\n\n<TABLE class=\"x\"><tr><td>C</td></tr><tr><td>3</td></tr></TABLE>\n\n| D |\n|---|\n| 7 |\n";
    let grids = md(text);
    let got: Vec<(usize, u32, &str)> = grids
        .iter()
        .map(|g| (g.index, g.line, g.caption.as_ref().unwrap().text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, 3, "Prima"),
            (2, 9, "Seconda"),
            (3, 19, "Terza"),
            (4, 21, "Terza")
        ]
    );
    let t = &grids[1];
    assert_eq!(
        filled(t),
        vec![
            vec!["Gruppo", "Totale"],
            vec!["Alta", "4"],
            vec!["Alta", "5"]
        ]
    );
    let lines: Vec<u32> = t.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![10, 12, 14]);
    assert_eq!(filled(&grids[2]), vec![vec!["C"], vec!["3"]]);
    assert_eq!(grids[2].rows[1].line, 19);
}

/// A table that a CommonMark HTML block opens but never closes is read as
/// far as its block goes; the Markdown after it is Markdown again.
#[test]
fn an_unclosed_html_table_ends_with_its_block() {
    let text = "<table><tr><td>A</td></tr><tr><td>1</td></tr>\n\n| B |\n|---|\n| 2 |\n";
    let grids = md(text);
    assert_eq!(grids.len(), 2);
    assert_eq!(filled(&grids[0]), vec![vec!["A"], vec!["1"]]);
    assert_eq!((grids[1].index, grids[1].line), (2, 3));
    assert_eq!(filled(&grids[1]), vec![vec!["B"], vec!["2"]]);
}

/// A `<table>` that CommonMark reads inside a paragraph is no HTML block:
/// it is said, not silently dropped, and the document's "no table" error
/// names where it is.
#[test]
fn an_html_table_inside_a_paragraph_is_said() {
    let text = "# Sintesi\n\nTesto <table><tr><td>A</td></tr><tr><td>1</td></tr></table>\n";
    let doc = orgtables::source::Document::from_bytes("t.md", "t", text.as_bytes(), None).unwrap();
    let ex = orgtables::process(&doc).unwrap();
    assert!(ex.grids.is_empty());
    let findings: Vec<(String, u32, &str)> = ex
        .reconciliation
        .findings
        .iter()
        .map(|f| {
            (
                f.severity.as_str().to_string(),
                f.locations.first().map_or(0, |l| l.line),
                f.message.as_str(),
            )
        })
        .collect();
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert_eq!((findings[0].0.as_str(), findings[0].1), ("error", 3));
    assert!(
        findings[0]
            .2
            .starts_with("the document has no table that could be read: line 3 looks like one"),
        "{}",
        findings[0].2
    );
    assert_eq!((findings[1].0.as_str(), findings[1].1), ("warning", 3));
}

/// Merged cells written as repeated text (as Docling writes them): a row
/// whose first cell repeats the group above continues it, its repeated text
/// and its leading repeated figures are one merged cell with the row above;
/// a figure repeated after a cell that differs, and a figure two groups
/// share, stay values of their own.
#[test]
fn repeated_text_merges_by_evidence() {
    let text = "| Gruppo | Regioni | Totali | Totali |\n|---|---|---|---|\n| Gruppo | Regioni | I | II |\n| Alta | Piemonte, Lombardia | 9 | 1 |\n| Alta | Piemonte, Lombardia | 9 | 1 |\n| Media | Liguria | 9 | 1 |\n";
    let t = &md(text)[0];
    assert_eq!(t.header_rows, 2);
    assert_eq!(
        t.column_paths(),
        vec!["Gruppo", "Regioni", "Totali / I", "Totali / II"]
    );
    let kinds: Vec<RowKind> = t.rows.iter().map(|r| r.kind).collect();
    assert_eq!(kinds[2], RowKind::Body);
    assert_eq!(kinds[3], RowKind::Continuation { of: 2 });
    assert_eq!(kinds[4], RowKind::Body, "another group, the same figures");
    // The repeated label, members and leading figure are merged; the last
    // figure, after no differing cell, is merged too (it leads the run).
    let written: Vec<&str> = (0..4).map(|c| t.written(3, c)).collect();
    assert_eq!(written, vec!["", "", "", ""]);
    assert_eq!(filled(t)[3], vec!["Alta", "Piemonte, Lombardia", "9", "1"]);
    let written: Vec<&str> = (0..4).map(|c| t.written(4, c)).collect();
    assert_eq!(written, vec!["Media", "Liguria", "9", "1"]);
    let repairs: Vec<&str> = t.repairs.iter().map(|r| r.detail.as_str()).collect();
    assert!(
        repairs
            .iter()
            .any(|d| d.starts_with("header cell of column 4 repeats the label to its left")),
        "{repairs:?}"
    );
    assert!(
        repairs
            .iter()
            .any(|d| d.starts_with("header cells `Gruppo`, `Regioni` repeat the label above")),
        "{repairs:?}"
    );
    assert!(
        repairs.iter().any(|d| d.starts_with(
            "row at line 5 repeats the label of the row above in its first column (`Gruppo`)"
        )),
        "{repairs:?}"
    );
}

#[test]
fn a_figure_repeated_after_a_differing_cell_stays_its_own() {
    let text = "| Gruppo | Fascia | Per struttura |\n|---|---|---|\n| Alta | I Fascia | 1 |\n| Alta | II Fascia | 1 |\n";
    let t = &md(text)[0];
    assert_eq!(t.rows[2].kind, RowKind::Continuation { of: 1 });
    let written: Vec<&str> = (0..3).map(|c| t.written(2, c)).collect();
    assert_eq!(written, vec!["", "II Fascia", "1"]);
}

/// A cell holding only a symbol (a tick matrix's `●`) keeps it, and struck
/// text (`~~4~~`, `<del>`) is text being deleted: left out of the value,
/// kept in the raw text, the same in Markdown and HTML.
#[test]
fn symbols_stay_and_struck_text_is_left_out() {
    let text = "| Funzione | Regionali | Provinciali |\n|---|---|---|\n| Governance | ● | • |\n| Legale | ~~4~~ 5 | <del>7</del> 8 |\n";
    let t = &md(text)[0];
    assert_eq!(filled(t)[1], vec!["Governance", "●", "•"]);
    assert_eq!(filled(t)[2], vec!["Legale", "5", "8"]);
    assert_eq!(t.cell_at(2, 1).unwrap().source.raw(), "~~4~~ 5");
    let html = "<table><tr><th>Funzione</th><th>Regionali</th></tr><tr><td>Legale</td><td><s>4</s> 5 <strike>6</strike></td></tr></table>";
    let h = &common::html(html)[0];
    assert_eq!(filled(h)[1], vec!["Legale", "5"]);
}

/// As GFM reads them: a table right under a paragraph's line takes that
/// line as its header (pulldown-cmark lets no table interrupt a paragraph),
/// and a delimiter row with tabs around its dashes is one. The text and the
/// places stay the document's.
#[test]
fn a_table_after_a_paragraph_line_and_a_tabbed_delimiter_row_are_read() {
    let text = "Sintesi\nGruppo|Totale\n---|---\nAlta|45\n\nAltro testo\n\n| a | b |\n|\t---\t|\t---\t|\n| 1 | 2 |\n\nFine\nx|y\n---|---\n";
    let grids = md(text);
    let got: Vec<(u32, &str)> = grids
        .iter()
        .map(|g| (g.line, g.caption.as_ref().map_or("", |c| c.text.as_str())))
        .collect();
    assert_eq!(got, vec![(2, "Sintesi"), (8, "Altro testo"), (13, "Fine")]);
    assert_eq!(
        filled(&grids[0]),
        vec![vec!["Gruppo", "Totale"], vec!["Alta", "45"]]
    );
    assert_eq!(grids[0].rows[1].line, 4);
    assert_eq!(filled(&grids[1]), vec![vec!["a", "b"], vec!["1", "2"]]);
    assert_eq!(grids[2].header_rows, 1);
}

/// No table where GFM sees none: a delimiter cell of two dash runs, and a
/// `- | -` line that starts a list item.
#[test]
fn lines_gfm_reads_as_no_table_give_none() {
    assert!(md("| a | b |\n| --- --- | --- |\n| 1 | 2 |\n").is_empty());
    assert!(md("a | b\n- | -\n").is_empty());
    assert_eq!(
        md("a | b\n-|-\n").len(),
        1,
        "a delimiter row without spaces"
    );
    assert_eq!(md("| a | b |\n| :--- | ---: |\n").len(), 1);
}

/// A line indented four columns past the header (an indented code block,
/// spaces or a tab) ends a table, as cmark-gfm and pandoc end it: the rows
/// after it are a paragraph, no longer the table's. Three columns do not,
/// nor does an indented line holding a pipe (pandoc's reading of a row of
/// right-aligned figures; cmark-gfm makes it code).
#[test]
fn an_indented_line_ends_a_table_as_gfm_ends_it() {
    for indented in ["    code line", "\tcode line", "      <div class=\"x\">"] {
        let text =
            format!("| a | b |\n|---|---|\n| 1 | 2 |\n{indented}\n| 3 | 4 |\n\nx | y\n--|--\n");
        let grids = md(&text);
        assert_eq!(grids.len(), 2, "{indented:?}");
        assert_eq!(filled(&grids[0]), vec![vec!["a", "b"], vec!["1", "2"]]);
        assert_eq!(grids[0].rows[1].line, 3);
        assert_eq!(grids[1].line, 7, "lines are the document's after the cut");
    }
    let grids = md("| a | b |\n|---|---|\n| 1 | 2 |\n   three\n| 3 | 4 |\n");
    assert_eq!(
        filled(&grids[0]),
        vec![
            vec!["a", "b"],
            vec!["1", "2"],
            vec!["three", ""],
            vec!["3", "4"]
        ]
    );
    let grids = md("n | x\n--:|--\n        3 | 33\n");
    assert_eq!(filled(&grids[0]), vec![vec!["n", "x"], vec!["3", "33"]]);
    // A table in a list item: its lines are indented by the item's, and
    // the item's lines count from there.
    let grids = md("- item\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n");
    assert_eq!(filled(&grids[0]), vec![vec!["a", "b"], vec!["1", "2"]]);
}

/// Two pipe tables with no blank line between them are one for GFM, which
/// drops the second one's cells past the first one's columns: the reader
/// splits them at the second one's delimiter row, every cell kept, with a
/// `split` repair.
#[test]
fn touching_pipe_tables_are_split_with_every_cell() {
    let text = "| a | b |\n|---|---|\n| 1 | 2 |\n| x | y | z |\n|---|---|---|\n| 3 | 4 | 5 |\n| c | d |\n|---|---|\n| 6 | 7 |\n";
    let grids = md(text);
    assert_eq!(grids.len(), 3);
    assert_eq!(filled(&grids[0]), vec![vec!["a", "b"], vec!["1", "2"]]);
    assert_eq!(
        filled(&grids[1]),
        vec![vec!["x", "y", "z"], vec!["3", "4", "5"]]
    );
    assert_eq!(filled(&grids[2]), vec![vec!["c", "d"], vec!["6", "7"]]);
    assert_eq!((grids[1].index, grids[1].line, grids[2].line), (2, 4, 7));
    assert!(grids[1].adjacent);
    let repair = &grids[1].repairs[0];
    assert_eq!(repair.kind, orgtables::grid::RepairKind::Split);
    assert!(repair.detail.starts_with(
        "written right after table 1 with nothing between them, and read as one with it: this table starts at its row at line 4, as a delimiter row under it"
    ));
    assert!(grids[0].repairs.is_empty());
}

/// pandoc's table captions: `: text` or `Table: text` under a pipe table
/// is that table's caption (not a paragraph, nor the next table's caption);
/// above a table it is the table's caption without its `Table:`.
#[test]
fn pandoc_captions_belong_to_their_pipe_tables() {
    let text = "Intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n: Sintesi regionale\n\nTable: Sintesi provinciale\n\n| c | d |\n|---|---|\n| 3 | 4 |\n\n| e | f |\n|---|---|\n| 5 | 6 |\n";
    let grids = md(text);
    let captions: Vec<(&str, u32)> = grids
        .iter()
        .map(|g| {
            g.caption
                .as_ref()
                .map_or(("", 0), |c| (c.text.as_str(), c.line))
        })
        .collect();
    assert_eq!(
        captions,
        [
            ("Sintesi regionale", 7),
            ("Sintesi provinciale", 9),
            ("Sintesi provinciale", 9)
        ]
    );
}

/// The grids of Markdown read in `dialect`.
fn md_as(text: &str, dialect: orgtables::source::Dialect) -> Vec<orgtables::grid::Grid> {
    let mut doc = orgtables::source::Document::from_bytes(
        "test",
        "test",
        text.as_bytes(),
        Some(orgtables::source::Format::Markdown),
    )
    .unwrap();
    doc.dialect = dialect;
    orgtables::process(&doc).unwrap().grids
}

/// A pipe table is read as pandoc reads it in pandoc's Markdown: given
/// (`--dialect pandoc`), or found out from pandoc's own tables in the
/// document; as GFM reads it otherwise.
#[test]
fn pipe_tables_of_pandocs_markdown_are_read_as_pandoc_reads_them() {
    use orgtables::source::Dialect;
    let pipe = "| code | n |\n|------+---|\n| `a|b` | 1 |\n: Sintesi\n";
    let pandoc = vec![vec!["code", "n"], vec!["a|b", "1"]];
    assert_eq!(filled(&md_as(pipe, Dialect::Pandoc)[0]), pandoc);
    assert_eq!(
        md_as(pipe, Dialect::Pandoc)[0]
            .caption
            .as_ref()
            .map(|c| c.text.as_str()),
        Some("Sintesi")
    );
    // GFM: `|------+---|` is no delimiter row: no table at all.
    assert!(md_as(pipe, Dialect::Gfm).is_empty());
    // Found out: a grid table elsewhere in the document.
    let grid = "+---+---+\n| x | y |\n+===+===+\n| 1 | 2 |\n+---+---+\n\n";
    let both = md_as(&format!("{grid}{pipe}"), Dialect::Auto);
    assert_eq!(both.len(), 2);
    assert_eq!(filled(&both[1]), pandoc);
    // A row over a separator line starts a table of its own, in pandoc's
    // Markdown too.
    let touching = "| a | b |\n|---|---|\n| 1 | 2 |\n| c | d | e |\n|---|---|---|\n| 3 | 4 | 5 |\n";
    let grids = md_as(touching, Dialect::Pandoc);
    assert_eq!(grids.len(), 2);
    assert_eq!(
        filled(&grids[1]),
        vec![vec!["c", "d", "e"], vec!["3", "4", "5"]]
    );
    assert_eq!(grids[1].repairs[0].kind, orgtables::grid::RepairKind::Split);
}
