//! WordprocessingML (`word/document.xml`) → blocks: paragraphs with their
//! style (headings by style or outline level, list items by numbering),
//! runs' text and bold, and tables with `w:gridSpan`, `w:vMerge` and
//! `w:tblHeader`. Deleted text of tracked changes (`w:delText`), text boxes
//! and the fallback of alternate content are left out, as Word shows them.

use quick_xml::events::BytesStart;

use super::{Block, Cell, Handler, Para, Role, Span, Tree, attr, drive, escape};

/// The paragraph being read.
#[derive(Default)]
struct Paragraph {
    html: String,
    heading: Option<u8>,
    item: bool,
    chars: usize,
    bold_chars: usize,
}

/// The reader's state between XML events: a method per element.
#[derive(Default)]
struct Docx {
    tree: Tree,
    para: Option<Paragraph>,
    paras: usize,
    /// Inside `w:t` (text to keep).
    in_text: bool,
    /// Inside a run's properties or a paragraph's.
    in_run_props: bool,
    in_para_props: bool,
    bold: bool,
    struck: bool,
    /// Depth inside content left out (text boxes, deleted text, fallbacks).
    skipped: usize,
}

const SKIPPED: &[&str] = &["txbxContent", "delText", "Fallback", "instrText"];

pub(super) fn read(xml: &str) -> Result<Vec<Block>, String> {
    let mut docx = Docx::default();
    drive(xml, &mut docx, "a Word file")?;
    Ok(docx.tree.body)
}

impl Handler for Docx {
    fn keeps_text(&self) -> bool {
        self.in_text && self.skipped == 0 && !self.struck
    }

