#!/usr/bin/env python3
"""Rewrite a matrix of functions written as lists in cells into a matrix of ticks.

usage: tick_matrix_md.py IN.md OUT.md [MARK] [--area-column]

A pipe table is a maximal run of lines starting with '|'; line 1 is the header row, line 2 the
delimiter row, the rest body rows. Cells are the texts between '|' (no escaped pipes in the input;
this is asserted).

Only the MATRIX is touched: the first pipe table whose body cells (column 2 on) hold lists written
as '<ul ...> • item • item' (the seed's form). Every other line is copied unchanged.

In the matrix (header H, body rows R, each R = area | list per structure):
  - the header row is kept as it is; the delimiter row gets one '---' per column (as before);
  - without --area-column: each body row becomes an AREA ROW '| AREA | | ... |' (the area's label,
    the other cells blank), then one ACTIVITY ROW per activity of the area: the area's activities
    in order of first appearance, column by column, left to right (an activity listed by two
    structures, same text, is one row); an activity row is '| ACTIVITY | m | | ... |' with MARK
    (default '●') in each column whose list holds the activity, blank elsewhere;
  - with --area-column: a first column 'Area' is added before the header's first cell, and each
    activity row is '| AREA | ACTIVITY | marks ... |', the area written on every row (no area rows).
  - an area whose lists are all empty gives its area row (or, with --area-column, nothing).
List items are split on '•' after removing the '<ul ...>' tag; each item is stripped; empty items
are dropped. All texts are copied as written otherwise.
"""
import re
import sys


def cells(line):
    assert "\\|" not in line, line
    return [c.strip() for c in line.strip().strip("|").split("|")]


def items(cell):
    text = re.sub(r"<ul[^>]*>", "", cell)
    return [i.strip() for i in text.split("•") if i.strip()]


def is_matrix(rows):
    return any("<ul" in c for r in rows[2:] for c in cells(r)[1:])


def tick(rows, mark, area_column):
    head = cells(rows[0])
    width = len(head)
    out = []
    if area_column:
        out.append("| Area | " + " | ".join(head) + " |")
        out.append("|" + "---|" * (width + 1))
    else:
        out.append(rows[0])
        out.append("|" + "---|" * width)
    for row in rows[2:]:
        c = cells(row)
        area, lists = c[0], [items(x) for x in c[1:]]
        order = []
        for lst in lists:
            for a in lst:
                if a not in order:
                    order.append(a)
        if not area_column:
            out.append("| " + area + " |" + " |" * (width - 1))
        for a in order:
            marks = [mark if a in lst else "" for lst in lists]
            lead = f"| {area} | {a} |" if area_column else f"| {a} |"
            out.append(lead + "".join(f" {m} |" for m in marks))
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    area_column = "--area-column" in sys.argv
    src, dst = args[0], args[1]
    mark = args[2] if len(args) > 2 else "●"
    lines = open(src, encoding="utf-8").read().split("\n")
    out, i, done = [], 0, False
    while i < len(lines):
        if lines[i].startswith("|") and not done:
            j = i
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            block = lines[i:j]
            if is_matrix(block):
                out.extend(tick(block, mark, area_column))
                done = True
            else:
                out.extend(block)
            i = j
        else:
            out.append(lines[i])
            i += 1
    assert done, "no matrix found"
    open(dst, "w", encoding="utf-8").write("\n".join(out))


main()
