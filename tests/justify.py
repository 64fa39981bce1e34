#!/usr/bin/env python3
"""Checks that justified lines end exactly at the measure.

Reads `pdftotext -bbox-layout`.  Body lines are those of the document's
most common line height (captions, tables and footnotes are set smaller,
and ragged).  Justified lines end at an edge many lines share: the text
area's right edge (two places with facing pages) or a box's inner edge
(9 pt inside it);
up to 3.5 pt beyond it is punctuation hanging into the margin.  Every body
line that is not the last of its text block and ends within 12 pt of its
page's right text edge must end at such an edge.  Prints one line per
offending line; nothing when all are right.  Usage: justify.py PDF"""
import collections
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

pdf = sys.argv[1]
xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                     text=True, check=True).stdout
xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
ns = "{http://www.w3.org/1999/xhtml}"
root = ET.fromstring(xml)


def height(ln):
    return round(float(ln.get("yMax")) - float(ln.get("yMin")), 1)


pages = []
for n, page in enumerate(root.iter(ns + "page"), 1):
    if n == 1:
        continue   # the cover
    lines = []
    for block in page.iter(ns + "block"):
        lines += list(block.iter(ns + "line"))[:-1]   # a block's last line is ragged
    pages.append((n, [ln for ln in lines if 80 <= float(ln.get("yMin")) and
                      float(ln.get("yMax")) <= 760]))   # not the header and footer
heights = collections.Counter(height(ln) for _, lines in pages for ln in lines)
if not heights:
    print("no text lines found")
    sys.exit()
body_h = heights.most_common(1)[0][0]

# the edges, per page parity (facing pages), from the whole document
ends = {0: [], 1: []}
for n, lines in pages:
    ends[n % 2] += [float(ln.get("xMax")) for ln in lines if abs(height(ln) - body_h) < 0.3]
edges = {}
for parity, xs in ends.items():
    groups, cur = [], []
    for x in sorted(xs):
        if cur and x - cur[0] > 3.5:
            groups.append(cur)
            cur = []
        cur.append(x)
    if cur:
        groups.append(cur)
    edges[parity] = [g[0] for g in groups if len(g) >= 2]
    # a box's text ends its padding (9 pt by default) inside the text edge
    if edges[parity]:
        edges[parity].append(max(edges[parity]) - 9)

checked = 0
for n, lines in pages:
    es = edges[n % 2]
    if not es:
        continue
    right = max(es)
    for line in lines:
        if abs(height(line) - body_h) >= 0.3:
            continue
        x1 = float(line.get("xMax"))
        words = [w.text for w in line.iter(ns + "word")]
        if len(words) < 4 or any(re.fullmatch(r"[.\s]+|\d+", w or "") for w in words[-2:]):
            continue   # contents entries and labels
        if x1 <= right - 12:
            continue   # a short line
        if any(e - 0.05 <= x1 <= e + 3.5 for e in es):
            checked += 1
        else:
            print(f"p{n}: line ends at {x1:.2f}, not at an edge ({[round(e, 1) for e in es]}): "
                  f"{' '.join(words)}")
if checked < 10:
    print(f"only {checked} justified lines found")
