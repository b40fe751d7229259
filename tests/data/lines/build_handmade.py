# Builds awkward-handmade.html (hand-made, not a real page).  Mostly LF;
# the marked lines end in CRLF, and one line ends in a lone CR.
LF_PART1 = '''<!DOCTYPE html>
<!-- awkward-handmade.html: HAND-MADE test page for source-line reporting of
     <td>/<th> start tags; written for orgtables, not taken from a real site.
     This comment mentions <td> and <th> and even <table><tr><td>x</td></tr></table>:
     none of those count. -->
<html lang="en">
<head>
<meta charset="utf-8">
<title>Awkward <td>cells</td> in a title are text</title>
<style>
  td::before { content: "<td>"; }  /* a '<' in CSS */
  th > a { color: red; }
</style>
<script>
  // '<' in a script, and tag-like strings that are not tags
  for (var i = 0; i<3; i++) { document.title += i < 2 ? "<td>" : "</td>"; }
  var s = "<th class=\\"x\\">not a cell</th>";
</script>
</head>
<body>
<h1>Table 1: = followed by a newline</h1>
<table border="1">
<tr><th class=
"x">A</th><th class=
  'y'>B</th><th colspan=
2>C</th></tr>
<tr><td class=
"x">1</td><td data-a = 
   "spaces around = then newline">2</td><td
class="x">3</td><td title="a
value that runs
over three lines">4</td></tr>
</table>

<h2>Table 2: tags spanning lines, '>' far from '<'</h2>
<table
  border="1"
  summary="multi-line table tag">
  <tr
    valign="top">
    <td
      rowspan="2"
      class="tall"
    >rowspan 2</td>
    <td colspan="2"
        title="a > inside a quoted value"
        >colspan 2</td>
  </tr>
  <tr><TD ALIGN=left>upper-case, unquoted</TD><td/>self-closing slash ignored</tr>
</table>

<!--
<table><tr>
  <td>commented-out row</td>
</tr></table>
-->
<!---->
<p>Empty comment above; textarea below holds markup as text:</p>
<textarea rows="3">
<table><tr><td>not a cell</td></tr></table>
</textarea>

<h2>Table 3: nested</h2>
<table border="1">
  <tr>
    <td>outer 1
      <table border="1"><tr><td>inner 1</td><td>inner 2</td></tr>
        <tr><th scope=
"row">inner th</th><td>inner 3</td></tr></table>
    </td>
    <td>outer 2</td>
  </tr>
</table>
'''

CRLF_PART = '''<h2>Table 4: CRLF line ends from here on</h2>
<table border="1">
<tr><td class=
"crlf">after = CRLF</td><td
>gt on next line</td></tr>
<tr><td>plain</td></tr>
</table>
'''

CR_LINE = '<p>This line ends in a lone CR (old Mac style), which counts as one line.</p>'

LF_PART2 = '''<table border="1">
<tr><td>after the lone CR</td><td
title=
"last">last cell</td></tr>
</table>
<script>
  document.write("<table><tr><td>written by script, not in source</td></tr></table>");
  if (1 < 2 && 3 > 2) {}
</script>
</body>
</html>
'''

data = (LF_PART1 + CRLF_PART.replace('\n', '\r\n') + CR_LINE + '\r' + LF_PART2)
with open('awkward-handmade.html', 'w', newline='') as f:
    f.write(data)
