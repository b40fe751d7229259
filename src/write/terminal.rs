//! `check`'s terminal view: each finding as rustc and ruff show a
//! diagnostic (annotate-snippets): its message wrapped to the width, the
//! document's line with the wrong cell underlined and the cells it was
//! checked against marked, then its places grouped by table and row; or one
//! line a finding (`--format short`).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::findings::place_text;
use crate::accepted::Stale;
use crate::reconcile::{Finding, Location, Severity};
use crate::source::{Document, Unit};

/// How `check` prints a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    /// The message, the source line with the cell underlined, the places.
    #[default]
    Full,
    /// One line: `file:line:column: severity[rule]: message`.
    Short,
}

/// What the view is drawn for.
pub struct View<'a> {
    pub document: &'a Document,
    /// The columns to fit in (80 unless the terminal says otherwise).
    pub width: usize,
    /// Colours, for a terminal (they are stripped later for a pipe too).
    pub styled: bool,
    pub form: Form,
}

/// A line longer than this is cut around the cell before it is drawn: a
/// document written on one line (minified HTML) must not be copied whole
/// for every finding.
const MAX_SOURCE_BYTES: usize = 2048;
/// The lines around the wrong cell that its other cells may be on and still
/// be drawn in the same snippet.
const NEAR_LINES: u32 = 12;
/// The cells one snippet marks at most; the places below name them all.
const MAX_MARKS: usize = 32;

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

