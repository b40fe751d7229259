//! Document → `RawTable`s: every table of a Markdown or HTML document, each
//! cell with its raw and clean text, list items, spans and source line.

mod grid_table;
mod html;
mod html_blocks;
mod markdown;
mod pandoc;
mod tags;
mod text;

pub use html_blocks::contains_table_tag;
pub use text::{CellText, Clean, collapse_whitespace, is_hidden, mark_hidden};

use crate::error::Result;
use crate::source::{Document, Format};

/// A caption and the line it was read from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Caption {
    pub text: String,
    pub line: u32,
}

/// Which part of the table a row belongs to (HTML `<thead>`, `<tbody>`,
/// `<tfoot>`; a Markdown table has one head row and one body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowGroup {
    Head,
    Body,
    Foot,
}

/// A table as the document writes it: rows of cells, spans not yet resolved.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RawTable {
    /// 1-based position of the table in the document (outer tables before
    /// the tables nested in them).
    pub index: usize,
    pub caption: Option<Caption>,
    /// The line the table starts on.
    pub line: u32,
    /// What `line` and the rows' lines count.
    #[serde(skip)]
    pub unit: crate::source::Unit,
    /// The table whose cell holds this one, for nested HTML tables.
    pub parent: Option<usize>,
    /// Nothing (no heading, paragraph or list) stands between the previous
    /// table and this one: a table broken by a page may continue there.
    pub adjacent: bool,
    /// The reader found the table joined to the one before it and split
    /// them: why it starts here (the grid stage records the repair).
    #[serde(skip)]
    pub joined: Option<String>,
    pub rows: Vec<RawRow>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RawRow {
    pub group: RowGroup,
    /// Ordinal of the row group in the table: `rowspan="0"` spans to the end
    /// of its group, and two `<tbody>`s in a row are two groups.
    pub group_id: usize,
    pub line: u32,
    pub cells: Vec<RawCell>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawCell {
    /// The cell's source text where it differs from `text` (markup, entities,
    /// white space): most cells are plain, and keep one string, not two.
    /// [`RawCell::raw`] reads it.
    raw_if_other: Option<Box<str>>,
    /// Clean text: markup removed, entities decoded, white space collapsed,
    /// list items and line breaks as `\n`.
    pub text: String,
    /// The list items of the cell (`<li>` or `•` bullets), if any.
    pub items: Vec<String>,
    /// An HTML `<th>`, or a Markdown header cell.
    pub header: bool,
    /// Every visible word of the cell is bold (`<b>`, `<strong>`,
    /// `font-weight: bold`): how word processors mark header rows.
    pub bold: bool,
    /// Invisible characters (zero-width, bidirectional controls, control
    /// characters) the source holds and the clean text leaves out, once each.
    pub hidden: Vec<char>,
    /// The `scope` attribute of a `<th>`.
    pub scope: Option<String>,
    /// Clamped to 1..=1000, as the HTML table model does.
    pub colspan: usize,
    /// Clamped to 0..=65534; 0 spans to the end of the row group.
    pub rowspan: usize,
    pub line: u32,
    /// Byte offset of the cell in the source, where the reader knows it.
    pub offset: Option<usize>,
}

impl RawCell {
    /// A cell without spans, as Markdown writes every cell.
    pub fn plain(raw: &str, content: CellText, line: u32, offset: Option<usize>) -> RawCell {
        let Clean {
            text,
            items,
            hidden,
        } = content.finish();
        RawCell {
            raw_if_other: RawCell::other(raw, &text),
            text,
            items,
            header: false,
            bold: false,
            hidden,
            scope: None,
            colspan: 1,
            rowspan: 1,
            line,
            offset,
        }
    }
}

impl RawCell {
    /// The cell's source text, markup included.
    pub fn raw(&self) -> &str {
        self.raw_if_other.as_deref().unwrap_or(&self.text)
    }

    /// Sets the source text.
    pub fn set_raw(&mut self, raw: &str) {
        self.raw_if_other = RawCell::other(raw, &self.text);
    }

    fn other(raw: &str, text: &str) -> Option<Box<str>> {
        (raw != text).then(|| raw.into())
    }
}

impl serde::Serialize for RawCell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("RawCell", 11)?;
        // Invisible characters are marked (`⟨U+200D⟩`), so that a reader of
        // the JSON sees what the clean text left out.
        st.serialize_field("raw", &mark_hidden(self.raw()))?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("items", &self.items)?;
        st.serialize_field("header", &self.header)?;
        if self.bold {
            st.serialize_field("bold", &self.bold)?;
        } else {
            st.skip_field("bold")?;
        }
        if self.hidden.is_empty() {
            st.skip_field("hidden")?;
        } else {
            let codes: Vec<String> = self
                .hidden
                .iter()
                .map(|c| format!("U+{:04X}", u32::from(*c)))
                .collect();
            st.serialize_field("hidden", &codes)?;
        }
        match &self.scope {
            Some(scope) => st.serialize_field("scope", scope)?,
            None => st.skip_field("scope")?,
        }
        st.serialize_field("colspan", &self.colspan)?;
        st.serialize_field("rowspan", &self.rowspan)?;
        st.serialize_field("line", &self.line)?;
        match &self.offset {
            Some(offset) => st.serialize_field("offset", offset)?,
            None => st.skip_field("offset")?,
        }
        st.end()
    }
}

