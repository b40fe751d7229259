#!/usr/bin/env python3
"""Write the merged cells of two-level-header pipe tables as repeated text (as Docling does).

usage: repeat_merged_md.py IN.md OUT.md

A pipe table is a maximal run of lines starting with '|'; line 1 is the header row, line 2 the
delimiter row, the rest body rows. Cells are the texts between '|' (no escaped pipes in the input;
this is asserted). A cell is blank when it holds only whitespace.

Only TWO-LEVEL-HEADER tables are touched. A table is one when
  - its header row has a blank cell at some column j > 0, and
  - its first body row (the sub-header row) has a blank first cell and a non-blank cell at such a j.
Every other table (function tables, matrix, summaries) is copied unchanged.

In a two-level-header table (H = header row, S = sub-header row, as in the input):
  R1 (colspan, to the right): each blank H[j], j > 0, whose S[j] is non-blank takes the text of
     H[j-1] (left to right, so a chain repeats the same text):
     'Dirigenti per Struttura | Dirigenti per Struttura', 'Totali | Totali'.
  R2 (rowspan, downwards in the header): each blank S[j] whose H[j] was non-blank in the input
     takes H[j]: 'Gruppo' over 'Gruppo', 'Regioni'/'Province', 'Numero Strutture',
     'Uffici dirigenziali - Funzioni'.
  R3 (rowspan, downwards in the body): the KEY columns are the columns whose header cell spans
     both header rows (H[j] non-blank and S[j] blank in the input: Gruppo, Regioni/Province,
     Numero Strutture, Uffici dirigenziali - Funzioni). A body row after S whose first cell is
     blank is a continuation row; each of its blank key cells takes the text of the same column
     in the row above (after that row's own filling). Columns under a column-spanning header
     (Dirigenti per Struttura, Totali: I Fascia / II Fascia) are never filled, so no figure is
     added to or changed in a totals column. Rows whose first cell is not blank (groups, the
     'Totale ...' row) are unchanged.
A filled cell is written ' TEXT ' (one space each side, TEXT stripped); every other cell, the
delimiter row, and every line outside the touched tables are copied byte for byte (missing final
newline kept). A summary of the fills is printed to stderr.
"""
import sys

def cells(line):
    assert '\\|' not in line
    s = line.rstrip('\n')
    assert s.startswith('|') and s.rstrip().endswith('|'), s
    return s.rstrip()[1:-1].split('|')

def join(cs):
    return '|' + '|'.join(cs) + '|'

def blank(c): return c.strip() == ''

def main():
    src, dst = sys.argv[1:]
    lines = open(src, encoding='utf-8').read().split('\n')
    i, n_tables, n_fill = 0, 0, 0
    while i < len(lines):
        if not lines[i].startswith('|'):
            i += 1; continue
        j = i
        while j < len(lines) and lines[j].startswith('|'): j += 1
        rows = [cells(l) for l in lines[i:j]]
        H = rows[0]
        S = rows[2] if len(rows) > 2 else None
        two_level = (S is not None and len(S) == len(H) and blank(S[0]) and
                     any(blank(H[k]) and not blank(S[k]) for k in range(1, len(H))))
        if two_level:
            n_tables += 1
            H0, S0 = list(H), list(S)
            key = [k for k in range(len(H)) if not blank(H0[k]) and blank(S0[k])]
            newH, newS = list(H), list(S)
            for k in range(1, len(H)):                                   # R1
                if blank(H0[k]) and not blank(S0[k]):
                    newH[k] = ' %s ' % newH[k - 1].strip(); n_fill += 1
            for k in range(len(H)):                                      # R2
                if blank(S0[k]) and not blank(H0[k]):
                    newS[k] = ' %s ' % H0[k].strip(); n_fill += 1
            lines[i] = join(newH); lines[i + 2] = join(newS)
            prev = None
            for r in range(3, len(rows)):                                # R3
                row = list(rows[r])
                assert len(row) == len(H), (r, row)
                if blank(row[0]) and prev is not None:
                    for k in key:
                        if blank(row[k]) and not blank(prev[k]):
                            row[k] = ' %s ' % prev[k].strip(); n_fill += 1
                    lines[i + r] = join(row)
                prev = row
            print('table at line %d: key columns %s' % (i + 1, [H0[k].strip() for k in key]), file=sys.stderr)
        i = j
    open(dst, 'w', encoding='utf-8').write('\n'.join(lines))
    print('%d two-level-header tables, %d cells filled' % (n_tables, n_fill), file=sys.stderr)

main()
