//! The tags of an HTML text, delimited as the HTML tokenizer delimits them:
//! quoted attribute values (a `>` inside one does not end the tag), comments,
//! and the raw text of `<script>`, `<style>`, `<title>`, `<textarea>` and
//! kin, whose `<` opens no tag. One pass, allocating nothing: it runs over
//! every byte of every HTML document, for the nesting guard and for the
//! source line of every element.

use std::ops::Range;

/// A start or end tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'t> {
    /// As written (case kept).
    pub name: &'t str,
    pub closing: bool,
    /// Written `<x/>`. HTML ignores it on all but void and foreign elements.
    pub self_closing: bool,
    /// From `<` to `>` inclusive.
    pub span: Range<usize>,
    /// Line ends between an `=` and its attribute value. The HTML tokenizer
    /// of html5ever skips that white space without counting its lines, so
    /// every line it reports after one is one too early.
    pub uncounted_lines: u32,
}

/// Elements whose content the tokenizer reads as text, up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

pub struct Tags<'t> {
    text: &'t str,
    at: usize,
    /// Inside the raw text of this element.
    raw: Option<&'static str>,
}

impl<'t> Tags<'t> {
    pub fn new(text: &'t str) -> Tags<'t> {
        Tags {
            text,
            at: 0,
            raw: None,
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

/// Line ends in `bytes` as editors count them: CR, LF and CRLF one each.
fn line_ends(bytes: &[u8]) -> u32 {
    let n = memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'t> Iterator for Tags<'t> {
    type Item = Tag<'t>;

    fn next(&mut self) -> Option<Tag<'t>> {
        let bytes = self.text.as_bytes();
        loop {
            if let Some(name) = self.raw.take() {
                self.at = find_end_tag(bytes, self.at, name)?;
            }
            let lt = self.at + memchr::memchr(b'<', bytes.get(self.at..)?)?;
            let mut p = lt + 1;
            match bytes.get(p) {
                Some(b'!') => {
                    self.at = if bytes[p..].starts_with(b"!--") {
                        comment_end(bytes, p + 3)
                    } else {
                        after_gt(bytes, p)
                    };
                    continue;
                }
                Some(b'?') => {
                    self.at = after_gt(bytes, p);
                    continue;
                }
                _ => {}
            }
            let closing = bytes.get(p) == Some(&b'/');
            if closing {
                p += 1;
            }
            if !bytes.get(p).is_some_and(u8::is_ascii_alphabetic) {
                // `</>` is dropped, `</3` a bogus comment, `<3` text.
                self.at = match (closing, bytes.get(p)) {
                    (true, Some(b'>')) => p + 1,
                    (true, _) => after_gt(bytes, p),
                    _ => lt + 1,
                };
                continue;
            }
            let name_start = p;
            while bytes
                .get(p)
                .is_some_and(|&b| !is_space(b) && b != b'/' && b != b'>')
            {
                p += 1;
            }
            let name = &self.text[name_start..p];
            let mut uncounted_lines = 0;
            let mut self_closing = false;
            // Attributes, up to the `>` that ends the tag.
            loop {
                let b = *bytes.get(p)?;
                if is_space(b) {
                    p += 1;
                    continue;
                }
                if b == b'>' {
                    break;
                }
                if b == b'/' {
                    p += 1;
                    self_closing = bytes.get(p) == Some(&b'>');
                    continue;
                }
                self_closing = false;
                // An attribute name (its first character may be `=`).
                p += 1;
                while bytes
                    .get(p)
                    .is_some_and(|&b| !is_space(b) && !matches!(b, b'/' | b'>' | b'='))
                {
                    p += 1;
                }
                let mut q = p;
                while bytes.get(q).copied().is_some_and(is_space) {
                    q += 1;
                }
                if bytes.get(q) != Some(&b'=') {
                    continue;
                }
                q += 1;
                let before_value = q;
                while bytes.get(q).copied().is_some_and(is_space) {
                    q += 1;
                }
                uncounted_lines += line_ends(&bytes[before_value..q]);
                p = match bytes.get(q) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        q + 2 + memchr::memchr(quote, bytes.get(q + 1..)?)?
                    }
                    _ => {
                        while bytes.get(q).is_some_and(|&b| !is_space(b) && b != b'>') {
                            q += 1;
                        }
                        q
                    }
                };
            }
            self.at = p + 1;
            if !closing {
                self.raw = RAW_TEXT
                    .iter()
                    .find(|r| r.eq_ignore_ascii_case(name))
                    .copied();
            }
            return Some(Tag {
                name,
                closing,
                self_closing,
                span: lt..p + 1,
                uncounted_lines,
            });
        }
    }
}

/// After the `>` that closes a bogus comment or doctype starting at `from`.
fn after_gt(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'>', &bytes[from..]).map_or(bytes.len(), |i| from + i + 1)
}

/// After the `-->` of a comment whose text starts at `from` (`<!-->` and
/// `<!--->` are empty comments).
fn comment_end(bytes: &[u8], from: usize) -> usize {
    for abrupt in [&b">"[..], b"->"] {
        if bytes[from..].starts_with(abrupt) {
            return from + abrupt.len();
        }
    }
    memchr::memmem::find(&bytes[from..], b"-->").map_or(bytes.len(), |i| from + i + 3)
}

/// Where the end tag of the raw text element `name` starts, from `from` on:
/// `</name` followed by white space, `/` or `>`, in any case.
fn find_end_tag(bytes: &[u8], mut from: usize, name: &str) -> Option<usize> {
    loop {
        let at = from + memchr::memmem::find(&bytes[from..], b"</")?;
        let rest = &bytes[at + 2..];
        let named =
            rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes());
        if named
            && rest
                .get(name.len())
                .is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
        {
            return Some(at);
        }
        from = at + 2;
    }
}

