#!/usr/bin/env python3
"""Apply the five corrections to wordprocessor-html/input.html. Usage: correct_wp.py IN OUT
Exact replacements, each asserting its count (same corrections as correct.py, in the HTML's own spelling)."""
import sys
s = open(sys.argv[1], encoding='utf-8').read()
C = '<td><p class="MsoNormal" align="center">'
F = '<td><p class="MsoNormal" align="center"><font face="Calibri, serif">'
TD = '\t\t<td style="border: 1px solid #000000; padding: 0.1cm">'
R = [
 # 1. provincial summaries
 (C + '7</p></td>\n\t\t' + C + '63</p>', C + '7</p></td>\n\t\t' + C + '70</p>', 1),
 (F + '7</font></p></td>\n\t\t' + F + '63</font>', F + '7</font></p></td>\n\t\t' + F + '70</font>', 1),
 ('>112</p>', '>104</p>', 1), ('>112</font>', '>104</font>', 1),
 ('62<sup>**</sup>', '63', 1), ('62**</font>', '63</font>', 1),
 ('<b>276</b>', '<b>277</b>', 2),
 # 2. overall summaries
 (C + '276</p>', C + '277</p>', 2), ('<b>354</b>', '<b>355</b>', 2),
 # 3. regional totals row: 15 and 78 move one column right
 (TD + '<p class="MsoNormal" align="center"><b>15</b></p></td>\n' + TD + '<p class="MsoNormal" align="center"><b>78</b></p></td>\n' + TD + '<p class="MsoNormal"><br/></p></td>\n',
  TD + '<p class="MsoNormal"><br/></p></td>\n' + TD + '<p class="MsoNormal" align="center"><b>15</b></p></td>\n' + TD + '<p class="MsoNormal" align="center"><b>78</b></p></td>\n', 1),
 # 4. comma
 ('Basilicata Valle', 'Basilicata, Valle', 2), ('Basilicata&nbsp;Valle', 'Basilicata,&nbsp;Valle', 1),
 # 5. wording
 ('Coordinamento e controllo della produzione e dei livelli di servizio delle Agenzie', 'Coordinamento e controllo dei livelli di servizio delle Agenzie', 1),
 ("dell'attivit&agrave; di ispezione e Vigilanza", "dell'attivit&agrave; di Ispezione e Vigilanza", 1),
 ('individuali e aziendali.</p>', 'individuali e aziendali</p>', 1),
]
for a, b, n in R:
    assert s.count(a) == n, (a, s.count(a), n)
    s = s.replace(a, b)
open(sys.argv[2], 'w', encoding='utf-8').write(s)
