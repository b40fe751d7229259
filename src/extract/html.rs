//! HTML → `RawTable`s with scraper (html5ever): full documents and fragments,
//! nested tables extracted as tables of their own, the source line of every
//! row and cell recorded while the parser builds the tree.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use ego_tree::iter::Edge;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{ElementRef, Html, HtmlTreeSink, Node};

use super::tags::{LineFix, Tags};
use super::text::{CellText, apply_tag};
use super::{
    Block, Caption, Extracted, ListItem, Note, RawCell, RawRow, RawTable, RowGroup,
    caption_candidate, table_limit, too_many_tables,
};
use crate::error::Result;
use crate::source::Document;

type NodeId = <HtmlTreeSink as TreeSink>::Handle;

/// The largest `colspan` and `rowspan` the HTML table model honours.
pub const MAX_COLSPAN: usize = 1000;
pub const MAX_ROWSPAN: usize = 65534;

pub fn extract(doc: &Document) -> Result<Extracted> {
    extract_limited(doc, table_limit(doc.text.len()))
}

/// [`extract`], reading at most `limit` tables: an HTML fragment of a
/// Markdown document shares the document's limit.
pub fn extract_limited(doc: &Document, limit: usize) -> Result<Extracted> {
    let mut notes = Vec::new();
    let (text, start_tags, fix) = limit_depth(&doc.text, doc, limit, &mut notes);
    let Parsed {
        html,
        lines,
        errors,
        first_error,
    } = parse(&text, start_tags, fix);
    if let Some((line, message)) = first_error {
        notes.push(Note::warning(
            Some(line),
            format!("the HTML has {errors} parse error(s), repaired as browsers do; the first: {message}"),
        ));
    }
    let mut skipped = false;
    let line_of = |id: NodeId| lines.get(id).unwrap_or(1);
    let mut tables: Vec<RawTable> = Vec::new();
    let mut open_tables: Vec<usize> = Vec::new();
    // Paragraphs inside lists, quotes and tables are body text, not captions.
    let mut nesting = 0usize;
    let mut last_caption: Option<Caption> = None;
    let mut blocks: Vec<Block> = Vec::new();
    let mut lists = 0usize;
    // Whether a heading, paragraph or list stands between the last top-level
    // table and here; `None` before the first table.
    let mut text_since_table: Option<bool> = None;
    // Hidden elements (`display: none`) open around here: their headings
    // and paragraphs are not shown, so they are neither blocks nor captions.
    let mut hidden = 0usize;

    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if hidden > 0 || is_hidden(el) {
                    hidden += 1;
                    continue;
                }
                match el.value().name() {
                    "table" if tables.len() == limit => {
                        if !skipped {
                            notes.push(too_many_tables(line_of(el.id()), limit));
                        }
                        skipped = true;
                    }
                    "table" => {
                        let index = tables.len() + 1;
                        let top = open_tables.is_empty();
                        if top {
                            blocks.push(Block::Table {
                                index,
                                line: line_of(el.id()),
                            });
                        }
                        let caption = own_caption(el, line_of).or_else(|| last_caption.clone());
                        tables.push(RawTable {
                            index,
                            caption,
                            line: line_of(el.id()),
                            unit: doc.unit(),
                            parent: open_tables.last().copied(),
                            adjacent: top && text_since_table == Some(false),
                            joined: None,
                            rows: read_rows(el, line_of),
                        });
                        open_tables.push(index);
                    }
                    "ul" | "ol" => {
                        if lists == 0 && nesting == 0 && open_tables.is_empty() {
                            let items: Vec<ListItem> = child_elements(el)
                                .filter(|li| li.value().name() == "li")
                                .map(|li| ListItem {
                                    text: visible_text(li),
                                    line: line_of(li.id()),
                                })
                                .collect();
                            if !items.is_empty() && text_since_table.is_some() {
                                text_since_table = Some(true);
                            }
                            blocks.push(Block::List { items });
                        }
                        lists += 1;
                    }
                    "li" | "blockquote" | "caption" => nesting += 1,
                    name @ ("h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p") => {
                        let heading = name != "p";
                        if heading || (nesting == 0 && open_tables.is_empty()) {
                            let text = visible_text(el);
                            let line = line_of(el.id());
                            if let Some(c) = caption_candidate(&text, line, heading) {
                                last_caption = Some(c);
                            }
                            if nesting == 0 && open_tables.is_empty() && !text.is_empty() {
                                if text_since_table.is_some() {
                                    text_since_table = Some(true);
                                }
                                blocks.push(if heading {
                                    Block::Heading { text, line }
                                } else {
                                    Block::Paragraph {
                                        raw: text.clone(),
                                        text,
                                        line,
                                    }
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(el) = ElementRef::wrap(node) {
                    if hidden > 0 {
                        hidden -= 1;
                        continue;
                    }
                    match el.value().name() {
                        "table" => {
                            open_tables.pop();
                            if open_tables.is_empty() {
                                text_since_table = Some(false);
                            }
                        }
                        "li" | "blockquote" | "caption" => nesting = nesting.saturating_sub(1),
                        "ul" | "ol" => lists = lists.saturating_sub(1),
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(Extracted {
        tables,
        blocks,
        notes,
    })
}

/// Elements a browser does not show: `hidden`, `display: none`, and those
/// whose content is never text (`<script>`, `<style>`, `<template>`,
/// `<noscript>` when scripts run). Their text is left out of cells (and
/// kept in a cell's `raw`), as browsers and pandas.read_html leave it out.
/// Struck text (`<del>`, `<s>`, `<strike>`) is left out too: in a revision
/// it is text being deleted, as `~~4~~` is in Markdown.
fn is_hidden(el: ElementRef) -> bool {
    let e = el.value();
    if matches!(
        e.name(),
        "script" | "style" | "template" | "noscript" | "del" | "s" | "strike"
    ) {
        return true;
    }
    // One pass over the attributes, most elements having none (scraper's
    // `attr` interns the name it looks for, at every call).
    e.attrs().any(|(name, value)| match name {
        "hidden" => true,
        "style" => {
            let style = compact_style(value);
            style.contains("display:none") || style.contains("visibility:hidden")
        }
        _ => false,
    })
}

/// Text that a browser shows bold: `<b>`, `<strong>`, `<th>`, headings, and
/// `font-weight` bold, bolder or 600 and above.
fn is_bold(el: ElementRef) -> bool {
    let e = el.value();
    if matches!(
        e.name(),
        "b" | "strong" | "th" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    ) {
        return true;
    }
    e.attrs()
        .filter(|(name, _)| *name == "style")
        .any(|(_, style)| {
            let style = compact_style(style);
            style.find("font-weight:").is_some_and(|at| {
                let value = &style[at + "font-weight:".len()..];
                value.starts_with("bold")
                    || ["600", "700", "800", "900"]
                        .iter()
                        .any(|w| value.starts_with(w))
            })
        })
}

/// A `style` attribute lower-cased without white space, for matching a
/// declaration such as `display: none`.
fn compact_style(style: &str) -> String {
    style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The text a browser shows for a heading, paragraph or list item, on one
/// line: hidden parts left out, line breaks read as spaces. A heading or
/// paragraph inside a heading or paragraph is a block of its own, with its
/// own text: left out here, so that nested headings keep each word once (250
/// nested headings around 8 MB of text would otherwise keep 2 GB).
fn visible_text(el: ElementRef) -> String {
    let block = |name: &str| matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p");
    let own_blocks = block(el.value().name());
    let mut content = CellText::new();
    let mut hidden = 0usize;
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if node.id() != el.id() => {
                    let child = ElementRef::wrap(node).expect("an element");
                    if hidden > 0 || is_hidden(child) || (own_blocks && block(e.name())) {
                        hidden += 1;
                    } else {
                        apply_tag(&mut content, e.name(), false);
                    }
                }
                Node::Text(text) if hidden == 0 => content.text(text),
                _ => {}
            },
            Edge::Close(node) if node.id() != el.id() => {
                if let Node::Element(e) = node.value() {
                    if hidden > 0 {
                        hidden -= 1;
                    } else if e.name() != "br" {
                        apply_tag(&mut content, e.name(), true);
                    }
                }
            }
            _ => {}
        }
    }
    content.finish().text.replace('\n', " ")
}

/// The deepest element nesting read. The HTML tree builder checks the whole
/// stack of open elements at each start tag, so time grows with the square of
/// the depth; browsers cap it too (Chromium at 512).
pub const MAX_HTML_DEPTH: usize = 512;

/// Elements whose end tag may be left out and which the tree builder closes
/// when the next one opens, wherever they are: never counted as nesting,
/// never removed. (`<rb>`, `<rt>`, `<rp>` close each other only inside a
/// `<ruby>`: they are counted, see `limit_depth`.)
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "td", "th", "tr", "thead", "tbody", "tfoot", "option", "optgroup",
    "colgroup", "caption", "html", "head", "body",
];

/// The name as the tree builder compares it: ASCII lower case, borrowed
/// when it already is.
fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// One pass over the tags: blanks out (with spaces, so lines stay where they
/// were) the start and end tags of elements nested deeper than
/// [`MAX_HTML_DEPTH`], their text kept, and notes a `<table>` that is never
/// closed (a truncated document). Returns the text, untouched when nothing is
/// that deep, the number of start tags, and the tags' lines for correcting
/// the parser's (one pass over the tags serves both).
fn limit_depth<'t>(
    text: &'t str,
    doc: &Document,
    limit: usize,
    notes: &mut Vec<Note>,
) -> (Cow<'t, str>, usize, LineFix) {
    let mut start_tags = 0;
    let mut fix = LineFix::default();
    // (name, removed, start) of each open element counted as nesting, and
    // how many of each name are open: an end tag whose element is not open
    // costs no search of the stack (hostile input closes what it never
    // opened, hundreds of thousands of times).
    let mut stack: Vec<(Cow<str>, bool, usize)> = Vec::new();
    let mut open: foldhash::HashMap<Cow<str>, usize> = foldhash::HashMap::default();
    let mut removed: Vec<std::ops::Range<usize>> = Vec::new();
    let count = |open: &foldhash::HashMap<Cow<str>, usize>, name: &str| {
        open.get(name).copied().unwrap_or(0)
    };
    // Where the table past the limit starts: the text is cut there, and
    // the parser never sees the rest.
    let (mut tables, mut cut) = (0usize, None);
    for tag in Tags::new(text) {
        if !tag.closing && tag.name.eq_ignore_ascii_case("table") {
            tables += 1;
            if tables > limit {
                cut = Some(tag.span.start);
                notes.push(too_many_tables(doc.line_of(tag.span.start), limit));
                break;
            }
        }
        fix.add(&tag, doc.line_starts());
        start_tags += usize::from(!tag.closing);
        let name = lower(tag.name);
        if OPTIONAL_END.contains(&&*name) || VOID.contains(&&*name) {
            continue;
        }
        if tag.closing {
            if count(&open, &name) == 0 {
                continue;
            }
            if let Some(at) = stack.iter().rposition(|(n, _, _)| *n == name) {
                if stack[at].1 {
                    removed.push(tag.span);
                }
                for (n, _, _) in stack.drain(at..) {
                    if let Some(c) = open.get_mut(&n) {
                        *c -= 1;
                    }
                }
            }
            continue;
        }
        // `<x/>` opens `x` all the same, as the tree builder reads it,
        // except in SVG and MathML.
        if tag.self_closing && (count(&open, "svg") > 0 || count(&open, "math") > 0) {
            continue;
        }
        // Inside a <ruby>, a ruby text element closes the one before it.
        if matches!(&*name, "rb" | "rt" | "rp" | "rtc") && count(&open, "ruby") > 0 {
            while stack.last().is_some_and(|(n, _, _)| {
                matches!(&**n, "rb" | "rt" | "rp")
                    || (*n == "rtc" && matches!(&*name, "rb" | "rtc"))
            }) {
                if let Some((n, _, _)) = stack.pop()
                    && let Some(c) = open.get_mut(&n)
                {
                    *c -= 1;
                }
            }
        }
        let too_deep = stack.len() >= MAX_HTML_DEPTH;
        let start = tag.span.start;
        if too_deep {
            removed.push(tag.span);
        }
        *open.entry(name.clone()).or_default() += 1;
        stack.push((name, too_deep, start));
    }
    let text = &text[..cut.unwrap_or(text.len())];
    if let Some((_, _, at)) = stack
        .iter()
        .find(|(n, _, _)| *n == "table")
        .filter(|_| cut.is_none())
    {
        notes.push(Note::warning(
            Some(doc.line_of(*at)),
            "this <table> is never closed: the document may be truncated; read as far as it goes",
        ));
    }
    let Some(first) = removed.first() else {
        return (Cow::Borrowed(text), start_tags, fix);
    };
    notes.push(Note::warning(
        Some(doc.line_of(first.start)),
        format!(
            "elements are nested more than {MAX_HTML_DEPTH} deep from here on; {} tags deeper than that are ignored (their text is kept)",
            removed.len()
        ),
    ));
    let mut bytes = text.as_bytes().to_vec();
    for range in removed {
        for b in &mut bytes[range] {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b' ';
            }
        }
    }
    // Only ASCII tag bytes were replaced by ASCII spaces.
    (
        Cow::Owned(String::from_utf8(bytes).unwrap_or_default()),
        start_tags,
        fix,
    )
}

fn own_caption(table: ElementRef, line_of: impl Fn(NodeId) -> u32) -> Option<Caption> {
    let caption = child_elements(table).find(|e| e.value().name() == "caption")?;
    let text = visible_text(caption);
    caption_candidate(&text, line_of(caption.id()), true)
}

fn child_elements(el: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    el.children().filter_map(ElementRef::wrap)
}

/// The rows of one table, row groups in the order the HTML table model
/// processes them (`<tfoot>` last), rows of nested tables left out.
fn read_rows(table: ElementRef, line_of: impl Fn(NodeId) -> u32 + Copy) -> Vec<RawRow> {
    let mut groups: Vec<(RowGroup, Vec<ElementRef>)> = Vec::new();
    let mut feet: Vec<(RowGroup, Vec<ElementRef>)> = Vec::new();
    let mut loose_rows: Vec<ElementRef> = Vec::new();
    for child in child_elements(table) {
        let kind = match child.value().name() {
            "tr" => {
                loose_rows.push(child);
                continue;
            }
            "thead" => RowGroup::Head,
            "tbody" => RowGroup::Body,
            "tfoot" => RowGroup::Foot,
            _ => continue,
        };
        if !loose_rows.is_empty() {
            groups.push((RowGroup::Body, std::mem::take(&mut loose_rows)));
        }
        let rows = child_elements(child)
            .filter(|e| e.value().name() == "tr")
            .collect();
        if kind == RowGroup::Foot {
            feet.push((kind, rows));
        } else {
            groups.push((kind, rows));
        }
    }
    if !loose_rows.is_empty() {
        groups.push((RowGroup::Body, loose_rows));
    }
    groups.extend(feet);

    let mut rows = Vec::new();
    for (group_id, (group, trs)) in groups.into_iter().enumerate() {
        for tr in trs {
            let cells = child_elements(tr)
                .filter(|e| matches!(e.value().name(), "td" | "th"))
                .map(|cell| read_cell(cell, line_of))
                .collect();
            rows.push(RawRow {
                group,
                group_id,
                line: line_of(tr.id()),
                cells,
            });
        }
    }
    rows
}

fn read_cell(cell: ElementRef, line_of: impl Fn(NodeId) -> u32) -> RawCell {
    let el = cell.value();
    // One pass over the attributes (scraper's `attr` interns the name it
    // looks for, at every call).
    let (mut colspan, mut rowspan, mut scope) = (None, None, None);
    for (name, value) in el.attrs() {
        match name {
            "colspan" => colspan = Some(value),
            "rowspan" => rowspan = Some(value),
            "scope" => scope = Some(value),
            _ => {}
        }
    }
    let colspan = parse_span(colspan)
        .filter(|&n| n > 0)
        .unwrap_or(1)
        .min(MAX_COLSPAN);
    let rowspan = parse_span(rowspan).unwrap_or(1).min(MAX_ROWSPAN);
    let (raw, content, bold) = read_content(cell);
    let clean = content.finish();
    let mut read = RawCell {
        bold: bold && !clean.text.is_empty(),
        text: clean.text,
        items: clean.items,
        hidden: clean.hidden,
        header: el.name() == "th",
        scope: scope.map(|s| s.trim().to_ascii_lowercase()),
        colspan,
        rowspan,
        line: line_of(cell.id()),
        ..RawCell::default()
    };
    read.set_raw(&raw);
    read
}

/// The HTML "rules for parsing non-negative integers": leading white space,
/// then digits; anything else is no value (and the default applies).
fn parse_span(value: Option<&str>) -> Option<usize> {
    let value = value?.trim_start_matches([' ', '\t', '\n', '\x0C', '\r']);
    let value = value.strip_prefix('+').unwrap_or(value);
    let digits: &str = &value[..value.bytes().take_while(u8::is_ascii_digit).count()];
    if digits.is_empty() {
        return None;
    }
    // Overlong numbers saturate; the caller clamps them anyway.
    Some(digits.parse().unwrap_or(usize::MAX))
}

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

fn escape(out: &mut String, text: &str, attribute: bool) {
    if plain(text) {
        out.push_str(text);
    } else {
        escape_chars(out, text, attribute);
    }
}

/// `text` escaped, borrowed when there is nothing to escape.
fn escaped(text: &str, attribute: bool) -> Cow<'_, str> {
    if plain(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    escape_chars(&mut out, text, attribute);
    Cow::Owned(out)
}

/// Whether `text` has nothing to escape. 0xA0 also ends other characters
/// than U+00A0: those take the slow path, which leaves them alone.
fn plain(text: &str) -> bool {
    !text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | 0xA0))
}

fn escape_chars(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' if !attribute => out.push_str("&lt;"),
            '>' if !attribute => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
    }
}

