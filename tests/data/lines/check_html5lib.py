#!/usr/bin/env python3
"""Cross-check NAME.lines against html5lib (a WHATWG-spec tokenizer and
tree builder, i.e. browser-like parsing), run from a venv with html5lib:

    _scratch/venv/bin/python check_html5lib.py *.html

For every <td>/<th> start-tag token html5lib emits, the line of its "<"
is recorded (hooking the tokenizer's tag-open state).  html5lib itself
normalises CR and CRLF to LF.  The list is compared with NAME.lines.
It also counts td/th *elements* in the built tree, to show start tags
that a browser's tree builder would drop (e.g. a <td> outside a table).
"""
import re
import sys

import html5lib
from html5lib import _tokenizer
from html5lib.constants import tokenTypes

_orig_tag_open = _tokenizer.HTMLTokenizer.tagOpenState
_orig_emit = _tokenizer.HTMLTokenizer.emitCurrentToken


def tag_open(self):
    # Entered just after "<" was consumed in the data state.
    self._lt_line = self.stream.position()[0]
    return _orig_tag_open(self)


def emit(self):
    tok = self.currentToken
    if tok["type"] == tokenTypes["StartTag"]:
        name = tok["name"].lower()
        if name in ("td", "th"):
            self._cells.append((name, self._lt_line))
    return _orig_emit(self)


_tokenizer.HTMLTokenizer.tagOpenState = tag_open
_tokenizer.HTMLTokenizer.emitCurrentToken = emit
_orig_init = _tokenizer.HTMLTokenizer.__init__


def init(self, *a, **kw):
    _orig_init(self, *a, **kw)
    self._cells = []
    CELLS.append(self._cells)


_tokenizer.HTMLTokenizer.__init__ = init
CELLS = []

bad = 0
for path in sys.argv[1:]:
    data = open(path, "rb").read().decode("latin-1")
    CELLS.clear()
    tree = html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False)
    cells = CELLS[0]
    n_elems = sum(1 for e in tree.iter() if e.tag in ("td", "th"))
    lines_path = re.sub(r"\.html?$", "", path, flags=re.I) + ".lines"
    want = [tuple((l.split()[0], int(l.split()[1]))) for l in open(lines_path)]
    same = want == cells
    if not same:
        bad += 1
        for i, (a, b) in enumerate(zip(want, cells)):
            if a != b:
                print("  first difference at #%d: html.parser %s, html5lib %s" % (i, a, b))
                break
    print("%s: html.parser %d, html5lib tokens %d, tree elements %d, %s"
          % (path, len(want), len(cells), n_elems, "SAME" if same else "DIFFERENT"))
sys.exit(1 if bad else 0)
