#!/bin/sh
# Makes every case of /work/corpus-work/cases. Run as:  cd /work/corpus-work/cases && sh _tools/make_cases.sh
# Each case's SOURCE repeats the exact commands for that case.
set -eu
cd /work/corpus-work/cases
T=/work/main/tests/corpus
PANDOC2=/usr/bin/pandoc                                        # pandoc 2.17.1.1 (Debian)
PANDOC36=/work/corpus-work/pandoc3/pypandoc/files/pandoc       # pandoc 3.6.1 (pypandoc_binary 1.15 wheel)
PANDOC39=/work/corpus-work/pandoc3-latest/pypandoc/files/pandoc # pandoc 3.9   (pypandoc_binary 1.17 wheel)

for P in "" corrected-; do
  if [ -z "$P" ]; then MD=$T/seed-md/input.md; HTML=$T/spanned-html/input.html
  else MD=$T/corrected-md/input.md; HTML=$T/corrected-spanned-html/input.html; fi
  mkdir -p ${P}pandoc-simple-md ${P}pandoc-grid-md ${P}pandoc-grid-only-md ${P}pandoc-multiline-md \
    ${P}pandoc-multiline-unwrapped-md ${P}pandoc-multiline-spanned-md ${P}html-blocks-md ${P}html-blocks-spanned-md \
    ${P}mixed-md ${P}repeated-merge-md ${P}repeated-merge-html ${P}pandoc-docx ${P}pandoc-odt \
    ${P}libreoffice-docx ${P}libreoffice-odt ${P}libreoffice-spanned-docx ${P}libreoffice-spanned-odt ${P}pandoc-spanned-docx
  # 1 simple tables
  $PANDOC2 -f gfm -t markdown $MD -o ${P}pandoc-simple-md/input.md
  # 2 grid tables with spans (pandoc 3.9), default and forced
  $PANDOC39 -f html -t markdown $HTML -o ${P}pandoc-grid-md/input.md
  $PANDOC39 -f html -t markdown-simple_tables-multiline_tables-pipe_tables $HTML -o ${P}pandoc-grid-only-md/input.md
  # 3 multiline tables
  $PANDOC2 -f gfm -t docx $MD -o ${P}pandoc-multiline-md/source.docx
  $PANDOC39 -f docx -t markdown ${P}pandoc-multiline-md/source.docx -o ${P}pandoc-multiline-md/input.md
  $PANDOC2 -f gfm -t markdown-simple_tables-grid_tables-pipe_tables $MD -o ${P}pandoc-multiline-unwrapped-md/input.md
  $PANDOC39 -f html -t markdown-simple_tables-grid_tables-pipe_tables $HTML -o ${P}pandoc-multiline-spanned-md/input.md
  # 4 raw HTML blocks
  $PANDOC2 -f gfm -t commonmark $MD -o ${P}html-blocks-md/input.md
  python3 _tools/splice_tables.py $MD $HTML ${P}html-blocks-spanned-md/input.md --one-line
  # 5 mixed: regional detail (2), first provincial summary (6), second overall summary (10) as HTML blocks
  python3 _tools/splice_tables.py $MD ${P}html-blocks-md/input.md ${P}mixed-md/input.md --tables 2,6,10
  # 6 merged cells as repeated text
  python3 _tools/repeat_merged_md.py $MD ${P}repeated-merge-md/input.md
  python3 _tools/expand_spans_html.py $HTML ${P}repeated-merge-html/input.html
  # 7 word processor files
  $PANDOC2 -f gfm -t docx $MD -o ${P}pandoc-docx/input.docx
  $PANDOC2 -f gfm -t odt $MD -o ${P}pandoc-odt/input.odt
  $PANDOC39 -f html -t docx $HTML -o ${P}pandoc-spanned-docx/input.docx
  # LibreOffice (soffice names its output after the input's base name "input")
  soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir ${P}libreoffice-docx ${P}pandoc-docx/input.docx
  soffice --headless --convert-to odt --outdir ${P}libreoffice-odt ${P}pandoc-docx/input.docx
  soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir ${P}libreoffice-spanned-docx $HTML
  soffice --headless --convert-to odt --outdir ${P}libreoffice-spanned-odt $HTML
done

# fixture variant (no corrected twin: there is no corrected copy of the fixture)
mkdir -p pandoc-grid-fixture-md
$PANDOC39 -f html -t markdown /work/main/tests/fixtures/missioni-istituzionali.html -o pandoc-grid-fixture-md/input.md