/// A cell's inner markup (`raw`), its clean text, and whether every visible
/// word of it is bold, from one walk over the cell's nodes. The markup writes
/// a nested table as `<table>…</table>`: the nested table is a table of its
/// own, and copying it into every enclosing cell would make deep nesting
/// cost quadratic memory. The text leaves out nested tables and what a
/// browser does not show (see [`is_hidden`]); the markup keeps the latter.
fn read_content(cell: ElementRef<'_>) -> (Cow<'_, str>, CellText, bool) {
    let mut content = CellText::new();
    let cell_bold = is_bold(cell);
    // Most cells hold one text node: its markup is the text itself, escaped,
    // and mostly needs no copy (nor a walk).
    let mut children = cell.children();
    match (children.next(), children.next()) {
        (None, _) => return (Cow::Borrowed(""), content, cell_bold),
        (Some(only), None) => {
            if let Node::Text(text) = only.value() {
                content.text(text);
                let raw = match escaped(text, false) {
                    Cow::Borrowed(raw) => Cow::Borrowed(raw.trim()),
                    Cow::Owned(raw) => Cow::Owned(raw.trim().to_string()),
                };
                return (raw, content, cell_bold);
            }
        }
        _ => {}
    }
    let mut raw = String::new();
    // How deep inside an element whose content is left out of each.
    let (mut raw_skip, mut text_skip) = (0usize, 0usize);
    // How many bold elements are open, and whether any shown word was not;
    // whether each open element (below a hidden one: none) is bold.
    let (mut bold, mut all_bold) = (usize::from(cell_bold), true);
    let mut open_bold: Vec<bool> = Vec::new();
    for edge in cell.traverse() {
        match edge {
            Edge::Open(node) if node.id() != cell.id() => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if raw_skip > 0 {
                        raw_skip += 1;
                    } else if name == "table" {
                        raw.push_str("<table>…</table>");
                        raw_skip = 1;
                    } else {
                        raw.push('<');
                        raw.push_str(name);
                        for (attr, value) in el.attrs() {
                            raw.push(' ');
                            raw.push_str(attr);
                            raw.push_str("=\"");
                            escape(&mut raw, value, true);
                            raw.push('"');
                        }
                        raw.push('>');
                    }
                    let element = ElementRef::wrap(node).expect("an element");
                    if text_skip > 0 || name == "table" || is_hidden(element) {
                        text_skip += 1;
                    } else {
                        let b = is_bold(element);
                        open_bold.push(b);
                        bold += usize::from(b);
                        apply_tag(&mut content, name, false);
                    }
                }
                Node::Text(text) => {
                    if raw_skip == 0 {
                        escape(&mut raw, text, false);
                    }
                    if text_skip == 0 {
                        content.text(text);
                        if bold == 0 && !text.trim().is_empty() {
                            all_bold = false;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) if node.id() != cell.id() => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if raw_skip > 0 {
                        raw_skip -= 1;
                    } else if !VOID.contains(&name) {
                        raw.push_str("</");
                        raw.push_str(name);
                        raw.push('>');
                    }
                    if text_skip > 0 {
                        text_skip -= 1;
                    } else {
                        bold -= usize::from(open_bold.pop().unwrap_or(false));
                        if name != "br" {
                            apply_tag(&mut content, name, true);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // Trimmed in place: no second copy of every cell's markup.
    raw.truncate(raw.trim_end().len());
    let lead = raw.len() - raw.trim_start().len();
    raw.drain(..lead);
    (Cow::Owned(raw), content, all_bold)
}

/// The line of each element. The tree hands out node ids in increasing order,
/// so the pairs arrive sorted: a lookup is a search, no hashing of every
/// element of a large document. The reader asks in document order, so the
/// search gallops forward from the last answer and is mostly a step or two.
#[derive(Default)]
struct LineMap {
    lines: Vec<(NodeId, u32)>,
    last: Cell<usize>,
}

impl LineMap {
    fn push(&mut self, id: NodeId, line: u32) {
        self.lines.push((id, line));
    }

    fn sorted(mut self) -> LineMap {
        if !self.lines.is_sorted_by_key(|&(id, _)| id) {
            self.lines.sort_by_key(|&(id, _)| id);
        }
        self
    }

    fn get(&self, id: NodeId) -> Option<u32> {
        let lines = &self.lines;
        let from = self.last.get().min(lines.len());
        let (lo, hi) = if lines.get(from).is_some_and(|&(at, _)| at <= id) {
            let mut step = 1;
            while from + step < lines.len() && lines[from + step].0 <= id {
                step *= 2;
            }
            (from, (from + step + 1).min(lines.len()))
        } else {
            (0, from)
        };
        let at = lo
            + lines[lo..hi]
                .binary_search_by_key(&id, |&(id, _)| id)
                .ok()?;
        self.last.set(at);
        Some(lines[at].1)
    }
}

/// A parsed document, the line of each element, and the parse errors.
struct Parsed {
    html: Html,
    lines: LineMap,
    errors: usize,
    first_error: Option<(u32, String)>,
}

/// Parses with scraper's tree sink, wrapped to remember the line on which the
/// parser created each element (scraper itself keeps no positions) and where
/// the parse errors are.
fn parse(text: &str, start_tags: usize, mut fix: LineFix) -> Parsed {
    // The tree's nodes live in one vector. Grown by doubling, it is copied
    // about twice over and left up to half empty. Sized beforehand, it is
    // allocated once, or grown once where the estimate falls short: an
    // element per start tag, and a text node beside most (table-heavy
    // exports have 2.2 nodes a start tag, white space between tags
    // included). Capped at a node per four bytes of input, which no real
    // document reaches, so that no input reserves far more than it can use.
    let nodes = (start_tags * 9 / 4).min(text.len() / 4) + 16;
    let mut html = Html::new_document();
    html.tree = ego_tree::Tree::with_capacity(Node::Document, nodes);
    let sink = LineSink {
        inner: HtmlTreeSink::new(html),
        line: Cell::new(1),
        lines: RefCell::new(LineMap {
            lines: Vec::with_capacity(start_tags.min(text.len() / 3) + 16),
            last: Cell::new(0),
        }),
        errors: Cell::new(0),
        first_error: RefCell::new(None),
    };
    let mut parsed = html5ever::parse_document(sink, Default::default()).one(text);
    // The parser's lines, made the lines of the start tags' `<`.
    for (id, line) in &mut parsed.lines.lines {
        if let Some(name) = parsed
            .html
            .tree
            .get(*id)
            .and_then(|n| n.value().as_element().map(|e| e.name()))
        {
            *line = fix.line(text, name, *line);
        }
    }
    if let Some((line, _)) = &mut parsed.first_error {
        *line = fix.line_at(*line);
    }
    parsed
}

struct LineSink {
    inner: HtmlTreeSink,
    line: Cell<u64>,
    lines: RefCell<LineMap>,
    errors: Cell<usize>,
    first_error: RefCell<Option<(u32, String)>>,
}

impl LineSink {
    fn current_line(&self) -> u32 {
        u32::try_from(self.line.get()).unwrap_or(u32::MAX)
    }
}

impl TreeSink for LineSink {
    type Handle = NodeId;
    type Output = Parsed;
    type ElemName<'a>
        = <HtmlTreeSink as TreeSink>::ElemName<'a>
    where
        Self: 'a;

    fn finish(self) -> Self::Output {
        Parsed {
            html: self.inner.finish(),
            lines: self.lines.into_inner().sorted(),
            errors: self.errors.get(),
            first_error: self.first_error.into_inner(),
        }
    }
    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        self.lines.borrow_mut().push(id, self.current_line());
        id
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        // Counted here rather than kept by scraper: a hostile document can
        // hold millions.
        self.errors.set(self.errors.get() + 1);
        let mut first = self.first_error.borrow_mut();
        if first.is_none() {
            *first = Some((self.current_line(), msg.into_owned()));
        }
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner.append_based_on_parent_node(element, prev, child)
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spans_like_the_html_standard() {
        assert_eq!(parse_span(Some(" 3")), Some(3));
        assert_eq!(parse_span(Some("2px")), Some(2));
        assert_eq!(parse_span(Some("+4")), Some(4));
        assert_eq!(parse_span(Some("abc")), None);
        assert_eq!(parse_span(Some("-1")), None);
        assert_eq!(
            parse_span(Some("99999999999999999999999")),
            Some(usize::MAX)
        );
        assert_eq!(parse_span(None), None);
    }

    #[test]
    fn element_lines_are_found_in_any_order() {
        let text: String = (1..=300).map(|i| format!("<p>{i}</p>\n")).collect();
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let parsed = parse(&text, 300, LineFix::new(&text, &starts));
        let ids: Vec<NodeId> = parsed
            .html
            .tree
            .nodes()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "p"))
            .map(|n| n.id())
            .collect();
        assert_eq!(ids.len(), 300);
        let expected: Vec<u32> = (1..=300).collect();
        let forward: Vec<u32> = ids
            .iter()
            .map(|&id| parsed.lines.get(id).unwrap())
            .collect();
        assert_eq!(forward, expected);
        let backward: Vec<u32> = ids
            .iter()
            .rev()
            .map(|&id| parsed.lines.get(id).unwrap())
            .collect();
        assert_eq!(backward, expected.iter().rev().copied().collect::<Vec<_>>());
        // A stride through the list, wrapping around.
        for k in 0..300 {
            let at = (k * 37) % 300;
            assert_eq!(parsed.lines.get(ids[at]), Some(at as u32 + 1));
        }
    }
}
