//! Reading a document: files, directories and standard input; BOM, encoding
//! fallback, Markdown/HTML detection, and the byte-offset → line index.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, ErrorKind, Position, Result};

/// The document formats orgtables reads. A Word or OpenDocument file is
/// read as the HTML `office` writes of it, one paragraph a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Markdown,
    Html,
    Docx,
    Odt,
}

impl Format {
    /// How positions in a document of this format are counted.
    pub fn unit(self) -> Unit {
        match self {
            Format::Markdown | Format::Html => Unit::Line,
            Format::Docx | Format::Odt => Unit::Paragraph,
        }
    }
}

/// What a document's positions count: the lines of a text file, or the
/// paragraphs of a word processor's file (which has no lines). Every
/// `line` of the model is a number in this unit; every message names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Line,
    Paragraph,
}

impl Unit {
    pub fn is_line(&self) -> bool {
        *self == Unit::Line
    }

    /// `line`, `paragraph`.
    pub fn noun(self) -> &'static str {
        match self {
            Unit::Line => "line",
            Unit::Paragraph => "paragraph",
        }
    }

    /// `lines`, `paragraphs`.
    pub fn nouns(self) -> &'static str {
        match self {
            Unit::Line => "lines",
            Unit::Paragraph => "paragraphs",
        }
    }

    /// `line 5`, `paragraph 5`.
    pub fn at(self, n: impl std::fmt::Display) -> String {
        format!("{} {n}", self.noun())
    }

    /// `line 5`; `lines 3-5`.
    pub fn span(self, from: u32, to: u32) -> String {
        if from == to {
            self.at(from)
        } else {
            format!("{} {from}-{to}", self.nouns())
        }
    }

    /// `line 5` or `lines 5, 7, 12` (the numbers in the order given).
    pub fn list(self, numbers: &[u32]) -> String {
        match numbers {
            [one] => self.at(*one),
            many => {
                let list: Vec<String> = many.iter().map(u32::to_string).collect();
                format!("{} {}", self.nouns(), list.join(", "))
            }
        }
    }

    /// Where in `file` a number of this unit is: `doc.md:52` as compilers
    /// write it for a text file, `doc.docx, paragraph 52` for a file whose
    /// lines no editor shows.
    pub fn place(self, file: &str, n: impl std::fmt::Display) -> String {
        match self {
            Unit::Line => format!("{file}:{n}"),
            Unit::Paragraph => format!("{file}, {}", self.at(n)),
        }
    }
}

/// A decoded document, ready for the readers.
#[derive(Debug)]
pub struct Document {
    /// How messages name the document: the path as given, or `<stdin>`.
    pub name: String,
    /// The name of the document's output folder (file name without extension).
    pub stem: String,
    pub format: Format,
    pub text: String,
    /// Problems met while decoding that did not stop the reading.
    pub warnings: Vec<Diagnostic>,
    /// Which Markdown its pipe tables are read in (`--dialect`).
    pub dialect: Dialect,
    line_starts: Vec<usize>,
}

/// Which Markdown a document's pipe tables are read in: GFM's (cmark-gfm's
/// reading), pandoc's, or pandoc's where the document shows pandoc's own
/// tables or syntax (`Auto`, the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dialect {
    #[default]
    Auto,
    Gfm,
    Pandoc,
}

/// How to read an input: its format (none: from its name and content) and
/// the Markdown its pipe tables are written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadAs {
    pub format: Option<Format>,
    pub dialect: Dialect,
}

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// The file extensions taken from a directory, and what they mean.
const EXTENSIONS: &[(&str, Format)] = &[
    ("md", Format::Markdown),
    ("markdown", Format::Markdown),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xhtml", Format::Html),
    ("docx", Format::Docx),
    ("odt", Format::Odt),
];

impl Document {
    /// Decodes `bytes` and settles the format (given, or sniffed from the name
    /// and the content).
    pub fn from_bytes(
        name: &str,
        stem: &str,
        bytes: &[u8],
        format: Option<Format>,
    ) -> Result<Document> {
        Document::from_vec(name, stem, bytes.to_vec(), format)
    }