/// The line of every element, as editors count lines, from the lines an HTML
/// parser reports for them. The parser (html5ever) reports the line it had
/// reached when it made the element: the line of the start tag's `>`, less
/// one for every line end it failed to count before (see
/// [`Tag::uncounted_lines`]). Each element is matched with the start tag it
/// came from (same name, same reported line, in order) and given the line of
/// that tag's `<`; an element the parser made without a tag of its own (an
/// implied `<tbody>`) gets the line of the tag that implied it.
#[derive(Default)]
pub struct LineFix {
    tags: Vec<StartTag>,
    next: usize,
    /// How many line starts lie before the last tag added, and the line
    /// ends the parser has missed up to it.
    cursor: usize,
    uncounted: u32,
}

struct StartTag {
    /// The line the parser reports for the element the tag makes.
    reported: u32,
    /// The line of the tag's `<`.
    line: u32,
    /// Line ends the parser has failed to count up to the tag's `>`.
    uncounted: u32,
    name: Range<usize>,
}

/// How far past the next unmatched tag an element's tag is looked for. The
/// parser skips few start tags (a second `<body>`, a stray `<tr>`), and the
/// elements it makes without a tag are few and near their cause; the bound
/// keeps the matching linear.
const LOOKAHEAD: usize = 8;

impl LineFix {
    /// From every tag of `text`, whose lines start at `starts` (see
    /// `Document::line_starts`), in order.
    #[cfg(test)]
    pub fn new(text: &str, starts: &[usize]) -> LineFix {
        let mut fix = LineFix::default();
        for tag in Tags::new(text) {
            fix.add(&tag, starts);
        }
        fix
    }

    /// Takes the next tag (tags come in order); `starts` are where the lines
    /// start. A cursor walks them as the tags go: no search per tag.
    pub fn add(&mut self, tag: &Tag, starts: &[usize]) {
        let mut line_of = |offset: usize| {
            while self.cursor < starts.len() && starts[self.cursor] <= offset {
                self.cursor += 1;
            }
            u32::try_from(self.cursor).unwrap_or(u32::MAX)
        };
        let line = line_of(tag.span.start);
        let gt_line = line_of(tag.span.end - 1);
        self.uncounted += tag.uncounted_lines;
        if tag.closing {
            return;
        }
        self.tags.push(StartTag {
            reported: gt_line.saturating_sub(self.uncounted),
            line,
            uncounted: self.uncounted,
            name: tag.span.start + 1..tag.span.start + 1 + tag.name.len(),
        });
    }

