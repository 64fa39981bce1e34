#!/usr/bin/env python3
"""Checks that justified lines end exactly at the measure.

Reads `pdftotext -bbox-layout`; for every text line of the body (between
the header and footer) that is not the last of its text block and whose
right end lies within 12 pt of the right margin, the end must be at the
margin: from 0.3 pt inside it to 3.5 pt
beyond it (punctuation and hyphens hang into the margin by design).
Lines ending further inside are last lines of paragraphs or ragged lines.
Prints one line per offending line; nothing when all are exact.
The right margin of each page is where most of its lines end (facing
pages have it at two places).  Usage: justify.py PDF"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import collections

pdf = sys.argv[1]
xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                     text=True, check=True).stdout
xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
ns = "{http://www.w3.org/1999/xhtml}"
root = ET.fromstring(xml)
checked = 0
for n, page in enumerate(root.iter(ns + "page"), 1):
    if n == 1:
        continue   # the cover
    lines = []
    for block in page.iter(ns + "block"):
        lines += list(block.iter(ns + "line"))[:-1]   # a block's last line is ragged
    # body lines only: the most common line height (captions, tables and
    # notes are set smaller, and ragged)
    heights = collections.Counter(round(float(ln.get("yMax")) - float(ln.get("yMin")), 1)
                                  for ln in lines)
    if not heights:
        continue
    body_h = heights.most_common(1)[0][0]
    lines = [ln for ln in lines
             if abs(float(ln.get("yMax")) - float(ln.get("yMin")) - body_h) < 0.3]
    # justified lines end at an edge several lines share: the page's
    # margin, or the inner edge of a box; lines up to 3.5 pt beyond an edge
    # end in hanging punctuation
    ends = sorted(float(ln.get("xMax")) for ln in lines)
    groups, cur = [], []
    for x in ends:
        if cur and x - cur[0] > 3.5:
            groups.append(cur)
            cur = []
        cur.append(x)
    if cur:
        groups.append(cur)
    edges = [g[0] for g in groups if len(g) >= 2]
    if not edges:
        continue
    edge = max(edges)
    for line in lines:
        y0, y1 = float(line.get("yMin")), float(line.get("yMax"))
        if y0 < 80 or y1 > 760:
            continue   # running header and footer
        x1 = float(line.get("xMax"))
        words = [w.text for w in line.iter(ns + "word")]
        if len(words) < 4 or any(re.fullmatch(r"[.\s]+|\d+", w or "") for w in words[-2:]):
            continue   # contents entries and labels
        if not edge - 12 < x1:
            continue   # a short line
        if any(e - 0.05 <= x1 <= e + 3.5 for e in edges):
            checked += 1
        else:
            print(f"p{n}: line ends at {x1:.2f}, no shared edge near it ({edges}): {' '.join(words)}")
if checked < 10:
    print(f"only {checked} justified lines found")
