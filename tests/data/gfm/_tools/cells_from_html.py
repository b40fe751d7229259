#!/usr/bin/env python3
r"""Flatten the tables of an HTML document to the lines of a `.cells.txt`.

    cells_from_html.py FILE.html          # expected HTML of a test suite
    cells_from_html.py --gfm FILE.md      # FILE.md rendered by cmark-gfm first
                                          # (Python package `cmarkgfm`)

Writes, for each <table> in document order (nested ones too), `table N`,
then one line per <tr>: `head|body|foot row K: cell "text" rowspan=R
colspan=C | ...`, rows counted per group. A row is in the head when it is in
<thead>, or when it and every row before it in the table are head rows or
rows of <th> cells only (as pandoc's HTML reader and tests/pandoc.rs read
them); in the foot when in <tfoot>; else in the body. A cell's text is its
text content: tags dropped (<br> and block tags such as <p> count as a
space), entities decoded, image alt text and <caption> left out, runs of
Unicode White_Space collapsed to one space and trimmed; it is written as
Rust's `{:?}` writes a string (`\"`, `\\`, `\u{..}` for unprintables).
"""
import html.parser
import re
import sys
import unicodedata

# Unicode White_Space, as Rust's char::is_whitespace.
WS = re.compile('[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+')
BREAKS = {'br', 'p', 'div', 'li', 'ul', 'ol', 'dd', 'dt', 'dl', 'blockquote',
          'pre', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr'}


class Tables(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []   # every table: list of rows (group, [cells])
        self.stack = []    # open tables: [rows, group, open cell or None, in caption]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'table':
            self.text(' ')
            rows = []
            self.tables.append(rows)
            self.stack.append([rows, 'body', None, False])
        elif not self.stack:
            return
        elif tag in ('thead', 'tbody', 'tfoot'):
            self.stack[-1][1] = {'thead': 'head', 'tbody': 'body', 'tfoot': 'foot'}[tag]
        elif tag == 'caption':
            self.stack[-1][3] = True
        elif tag == 'tr':
            self.stack[-1][0].append((self.stack[-1][1], []))
        elif tag in ('td', 'th'):
            t = self.stack[-1]
            if not t[0]:  # a cell outside any <tr>
                t[0].append((t[1], []))
            t[2] = {'th': tag == 'th', 'text': [],
                    'rowspan': int(a.get('rowspan') or 1), 'colspan': int(a.get('colspan') or 1)}
            t[0][-1][1].append(t[2])
        elif tag in BREAKS:
            self.text(' ')

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if not self.stack:
            return
        if tag == 'table':
            self.stack.pop()
            self.text(' ')
        elif tag in ('thead', 'tbody', 'tfoot'):
            self.stack[-1][1] = 'body'
        elif tag == 'caption':
            self.stack[-1][3] = False
        elif tag in ('td', 'th'):
            self.stack[-1][2] = None
        elif tag in BREAKS:
            self.text(' ')

    def handle_data(self, data):
        self.text(data)

    def text(self, s):
        # text content: the text of a nested table belongs to its outer cells too
        for t in self.stack:
            if t[2] is not None and not t[3]:
                t[2]['text'].append(s)


def debug(s):
    """A string as Rust's `{:?}` writes it."""
    out = []
    for i, c in enumerate(s):
        if c in '"\\':
            out.append('\\' + c)
        elif c in '\t\r\n\0':
            out.append({'\t': '\\t', '\r': '\\r', '\n': '\\n', '\0': '\\0'}[c])
        elif not c.isprintable() or (i == 0 and unicodedata.category(c) in ('Mn', 'Me')):
            out.append('\\u{%x}' % ord(c))
        else:
            out.append(c)
    return '"' + ''.join(out) + '"'


def cells(html_text):
    p = Tables()
    p.feed(html_text)
    p.close()
    lines = []
    for n, rows in enumerate(p.tables, 1):
        lines.append('table %d' % n)
        counts = {'head': 0, 'body': 0, 'foot': 0}
        leading = True
        for group, row in rows:
            leading = leading and (group == 'head' or all(c['th'] for c in row))
            if group == 'body' and leading:
                group = 'head'
            counts[group] += 1
            lines.append('%s row %d: %s' % (group, counts[group], ' | '.join(
                'cell %s rowspan=%d colspan=%d' % (
                    debug(WS.sub(' ', ''.join(c['text'])).strip(' ')),
                    c['rowspan'], c['colspan']) for c in row)))
    return ''.join(l + '\n' for l in lines)


if __name__ == '__main__':
    if sys.argv[1] == '--gfm':
        import cmarkgfm  # cmark-gfm: GFM's extensions, raw HTML kept
        with open(sys.argv[2], encoding='utf-8', newline='') as f:
            src = cmarkgfm.github_flavored_markdown_to_html(
                f.read(), options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    else:
        with open(sys.argv[1], encoding='utf-8') as f:
            src = f.read()
    sys.stdout.write(cells(src))