    /// [`Document::from_bytes`], taking the bytes: valid UTF-8 becomes the
    /// text without a copy.
    pub fn from_vec(
        name: &str,
        stem: &str,
        bytes: Vec<u8>,
        format: Option<Format>,
    ) -> Result<Document> {
        let mut warnings = Vec::new();
        let office = format
            .or_else(|| format_from_name(name))
            .or_else(|| match crate::office::sniff(&bytes) {
                Some(crate::office::Kind::Docx) => Some(Format::Docx),
                Some(crate::office::Kind::Odt) => Some(Format::Odt),
                None => None,
            })
            .filter(|f| matches!(f, Format::Docx | Format::Odt));
        let text = match office {
            Some(Format::Docx) => crate::office::to_html(name, &bytes, crate::office::Kind::Docx)?,
            Some(_) => crate::office::to_html(name, &bytes, crate::office::Kind::Odt)?,
            None => decode(name, bytes, &mut warnings)?,
        };
        if text.trim().is_empty() {
            return Err(ErrorKind::Empty {
                pos: Position::file(name),
            }
            .into());
        }
        let format = office
            .or(format)
            .or_else(|| format_from_name(name))
            .unwrap_or_else(|| sniff(&text));
        let line_starts = line_starts(&text);
        Ok(Document {
            name: name.to_string(),
            stem: stem.to_string(),
            format,
            text,
            warnings,
            dialect: Dialect::Auto,
            line_starts,
        })
    }

    /// A part of this document read in another format (an HTML block of a
    /// Markdown file): its own text and lines, counted from the part's
    /// start, under the document's name.
    pub fn part(&self, range: std::ops::Range<usize>, format: Format) -> Document {
        let text = self.text.get(range).unwrap_or_default().to_string();
        Document {
            name: self.name.clone(),
            stem: self.stem.clone(),
            format,
            line_starts: line_starts(&text),
            text,
            warnings: Vec::new(),
            dialect: self.dialect,
        }
    }

    /// Where each line starts, in bytes: line `n` starts at `[n - 1]`.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The 1-based line holding byte `offset` of the text.
    pub fn line_of(&self, offset: usize) -> u32 {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// How the document's positions are counted.
    pub fn unit(&self) -> Unit {
        self.format.unit()
    }

    pub fn position(&self, line: u32) -> Position {
        Position::line(&self.name, line)
    }
}

/// Where each line starts, as editors count lines: CR, LF and CRLF each end
/// one (a file that switches from LF to CR half way is still counted right).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    std::iter::once(0)
        .chain(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                .map(|i| i + 1),
        )
        .collect()
}

/// A path as messages write it: control characters (escape sequences, line
/// ends) escaped, so that a file name can neither drive the terminal nor
/// break a `file:line:` message.
pub fn display_path(path: &Path) -> String {
    escape_controls(&path.display().to_string())
}

/// Reads a file given besides the documents (accepted findings, a
/// vocabulary, a gazetteer, an output folder's JSON), as `what`: a regular
/// file only (a FIFO would block, a device such as `/dev/zero` never end),
/// of at most `limit` bytes, in UTF-8. Every refusal names the file (and the
/// line of a byte that is not UTF-8).
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<String> {
    let name = display_path(path);
    let read_error = |e| Error::read(Position::file(name.clone()), e);
    let meta = std::fs::metadata(path).map_err(read_error)?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a pipe, a device or a socket)"
        };
        return Err(Error::invalid(
            Position::file(name.clone()),
            format!("cannot be read as {what}: it is {kind}"),
        ));
    }
    let too_big = |size: u64| {
        Error::invalid(
            Position::file(name.clone()),
            format!(
                "not {what}: {size} bytes or more, past the {} MB such a file can be",
                limit / (1024 * 1024)
            ),
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        // It grew while read.
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Error::invalid(
            Position::line(name.clone(), u32::try_from(line).unwrap_or(u32::MAX)),
            format!("not {what}: byte {at} is not UTF-8 text (save the file as UTF-8)"),
        )
    })
}

/// Text with its control characters escaped (`\n`, `\u{1b}`).
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Reads one input (a file, or standard input when `input` is `Stdin`).
pub fn read(input: &Input, how: ReadAs) -> Result<Document> {
    let mut doc = match input {
        Input::File(path) => {
            let name = display_path(path);
            let bytes = std::fs::read(path).map_err(|e| Error::read(Position::file(&name), e))?;
            let stem = file_stem(path);
            Document::from_vec(&name, &stem, bytes, how.format)
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::read(Position::file("<stdin>"), e))?;
            Document::from_vec("<stdin>", "stdin", bytes, how.format)
        }
    }?;
    doc.dialect = how.dialect;
    Ok(doc)
}

