//! Clean cell text, shared by both readers: markup events in, text and list
//! items out.
//!
//! A cell's content is a run of segments, each plain text or a list item.
//! `<li>` and the bullet characters the institute's exports use (`•` and kin)
//! open items; `</li>`/`</ul>` close them; `<br>` is a line break inside the
//! current segment, so that a packed `4<br>1` stays one value per line.
//!
//! White space is read as a browser renders it: a run of spaces, tabs and
//! source newlines is one space (a name wrapped in the source, `Reggio⏎
//! Calabria`, is one name); only `<br>` and block boundaries break a line.
//! Soft hyphens are invisible and dropped.
//!
//! Characters a reader cannot see (zero-width, bidirectional controls, a BOM
//! inside the text, control characters) are left out of the clean text, so
//! that `6‍3` reads as 63 and `La​zio` as Lazio, and are kept aside: the
//! reader reports them (see `CellText::finish`).

/// Characters that open a list item when they appear in cell text. Each is
/// encoded in UTF-8 starting with the byte 0xE2, which lets text without any
/// skip the search.
const BULLETS: &[char] = &['•', '◦', '▪', '‣', '●', '∙'];
const BULLET_LEAD: u8 = 0xE2;

#[derive(Debug, Default)]
pub struct CellText {
    /// The finished segments, joined by line breaks, and the current one.
    text: String,
    items: Vec<String>,
    collapse: Collapse,
    in_item: bool,
    /// The first bullet character met: a cell that holds nothing else is
    /// that symbol (a tick in a matrix, `●`), not an empty list item.
    bullet: Option<char>,
}

/// A cell's clean text, its list items, and the invisible characters left
/// out of them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Clean {
    pub text: String,
    pub items: Vec<String>,
    /// Each invisible character met, in order, once each.
    pub hidden: Vec<char>,
}

/// A character that a reader cannot see but that changes the text: control
/// characters (tab, line ends and the like aside, which are white space),
/// zero-width characters and joiners, bidirectional controls, the BOM, and
/// the other format characters of Unicode's `Cf` category. Soft hyphens
/// are dropped without a word: word processors write them as hints.
pub fn is_hidden(c: char) -> bool {
    // Most text is printable ASCII: answered before the table below.
    if c.is_ascii() {
        return c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}');
    }
    match c {
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' => false,
        '\u{AD}' => false,
        c if c.is_control() => true,
        '\u{600}'..='\u{605}'
        | '\u{61C}'
        | '\u{6DD}'
        | '\u{70F}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}' => true,
        _ => false,
    }
}

/// `text` with each invisible character written as its code point, `⟨U+200D⟩`:
/// what outputs that keep a cell's source show instead of nothing.
pub fn mark_hidden(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl CellText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Text as decoded by the parser (entities already resolved).
    pub fn text(&mut self, text: &str) {
        if memchr::memchr(BULLET_LEAD, text.as_bytes()).is_none() {
            self.collapse.feed(&mut self.text, text, true);
            return;
        }
        if self.bullet.is_none() {
            self.bullet = text.chars().find(|c| BULLETS.contains(c));
        }
        let mut parts = text.split(BULLETS);
        if let Some(first) = parts.next() {
            self.collapse.feed(&mut self.text, first, true);
        }
        for part in parts {
            self.start_item();
            self.collapse.feed(&mut self.text, part, true);
        }
    }

    /// `<br>`: a line break within the current segment.
    pub fn line_break(&mut self) {
        self.collapse.gap = Some(true);
    }

    /// A block boundary (`<p>`, `<div>`): the text after it starts a new line.
    /// Inside a list item (`<li><p>…</p></li>`, as word processors write
    /// items) it only separates words: an item is one entry, on one line.
    pub fn block_break(&mut self) {
        if self.in_item {
            if self.collapse.segment.is_some() {
                self.collapse.gap = Some(self.collapse.gap.unwrap_or(false));
            }
            return;
        }
        self.flush();
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
        if let Some(from) = self.collapse.end()
            && self.in_item
        {
            self.items.push(self.text[from..].to_string());
        }
    }

    /// The clean text (segments joined by line breaks), the list items, and
    /// the invisible characters left out.
    pub fn finish(mut self) -> Clean {
        self.flush();
        if let Some(bullet) = self
            .bullet
            .filter(|_| self.text.is_empty() && self.items.is_empty())
        {
            self.text.push(bullet);
        }
        Clean {
            text: self.text,
            items: self.items,
            hidden: self.collapse.hidden,
        }
    }
}

