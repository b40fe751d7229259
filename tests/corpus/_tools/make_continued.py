#!/usr/bin/env python3
"""Split the provincial detail table and the FIRST provincial summary table of the seed after the
'Alta complessità' group. Usage: make_continued.py SEED OUT"""
import sys
L = open(sys.argv[1], encoding='utf-8').read().split('\n')
def find(pred, start=0):
    for i in range(start, len(L)):
        if pred(L[i]): return i
    raise SystemExit('not found')
# provincial detail table
h = find(lambda l: l.startswith('| Gruppo | Province | Numero Strutture | Dirigenti per Struttura'))
header = L[h:h+3]                                  # header line, delimiter, second header row
a = find(lambda l: l.startswith('| Alta complessità | Genova'), h)
assert L[a+1].startswith('| | | | II Fascia | 7 |')
cut = a + 2
L[cut:cut] = ['', 'Funzioni e posizioni dirigenziali delle Direzioni Metropolitane e Provinciali (segue)', ''] + header
# first provincial summary table
s = find(lambda l: l.startswith('| Gruppo | Province | Numero Strutture | Dirigenti di II Fascia'), cut)
header = L[s:s+2]
a = find(lambda l: l.startswith('| Alta complessità | Genova'), s)
L[a+1:a+1] = [''] + header
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(L))
