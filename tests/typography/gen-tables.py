#!/usr/bin/env python3
"""A test document for page breaks in tables: `gen-tables.py LEAD` writes
YAML with LEAD paragraphs of running text before each of four tables (12,
49 with a sum row in `foot:`, 7 and 10 body rows), so that with LEAD from 0
to 9 the tables start at many places on their pages.  Rows name themselves
("T2 Zeile 17"), so tests can read from the PDF which rows share a page."""
import sys

LEAD = int(sys.argv[1]) if len(sys.argv) > 1 else 3
FILLER = ("Die Kommunen der Region stimmen ihre Vorhaben miteinander ab, damit "
          "Lösungen, die sich an einem Ort bewährt haben, auch anderswo genutzt "
          "werden können. Jede Tabelle dieses Dokuments steht hinter einigen "
          "Absätzen Fließtext, deren Zahl von Dokument zu Dokument wechselt.")

print("""kind: test
title: Tabellen über Seitenumbrüche
publisher: satz-Testsuite
date: 2026-12-01
version: "1"
body:""")
for t, (rows, foot) in enumerate([(12, False), (49, True), (7, False), (10, False)], 1):
    print("  - section: Tabelle %d" % t)
    print("    body:")
    for _ in range(LEAD + t):
        print("      - %s" % FILLER)
    print("      - table: Testtabelle %d" % t)
    print("        columns: [Zeile, Wert, Anmerkung]")
    print("        rows:")
    for r in range(1, rows + 1):
        print('          - ["T%d Zeile %d", "%d", "ein kurzer Vermerk"]' % (t, r, r * 7))
    if foot:
        print("        foot:")
        print('          - ["T%d Summe", "%d", ""]' % (t, sum(r * 7 for r in range(1, rows + 1))))
