#!/usr/bin/env python3
"""Join tables that stand back to back, as Word and LibreOffice join them.

usage: join_tables.py docx IN.docx OUT.docx
       join_tables.py md IN.md OUT.md

docx: in word/document.xml, every empty paragraph written as '<w:p />' that stands alone between
  a '</w:tbl>' and the next '<w:tbl>' is removed, so that the two tables touch (pandoc writes one
  such paragraph between two tables with nothing else between them; Word shows tables that touch
  as one, and LibreOffice joins them when it opens the file). Every other zip entry is copied
  byte for byte, in order, with its compression.
md: every run of blank lines between the last row of a pipe table (a line starting with '|') and
  the header row of the next one is removed, so that GFM reads the two as one table (the second
  one's header and delimiter rows become rows of the first).
The number of joins made is printed.
"""
import re
import sys
import zipfile


def join_docx(src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                n = text.count("</w:tbl><w:p /><w:tbl>")
                text = text.replace("</w:tbl><w:p /><w:tbl>", "</w:tbl><w:tbl>")
                print("joined", n)
                data = text.encode("utf-8")
            zout.writestr(info, data)


def join_md(src, dst):
    text = open(src, encoding="utf-8").read()
    joined, n = re.subn(r"(\n\|[^\n]*)\n(?:[ \t]*\n)+(?=\|)", r"\1\n", text)
    print("joined", n)
    open(dst, "w", encoding="utf-8").write(joined)


{"docx": join_docx, "md": join_md}[sys.argv[1]](sys.argv[2], sys.argv[3])