impl View<'_> {
    fn renderer(&self) -> Renderer {
        let r = if self.styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        r.term_width(self.width)
            .short_message(self.form == Form::Short)
    }

    /// Text wrapped to fit after a prefix of `indent` columns; paths and
    /// other words are never broken.
    fn wrap(&self, text: &str, indent: usize) -> String {
        fill(text, self.width.saturating_sub(indent).max(20), "")
    }

    /// The byte range of line `line` (1-based), without its line break.
    fn line_range(&self, line: u32) -> Option<Range<usize>> {
        let starts = self.document.line_starts();
        let text = &self.document.text;
        let start = *starts.get((line as usize).checked_sub(1)?)?;
        let end = starts.get(line as usize).copied().unwrap_or(text.len());
        let body = text.get(start..end)?;
        let trimmed = body.trim_end_matches(['\n', '\r']);
        Some(start..start + trimmed.len())
    }

    /// Where in the document `l`'s cell is written: from its byte offset
    /// when the reader knew it, else the first place its line holds the
    /// cell's text.
    fn cell_span(&self, l: &Location, line: &Range<usize>) -> Option<Range<usize>> {
        let text = &self.document.text;
        let wanted = l.text.lines().next().unwrap_or("").trim();
        let from = l.offset.filter(|o| line.contains(o)).unwrap_or(line.start);
        // Searched near where the cell starts only: a document on one line
        // must not be scanned whole for every place.
        let mut end = line.end.min(from + MAX_SOURCE_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let rest = text.get(from..end)?;
        if wanted.is_empty() {
            // An empty cell: a mark where it starts, when that is known.
            return l.offset.filter(|o| line.contains(o)).map(|o| o..o);
        }
        // Without an offset (HTML), the text as an element's content first
        // (`>7<`), so that `colspan="7"` is not taken for the cell.
        let at = match l.offset {
            None => rest
                .find(&format!(">{wanted}<"))
                .map(|at| at + 1)
                .or_else(|| rest.find(wanted))?,
            Some(_) => rest.find(wanted)?,
        };
        Some(from + at..from + at + wanted.len())
    }

    /// One finding as the view draws it.
    pub fn finding(&self, f: &Finding) -> String {
        let name = self.document.name.as_str();
        let marks = f.found_marks();
        let first = f
            .locations
            .iter()
            .zip(&marks)
            .find(|(_, found)| **found)
            .map(|(l, _)| l)
            .or(f.locations.first());
        let message = word_diffs(&f.message);
        let title = match &f.accepted {
            Some(a) => format!("{message} (accepted by {}, {}: {})", a.by, a.date, a.reason),
            None => message,
        };
        let prefix = f.severity.as_str().len() + f.rule.as_str().len() + 4;
        let title = match self.form {
            Form::Short => title,
            Form::Full => self.wrap(&title, prefix),
        };
        let values = f.values_text();

        let mut group =
            Group::with_title(level(f.severity).primary_title(title).id(f.rule.as_str()));
        let mut footers: Vec<(&str, String)> = Vec::new();
        let unit = self.document.unit();
        // A Word file's text is not shown: its lines are HTML made from
        // its paragraphs, which the reader never wrote. Its place is named.
        let paragraph = first
            .filter(|_| unit == Unit::Paragraph)
            .map(|l| unit.place(name, l.line));
        match first
            .filter(|_| unit == Unit::Line)
            .and_then(|l| self.snippet(name, l, f))
        {
            Some(snippet) => group = group.element(snippet),
            None => {
                let origin = match (first, &paragraph) {
                    (_, Some(place)) => annotate_snippets::Origin::path(place),
                    (Some(l), None) => annotate_snippets::Origin::path(name).line(l.line as usize),
                    (None, None) => annotate_snippets::Origin::path(name),
                };
                group = group.element(origin);
            }
        }
        if let Some(v) = values {
            footers.push(("", v));
        }
        if self.form == Form::Full {
            footers.extend(places(&f.locations, unit));
            footers.extend(f.notes.iter().map(|n| ("note", n.clone())));
        }
        for (label, text) in footers {
            let indent = 6 + if label.is_empty() { 0 } else { label.len() + 2 };
            let message = self.wrap(&text, indent);
            let level = if label.is_empty() {
                Level::NOTE.no_name()
            } else {
                Level::NOTE.with_name(label)
            };
            group = group.element(level.message(message));
        }
        let mut out = self.renderer().render(&[group]);
        out.push('\n');
        if self.form == Form::Full {
            out.push('\n');
        }
        out
    }

    /// The part of the source a finding's snippet draws: the lines of its
    /// cells near `l`, cut to the width around them with one margin for the
    /// whole snippet (lines that would not fit are left to the places
    /// listed below it, and only the wrong cell's line is drawn), at most
    /// [`MAX_SOURCE_BYTES`] around the cell; with the cell's own span.
    fn window(
        &self,
        l: &Location,
        near: &[&Location],
    ) -> Option<(Range<usize>, Option<Range<usize>>)> {
        let first = near.iter().map(|o| o.line).min().unwrap_or(l.line);
        let last = near.iter().map(|o| o.line).max().unwrap_or(l.line);
        let (mut from, mut to) = (self.line_range(first)?, self.line_range(last)?);
        let fits = (first..=last).all(|n| {
            self.line_range(n).is_some_and(|r| {
                r.len() <= MAX_SOURCE_BYTES
                    && self.document.text[r].chars().count() + 8 <= self.width
            })
        });
        if !fits || to.end - from.start > MAX_SOURCE_BYTES {
            // Only the wrong cell's line, cut around the cell.
            from = self.line_range(l.line)?;
            to = from.clone();
        }
        let mut window = from.start..to.end;
        let main = self.cell_span(l, &self.line_range(l.line)?);
        if window.len() > MAX_SOURCE_BYTES {
            let text = &self.document.text;
            let centre = main.as_ref().map_or(window.start, |m| m.start);
            let mut start = centre
                .saturating_sub(MAX_SOURCE_BYTES / 2)
                .max(window.start);
            let mut end = (start + MAX_SOURCE_BYTES).min(window.end);
            while !text.is_char_boundary(start) {
                start += 1;
            }
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            window = start..end;
        }
        Some((window, main))
    }

    /// The snippet of `l`'s line (and the lines near it that hold the
    /// finding's other cells of the same table), the wrong cell underlined.
    fn snippet<'s>(
        &'s self,
        name: &'s str,
        l: &Location,
        f: &Finding,
    ) -> Option<Snippet<'s, annotate_snippets::Annotation<'s>>> {
        let near: Vec<&Location> = f
            .locations
            .iter()
            .filter(|o| o.table == l.table && o.line.abs_diff(l.line) <= NEAR_LINES)
            .take(MAX_MARKS)
            .collect();
        let (window, main) = self.window(l, &near)?;
        let source = self.document.text.get(window.clone())?;
        let relative = |r: &Range<usize>| -> Option<Range<usize>> {
            (r.start >= window.start && r.end <= window.end)
                .then(|| r.start - window.start..r.end - window.start)
        };
        let mut snippet = Snippet::source(source)
            .line_start(self.document.line_of(window.start) as usize)
            .path(name)
            .fold(true);
        let main = main.as_ref().and_then(relative).or_else(|| {
            // No cell to underline (a table as a whole, an HTML cell whose
            // text is not as written): the line itself.
            let line = relative(&self.line_range(l.line)?)?;
            let text = &source[line.clone()];
            let lead = text.len() - text.trim_start().len();
            Some(line.start + lead..line.start + text.trim_end().len())
        })?;
        // An underline wider than the view is cut: the renderer would not
        // cut the line under it.
        let most = self.width.saturating_sub(24).max(8);
        let main = match source[main.clone()].char_indices().nth(most) {
            Some((cut, _)) => main.start..main.start + cut,
            None => main,
        };
        snippet = snippet.annotation(AnnotationKind::Primary.span(main.clone()));
        for o in near {
            if std::ptr::eq(o, l) {
                continue;
            }
            let Some(span) = self
                .line_range(o.line)
                .and_then(|line| self.cell_span(o, &line))
                .as_ref()
                .and_then(relative)
            else {
                continue;
            };
            if span != main {
                snippet = snippet.annotation(AnnotationKind::Context.span(span));
            }
        }
        Some(snippet)
    }

    /// The document's summary line, wrapped.
    pub fn summary(&self, text: &str) -> String {
        fill(text, self.width, "  ")
    }

    /// An acceptance that no longer holds, located in its file:
    /// `orgtables.toml:12: warning[stale-acceptance]: …`.
    pub fn stale(&self, s: &Stale) -> String {
        let a = &s.acceptance;
        let style = if self.styled {
            anstyle::Style::new()
                .fg_color(Some(anstyle::AnsiColor::Yellow.into()))
                .bold()
        } else {
            anstyle::Style::new()
        };
        let head = format!("{}:{}: ", a.file, a.line);
        let tag = "warning[stale-acceptance]:";
        let message = match self.form {
            Form::Short => s.message(),
            Form::Full => {
                // The message under its head, indented, as the findings'.
                let body = self.wrap(&s.message(), 4);
                body.lines()
                    .map(|l| format!("\n    {l}"))
                    .collect::<String>()
            }
        };
        let gap = if self.form == Form::Short { " " } else { "" };
        let mut out = format!("{head}{style}{tag}{style:#}{gap}{message}\n");
        if self.form == Form::Full {
            out.push('\n');
        }
        out
    }

    /// A finding the reviewers accepted: one line, whatever the form.
    pub fn accepted(&self, f: &Finding) -> String {
        View {
            form: Form::Short,
            ..*self
        }
        .finding(f)
    }
}

