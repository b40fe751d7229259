#!/usr/bin/env python3
"""Expand every rowspan/colspan of the HTML tables into repeated cells (as Docling's HTML export
of a table with merged cells repeats the text in each covered slot).

usage: expand_spans_html.py IN.html OUT.html

Each <table>...</table> (no nested tables; asserted) is cut into its row groups (<thead>, <tbody>,
<tfoot>; spans never cross a row group, as in HTML). In each row group, rows are the <tr>...</tr>
and cells the <td ...>...</td> / <th ...>...</th> elements. The usual HTML table model places the
cells on a grid; a cell with rowspan=R / colspan=C covers R x C slots. Output: the spanning cell
loses its rowspan/colspan attributes, and an exact copy of it (same tag, same other attributes,
same inner HTML) is inserted into every slot it covered, at that slot's position in its row.
A copy is inserted right after the preceding cell with no whitespace; original cells keep the
whitespace that preceded them. Everything outside the cells' start tags and the inserted copies
is copied byte for byte. Afterwards no rowspan/colspan remains and every row of a row group has
the same number of cells (asserted).
"""
import re, sys

CELL = re.compile(r'<(td|th)\b([^>]*)>(.*?)</\1\s*>', re.S | re.I)
ROW = re.compile(r'(<tr\b[^>]*>)(.*?)(</tr\s*>)', re.S | re.I)
SPAN_ATTR = re.compile(r'\s+(rowspan|colspan)\s*=\s*("[^"]*"|\'[^\']*\'|[^\s>]+)', re.I)

def attr(a, name):
    m = re.search(r'\b%s\s*=\s*["\']?(\d+)' % name, a, re.I)
    return int(m.group(1)) if m else 1

def expand_group(text):
    rows = list(ROW.finditer(text))
    occ = {}            # (r, c) -> cell html (copy) for covered slots
    new_rows = []
    width = None
    for r, m in enumerate(rows):
        inner = m.group(2)
        cs = list(CELL.finditer(inner))
        out, pos, c = [], 0, 0
        placed = []
        for cm in cs:
            while (r, c) in occ:
                placed.append(('copy', occ.pop((r, c)))); c += 1
            tag, a, body = cm.group(1), cm.group(2), cm.group(3)
            rs, cspan = attr(a, 'rowspan'), attr(a, 'colspan')
            clean = '<%s%s>%s</%s>' % (tag, SPAN_ATTR.sub('', a), body, tag)
            gap = inner[pos:cm.start()]
            placed.append(('orig', gap + clean))
            pos = cm.end()
            for dr in range(rs):
                for dc in range(cspan):
                    if dr == 0 and dc == 0: continue
                    if dr == 0:
                        placed.append(('copy', clean))
                    else:
                        occ[(r + dr, c + dc)] = clean
            c += cspan
        while (r, c) in occ:
            placed.append(('copy', occ.pop((r, c)))); c += 1
        tail = inner[pos:]
        if width is None: width = c
        assert c == width, ('row width', r, c, width)
        new_rows.append((m, ''.join(h for _, h in placed) + tail))
    assert not occ, ('span beyond row group', occ)
    out, pos = [], 0
    for m, inner in new_rows:
        out.append(text[pos:m.start()]); out.append(m.group(1) + inner + m.group(3)); pos = m.end()
    out.append(text[pos:])
    return ''.join(out)

def expand_table(t):
    assert t.lower().count('<table') == 1
    parts = re.split(r'(<(thead|tbody|tfoot)\b.*?</\2\s*>)', t, flags=re.S | re.I)
    # re.split with 2 groups yields [pre, group, name, between, group, name, ...]
    out, k = [], 0
    if len(parts) == 1:
        return expand_group(t)
    while k < len(parts):
        out.append(parts[k])
        if k + 1 < len(parts):
            out.append(expand_group(parts[k + 1])); k += 3
        else:
            k += 1
    return ''.join(out)

def main():
    src, dst = sys.argv[1:]
    text = open(src, encoding='utf-8').read()
    n = [0]
    def rep(m):
        n[0] += 1
        return expand_table(m.group(0))
    new = re.sub(r'<table\b.*?</table\s*>', rep, text, flags=re.S | re.I)
    assert not re.search(r'\b(rowspan|colspan)\s*=', new, re.I)
    open(dst, 'w', encoding='utf-8').write(new)
    print('%d tables, %d -> %d bytes' % (n[0], len(text), len(new)), file=sys.stderr)

main()
