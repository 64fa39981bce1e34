#!/usr/bin/env python3
"""Font expansion as the PDF shows it: the horizontal scale of every text
matrix (a / d of "a 0 0 d e f Tm", read with qpdf's uncompressed QDF form).
Prints "count min max distinct" and then one line per rule broken: a scale
outside 1 +- LIMIT, one that is no multiple of STEP, or two scales other
than 1 on one baseline of a page (each line has one factor; labels beside
a line are unscaled).  Usage: expansion.py PDF LIMIT STEP"""
import collections
import re
import subprocess
import sys

pdf, limit, step = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                     capture_output=True, check=True).stdout.decode("latin-1")
page, scales, lines = 0, [], collections.defaultdict(set)
problems = []
for ln in qdf.split("\n"):
    m = re.match(r"%% Contents for page (\d+)", ln)
    if m:
        page = int(m.group(1))
        continue
    m = re.match(r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) Tm$", ln)
    if not m:
        continue
    a, b, c, d, e, f = (float(x) for x in m.groups())
    if b != 0 or c != 0 or d == 0:
        continue   # turned text (the watermark)
    s = a / abs(d)
    scales.append(s)
    if abs(s - 1) > limit + 1e-4:
        problems.append("page %d: scale %.4f beyond the limit" % (page, s))
    if abs(round((s - 1) / step) * step - (s - 1)) > 1e-3 and abs(abs(s - 1) - limit) > 1e-4:
        problems.append("page %d: scale %.4f is no multiple of the step" % (page, s))
    if abs(s - 1) > 1e-4:
        lines[(page, round(f, 1))].add(round(s, 4))
for (page, y), s in sorted(lines.items()):
    if len(s) > 1:
        problems.append("page %d, baseline %.1f: scales %s" % (page, y, sorted(s)))
distinct = sorted({round(s, 4) for s in scales})
print("%d %.4f %.4f %d" % (len(scales), min(scales or [1]), max(scales or [1]), len(distinct)))
for p in problems:
    print(p)
