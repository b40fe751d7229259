#!/usr/bin/env python3
"""Take away the header marks of a Word file's tables, as most tables in real .docx files lack them.

usage: headerless_docx.py IN.docx OUT.docx

In word/document.xml every '<w:tblHeader w:val="true" />' (a row repeated as the header on each
page) is removed and every 'w:firstRow="1"' (the table style's header row look) becomes
'w:firstRow="0"'. Every other zip entry is copied byte for byte, in order. The number of header
marks removed is printed. pandoc then writes each table as a pipe table with an empty header row,
the true header in the first body row.
"""
import sys
import zipfile

src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename == "word/document.xml":
            text = data.decode("utf-8")
            print("headers removed", text.count('<w:tblHeader w:val="true" />'))
            text = text.replace('<w:tblHeader w:val="true" />', "")
            text = text.replace('w:firstRow="1"', 'w:firstRow="0"')
            data = text.encode("utf-8")
        zout.writestr(info, data)
