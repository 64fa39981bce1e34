#!/usr/bin/env python3
"""Checks that every entry of the contents names the page its heading is
printed on.  The contents start on page 2 and end before the page that
prints the first entry's heading.  Prints one line per mismatch and
nothing when all agree.  Usage: toc-pages.py PDF"""
import re
import subprocess
import sys

pdf = sys.argv[1]
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
n_pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_lines(p):
    out = subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                         capture_output=True, text=True).stdout
    return [re.sub(r"\s+", " ", line).strip() for line in out.splitlines()]


pages = {p: page_lines(p) for p in range(1, n_pages + 1)}
entry = re.compile(r"^(\d+(?:\.\d+)*) (.+?) (?:\. ?){3,}(\d+)$")  # with leaders
entries = []
p = 2
while p <= n_pages:
    found = [entry.match(l) for l in pages[p]]
    found = [m for m in found if m]
    if entries and any(l.startswith(f"{entries[0][0]} {entries[0][1]}") and not entry.match(l)
                       for l in pages[p]):
        break   # the first heading: the body has begun
    entries += [(m.group(1), m.group(2), int(m.group(3))) for m in found]
    p += 1
if not entries:
    print("no contents entries found")
for num, title, page in entries:
    heading = f"{num} {title}"
    if page > n_pages or not any(l.startswith(heading) and not entry.match(l)
                                 for l in pages[page]):
        print(f"'{heading}' listed for page {page} but not printed there")
