"""The seed with its positions tables' headers (and only them) in German:
python3 make_german.py SEED OUT. Exact replacements inside header rows of the
positions tables (the rows that start with `| Gruppo |`, the sub-header rows
of `I Fascia | II Fascia`, and the overall summary's `| Strutture |` row)."""
import sys
src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
lines = text.split("\n")
words = [
    ("Dirigenti di II Fascia per struttura", "Führungskräfte der II. Stufe je Struktur"),
    ("Dirigenti per Struttura", "Führungskräfte je Struktur"),
    ("Uffici dirigenziali - Funzioni", "Führungsämter - Aufgaben"),
    ("Numero Strutture", "Anzahl der Strukturen"),
    ("Dirigenti di II Fascia", "Führungskräfte der II. Stufe"),
    ("Totali", "Summen"),
    ("Totale", "Summe"),
    ("Gruppo", "Gruppe"),
    ("Regioni", "Regionen"),
    ("Province", "Provinzen"),
    ("Strutture", "Strukturen"),
    ("II Fascia", "II. Stufe"),
    ("I Fascia", "I. Stufe"),
]
changed = 0
for i, line in enumerate(lines):
    header = line.startswith("| Gruppo |") or line.startswith("| Strutture |") or (
        line.startswith("| | | | I Fascia | II Fascia |"))
    if not header:
        continue
    for a, b in words:
        line = line.replace(a, b)
    lines[i] = line
    changed += 1
assert changed == 10, changed
open(out, "w", encoding="utf-8").write("\n".join(lines))
print(changed, "header rows")
