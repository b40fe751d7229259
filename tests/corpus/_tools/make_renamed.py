#!/usr/bin/env python3
"""Rename/abbreviate headers and reorder the regional summary columns. Usage: make_renamed.py SEED OUT"""
import sys
s = open(sys.argv[1], encoding='utf-8').read()
def rep(a, b, n):
    global s
    assert s.count(a) == n, (a, s.count(a), n)
    s = s.replace(a, b)
# detail tables
rep('| Gruppo | Regioni | Numero Strutture | Dirigenti per Struttura | | Uffici dirigenziali - Funzioni | Totali | |',
    '| Raggruppamento | Regioni | N. strutture | Posizioni dirigenziali per struttura | | Uffici dirigenziali - Funzioni | Tot. | |', 1)
rep('| Totale Regionale |', '| Tot. regionale |', 1)
rep('| Gruppo | Province | Numero Strutture | Dirigenti per Struttura |', '| Gruppo | Province | Numero Sedi | Dirigenti per Struttura |', 1)
# summaries (both copies)
rep('| Gruppo | Province | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |',
    '| Raggruppamento | Province | Numero delle strutture | Posizioni dirigenziali di II fascia per struttura | Tot. |', 2)
rep('| Totale strutture | 103 | Totale Dirigenti | 276 |', '| Tot. strutture | 103 | Tot. dirigenti | 276 |', 2)
rep('| Totale | 354 |', '| Tot. | 354 |', 2)
# regional summary: rename and reorder to Raggruppamento | Numero delle strutture | Regioni | Tot. | per struttura
lines = s.split('\n'); out = []; i = 0; done = 0
while i < len(lines):
    l = lines[i]
    if l.startswith('| Gruppo | Regioni | Numero Strutture | Dirigenti di II Fascia per struttura | Totale |'):
        out.append('| Raggruppamento | Numero delle strutture | Regioni | Tot. | Posizioni dirigenziali di II fascia per struttura |')
        d = [c for c in lines[i+1].strip('|').split('|')]
        out.append('|' + '|'.join(d[k] for k in (0, 2, 1, 4, 3)) + '|')
        i += 2
        while lines[i].startswith('|'):
            c = [x.strip() for x in lines[i].strip().strip('|').split('|')]
            if c[1] == 'Totale strutture':
                # label immediately left of its value, as in the original layout
                assert c == ['', 'Totale strutture', '20', 'Totale Dirigenti', '78'], c
                out.append('| Tot. strutture | 20 | Tot. dirigenti | 78 | |')
            else:
                out.append('| ' + ' | '.join(c[k] for k in (0, 2, 1, 4, 3)) + ' |')
            i += 1
        done += 1
        continue
    out.append(l); i += 1
assert done == 2
open(sys.argv[2], 'w', encoding='utf-8').write('\n'.join(out))
