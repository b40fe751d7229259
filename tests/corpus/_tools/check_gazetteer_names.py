#!/usr/bin/env python3
"""Checks data/gazetteer-names.tsv (the places' names in other languages)
against data/gazetteer.tsv. Usage, from anywhere:

    python3 tests/corpus/_tools/check_gazetteer_names.py [GAZETTEER NAMES]

(the two files default to the repository's data/gazetteer.tsv and
data/gazetteer-names.tsv). Names are compared folded as src/fold.rs folds
them: lower case, accents stripped (the same table of letters, then any
other combining mark dropped), every run of characters that are not letters
or digits one space, no space at either end. It fails (exit 1) when

- a line is not `name<TAB>code<TAB>name<TAB>language` (comments `#` and blank
  lines aside), or its language is not one of en, de, fr, sl, la;
- a code is not in gazetteer.tsv;
- a name folds to the name or a variant of any place in gazetteer.tsv (its own
  place: a needless duplicate; another place: an ambiguity);
- two lines' names fold alike (same place: a duplicate; another place: an
  ambiguity).

It also prints, as notes that do not fail, names that are a run of two or
more other known names (`Trentino-South Tyrol` = `Trentino` + `South Tyrol`):
the reader's split of names written without a separator takes the fewest
names, so the whole name wins, but such names are worth knowing. Ends with
the number of names per language and kind."""
import os
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
LANGUAGES = {"en", "de", "fr", "sl", "la"}

# src/fold.rs's base_letter table.
BASE = {}
for letters, base in [("àáâäãå", "a"), ("èéêë", "e"), ("ìíîï", "i"), ("òóôöõ", "o"),
                      ("ùúûü", "u"), ("ç", "c"), ("ñ", "n"), ("ß", "s"), ("ª", "a"), ("º", "o")]:
    for c in letters:
        BASE[c] = base


def fold(text):
    out = []
    for c in text.lower():
        c = BASE.get(c, c)
        # letters fold.rs leaves as they are (č, š, ž, …): strip their marks too,
        # which can only make the check stricter
        c = "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
        out.append(c if c.isalnum() else " ")
    return " ".join("".join(out).split())


def read_gazetteer(path):
    """code -> (kind, name, [spellings])"""
    places = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("#") or not line.strip():
            continue
        f = [x.strip() for x in line.split("\t")]
        f += [""] * (7 - len(f))
        spellings = [f[2]] + [v for v in f[6].split("|") if v]
        places[f[1]] = (f[0], f[2], spellings)
    return places


def main():
    gaz_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "data", "gazetteer.tsv")
    names_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "data", "gazetteer-names.tsv")
    places = read_gazetteer(gaz_path)
    known = {}  # folded -> set of (code, where)
    for code, (_, _, spellings) in places.items():
        for s in spellings:
            known.setdefault(fold(s), set()).add((code, "gazetteer.tsv: " + s))
    errors = []
    rows = []
    for n, line in enumerate(open(names_path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("#") or not line.strip():
            continue
        f = line.split("\t")
        if len(f) != 4 or f[0] != "name" or any(x != x.strip() or not x for x in f):
            errors.append(f"line {n}: not `name<TAB>code<TAB>name<TAB>language`: {line!r}")
            continue
        _, code, name, lang = f
        if lang not in LANGUAGES:
            errors.append(f"line {n}: language {lang!r} is not one of {sorted(LANGUAGES)}")
        if code not in places:
            errors.append(f"line {n}: code {code} is not in gazetteer.tsv")
            continue
        rows.append((n, code, name, lang))
    seen = {}
    for n, code, name, lang in rows:
        key = fold(name)
        for other, where in sorted(known.get(key, ())):
            what = "already a spelling of the same place" if other == code else f"ambiguous with {other}"
            errors.append(f"line {n}: {name!r} ({code}) is {what} ({where})")
        if key in seen:
            m, other = seen[key]
            what = "a duplicate of" if other == code else f"ambiguous with {other} on"
            errors.append(f"line {n}: {name!r} ({code}) is {what} line {m}")
        else:
            seen[key] = (n, code)
    # notes: runs of other names
    every = {k: {c for c, _ in v} for k, v in known.items()}
    for key, (n, code) in seen.items():
        every.setdefault(key, set()).add(code)
    longest = max(len(k.split()) for k in every)

    def runs(words, start):
        if start == len(words):
            return [[]]
        found = []
        for end in range(start + 1, min(len(words), start + longest) + 1):
            piece = " ".join(words[start:end])
            if piece in every:
                for rest in runs(words, end):
                    found.append([piece] + rest)
        return found

    for n, code, name, lang in rows:
        words = fold(name).split()
        for run in runs(words, 0):
            if len(run) > 1:
                print(f"note: line {n}: {name!r} ({code}) is also a run of names: "
                      + " + ".join(f"{p!r} ({'/'.join(sorted(every[p]))})" for p in run))
    counts = Counter((lang, places[code][0]) for _, code, _, lang in rows)
    for (lang, kind), c in sorted(counts.items()):
        print(f"{lang} {kind}: {c}")
    print(f"total: {len(rows)} names")
    for e in errors:
        print("error:", e)
    if errors:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
