#!/usr/bin/env python3
"""A document with its place names in English: python3 english_places.py SRC OUT
(run from tests/corpus: python3 _tools/english_places.py english-md/input.md
english-places-md/input.md).

Rules:
- The English name of a place is its first `en` name in data/gazetteer-names.tsv
  (found from this script's folder); places without one keep their name.
- Every spelling gazetteer.tsv knows for a place (its name and its variants,
  exactly as written there, case included) is looked for; a spelling of a place
  that has an English name is replaced by that name, any other is left as is.
- Only in table rows (lines starting with `|`); nothing else is touched.
- Whole names only: a match may not have a letter, digit or apostrophe right
  before or after it (`Roma` in `Romagna` is not a name).
- Longest spellings first, in one pass: `Friuli Venezia Giulia` is found before
  `Venezia` (and kept, having no English name), `Trentino Alto Adige` before
  `Trentino` and `Alto Adige`, `Reggio Calabria` before `Calabria`; replaced
  text is never looked at again.
- Everything else is kept byte for byte: the same lines, the missing comma of
  `Basilicata Valle d'Aosta` (now `Basilicata Aosta Valley`), no final newline
  where the source has none.
Prints the number of replacements per name, then the total."""
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "data"))


def rows(path):
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#") or not line.strip():
            continue
        yield line.split("\t")


def main():
    src, out = sys.argv[1], sys.argv[2]
    english = {}
    for f in rows(os.path.join(DATA, "gazetteer-names.tsv")):
        if f[0] == "name" and f[3] == "en":
            english.setdefault(f[1], f[2])
    spelling = {}  # Italian spelling -> replacement
    for f in rows(os.path.join(DATA, "gazetteer.tsv")):
        f += [""] * (7 - len(f))
        code = f[1]
        for s in [f[2]] + [v for v in f[6].split("|") if v]:
            target = english.get(code, s)
            assert spelling.get(s, target) == target, f"{s!r} names two places"
            spelling[s] = target
    names = sorted(spelling, key=lambda s: (-len(s), s))
    pattern = re.compile(
        r"(?<![\w'’])(" + "|".join(re.escape(s) for s in names) + r")(?![\w'’])")
    counts = Counter()

    def swap(m):
        s = m.group(1)
        if spelling[s] != s:
            counts[s] += 1
        return spelling[s]

    text = open(src, encoding="utf-8", newline="").read()
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("|"):
            lines[i] = pattern.sub(swap, line)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines))
    for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{n}\t{s} -> {spelling[s]}")
    print(f"{sum(counts.values())}\treplacements")


if __name__ == "__main__":
    main()
