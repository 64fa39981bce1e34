#!/usr/bin/env python3
"""Checks the page breaks of the tables of a document made by
gen-tables.py: a table runs over a page break with at least 3 body rows on
each side, a table of at most 10 body rows is never split, and the sum row
of the foot shares its page with at least 2 body rows.  Reads the rows'
names from `pdftotext` page by page; prints one line per broken rule and
nothing when all hold.  Usage: tables.py PDF"""
import re
import subprocess
import sys

pdf = sys.argv[1]
pages = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True,
                       check=True).stdout.split("\f")
parts = {}   # table -> list of (page, body rows on it, foot on it)
for n, text in enumerate(pages, 1):
    seen = {}
    for t, what in re.findall(r"T(\d) (Zeile \d+|Summe)", text):
        rows, foot = seen.get(t, (0, False))
        seen[t] = (rows + (what != "Summe"), foot or what == "Summe")
    for t, (rows, foot) in seen.items():
        parts.setdefault(t, []).append((n, rows, foot))
sizes = {"1": 12, "2": 49, "3": 7, "4": 10}
for t, size in sizes.items():
    got = parts.get(t, [])
    total = sum(r for _, r, _ in got)
    if total != size:
        print("table %s: %d body rows found, not %d" % (t, total, size))
    if size <= 10 and len(got) > 1:
        print("table %s (%d rows) is split: %s" % (t, size, got))
    if len(got) > 1:
        for page, rows, foot in got:
            if rows < 3:
                print("table %s: page %d holds %d body rows" % (t, page, rows))
    for page, rows, foot in got:
        if foot and rows < 2:
            print("table %s: its sum row on page %d with %d body rows" % (t, page, rows))