/// `text` in lines of `width` columns broken at spaces only, lines after
/// the first indented by `indent`.
fn fill(text: &str, width: usize, indent: &str) -> String {
    let options = textwrap::Options::new(width)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .subsequent_indent(indent);
    textwrap::fill(text, options)
}

/// A finding's places grouped by table and row: `table 7, row 2 (line
/// 101): Totale, Numero Strutture`; a table whose places repeat another's
/// rows and columns (an identical copy) is named once as a copy.
pub fn places(locations: &[Location], unit: Unit) -> Vec<(&'static str, String)> {
    // Maps, not scans: a finding may name thousands of cells or tables.
    let mut tables: Vec<(usize, Vec<&Location>)> = Vec::new();
    let mut table_at: HashMap<usize, usize> = HashMap::new();
    for l in locations {
        let at = *table_at.entry(l.table).or_insert_with(|| {
            tables.push((l.table, Vec::new()));
            tables.len() - 1
        });
        tables[at].1.push(l);
    }
    let mut shapes: HashSet<Vec<(usize, &str)>> = HashSet::new();
    let mut out = Vec::new();
    for (table, list) in &tables {
        let lines = line_list(list.iter().map(|l| l.line), unit);
        let shape: Vec<(usize, &str)> = list.iter().map(|l| (l.row, &*l.column)).collect();
        if !shapes.insert(shape) {
            out.push(("copy", format!("table {table} ({lines})")));
            continue;
        }
        if *table == 0 || list.iter().all(|l| l.row == 0 && l.column.is_empty()) {
            let whole: Vec<String> = list.iter().map(|l| place_text(l)).collect();
            out.push(("at", format!("{} ({lines})", whole[0])));
            continue;
        }
        // Rows in the order the finding names them; runs of rows with the
        // same columns together.
        // (An HTML row may put each cell on a line of its own.)
        let mut rows: Vec<(usize, Vec<u32>, Vec<&str>)> = Vec::new();
        let mut row_at: HashMap<usize, usize> = HashMap::new();
        for l in list {
            let at = *row_at.entry(l.row).or_insert_with(|| {
                rows.push((l.row, Vec::new(), Vec::new()));
                rows.len() - 1
            });
            rows[at].1.push(l.line);
            rows[at].2.push(&l.column);
        }
        let mut parts: Vec<String> = Vec::new();
        let mut k = 0;
        while k < rows.len() {
            let mut j = k + 1;
            while j < rows.len() && rows[j].2 == rows[k].2 && rows[j].0 == rows[j - 1].0 + 1 {
                j += 1;
            }
            let run = &rows[k..j];
            let which = match run {
                [one] if one.0 == 0 => "header".to_string(),
                [one] => format!("row {}", one.0),
                _ => format!("rows {}–{}", run[0].0, run[run.len() - 1].0),
            };
            let lines = line_list(run.iter().flat_map(|r| r.1.iter().copied()), unit);
            let columns: Vec<&str> = run[0].2.iter().copied().filter(|c| !c.is_empty()).collect();
            parts.push(if columns.is_empty() {
                format!("{which} ({lines})")
            } else {
                format!("{which} ({lines}): {}", columns.join(", "))
            });
            k = j;
        }
        out.push(("at", format!("table {table}, {}", parts.join("; "))));
    }
    out
}

