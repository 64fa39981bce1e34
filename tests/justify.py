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
    ends = collections.Counter(round(float(ln.get("xMax")) * 2) / 2 for ln in lines)
    if not ends:
        continue
    edge = ends.most_common(1)[0][0]
    # the mode may be a hanging hyphen's end: the margin is the lowest end
    # among the frequent ones within 3.5 pt
    edge = min(e for e, c in ends.items() if c >= 2 and edge - 3.5 <= e <= edge)
    for line in lines:
        y0, y1 = float(line.get("yMin")), float(line.get("yMax"))
        if y0 < 80 or y1 > 760:
            continue   # running header and footer
        x1 = float(line.get("xMax"))
        words = [w.text for w in line.iter(ns + "word")]
        if len(words) < 4 or any(re.fullmatch(r"[.\s]+|\d+", w or "") for w in words[-2:]):
            continue   # contents entries and labels
        if edge - 12 < x1 < edge - 0.3 or x1 > edge + 3.5:
            print(f"p{n}: line ends at {x1:.2f}, measure at {edge:.2f}: {' '.join(words)}")
        elif x1 >= edge - 0.3:
            checked += 1
if checked < 10:
    print(f"only {checked} justified lines found")