/// White-space collapsing as the text arrives, in pieces (a cell's text
/// nodes), straight into the output: no buffer per segment. A segment's words
/// are joined by one space, or by a line break where a `<br>` stood between
/// them (source newlines are white space like any other); white space before
/// the first word and after the last is dropped.
#[derive(Debug, Default)]
struct Collapse {
    /// Where the current segment's first word starts in the output, once it
    /// has one.
    segment: Option<usize>,
    /// White space seen since the last word: `Some(true)` if it held a line
    /// break (`<br>`).
    gap: Option<bool>,
    /// The invisible characters left out, once each.
    hidden: Vec<char>,
}

impl Collapse {
    /// Appends `text`'s words to `out`. With `join`, a segment's first word is
    /// put on a line of its own when `out` already holds text.
    fn feed(&mut self, out: &mut String, text: &str, join: bool) {
        let bytes = text.as_bytes();
        // U+00AD is encoded C2 AD; the byte AD alone also ends other
        // characters (`í`), which the slow path leaves alone.
        let shy = memchr::memchr(0xAD, bytes).is_some();
        let mut i = 0;
        while i < bytes.len() {
            let (kind, len) = char_at(text, i);
            match kind {
                Kind::Space => {
                    self.gap = Some(self.gap.unwrap_or(false));
                    i += len;
                    continue;
                }
                Kind::Hidden => {
                    self.hide(text, i);
                    i += len;
                    continue;
                }
                Kind::Visible => {}
            }
            match self.segment {
                None => {
                    if join && !out.is_empty() {
                        out.push('\n');
                    }
                    self.segment = Some(out.len());
                }
                Some(_) => match self.gap {
                    Some(true) => out.push('\n'),
                    Some(false) => out.push(' '),
                    None => {}
                },
            }
            self.gap = None;
            // The word, up to white space; invisible characters inside it
            // are left out and the word goes on (`6‍3` is `63`).
            let mut run = i;
            while i < bytes.len() {
                let (kind, len) = char_at(text, i);
                match kind {
                    Kind::Space => break,
                    Kind::Hidden => {
                        push_run(out, &text[run..i], shy);
                        self.hide(text, i);
                        i += len;
                        run = i;
                    }
                    Kind::Visible => i += len,
                }
            }
            push_run(out, &text[run..i], shy);
        }
    }

    fn hide(&mut self, text: &str, i: usize) {
        if let Some(c) = text[i..].chars().next()
            && !self.hidden.contains(&c)
        {
            self.hidden.push(c);
        }
    }

    /// Ends the segment: where it started in the output, if it has a word.
    fn end(&mut self) -> Option<usize> {
        self.gap = None;
        self.segment.take()
    }
}

/// The soft hyphen: a hint where a word may break, invisible otherwise.
const SOFT_HYPHEN: char = '\u{ad}';

/// A word's text without its soft hyphens, when it has any.
fn push_run(out: &mut String, run: &str, shy: bool) {
    if shy {
        out.extend(run.chars().filter(|&c| c != SOFT_HYPHEN));
    } else {
        out.push_str(run);
    }
}

/// What a character is to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Space,
    Hidden,
    Visible,
}

/// What the character at byte `i` is (white space as `char::is_whitespace`
/// says, invisible as [`is_hidden`] says), and its length in bytes; ASCII
/// without decoding.
fn char_at(text: &str, i: usize) -> (Kind, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        let kind = match b {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => Kind::Space,
            0..=0x1F | 0x7F => Kind::Hidden,
            _ => Kind::Visible,
        };
        return (kind, 1);
    }
    match text[i..].chars().next() {
        Some(c) if c.is_whitespace() => (Kind::Space, c.len_utf8()),
        Some(c) if is_hidden(c) => (Kind::Hidden, c.len_utf8()),
        Some(c) => (Kind::Visible, c.len_utf8()),
        None => (Kind::Visible, 1),
    }
}

/// Collapses runs of white space (no-break spaces and newlines included) to
/// one space and trims the ends: text as a browser shows it on one line.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    collapse_whitespace_into(text, &mut out);
    out
}

/// [`collapse_whitespace`], appended to `out` (whose earlier text it leaves
/// alone).
fn collapse_whitespace_into(text: &str, out: &mut String) {
    Collapse::default().feed(out, text, false);
}

/// What an inline HTML tag does to cell text: the Markdown reader sees tags
/// as strings (`<ul style=...>`, `<br/>`), the HTML reader as element names.
/// The name of an inline HTML tag and whether it closes: `<ul style=..>`,
/// `</li>`, `<br/>`.
static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^<\s*(/)?\s*([A-Za-z][A-Za-z0-9]*)").expect("valid tag pattern")
});

