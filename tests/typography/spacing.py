#!/usr/bin/env python3
"""Word spacing and hyphenation of the justified body text of a PDF, read
back with `pdftotext -bbox` (issue #14's measure, independent of satz).

Body lines are the lines of the most common word height (headings,
footnotes and tables are set in other sizes).  A line is justified when it
reaches the right edge that most body lines of its page parity share (within
1.5 pt, or up to 4 pt beyond for hanging punctuation) and starts in the left
half; its gap ratio is its mean inter-word gap over the natural space, the
median gap of the body lines that do not reach the edge (last lines of
paragraphs, set with natural spaces).  Lines whose gaps differ by more than
a third of an em (a table row, a contents entry) and gaps under 0.08 em
(a font change, a footnote mark) are left out.

Prints one line: "lines N median M p95 P max X hyphenated H% run R".
Usage: spacing.py PDF [BODY_SIZE_PT]"""
import collections
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"
pdf = sys.argv[1]
em = float(sys.argv[2]) if len(sys.argv) > 2 else 10.5

xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                     check=True).stdout
pages = []
for page in ET.fromstring(xml).iter(NS + "page"):
    words = sorted(((float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                     float(w.get("yMax")), w.text or "") for w in page.iter(NS + "word")),
                   key=lambda w: (round(w[3], 1), w[0]))
    lines = []
    for w in words:   # one line: the same baseline (yMax) within 0.5 pt
        if lines and abs(lines[-1][-1][3] - w[3]) < 0.5:
            lines[-1].append(w)
        else:
            lines.append([w])
    pages.append([sorted(ln) for ln in lines])

height = collections.Counter(round(w[3] - w[1], 1) for p in pages for ln in p for w in ln)
body_h = height.most_common(1)[0][0]
body = [(n, ln) for n, p in enumerate(pages) for ln in p
        if len(ln) >= 3 and abs(statistics.median(w[3] - w[1] for w in ln) - body_h) < 0.3]

edges = {}
for parity in (0, 1):
    side = [ln for n, ln in body if n % 2 == parity] or [ln for _, ln in body]
    lefts = collections.Counter(round(ln[0][0]) for ln in side)
    rights = collections.Counter(round(ln[-1][2]) for ln in side)
    edges[parity] = (lefts.most_common(1)[0][0], rights.most_common(1)[0][0])

records = []
for n, ln in body:
    left, right = edges[n % 2]
    if len(ln) == 1 or all(ch in ".…·" for ch in ln[-2][4]):
        continue   # contents entries: leader dots
    words = ln[1:] if ln[0][4] in ("•", "–", "◦") or ln[0][4].rstrip(".)").isdigit() else ln
    gaps = [b[0] - a[2] for a, b in zip(words, words[1:]) if b[0] - a[2] > 0.08 * em]
    if len(gaps) < 2 or max(gaps) - min(gaps) > em / 3:
        continue
    full = right - 1.5 <= words[-1][2] <= right + 4 and words[0][0] < left + (right - left) / 2
    records.append((full, statistics.fmean(gaps), statistics.median(gaps),
                    words[-1][4].endswith(("-", "\u2010", "\u00ad"))))

natural = statistics.median(g for full, _, g, _ in records if not full)
ratios = sorted(mean / natural for full, mean, _, _ in records if full)
hyph = [h for full, _, _, h in records if full]
run = best = 0
for full, _, _, h in records:
    run = run + 1 if h else 0
    best = max(best, run)
p95 = ratios[min(len(ratios) - 1, int(round(0.95 * (len(ratios) - 1))))]
print("lines %d median %.2f p95 %.2f max %.2f hyphenated %.1f%% run %d" % (
    len(ratios), statistics.median(ratios), p95, ratios[-1], 100 * sum(hyph) / len(hyph), best))