/// Expands the command-line inputs: a directory stands for the documents
/// directly inside it (by extension, in name order); `-` for standard input.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let pos = || Position::file(display_path(path));
        let meta = std::fs::metadata(path).map_err(|e| Error::read(pos(), e))?;
        if !meta.is_dir() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let entries = std::fs::read_dir(path).map_err(|e| Error::read(pos(), e))?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && format_from_name(&p.to_string_lossy()).is_some())
            .collect();
        if found.is_empty() {
            return Err(ErrorKind::NoDocuments { pos: pos() }.into());
        }
        found.sort();
        inputs.extend(found.into_iter().map(Input::File));
    }
    Ok(inputs)
}

/// The output folder of each input, in input order: the slug of its file
/// stem, made unique. Inputs that share a stem (`seed.md` and `seed.html`)
/// add their extension (`seed-md`, `seed-html`); any that still share one
/// (the same name in two folders) add `-2`, `-3`, … in input order. Without
/// this, parallel runs would write into the same folder and the last to
/// finish would win.
pub fn output_folders(inputs: &[Input]) -> Vec<String> {
    use foldhash::{HashMap, HashMapExt};
    let parts: Vec<(String, String)> = inputs
        .iter()
        .map(|input| match input {
            Input::Stdin => ("stdin".to_string(), String::new()),
            Input::File(path) => (
                crate::write::slug(&file_stem(path)),
                path.extension()
                    .map(|e| crate::write::slug(&e.to_string_lossy()))
                    .unwrap_or_default(),
            ),
        })
        .collect();
    let mut per_stem: HashMap<&str, usize> = HashMap::new();
    for (stem, _) in &parts {
        *per_stem.entry(stem).or_default() += 1;
    }
    let names: Vec<String> = parts
        .iter()
        .map(|(stem, ext)| {
            if per_stem[stem.as_str()] > 1 && !ext.is_empty() {
                format!("{stem}-{ext}")
            } else {
                stem.clone()
            }
        })
        .collect();
    let mut used = foldhash::HashSet::default();
    names
        .into_iter()
        .map(|name| {
            let mut candidate = name.clone();
            let mut n = 1;
            while !used.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{name}-{n}");
            }
            candidate
        })
        .collect()
}

/// A document's stem, which names its output folder.
fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || "document".to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn format_from_name(name: &str) -> Option<Format> {
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|&(_, format)| format)
}

/// A document whose first non-blank character opens a tag and which holds a
/// `<table` or an `<html` is HTML; anything else is Markdown (which may itself
/// hold HTML fragments, as the institute's exports do).
fn sniff(text: &str) -> Format {
    let head = text.trim_start();
    let lower: String = text
        .chars()
        .take(4096)
        .flat_map(char::to_lowercase)
        .collect();
    if head.starts_with('<') && (lower.contains("<table") || lower.contains("<html")) {
        Format::Html
    } else {
        Format::Markdown
    }
}

/// UTF-8 (BOM stripped) when valid; UTF-16 when it says so with a BOM;
/// otherwise Windows-1252 with a warning, since the institute's older exports
/// come from Windows tools and Latin-1 text must not be silently mangled.
fn decode(name: &str, mut bytes: Vec<u8>, warnings: &mut Vec<Diagnostic>) -> Result<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            warnings.push(Diagnostic::warning(
                name,
                None,
                format!("invalid {} sequences replaced", encoding.name()),
            ));
        }
        // A NUL is refused whatever the encoding it came in: UTF-16
        // text is no more a document for holding one than UTF-8 is.
        if let Some(nul) = text.find('\0') {
            return Err(ErrorKind::Binary {
                pos: Position::line(name, line_at(text.as_bytes(), nul)),
            }
            .into());
        }
        return Ok(text.into_owned());
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if let Some(nul) = memchr::memchr(0, &bytes) {
        return Err(ErrorKind::Binary {
            pos: Position::line(name, line_at(&bytes, nul)),
        }
        .into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let line = line_at(e.as_bytes(), e.utf8_error().valid_up_to());
            warnings.push(Diagnostic::warning(
                name,
                Some(line),
                "not valid UTF-8; decoded as Windows-1252",
            ));
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(e.as_bytes());
            Ok(text.into_owned())
        }
    }
}

