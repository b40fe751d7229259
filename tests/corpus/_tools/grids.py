#!/usr/bin/env python3
"""Dump the tables of an .md (gfm pipe tables) or .html file as normalised grids
(span origin keeps the text, covered slots are blank). Used only to check the cases."""
import sys, re, html
from html.parser import HTMLParser

def norm(s):
    s = re.sub(r'<ul[^>]*>', ' ', s)
    s = s.replace('\u2022', ' ').replace('\xa0', ' ')
    return re.sub(r'\s+', ' ', s).strip()

def md_tables(text):
    tabs, cur = [], None
    for line in text.split('\n'):
        if line.startswith('|'):
            if cur is None: cur = []
            cells = [c for c in line.strip().strip('|').split('|')]
            if re.fullmatch(r'[\s|:-]+', line): continue
            cur.append([norm(c) for c in cells])
        else:
            if cur: tabs.append(cur)
            cur = None
    if cur: tabs.append(cur)
    return tabs

class P(HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True); s.tabs=[]; s.stack=[]; s.hide=0; s.tagstack=[]
    def handle_starttag(s, t, a):
        a = dict(a)
        if t == 'span':
            st = (a.get('style') or '').replace(' ', '')
            s.tagstack.append('hide' if 'display:none' in st else 'span')
            if 'display:none' in st: s.hide += 1
        if t == 'table': s.stack.append({'rows': []})
        elif not s.stack: return
        elif t == 'tr': s.stack[-1]['rows'].append([])
        elif t in ('td', 'th'):
            s.stack[-1]['rows'][-1].append([ '', int(a.get('rowspan') or 1), int(a.get('colspan') or 1)])
        elif t in ('br', 'p', 'li'): s.data(' ')
    def handle_endtag(s, t):
        if t == 'span' and s.tagstack:
            if s.tagstack.pop() == 'hide': s.hide -= 1
        if t == 'table' and s.stack: s.tabs.append(s.stack.pop()['rows'])
    def data(s, d):
        if s.hide or not s.stack: return
        rows = s.stack[-1]['rows']
        if rows and rows[-1]: rows[-1][-1][0] += d
    handle_data = data

def html_tables(text):
    p = P(); p.feed(text); out = []
    for rows in p.tabs:
        grid, occ = [], {}
        for r, row in enumerate(rows):
            g, c = [], 0
            for txt, rs, cs in row:
                while (r, c) in occ: g.append(''); c += 1
                for dr in range(rs):
                    for dc in range(cs):
                        if dr or dc: occ[(r+dr, c+dc)] = 1
                g.append(norm(txt)); g.extend([''] * (cs - 1)); c += cs
            while (r, c) in occ: g.append(''); c += 1
            grid.append(g)
        out.append(grid)
    return out

def tables(path):
    t = open(path, encoding='utf-8').read()
    return md_tables(t) if path.endswith('.md') else html_tables(t)

if __name__ == '__main__':
    for i, t in enumerate(tables(sys.argv[1])):
        print(f'--- table {i}: {len(t)} rows x {set(len(r) for r in t)} cols')
        for r in t: print(' | '.join(r))
