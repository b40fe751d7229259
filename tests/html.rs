//! The HTML reader and the HTML table model: spans as the WHATWG standard
//! places them, row groups, nesting, captions, lines, clean text.

mod common;

use common::{filled, html, rows, seed_html};
use orgtables::extract::RowGroup;
use orgtables::grid::{RowKind, Slot};

#[test]
fn rowspan_and_colspan_together() {
    let t = &html(
        "<table>\n<tr><th>A</th><th colspan=2>B</th></tr>\n<tr><td rowspan=2 colspan=2>x</td><td>1</td></tr>\n<tr><td>2</td></tr>\n</table>",
    )[0];
    assert_eq!(t.header_rows, 1);
    assert_eq!(t.column_paths(), ["A", "B", "B"]);
    assert_eq!(
        filled(t),
        rows(&[&["A", "B", "B"], &["x", "x", "1"], &["x", "x", "2"]])
    );
    assert_eq!(
        t.rows[2].slots,
        vec![
            Slot::Spanned { cell: 2 },
            Slot::Spanned { cell: 2 },
            Slot::Origin { cell: 4 }
        ]
    );
    assert_eq!(t.rows[2].kind, RowKind::Continuation { of: 1 });
    assert_eq!((t.cells[2].height, t.cells[2].width), (2, 2));
    assert_eq!(t.written(2, 0), "");
    let lines: Vec<u32> = t.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![2, 3, 4]);
}

#[test]
fn rowspan_zero_spans_to_the_end_of_its_row_group() {
    let t = &html(
        "<table><thead><tr><th rowspan=0>H</th><th>a</th></tr><tr><th>b</th></tr></thead>\
         <tbody><tr><td rowspan=0>g</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></tbody>\
         <tbody><tr><td>n</td><td>4</td></tr></tbody></table>",
    )[0];
    assert_eq!(t.header_rows, 2);
    assert_eq!(t.column_paths(), ["H", "a / b"]);
    assert_eq!(
        filled(t)[2..],
        rows(&[&["g", "1"], &["g", "2"], &["g", "3"], &["n", "4"]])[..]
    );
    let g = t.cell_at(2, 0).unwrap();
    assert_eq!((g.source.rowspan, g.height), (0, 3));
    assert_eq!(t.rows[5].kind, RowKind::Body);
}

#[test]
fn out_of_range_spans_are_clamped() {
    let t = &html(
        "<table><tr><td colspan=\"0\">a</td><td colspan=\"2.5\">b</td><td rowspan=\"-1\">c</td></tr>\
         <tr><td>d</td><td rowspan=\"70000\">e</td></tr><tr><td>f</td></tr></table>",
    )[0];
    assert_eq!(t.width, 4);
    assert_eq!(
        filled(t),
        rows(&[
            &["a", "b", "b", "c"],
            &["d", "e", "", ""],
            &["f", "e", "", ""]
        ])
    );
    let e = t.cell_at(1, 1).unwrap();
    assert_eq!((e.source.rowspan, e.height), (65534, 2));
    assert_eq!(t.cell_at(0, 0).unwrap().source.colspan, 1);
    assert_eq!(t.cell_at(0, 3).unwrap().source.rowspan, 1);
    let wide = &html("<table><tr><td colspan=\"5000\">w</td></tr></table>")[0];
    assert_eq!(wide.width, 1000);
    assert_eq!(wide.cells[0].source.colspan, 1000);
}

#[test]
fn overlapping_cells_keep_the_first_one_in_the_shared_slot() {
    // The standard's own example of a table model error.
    let t = &html(
        "<table><tr><td>1</td><td rowspan=\"2\">2</td></tr><tr><td colspan=\"2\">3</td></tr></table>",
    )[0];
    assert_eq!(filled(t), rows(&[&["1", "2"], &["3", "2"]]));
    assert_eq!(
        t.rows[1].slots,
        vec![Slot::Origin { cell: 2 }, Slot::Spanned { cell: 1 }]
    );
    assert_eq!(t.cells[2].width, 2);
}

#[test]
fn ragged_rows_are_padded_with_empty_slots() {
    let t = &html(
        "<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>",
    )[0];
    assert_eq!(t.width, 4);
    assert_eq!(
        t.rows[1].slots[1..],
        [Slot::Empty, Slot::Empty, Slot::Empty]
    );
    assert_eq!(filled(t)[0], vec!["a", "b", "c", ""]);
}

#[test]
fn nested_tables_are_tables_of_their_own() {
    let grids = html(
        "<h2>Esterna</h2>\n<table><tr><th>A</th><th>B</th></tr>\n<tr><td>x <table><caption>Interna</caption>\n<tr><td>i1</td></tr></table></td><td>y</td></tr></table>",
    );
    assert_eq!(grids.len(), 2);
    assert_eq!(grids[0].caption.as_ref().unwrap().text, "Esterna");
    assert_eq!(grids[0].parent, None);
    assert_eq!(grids[0].text(1, 0), "x");
    assert_eq!(grids[1].caption.as_ref().unwrap().text, "Interna");
    assert_eq!(grids[1].parent, Some(1));
    assert_eq!(filled(&grids[1]), rows(&[&["i1"]]));
    assert_eq!(grids[1].rows[0].line, 4);
}

#[test]
fn tfoot_is_placed_after_the_bodies() {
    let t = &html(
        "<table><tfoot><tr><td>tot</td></tr></tfoot><tbody><tr><td>a</td></tr></tbody></table>",
    )[0];
    assert_eq!(filled(t), rows(&[&["a"], &["tot"]]));
    assert_eq!(t.rows[1].group, RowGroup::Foot);
}

