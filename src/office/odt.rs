//! OpenDocument text (`content.xml`) → blocks: headings (`text:h`) and
//! paragraphs, list items, and tables with their header rows and explicit
//! spans (`table:number-columns-spanned`, `table:number-rows-spanned`;
//! `table:covered-table-cell` left out). Notes, annotations and tracked
//! changes are left out of the text, as LibreOffice shows the page.

use quick_xml::events::BytesStart;

use super::{Block, Cell, Handler, Para, Role, Span, Tree, attr, drive, escape};

#[derive(Default)]
struct Paragraph {
    html: String,
    heading: Option<u8>,
    /// Paragraphs inside this one (a frame's): read as its own text.
    depth: usize,
}

/// The reader's state between XML events: a method per element.
#[derive(Default)]
struct Odt {
    tree: Tree,
    para: Option<Paragraph>,
    paras: usize,
    lists: usize,
    header_rows: usize,
    /// Depth inside content left out (notes, annotations, tracked changes).
    skipped: usize,
    /// Inside `office:text`: the body (not the styles or forms).
    in_body: bool,
}

const SKIPPED: &[&str] = &[
    "note",
    "annotation",
    "tracked-changes",
    "deletion",
    "sequence-decls",
];

pub(super) fn read(xml: &str) -> Result<Vec<Block>, String> {
    let mut odt = Odt::default();
    drive(xml, &mut odt, "an OpenDocument file")?;
    Ok(odt.tree.body)
}

impl Handler for Odt {
    fn keeps_text(&self) -> bool {
        self.skipped == 0
    }

    fn start(&mut self, e: &BytesStart, empty: bool) -> Result<(), String> {
        let name = e.local_name();
        let name = name.as_ref();
        if name == "text" && !empty {
            self.in_body = true;
        }
        if self.skipped > 0 || SKIPPED.contains(&name) {
            if !empty {
                self.skipped += 1;
            }
            return Ok(());
        }
        if !self.in_body {
            return Ok(());
        }
        match name {
            "table" if !empty => self.tree.open_table()?,
            "table-header-rows" if !empty => self.header_rows += 1,
            "table-row" if !empty => self.tree.open_row(self.header_rows > 0),
            "table-cell" | "covered-table-cell" => {
                let cell = Cell {
                    colspan: span(e, "number-columns-spanned"),
                    rowspan: if name == "covered-table-cell" {
                        Span::Covered
                    } else {
                        Span::Rows(span(e, "number-rows-spanned"))
                    },
                    blocks: Vec::new(),
                };
                if empty {
                    self.tree.close_cell(Some(cell));
                } else {
                    self.tree.open_cell(cell);
                }
            }
            "list" if !empty => self.lists += 1,
            "p" | "h" => self.open_paragraph(e, name == "h", empty),
            "s" => {
                let n = attr(e, "c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(1000);
                self.text(&" ".repeat(n));
            }
            "tab" => self.text(" "),
            "line-break" => {
                if let Some(p) = self.para.as_mut() {
                    p.html.push_str("<br>");
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) {
        if self.skipped > 0 {
            self.skipped -= 1;
            return;
        }
        match name {
            "text" => self.in_body = false,
            "p" | "h" => match self.para.as_mut() {
                Some(p) if p.depth > 0 => p.depth -= 1,
                Some(_) => {
                    if let Some(p) = self.para.take() {
                        self.paragraph(p);
                    }
                }
                None => {}
            },
            "list" => self.lists = self.lists.saturating_sub(1),
            "table-header-rows" => self.header_rows = self.header_rows.saturating_sub(1),
            "table-cell" | "covered-table-cell" => self.tree.close_cell(None),
            "table-row" => self.tree.close_row(),
            "table" => self.tree.close_table(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(p) = self.para.as_mut() {
            escape(&mut p.html, text);
        }
    }
}

impl Odt {
    fn open_paragraph(&mut self, e: &BytesStart, heading: bool, empty: bool) {
        if let Some(p) = self.para.as_mut() {
            p.depth += usize::from(!empty);
            return;
        }
        let level = heading.then(|| {
            attr(e, "outline-level")
                .and_then(|v| v.parse::<u8>().ok())
                .unwrap_or(1)
                .clamp(1, 6)
        });
        let p = Paragraph {
            heading: level,
            ..Paragraph::default()
        };
        if empty {
            self.paragraph(p);
        } else {
            self.para = Some(p);
        }
    }

    fn paragraph(&mut self, p: Paragraph) {
        self.paras += 1;
        let role = match p.heading {
            Some(level) => Role::Heading(level),
            None if self.lists > 0 => Role::Item,
            None => Role::Text,
        };
        self.add(Block::Para(Para {
            no: self.paras,
            html: p.html,
            role,
        }));
    }

    fn add(&mut self, block: Block) {
        self.tree.add(block);
    }
}

/// A span attribute, clamped as the HTML table model clamps spans.
fn span(e: &BytesStart, name: &str) -> usize {
    attr(e, name)
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_tables_and_spans_are_read() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b"><office:body><office:text>
<text:h text:outline-level="2">Sintesi</text:h>
<table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Gruppo</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2"><text:p>Totali</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table-header-rows>
<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>Alta<text:note><text:note-body><text:p>nota</text:p></text:note-body></text:note></text:p></table:table-cell><table:table-cell><text:p>9</text:p></table:table-cell><table:table-cell><text:p>45</text:p></table:table-cell></table:table-row>
<table:table-row><table:covered-table-cell><text:p/></table:covered-table-cell><table:table-cell><text:list><text:list-item><text:p>4<text:line-break/>1</text:p></text:list-item></text:list></table:table-cell><table:table-cell><text:p>8<text:s text:c="2"/>x</text:p></table:table-cell></table:table-row>
</table:table>
</office:text></office:body></office:document-content>"#;
        let html = super::super::render(&read(xml).unwrap());
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(lines[0], "<!DOCTYPE html><h2>Sintesi</h2>");
        assert_eq!(lines[1], "<table><tr><th><p>Gruppo</p></th>");
        assert_eq!(lines[2], "<th colspan=\"2\"><p>Totali</p></th></tr>");
        assert_eq!(lines[3], "<tr><td rowspan=\"2\"><p>Alta</p></td>");
        assert_eq!(lines[6], "<tr>");
        assert_eq!(lines[7], "<td><ul><li>4<br>1</li></ul></td>");
        assert_eq!(lines[8], "<td><p>8  x</p></td></tr></table>");
    }
}