/// A message's word diffs (`[-old-]{+new+}`, as the rules write them) in
/// words a reader reads: `(old → new)`, `(added: new)`, `(removed: old)`.
/// (Not in colours: the renderer shows a message's control characters as
/// symbols.)
fn word_diffs(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let removed = rest.find("[-").filter(|&at| rest[at..].contains("-]"));
        let added = rest.find("{+").filter(|&at| rest[at..].contains("+}"));
        let Some(at) = [removed, added].into_iter().flatten().min() else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let take = |rest: &str, open: &str, close: &str| -> Option<(String, usize)> {
            let body = rest.strip_prefix(open)?;
            let end = body.find(close)?;
            Some((body[..end].to_string(), open.len() + end + close.len()))
        };
        let (old, used) = take(&rest[at..], "[-", "-]").unwrap_or_default();
        let after = &rest[at + used..];
        let (new, used_new) = take(after, "{+", "+}").unwrap_or_default();
        rest = &after[used_new..];
        let (old, new) = (old.trim(), new.trim());
        let spaced = |s: &mut String| {
            if !s.ends_with(' ') && !s.is_empty() {
                s.push(' ');
            }
        };
        match (old.is_empty(), new.is_empty()) {
            (false, false) => out.push_str(&format!("({old} → {new})")),
            (true, false) => out.push_str(&format!("(added: {new})")),
            (false, true) => out.push_str(&format!("(removed: {old})")),
            (true, true) => {}
        }
        if rest.starts_with(|c: char| !c.is_whitespace() && !c.is_ascii_punctuation()) {
            spaced(&mut out);
        }
    }
}