#[test]
fn header_rows_without_thead_are_the_leading_th_rows() {
    let t = &html(
        "<table><tr><th>A</th><th>B</th></tr><tr><th scope=\"row\">r</th><td>1</td></tr></table>",
    )[0];
    assert_eq!(t.header_rows, 1);
    let r = t.cell_at(1, 0).unwrap();
    assert!(r.source.header);
    assert_eq!(r.source.scope.as_deref(), Some("row"));
    assert!(!t.cell_at(1, 1).unwrap().source.header);
}

#[test]
fn fragments_lists_breaks_and_entities() {
    let t = &html(
        "<table><tr><td>Attivit&agrave; &amp; citt&#224;</td><td><ul><li>uno</li><li>due <b>bis</b></li></ul></td><td>4<br>1</td></tr></table>",
    )[0];
    assert_eq!(t.text(0, 0), "Attività & città");
    assert_eq!(
        t.cell_at(0, 1).unwrap().source.items,
        vec!["uno", "due bis"]
    );
    assert_eq!(t.text(0, 2), "4\n1");
    assert_eq!(t.cell_at(0, 2).unwrap().source.raw(), "4<br>1");
}

#[test]
fn caption_element_wins_over_the_preceding_heading() {
    let grids = html(
        "<h3>Titolo</h3><p>Nota</p><table><caption>Propria</caption><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>",
    );
    assert_eq!(grids[0].caption.as_ref().unwrap().text, "Propria");
    assert_eq!(grids[1].caption.as_ref().unwrap().text, "Nota");
}

#[test]
fn seed_rendition_has_lines_for_every_row() {
    let grids = html(&seed_html());
    assert_eq!(grids.len(), 11);
    let t = &grids[2];
    assert_eq!(t.header_rows, 2);
    let lines: Vec<u32> = t.rows.iter().map(|r| r.line).collect();
    let text = seed_html();
    let expected: Vec<u32> = text
        .lines()
        .enumerate()
        .skip(t.line as usize)
        .filter(|(_, l)| l.trim_start().starts_with("<tr"))
        .map(|(i, _)| i as u32 + 1)
        .take(t.rows.len())
        .collect();
    assert_eq!(lines, expected);
    assert_eq!(t.rows[3].kind, RowKind::Continuation { of: 2 });
}

#[test]
fn tables_without_a_header_sharing_a_caption_are_not_copies() {
    let doc = "<h2>Sedi</h2><table><tr><td>Roma</td><td>Via A</td></tr></table>\
               <table><tr><td>Milano</td><td>Via B</td></tr></table>\
               <table><tr><td>Roma</td><td>Via A</td></tr></table>";
    let d = orgtables::source::Document::from_bytes(
        "t",
        "t",
        doc.as_bytes(),
        Some(orgtables::source::Format::Html),
    )
    .unwrap();
    let ex = orgtables::process(&d).unwrap();
    assert!(ex.records.tables.iter().all(|t| t.copy_of.is_none()));
    assert!(
        ex.reconciliation
            .findings
            .iter()
            .all(|f| f.rule != orgtables::reconcile::Rule::DuplicateTable),
        "{:?}",
        ex.reconciliation.findings
    );
}

#[test]
fn a_header_repeated_inside_the_table_is_a_header_row() {
    let t = &html(
        "<table><thead><tr><th>Gruppo</th><th>Numero</th></tr></thead>\
         <tr><td>Alta</td><td>9</td></tr>\
         <tr><td>Gruppo</td><td>Numero</td></tr>\
         <tr><td>Bassa</td><td>4</td></tr></table>",
    )[0];
    assert_eq!(t.rows[2].kind, RowKind::Header);
    let body: Vec<usize> = t.body().map(|(r, _)| r).collect();
    assert_eq!(body, vec![1, 3], "the repeat is left out of the body");
    assert!(
        t.repairs
            .iter()
            .any(|r| r.detail == "row at line 1 repeats the header; left out of the body"),
        "{:?}",
        t.repairs
    );
}

#[test]
fn headers_of_bold_text_or_labels_over_figures_are_read() {
    let bold = &html(
        "<table><tr><td><p><b>Gruppo</b></p></td><td style=\"font-weight: bold\">Numero</td></tr>\
         <tr><td>Alta</td><td>9</td></tr></table>",
    )[0];
    assert_eq!(bold.header_rows, 1);
    assert_eq!(bold.column_paths(), ["Gruppo", "Numero"]);
    let plain = &html(
        "<table><tr><td>Gruppo</td><td>Numero</td></tr><tr><td>Alta</td><td>9</td></tr></table>",
    )[0];
    assert_eq!(plain.header_rows, 1, "a first row of labels over figures");
    let words = &html(
        "<table><tr><td>Roma</td><td>Via A</td></tr><tr><td>Milano</td><td>Via B</td></tr></table>",
    )[0];
    assert_eq!(words.header_rows, 0, "no figures: no header is made up");
}

#[test]
fn text_is_read_as_a_browser_shows_it() {
    let t = &html(
        "<table><tr><th>Province</th><th>Voci</th></tr><tr><td>Reggio\n   Calabria<span style=\"display:none\">0001</span>,\n Valle&nbsp;d'Aosta</td>\
         <td><ul><li><p>Direzione</p><p>Regionale - (1)</p></li><li><p>Staff</p></li></ul></td></tr></table>",
    )[0];
    let cell = t.cell_at(1, 0).unwrap();
    assert_eq!(cell.source.text, "Reggio Calabria, Valle d'Aosta");
    assert!(
        cell.source.raw().contains("0001"),
        "hidden text is kept in raw"
    );
    assert_eq!(
        t.cell_at(1, 1).unwrap().source.items,
        vec!["Direzione Regionale - (1)", "Staff"]
    );
}
