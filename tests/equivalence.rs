//! The seed document as Markdown (blank cells for merges) and as HTML (real
//! rowspan/colspan) give the same tables, cell by cell.

mod common;

use common::{html, md, seed_html, seed_markdown};

/// `4 1` in Markdown is `4<br>1` in the HTML export: the same values, laid
/// out on one line or two.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn markdown_and_html_renditions_give_the_same_tables() {
    let from_md = md(&seed_markdown());
    let from_html = html(&seed_html());
    assert_eq!(from_md.len(), 11);
    assert_eq!(from_md.len(), from_html.len());
    for (m, h) in from_md.iter().zip(&from_html) {
        let at = format!("table {}", m.index);
        assert_eq!(
            m.caption.as_ref().map(|c| &c.text),
            h.caption.as_ref().map(|c| &c.text),
            "{at}"
        );
        assert_eq!(m.columns, h.columns, "{at}: header paths");
        assert_eq!(m.width, h.width, "{at}");
        let m_body: Vec<usize> = m.body().map(|(r, _)| r).collect();
        let h_body: Vec<usize> = h.body().map(|(r, _)| r).collect();
        assert_eq!(m_body.len(), h_body.len(), "{at}: body rows");
        for (&mr, &hr) in m_body.iter().zip(&h_body) {
            assert_eq!(
                m.rows[mr].kind.is_continuation(),
                h.rows[hr].kind.is_continuation(),
                "{at} row {mr}"
            );
            for c in 0..m.width {
                assert_eq!(
                    words(m.text(mr, c)),
                    words(h.text(hr, c)),
                    "{at} row {mr} col {c}"
                );
                let items =
                    |g: &orgtables::grid::Grid, r| g.cell_at(r, c).map(|x| x.source.items.clone());
                assert_eq!(items(m, mr), items(h, hr), "{at} row {mr} col {c}: items");
            }
        }
    }
}
