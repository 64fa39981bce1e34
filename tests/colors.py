#!/usr/bin/env python3
"""Counts the pixels of a colour on a rendered PDF page.

Usage: colors.py PDF PAGE RRGGBB [TOLERANCE]
Renders PAGE with pdftoppm at 30 dpi (PPM) and prints how many pixels lie
within TOLERANCE (default 6) of the colour in every channel."""
import glob
import os
import subprocess
import sys
import tempfile

pdf, page, hexcolor = sys.argv[1], sys.argv[2], sys.argv[3]
tol = int(sys.argv[4]) if len(sys.argv) > 4 else 6
want = tuple(int(hexcolor[i:i + 2], 16) for i in (0, 2, 4))
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["pdftoppm", "-r", "30", "-f", page, "-l", page, pdf,
                    os.path.join(tmp, "p")], check=True)
    ppm = open(glob.glob(os.path.join(tmp, "p*.ppm"))[0], "rb").read()
# P6 header: magic, width, height, maxval, separated by whitespace
fields, pos = [], 0
while len(fields) < 4:
    while ppm[pos:pos + 1].isspace():
        pos += 1
    start = pos
    while not ppm[pos:pos + 1].isspace():
        pos += 1
    fields.append(ppm[start:pos])
data = ppm[pos + 1:]
count = 0
for i in range(0, len(data) - 2, 3):
    if all(abs(data[i + c] - want[c]) <= tol for c in range(3)):
        count += 1
print(count)