    fn start(&mut self, e: &BytesStart, empty: bool) -> Result<(), String> {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skipped > 0 || SKIPPED.contains(&name) {
            if !empty {
                self.skipped += 1;
            }
            return Ok(());
        }
        match name {
            "tbl" if !empty => self.tree.open_table()?,
            "tr" if !empty => self.tree.open_row(false),
            "tc" if !empty => self.tree.open_cell(Cell::default()),
            "tblHeader" => {
                if let Some(row) = self.tree.row() {
                    row.header = on(e);
                }
            }
            "gridSpan" => {
                if let Some(cell) = self.tree.cell() {
                    cell.colspan = attr(e, "val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1usize)
                        .clamp(1, 1000);
                }
            }
            "vMerge" => {
                if let Some(cell) = self.tree.cell() {
                    cell.rowspan = if attr(e, "val").as_deref() == Some("restart") {
                        Span::Restart
                    } else {
                        Span::Continue
                    };
                }
            }
            "p" if !empty => self.para = Some(Paragraph::default()),
            "p" => self.paragraph(Paragraph::default()),
            "pPr" if !empty => self.in_para_props = true,
            "rPr" if !empty => self.in_run_props = true,
            "r" if !empty => (self.bold, self.struck) = (false, false),
            "b" if self.in_run_props && !self.in_para_props => self.bold = on(e),
            // Struck text is text being deleted, as in Markdown and HTML.
            "strike" | "dstrike" if self.in_run_props && !self.in_para_props => self.struck = on(e),
            "pStyle" => {
                if let (Some(p), Some(style)) = (self.para.as_mut(), attr(e, "val")) {
                    p.heading = p.heading.or(heading_level(&style));
                }
            }
            "outlineLvl" => {
                if let (Some(p), Some(level)) = (
                    self.para.as_mut(),
                    attr(e, "val").and_then(|v| v.parse::<u8>().ok()),
                ) {
                    p.heading = Some(level.saturating_add(1).min(6));
                }
            }
            "numPr" => {
                if let Some(p) = self.para.as_mut() {
                    p.item = true;
                }
            }
            "t" if !empty => self.in_text = true,
            "tab" if !self.in_para_props => self.text(" "),
            "br" | "cr" => {
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
            "t" => self.in_text = false,
            "rPr" => self.in_run_props = false,
            "pPr" => self.in_para_props = false,
            "p" => {
                if let Some(p) = self.para.take() {
                    self.paragraph(p);
                }
            }
            "tc" => self.tree.close_cell(None),
            "tr" => self.tree.close_row(),
            "tbl" => self.tree.close_table(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(p) = self.para.as_mut() {
            let n = text.chars().filter(|c| !c.is_whitespace()).count();
            p.chars += n;
            if self.bold {
                p.bold_chars += n;
                p.html.push_str("<b>");
                escape(&mut p.html, text);
                p.html.push_str("</b>");
            } else {
                escape(&mut p.html, text);
            }
        }
    }
}

impl Docx {
    fn paragraph(&mut self, p: Paragraph) {
        self.paras += 1;
        let role = match (p.heading, p.item) {
            (Some(level), _) => Role::Heading(level.clamp(1, 6)),
            (None, true) => Role::Item,
            _ => Role::Text,
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

/// A toggle property (`<w:b/>`, `<w:b w:val="false"/>`): on unless its
/// value says off.
fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("false" | "0" | "off"))
}

/// The heading level a paragraph style names: `Heading1`, `heading 2`,
/// `Titolo3`, `Überschrift1`, `Titre1`, `Title`.
fn heading_level(style: &str) -> Option<u8> {
    let lower = style.to_lowercase();
    if lower == "title" || lower == "titolo" {
        return Some(1);
    }
    let digits = lower.trim_start_matches(|c: char| !c.is_ascii_digit());
    let word = lower[..lower.len() - digits.len()].trim();
    let known = [
        "heading",
        "titolo",
        "überschrift",
        "uberschrift",
        "titre",
        "encabezado",
        "kop",
    ];
    if !known.contains(&word) {
        return None;
    }
    digits
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=9).contains(n))
        .map(|n| n.min(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn paragraphs_tables_and_merges_are_read() {
        let xml = format!(
            r#"<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Sintesi</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Gruppo</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Totali</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Alta &amp; c.</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>45</w:t><w:delText>46</w:delText></w:r><w:r><w:rPr><w:strike/></w:rPr><w:t>47</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:pPr><w:numPr/></w:pPr><w:r><w:t>4</w:t><w:br/><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>8</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
</w:body></w:document>"#
        );
        let blocks = read(&xml).unwrap();
        let html = super::super::render(&blocks);
        let lines: Vec<&str> = html.lines().collect();
        assert_eq!(lines[0], "<!DOCTYPE html><h2>Sintesi</h2>");
        assert_eq!(lines[1], "<table><tr><th><p><b>Gruppo</b></p></th>");
        assert_eq!(lines[2], "<th colspan=\"2\"><p>Totali</p></th></tr>");
        assert_eq!(lines[3], "<tr><td rowspan=\"2\"><p>Alta &amp; c.</p></td>");
        assert_eq!(lines[5], "<td><p>45</p></td></tr>");
        assert_eq!(lines[6], "<tr>", "the covered cell keeps its line");
        assert_eq!(lines[7], "<td><ul><li>4<br>1</li></ul></td>");
        assert_eq!(lines[8], "<td><p>8</p></td></tr></table>");
        assert_eq!(lines.len(), 9);
    }

    #[test]
    fn malformed_xml_and_doctypes_are_refused() {
        assert!(read("<w:document><w:body><w:p></w:body>").is_err());
        let bomb = r#"<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>"#;
        assert!(read(bomb).unwrap_err().contains("document type"));
    }

    #[test]
    fn heading_styles_are_known_in_several_languages() {
        assert_eq!(heading_level("Heading1"), Some(1));
        assert_eq!(heading_level("heading 3"), Some(3));
        assert_eq!(heading_level("Titolo2"), Some(2));
        assert_eq!(heading_level("Title"), Some(1));
        assert_eq!(heading_level("Normal"), None);
        assert_eq!(heading_level("ListParagraph"), None);
    }
}