/// The line of byte `offset` of undecoded bytes, lines counted as
/// [`line_starts`] counts them.
pub(crate) fn line_at(bytes: &[u8], offset: usize) -> u32 {
    let before = &bytes[..offset.min(bytes.len())];
    let ends = memchr::memchr2_iter(b'\n', b'\r', before)
        .filter(|&i| !(before[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .count();
    u32::try_from(ends + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_sharing_a_stem_get_folders_of_their_own() {
        let files = |names: &[&str]| -> Vec<Input> {
            names
                .iter()
                .map(|n| Input::File(PathBuf::from(n)))
                .collect()
        };
        assert_eq!(
            output_folders(&files(&["a/Seed.md", "a/seed.html", "other.md"])),
            ["seed-md", "seed-html", "other"]
        );
        assert_eq!(
            output_folders(&files(&["a/x.md", "b/x.md", "x-md-2.md", "c/x.md"])),
            ["x-md", "x-md-2", "x-md-2-2", "x-md-3"]
        );
        assert_eq!(
            output_folders(&[Input::Stdin, Input::File(PathBuf::from("stdin.md"))]),
            ["stdin", "stdin-md"]
        );
    }

    #[test]
    fn strips_utf8_bom() {
        let doc = Document::from_bytes("a.md", "a", b"\xEF\xBB\xBF# Citt\xC3\xA0\n", None).unwrap();
        assert_eq!(doc.text, "# Città\n");
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn falls_back_to_windows_1252_with_a_warning_naming_the_line() {
        let doc = Document::from_bytes("a.md", "a", b"ok\nCitt\xE0 \x80\n", None).unwrap();
        assert_eq!(doc.text, "ok\nCittà €\n");
        assert_eq!(doc.warnings.len(), 1);
        assert_eq!(doc.warnings[0].line, Some(2));
        assert!(doc.warnings[0].message.contains("Windows-1252"));
    }

    #[test]
    fn a_nul_through_utf16_is_refused_as_in_utf8() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "| a |\n| \0 |\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let err = Document::from_bytes("a.md", "a", &bytes, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:2: not a text document (NUL byte found); is it a binary file?"
        );
    }

    #[test]
    fn names_with_control_characters_are_escaped() {
        assert_eq!(
            escape_controls("a\u{1b}[31mb\nc.md"),
            "a\\u{1b}[31mb\\nc.md"
        );
        assert_eq!(escape_controls("città.md"), "città.md");
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "| a |\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let doc = Document::from_bytes("a.md", "a", &bytes, None).unwrap();
        assert_eq!(doc.text, "| a |\n");
    }

    #[test]
    fn rejects_nul_bytes_and_blank_documents() {
        let err = Document::from_bytes("x.md", "x", b"a\nb\0", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.md:2: not a text document (NUL byte found); is it a binary file?"
        );
        let err = Document::from_bytes("x.md", "x", b" \n\t\n", None).unwrap_err();
        assert_eq!(err.to_string(), "x.md: the document is empty");
    }

    #[test]
    fn sniffs_format_from_name_then_content() {
        let html = "<table><tr><td>1</td></tr></table>";
        assert_eq!(
            Document::from_bytes("a.md", "a", html.as_bytes(), None)
                .unwrap()
                .format,
            Format::Markdown
        );
        assert_eq!(
            Document::from_bytes("-", "a", html.as_bytes(), None)
                .unwrap()
                .format,
            Format::Html
        );
        let md = "Titolo\n\n| a |\n|---|\n| <ul> • x |\n";
        assert_eq!(
            Document::from_bytes("-", "a", md.as_bytes(), None)
                .unwrap()
                .format,
            Format::Markdown
        );
    }

    #[test]
    fn lines_end_at_cr_lf_and_crlf() {
        let doc = Document::from_bytes("a.md", "a", b"a\rb\r\nc\nd\re", None).unwrap();
        let lines: Vec<u32> = [0, 2, 5, 7, 9].iter().map(|&o| doc.line_of(o)).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5]);
        assert_eq!(doc.line_of(3), 2, "the CR of a CRLF is on its line");
    }

    #[test]
    fn maps_offsets_to_lines() {
        let doc = Document::from_bytes("a.md", "a", b"ab\ncd\n\nef", None).unwrap();
        assert_eq!(doc.line_of(0), 1);
        assert_eq!(doc.line_of(2), 1);
        assert_eq!(doc.line_of(3), 2);
        assert_eq!(doc.line_of(7), 4);
    }
}
