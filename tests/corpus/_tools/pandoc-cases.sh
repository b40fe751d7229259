#!/bin/sh
# usage: pandoc-cases.sh SRC.md PREFIX   (PREFIX "" or "corrected-")
set -e
SRC=$1; P=$2
mkdir -p ${P}pandoc-html ${P}pandoc-html-wrapped ${P}pandoc-docx-html
pandoc -f gfm -t html -s --wrap=none --metadata pagetitle="Missioni Istituzionali" "$SRC" -o ${P}pandoc-html/input.html
pandoc -f gfm -t html -s --columns=60 --metadata pagetitle="Missioni Istituzionali" "$SRC" -o ${P}pandoc-html-wrapped/input.html
pandoc -f gfm -t docx "$SRC" -o ${P}pandoc-docx-html/source.docx
pandoc -f docx -t html -s --metadata pagetitle="Missioni Istituzionali" ${P}pandoc-docx-html/source.docx -o ${P}pandoc-docx-html/input.html