/// `line 101`, `lines 100–104`, `lines 84, 101` (paragraphs in a Word
/// file).
fn line_list(lines: impl Iterator<Item = u32>, unit: Unit) -> String {
    let mut lines: Vec<u32> = lines.collect();
    lines.sort_unstable();
    lines.dedup();
    match lines.as_slice() {
        [] => String::new(),
        many if many.len() > 1 && many.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("{} {}–{}", unit.nouns(), many[0], many[many.len() - 1])
        }
        many => unit.list(many),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reconcile::{Rule, Severity};

    fn at(table: usize, row: usize, column: &str, line: u32, text: &str) -> Location {
        Location {
            table,
            row,
            column: column.into(),
            line,
            text: text.into(),
            grid_row: Some(row + 1),
            col: Some(0),
            offset: None,
        }
    }

    #[test]
    fn an_html_cell_is_found_as_element_content_not_in_an_attribute() {
        let text = "<table>\n<tr><td colspan=\"2\">A</td><td>2</td></tr>\n</table>\n";
        let doc = Document::from_bytes("d.html", "d", text.as_bytes(), None).unwrap();
        let view = View {
            document: &doc,
            width: 80,
            styled: false,
            form: Form::Full,
        };
        let line = view.line_range(2).unwrap();
        let span = view.cell_span(&at(1, 1, "B", 2, "2"), &line).unwrap();
        assert_eq!(&text[span.clone()], "2");
        assert_eq!(span.start, text.find(">2<").unwrap() + 1);
    }

    #[test]
    fn a_row_written_over_several_lines_names_them_all() {
        let row = [at(2, 1, "Count", 30, "2"), at(2, 1, "Total", 32, "9")];
        assert_eq!(
            places(&row, Unit::Line),
            [(
                "at",
                "table 2, row 1 (lines 30, 32): Count, Total".to_string()
            )]
        );
    }

    #[test]
    fn word_diffs_are_written_in_words() {
        let message = "Coordinamento e controllo {+della produzione e +}dei livelli";
        assert_eq!(
            word_diffs(message),
            "Coordinamento e controllo (added: della produzione e) dei livelli"
        );
        assert_eq!(
            word_diffs("gestione dei [-vecchi-]{+nuovi+} tempi, [-fine-]"),
            "gestione dei (vecchi → nuovi) tempi, (removed: fine)"
        );
        // Brackets that are no diff stay as they are.
        assert_eq!(word_diffs("a [- and {+ alone"), "a [- and {+ alone");
    }

    #[test]
    fn places_are_grouped_by_table_and_row_and_copies_named_once() {
        let row = |table, line| {
            vec![
                at(table, 2, "Total", line, "9"),
                at(table, 2, "Count", line, "2"),
                at(table, 2, "Each", line, "4"),
            ]
        };
        let mut locations = row(3, 40);
        locations.extend(row(9, 70));
        assert_eq!(
            places(&locations, Unit::Line),
            [
                (
                    "at",
                    "table 3, row 2 (line 40): Total, Count, Each".to_string()
                ),
                ("copy", "table 9 (line 70)".to_string()),
            ]
        );
        // A totals row, then the rows it totals: one run of rows.
        let mut column = vec![at(4, 5, "Total", 24, "10")];
        column.extend((1..=4).map(|r| at(4, r, "Total", 19 + r as u32, "2")));
        column.push(at(6, 1, "Sum", 50, "11"));
        assert_eq!(
            places(&column, Unit::Line),
            [
                (
                    "at",
                    "table 4, row 5 (line 24): Total; rows 1–4 (lines 20–23): Total".to_string()
                ),
                ("at", "table 6, row 1 (line 50): Sum".to_string()),
            ]
        );
        assert_eq!(
            line_list([7, 3, 3, 12].into_iter(), Unit::Line),
            "lines 3, 7, 12"
        );
        assert_eq!(line_list([8].into_iter(), Unit::Line), "line 8");
        assert_eq!(
            line_list([9, 8].into_iter(), Unit::Paragraph),
            "paragraphs 8–9"
        );
        assert_eq!(line_list([8].into_iter(), Unit::Paragraph), "paragraph 8");
    }

    #[test]
    fn a_finding_shows_its_line_with_the_wrong_cell_underlined() {
        let text =
            "Title\n\n| Group | Count | Each | Total |\n|---|---|---|---|\n| North | 2 | 4 | 9 |\n";
        let doc = Document::from_bytes("doc.md", "doc", text.as_bytes(), None).unwrap();
        let line = 5;
        let start = doc.line_starts()[line - 1];
        let offset = |cell: &str| start + text[start..].find(cell).unwrap();
        let mut total = at(1, 1, "Total", line as u32, "9");
        total.offset = Some(offset("| 9 |") + 1);
        let mut count = at(1, 1, "Count", line as u32, "2");
        count.offset = Some(offset("| 2 |") + 1);
        let f = Finding {
            id: "product-1".into(),
            severity: Severity::Error,
            rule: Rule::Product,
            message: "North: Total 9 ≠ 2 × 4 = 8".into(),
            expected: Some("8".into()),
            found: Some("9".into()),
            locations: vec![total, count],
            notes: Vec::new(),
            accepted: None,
        };
        let view = View {
            document: &doc,
            width: 80,
            styled: false,
            form: Form::Full,
        };
        assert_eq!(
            view.finding(&f),
            concat!(
                "error[product]: North: Total 9 ≠ 2 × 4 = 8\n",
                " --> doc.md:5:19\n",
                "  |\n",
                "5 | | North | 2 | 4 | 9 |\n",
                "  |           -       ^\n",
                "  |\n",
                "  = expected 8, found 9\n",
                "  = at: table 1, row 1 (line 5): Total, Count\n",
                "\n",
            )
        );
        let short = View {
            form: Form::Short,
            ..view
        };
        assert_eq!(
            short.finding(&f),
            "doc.md:5:19: error[product]: North: Total 9 ≠ 2 × 4 = 8\n"
        );
    }
}
