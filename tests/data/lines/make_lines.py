#!/usr/bin/env python3
"""Write NAME.lines for each NAME.html given on the command line.

Each output line is "td N" or "th N": one per <td>/<th> start tag, in
document order, N being the 1-based source line of the tag's "<", as
Python's stdlib html.parser reports it (getpos() inside handle_starttag).

Usage:  python3 make_lines.py *.html

Details
* Line ends: html.parser counts only "\n".  We want lines as an editor
  counts them (LF, CRLF and a lone CR each end one line), so the text is
  normalised first: CRLF -> LF, then any remaining CR -> LF.  (This is
  also what the HTML standard's input-stream preprocessing does.)
* Bytes are decoded as latin-1: every byte maps to one character, so the
  line structure is kept exactly whatever the page's real charset is
  (UTF-8, windows-1252, ...).  Only ASCII matters for finding tags.
* Not counted: tags inside comments, <script>, <style> (html.parser
  already treats those two as CDATA), and inside <title> and <textarea>,
  which browsers parse as RCDATA (text only) but html.parser 3.11 does
  not; we switch html.parser into its CDATA mode for those two as well.
* Self-closing "<td/>" is counted (browsers ignore the slash there).
* Counts are of start-tag *tokens*: a <td> that a browser's tree builder
  would drop (e.g. one not inside any table) is still listed.  Use
  --warn to be told about constructs where html.parser and a browser
  might disagree (none occur in the pages shipped here).
"""
import re
import sys
from html.parser import HTMLParser

CELL_TAGS = ("td", "th")
# Elements whose content a browser reads as text, not markup, and that
# html.parser (3.11) does not already treat that way.
EXTRA_TEXT_ELEMENTS = ("title", "textarea")


def normalise_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


class CellLines(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells = []  # (tag, line)

    def handle_starttag(self, tag, attrs):
        # Called with self.lineno/offset still at the tag's "<".
        if tag in CELL_TAGS:
            self.cells.append((tag, self.getpos()[0]))
        elif tag in EXTRA_TEXT_ELEMENTS:
            self.set_cdata_mode(tag)


def cell_lines(text):
    p = CellLines()
    p.feed(normalise_newlines(text))
    p.close()
    return p.cells


def warnings_for(text):
    """Cheap checks for markup where html.parser and browsers differ."""
    t = normalise_newlines(text)
    out = []

    def line(pos):
        return t.count("\n", 0, pos) + 1

    checks = [
        (r"<!--->|<!-->", "abrupt empty comment <!--> / <!--->"),
        (r"--!>", "comment closed by --!>"),
        (r"<!\[CDATA\[", "CDATA section in HTML content"),
        (r"<(xmp|iframe|noembed|noframes|noscript|plaintext)\b",
         "raw-text-ish element (browser may not parse its content)"),
        (r"</(script|style|title|textarea)[\s/][^>]*>",
         "end tag of a text element with attributes/slash"),
        (r"<t[dh][\s/>]", None),
    ]
    for pat, msg in checks[:-1]:
        for m in re.finditer(pat, t, re.I):
            out.append("line %d: %s: %r" % (line(m.start()), msg, m.group(0)))
    # <script> bodies with "<!--" and "<script": browsers' double-escaped
    # state keeps the script open past the first "</script>".
    for m in re.finditer(r"<script\b[^>]*>(.*?)</script", t, re.I | re.S):
        body = m.group(1)
        if "<!--" in body and re.search(r"<script", body, re.I):
            out.append("line %d: <script> containing <!-- and <script"
                       % line(m.start()))
    return out


def main(argv):
    warn = "--warn" in argv
    files = [a for a in argv if a != "--warn"]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    for path in files:
        with open(path, "rb") as f:
            text = f.read().decode("latin-1")
        cells = cell_lines(text)
        out = re.sub(r"\.html?$", "", path, flags=re.I) + ".lines"
        with open(out, "w", newline="\n") as f:
            for tag, n in cells:
                f.write("%s %d\n" % (tag, n))
        print("%s: %d td, %d th -> %s" % (
            path, sum(1 for t, _ in cells if t == "td"),
            sum(1 for t, _ in cells if t == "th"), out))
        if warn:
            for w in warnings_for(text):
                print("  warning: " + w)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