/// The blocks of the document outside its tables, in document order: what
/// later stages read besides the tables (missions lists, footnote texts).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Heading {
        text: String,
        line: u32,
    },
    /// `raw` is the paragraph's source text, where a footnote marker such as
    /// `**` survives that Markdown would otherwise read as emphasis.
    Paragraph {
        text: String,
        raw: String,
        line: u32,
    },
    List {
        items: Vec<ListItem>,
    },
    Table {
        index: usize,
        line: u32,
    },
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ListItem {
    pub text: String,
    pub line: u32,
}

/// Something a reader had to repair or leave out, and where.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    pub level: crate::error::Level,
    pub line: Option<u32>,
    pub message: String,
}

impl Note {
    pub fn warning(line: Option<u32>, message: impl Into<String>) -> Note {
        Note {
            level: crate::error::Level::Warning,
            line,
            message: message.into(),
        }
    }

    pub fn error(line: Option<u32>, message: impl Into<String>) -> Note {
        Note {
            level: crate::error::Level::Error,
            line,
            message: message.into(),
        }
    }
}

/// What the readers hand on: the tables and the outline around them.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Extracted {
    pub tables: Vec<RawTable>,
    pub blocks: Vec<Block>,
    pub notes: Vec<Note>,
}

/// The most tables read from a document, whatever its size. A million tiny
/// tables would mean a million output files (a quarter of a million took a
/// minute to create); past the limit the rest of the document is reported
/// and left out, unparsed: the limit is counted before any work is done on
/// the tables past it. Documents of this kind have tens of tables.
pub const MAX_TABLES: usize = 10_000;

/// A large document may hold more: a table per this many bytes (a table of
/// the institute's documents takes a kilobyte or more, a hostile one a few
/// bytes).
pub const BYTES_PER_TABLE: usize = 900;

/// The most tables read from a document of `bytes` bytes.
pub fn table_limit(bytes: usize) -> usize {
    MAX_TABLES.max(bytes / BYTES_PER_TABLE)
}

fn too_many_tables(line: u32, limit: usize) -> Note {
    Note::error(
        Some(line),
        format!(
            "the document has more than {limit} tables (its limit: {MAX_TABLES}, or one per {BYTES_PER_TABLE} bytes); this one and the rest of the document after it are left out"
        ),
    )
}

/// Reads every table of the document, in document order, and its outline.
pub fn extract(doc: &Document) -> Result<Extracted> {
    match doc.format {
        Format::Markdown => markdown::extract(doc),
        Format::Html | Format::Docx | Format::Odt => html::extract(doc),
    }
}

/// The evidence of a pipe table split from the one it touches (the `split`
/// repair says it).
pub(crate) const JOINED: &str = "a delimiter row under it, as under a table's header: GFM reads the two tables as one, and drops the cells the second has past the first one's columns";

/// Paragraphs at most this long (in characters, once white space is
/// collapsed) may serve as the caption of the tables that follow them; longer
/// ones are body text.
pub const MAX_CAPTION_CHARS: usize = 160;

/// The caption candidate a heading or paragraph gives, if it may be one. A
/// footnote (a paragraph whose text opens with a marker: `** …`, `(1) …`,
/// `¹ …`) explains a table's figures and is never its caption. The text is
/// the paragraph as shown: a Markdown caption in bold (`**Sintesi**`) shows
/// no asterisks, a footnote's marker (`** Sintesi`) does.
fn caption_candidate(text: &str, line: u32, is_heading: bool) -> Option<Caption> {
    let text = text::collapse_whitespace(text);
    if text.is_empty() || (!is_heading && is_footnote(&text)) {
        return None;
    }
    (is_heading || text.chars().count() <= MAX_CAPTION_CHARS).then_some(Caption { text, line })
}

/// A paragraph that opens with a footnote marker: `*`…`****`, `(1)`, `(a)`,
/// `1)`, `a)`, or superscript digits, then text.
pub fn is_footnote(paragraph: &str) -> bool {
    use std::sync::LazyLock;
    static MARKER: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"^\s*(?:\\?\*){1,4}\s*\S|^\s*\(\s*[0-9A-Za-z]{1,3}\s*\)\s*\S|^\s*[0-9a-z]\)\s+\S|^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S",
        )
        .expect("valid footnote pattern")
    });
    MARKER.is_match(paragraph)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnotes_are_never_captions() {
        for note in [
            "** Dato provvisorio",
            "\\*\\* Dato provvisorio",
            "* nota",
            "(1) Fonte: ISTAT",
            "(a) stima",
            "a) stima",
            "¹ Fonte",
        ] {
            assert!(is_footnote(note), "{note}");
            assert_eq!(caption_candidate(note, 3, false), None, "{note}");
        }
        for title in ["Posizioni dirigenziali", "Tabella (segue)", "2025: sintesi"] {
            assert!(!is_footnote(title), "{title}");
        }
        assert_eq!(
            caption_candidate("Funzioni e posizioni\ndirigenziali", 4, false),
            Some(Caption {
                text: "Funzioni e posizioni dirigenziali".into(),
                line: 4
            })
        );
        assert_eq!(caption_candidate(&"parola ".repeat(40), 1, false), None);
        assert!(caption_candidate(&"parola ".repeat(40), 1, true).is_some());
    }
}