    /// The true line of the next element the parser made, in the order it
    /// made them: its local name and the line it reported.
    pub fn line(&mut self, text: &str, name: &str, reported: u32) -> u32 {
        // Tags reported before this element made none.
        while self
            .tags
            .get(self.next)
            .is_some_and(|t| t.reported < reported)
        {
            self.next += 1;
        }
        let found = self.tags[self.next..]
            .iter()
            .take(LOOKAHEAD)
            .take_while(|t| t.reported == reported)
            .position(|t| text[t.name.clone()].eq_ignore_ascii_case(name));
        match found {
            Some(i) => {
                self.next += i + 1;
                self.tags[self.next - 1].line
            }
            None => match self.tags.get(self.next) {
                Some(t) if t.reported == reported => t.line,
                _ => self.line_at(reported),
            },
        }
    }

    /// The true line of a line the parser reported for something other than
    /// an element (a parse error): shifted by the line ends it had missed by
    /// then.
    pub fn line_at(&self, reported: u32) -> u32 {
        let before = self.tags.partition_point(|t| t.reported <= reported);
        let missed = before.checked_sub(1).map_or(0, |i| self.tags[i].uncounted);
        reported.saturating_add(missed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<(&str, bool, bool, &str, u32)> {
        Tags::new(text)
            .map(|t| {
                (
                    t.name,
                    t.closing,
                    t.self_closing,
                    &text[t.span],
                    t.uncounted_lines,
                )
            })
            .collect()
    }

    #[test]
    fn tags_are_delimited_as_the_tokenizer_does() {
        let text = "a < b <TD class=x>1<br/><ab<c></Td>\n<p x='/>'>";
        assert_eq!(
            tags(text),
            vec![
                ("TD", false, false, "<TD class=x>", 0),
                ("br", false, true, "<br/>", 0),
                ("ab<c", false, false, "<ab<c>", 0),
                ("Td", true, false, "</Td>", 0),
                ("p", false, false, "<p x='/>'>", 0),
            ]
        );
        assert_eq!(Tags::new("<a").count(), 0);
        assert_eq!(Tags::new("<é>").count(), 0);
        assert_eq!(
            Tags::new("<div/ >").next().map(|t| t.self_closing),
            Some(false)
        );
    }

    #[test]
    fn comments_and_raw_text_hold_no_tags() {
        let text =
            "<!-- <td> --><!--><p><!---><script>if (a<b) '<td>'</script ><style>x</STYLE><i>";
        let names: Vec<&str> = Tags::new(text).map(|t| t.name).collect();
        assert_eq!(names, vec!["p", "script", "script", "style", "STYLE", "i"]);
        assert_eq!(
            Tags::new("<!DOCTYPE html><?xml x?><b>")
                .map(|t| t.name)
                .collect::<Vec<_>>(),
            vec!["b"]
        );
    }

    #[test]
    fn line_ends_before_a_value_are_counted() {
        let text = "<td\nclass=\n \"a\" id=\r\nx\rtitle='\n'>";
        assert_eq!(tags(text)[0].4, 2);
    }

    #[test]
    fn elements_get_the_line_of_their_tag() {
        // Lines: 1 <table>, 2 <tr>, 3-5 <td …>, 6 <td>, 7 <tr><td>.
        let text = "<table>\n<tr>\n<td\nclass=\n\"a\">x</td>\n<td>y</td></tr>\n<tr><td>z</td>\n</tr></table>\n";
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut fix = LineFix::new(text, &starts);
        // As html5ever reports them: the implied <tbody> with the <tr>.
        let made = [
            ("html", 1),
            ("head", 1),
            ("body", 1),
            ("table", 1),
            ("tbody", 2),
            ("tr", 2),
            ("td", 4),
            ("td", 5),
            ("tr", 6),
            ("td", 6),
        ];
        let lines: Vec<u32> = made.iter().map(|&(n, l)| fix.line(text, n, l)).collect();
        assert_eq!(lines, vec![1, 1, 1, 1, 2, 2, 3, 6, 7, 7]);
        assert_eq!(fix.line_at(5), 6);
        assert_eq!(fix.line_at(1), 1);
    }
}
