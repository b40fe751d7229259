#!/usr/bin/env python3
"""Replace pipe tables of a Markdown file by <table>...</table> blocks taken from another file.

usage: splice_tables.py BASE.md TABLES_SOURCE OUT.md [--tables 2,6,10] [--one-line]

BASE.md        Markdown with GFM pipe tables (a pipe table = a maximal run of lines starting with '|').
TABLES_SOURCE  any text file (HTML, or Markdown holding raw HTML blocks); its tables are the
               '<table'...'</table>' spans found left to right (non-greedy, no nested tables).
--tables       0-based indices of the pipe tables to replace (default: all); pipe table i is
               replaced by source table i, so both files must list their tables in the same order.
--one-line     collapse each table onto one line, as MinerU/Marker write them: whitespace between
               two tags ('>' ... '<') removed, every other run of whitespace (incl. newlines) -> one space.
               Without it the table block is pasted as found (must hold no blank line, else the
               Markdown HTML block would end early: this is asserted).
Everything outside the replaced table lines is copied byte for byte (line ends and the missing
final newline included). Table counts are asserted.
"""
import re, sys

def main():
    args = sys.argv[1:]
    one_line = '--one-line' in args
    if one_line: args.remove('--one-line')
    sel = None
    if '--tables' in args:
        i = args.index('--tables'); sel = [int(x) for x in args[i + 1].split(',')]; del args[i:i + 2]
    base, src, out = args
    text = open(base, encoding='utf-8').read()
    srctext = open(src, encoding='utf-8').read()
    tables = re.findall(r'<table\b.*?</table>', srctext, flags=re.S)
    lines = text.split('\n')
    # find pipe tables: maximal runs of lines starting with '|'
    runs, i = [], 0
    while i < len(lines):
        if lines[i].startswith('|'):
            j = i
            while j < len(lines) and lines[j].startswith('|'): j += 1
            runs.append((i, j)); i = j
        else:
            i += 1
    assert len(runs) == len(tables), (len(runs), len(tables))
    if sel is None: sel = list(range(len(runs)))
    assert all(0 <= k < len(runs) for k in sel)
    out_lines, pos = [], 0
    for k, (a, b) in enumerate(runs):
        if k not in sel: continue
        out_lines += lines[pos:a]
        t = tables[k]
        if one_line:
            t = re.sub(r'>\s+<', '><', t)
            t = re.sub(r'\s+', ' ', t)
        else:
            assert not re.search(r'\n[ \t]*\n', t), 'blank line inside table %d' % k
        out_lines += t.split('\n')
        pos = b
    out_lines += lines[pos:]
    open(out, 'w', encoding='utf-8').write('\n'.join(out_lines))
    print('%s: replaced %d of %d pipe tables' % (out, len(sel), len(runs)), file=sys.stderr)

main()