/// Applies the tag that an inline HTML fragment of a Markdown cell opens
/// with (`<br>`, `<li>`, `</ul>`…).
pub fn apply_html(content: &mut CellText, html: &str) {
    for tag in TAG.captures_iter(html) {
        let name = tag[2].to_ascii_lowercase();
        apply_tag(content, &name, tag.get(1).is_some());
    }
}

/// Whether an inline HTML fragment opens (`true`) or closes (`false`)
/// struck text: `<del>`, `<s>`, `<strike>`.
pub fn strike_tag(html: &str) -> Option<bool> {
    let tag = TAG.captures(html)?;
    let name = tag[2].to_ascii_lowercase();
    matches!(name.as_str(), "del" | "s" | "strike").then(|| tag.get(1).is_none())
}

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
            "a b c d"
        );
        assert_eq!(collapse_whitespace("\n \u{a0}\n"), "");
        assert_eq!(collapse_whitespace("Attività\u{2003}è"), "Attività è");
        assert_eq!(collapse_whitespace("Reggio\nCalabria"), "Reggio Calabria");
        assert_eq!(
            collapse_whitespace("am\u{ad}mi\u{ad}ni\u{ad}stra\u{ad}zione í"),
            "amministrazione í"
        );
        let mut out = "x\n".to_string();
        collapse_whitespace_into("\n y \n z", &mut out);
        assert_eq!(out, "x\ny z");
    }

    fn clean(build: impl FnOnce(&mut CellText)) -> (String, Vec<String>) {
        let mut c = CellText::new();
        build(&mut c);
        let clean = c.finish();
        (clean.text, clean.items)
    }

    #[test]
    fn invisible_characters_are_left_out_and_kept_aside() {
        let mut c = CellText::new();
        c.text("6\u{200D}3 \u{2066}La\u{200B}zio\u{2069} \u{FEFF}x\u{1}");
        let clean = c.finish();
        assert_eq!(clean.text, "63 Lazio x");
        assert_eq!(
            clean.hidden,
            vec![
                '\u{200D}', '\u{2066}', '\u{200B}', '\u{2069}', '\u{FEFF}', '\u{1}'
            ]
        );
        assert_eq!(mark_hidden("6\u{200D}3"), "6⟨U+200D⟩3");
        assert_eq!(mark_hidden("63"), "63");
        assert!(!is_hidden('\u{AD}') && !is_hidden('\t') && !is_hidden('à'));
    }

    /// A cell holding only a bullet-like symbol (a tick matrix's `●`) is
    /// that symbol, not an empty item.
    #[test]
    fn a_lone_bullet_is_a_symbol() {
        assert_eq!(clean(|c| c.text("●")), ("●".to_string(), vec![]));
        assert_eq!(clean(|c| c.text(" • ")), ("•".to_string(), vec![]));
        assert_eq!(clean(|c| c.text("• uno")).1, vec!["uno".to_string()]);
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
    fn words_split_across_text_nodes_stay_whole_and_gaps_across_them_count() {
        let (text, items) = clean(|c| {
            c.text(" Al");
            c.text("fa\u{a0}");
            c.text(" \n");
            c.text("beta ");
            apply_tag(c, "br", false);
            c.text("gamma");
            apply_tag(c, "br", false);
            apply_tag(c, "li", false);
            c.text("\u{2003}uno\u{0B}due ");
            apply_tag(c, "li", true);
            apply_tag(c, "br", false);
            c.text(" • ");
        });
        assert_eq!(text, "Alfa beta\ngamma\nuno due");
        assert_eq!(items, vec!["uno due"]);
    }

    #[test]
    fn paragraphs_inside_a_list_item_are_one_item() {
        let (text, items) = clean(|c| {
            apply_tag(c, "ul", false);
            apply_tag(c, "li", false);
            apply_tag(c, "p", false);
            c.text("Direzione\n  Regionale");
            apply_tag(c, "p", true);
            apply_tag(c, "p", false);
            c.text("- (1)");
            apply_tag(c, "p", true);
            apply_tag(c, "li", true);
            apply_tag(c, "li", false);
            apply_tag(c, "p", false);
            c.text("Staff");
            apply_tag(c, "p", true);
            apply_tag(c, "li", true);
            apply_tag(c, "ul", true);
            apply_tag(c, "p", false);
            c.text("dopo");
        });
        assert_eq!(items, vec!["Direzione Regionale - (1)", "Staff"]);
        assert_eq!(text, "Direzione Regionale - (1)\nStaff\ndopo");
    }

    #[test]
    fn blank_content_gives_empty_text() {
        assert_eq!(clean(|c| c.text("  \n ")), (String::new(), vec![]));
    }
}
