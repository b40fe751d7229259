#!/usr/bin/env python3
"""Apply the five known corrections to the seed. Usage: correct.py IN OUT
Every replacement asserts its exact number of occurrences."""
import sys
src = open(sys.argv[1], encoding="utf-8").read()
R = [
 # 1. provincial summary tables (both copies)
 ("Cosenza, Salerno | 10 | 7 | 63 |", "Cosenza, Salerno | 10 | 7 | 70 |", 2),
 ("Cuneo, Udine | 26 | 4 | 112 |", "Cuneo, Udine | 26 | 4 | 104 |", 2),
 ("| 63 Sedi Provinciali | 63 | 1 | 62** |", "| 63 Sedi Provinciali | 63 | 1 | 63 |", 2),
 ("| Totale strutture | 103 | Totale Dirigenti | 276 |", "| Totale strutture | 103 | Totale Dirigenti | 277 |", 2),
 # 2. overall summaries (both copies)
 ("| Provinciali | 276 |", "| Provinciali | 277 |", 2),
 ("| Totale | 354 |", "| Totale | 355 |", 2),
 # 3. regional totals row shifted one column to the right
 ("| Totale Regionale | | | | | 15 | 78 | |", "| Totale Regionale | | | | | | 15 | 78 |", 1),
 # 4. missing comma
 ("Basilicata Valle d'Aosta", "Basilicata, Valle d'Aosta", 3),
 # 5. function wording as in the matrix
 ("Coordinamento e controllo della produzione e dei livelli di servizio delle Agenzie",
  "Coordinamento e controllo dei livelli di servizio delle Agenzie", 1),
 ("dell'attività di ispezione e Vigilanza", "dell'attività di Ispezione e Vigilanza", 1),
 ("conti individuali e aziendali. •", "conti individuali e aziendali •", 1),
]
for old, new, n in R:
    c = src.count(old)
    assert c == n, (old, c, n)
    src = src.replace(old, new)
open(sys.argv[2], "w", encoding="utf-8").write(src)
