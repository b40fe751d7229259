//! Clean cell text, shared by both readers: markup events in, text and list
//! items out.
//!
//! A cell's content is a run of segments, each plain text or a list item.
//! `<li>` and the bullet characters the institute's exports use (`•` and kin)
//! open items; `</li>`/`</ul>` close them; `<br>` is a line break inside the
//! current segment, so that a packed `4<br>1` stays one value per line.

/// Characters that open a list item when they appear in cell text.
const BULLETS: &[char] = &['•', '◦', '▪', '‣', '●', '∙'];

#[derive(Debug, Default)]
pub struct CellText {
    /// The finished segments, joined by line breaks.
    text: String,
    items: Vec<String>,
    current: String,
    in_item: bool,
}

impl CellText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Text as decoded by the parser (entities already resolved).
    pub fn text(&mut self, text: &str) {
        let mut parts = text.split(BULLETS);
        if let Some(first) = parts.next() {
            self.current.push_str(first);
        }
        for part in parts {
            self.start_item();
            self.current.push_str(part);
        }
    }

    /// `<br>`: a line break within the current segment.
    pub fn line_break(&mut self) {
        self.current.push('\n');
    }

    /// A block boundary (`<p>`, `<div>`): the text after it starts a new line.
    pub fn block_break(&mut self) {
        self.flush();
        self.in_item = false;
    }

    /// `<li>` or a bullet.
    pub fn start_item(&mut self) {
        self.flush();
        self.in_item = true;
    }

    /// `</li>`, `<ul>`, `</ul>`: whatever follows is no longer in the item.
    pub fn end_item(&mut self) {
        self.flush();
        self.in_item = false;
    }

    fn flush(&mut self) {
        let start = self.text.len();
        if start > 0 {
            self.text.push('\n');
        }
        let from = self.text.len();
        collapse_whitespace_into(&self.current, &mut self.text);
        self.current.clear();
        if self.text.len() == from {
            // An empty segment: no line of its own.
            self.text.truncate(start);
        } else if self.in_item {
            self.items.push(self.text[from..].to_string());
        }
    }

    /// The clean text (segments joined by line breaks) and the list items.
    pub fn finish(mut self) -> (String, Vec<String>) {
        self.flush();
        (self.text, self.items)
    }
}

/// Collapses runs of white space (no-break spaces included) to one space on
/// each line, trims the lines and drops the empty ones.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    collapse_whitespace_into(text, &mut out);
    out
}

/// [`collapse_whitespace`], appended to `out` (whose earlier text it leaves
/// alone).
fn collapse_whitespace_into(text: &str, out: &mut String) {
    // One pass, copying whole words: between two words goes a line break if
    // one separated them (empty lines vanish), a space otherwise.
    let start = out.len();
    let mut word: Option<usize> = None;
    let mut newline = false;
    let push = |out: &mut String, w: &str, newline: &mut bool| {
        if out.len() > start {
            out.push(if *newline { '\n' } else { ' ' });
        }
        *newline = false;
        out.push_str(w);
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(from) = word.take() {
                push(out, &text[from..i], &mut newline);
            }
            newline |= c == '\n';
        } else if word.is_none() {
            word = Some(i);
        }
    }
    if let Some(from) = word {
        push(out, &text[from..], &mut newline);
    }
}

/// What an inline HTML tag does to cell text: the Markdown reader sees tags
/// as strings (`<ul style=...>`, `<br/>`), the HTML reader as element names.
pub fn apply_tag(content: &mut CellText, name: &str, closing: bool) {
    match (name, closing) {
        ("br", _) => content.line_break(),
        ("li", false) => content.start_item(),
        ("li" | "ul" | "ol", _) => content.end_item(),
        ("p" | "div" | "tr" | "dd" | "dt" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => {
            content.block_break()
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_collapses_per_line_and_empty_lines_vanish() {
        assert_eq!(
            collapse_whitespace("  a \u{a0} b\t\r\n\n \n  c  d \n"),
            "a b\nc d"
        );
        assert_eq!(collapse_whitespace("\n \u{a0}\n"), "");
        assert_eq!(collapse_whitespace("Attività\u{2003}è"), "Attività è");
        let mut out = "x\n".to_string();
        collapse_whitespace_into("\n y \n z", &mut out);
        assert_eq!(out, "x\ny\nz");
    }

    fn clean(build: impl FnOnce(&mut CellText)) -> (String, Vec<String>) {
        let mut c = CellText::new();
        build(&mut c);
        c.finish()
    }

    #[test]
    fn bullets_become_items() {
        let (text, items) = clean(|c| c.text(" • Alfa  beta • Gamma\u{a0} "));
        assert_eq!(items, vec!["Alfa beta", "Gamma"]);
        assert_eq!(text, "Alfa beta\nGamma");
    }

    #[test]
    fn list_tags_become_items_and_text_after_the_list_is_plain() {
        let (text, items) = clean(|c| {
            c.text("Intro");
            apply_tag(c, "ul", false);
            apply_tag(c, "li", false);
            c.text("uno");
            apply_tag(c, "li", true);
            apply_tag(c, "li", false);
            c.text("due");
            apply_tag(c, "ul", true);
            c.text("fine");
        });
        assert_eq!(items, vec!["uno", "due"]);
        assert_eq!(text, "Intro\nuno\ndue\nfine");
    }

    #[test]
    fn line_breaks_keep_packed_values_apart() {
        let (text, items) = clean(|c| {
            c.text("4");
            apply_tag(c, "br", false);
            c.text(" 1 ");
        });
        assert_eq!(text, "4\n1");
        assert!(items.is_empty());
    }

    #[test]
    fn blank_content_gives_empty_text() {
        assert_eq!(clean(|c| c.text("  \n ")), (String::new(), vec![]));
    }
}
