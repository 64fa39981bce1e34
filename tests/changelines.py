#!/usr/bin/env python3
"""Where a Synopse's words stand and whether a line runs through or under
them (tests/suite/synopse.sh); stdlib, poppler's pdftotext and pdftoppm.

Usage: changelines.py FILE.pdf PAGE WORD...

For each occurrence of each WORD on the page it prints one line
  WORD side=left|right strike=S under=U colour=RRGGBB
side: the half of the text area the word is in; strike: the largest share
of a pixel row in the middle band of the word (x-height) that is drawn in
the word's own colour; under: the same for a band just below its baseline.
A word struck through has strike near 1, an underlined one under near 1;
plain text stays well below (letters leave gaps in every row)."""
import html
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pngpixels import read_png  # noqa: E402  (the tests' PNG reader)

DPI = 200


def main():
    pdf, page, words = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    box = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-"],
                         capture_output=True, text=True, check=True).stdout
    pw = float(re.search(r'<page width="([\d.]+)"', box).group(1))
    found = [(html.unescape(m.group(5)), *map(float, m.group(1, 2, 3, 4)))
             for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                  r'yMax="([\d.]+)">([^<]*)</word>', box)]
    with tempfile.TemporaryDirectory() as t:
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                        "-singlefile", pdf, t + "/p"], check=True)
        img = read_png(t + "/p.png")
    s = DPI / 72.0
    for w in words:
        for text, x0, y0, x1, y1 in found:
            if text != w:
                continue
            # the word's colour: its darkest pixel
            X0, X1, Y0, Y1 = int(x0 * s) + 2, int(x1 * s) - 2, int(y0 * s), int(y1 * s)
            ink = min((img[y][x] for y in range(Y0, Y1) for x in range(X0, X1)), key=sum)

            def near(p):
                return all(abs(p[i] - ink[i]) <= 60 for i in range(3))

            def best(top, bottom):
                b = 0.0
                for y in range(max(top, 0), min(bottom, len(img))):
                    b = max(b, sum(near(img[y][x]) for x in range(X0, X1)) / max(X1 - X0, 1))
                return b
            h = Y1 - Y0
            strike = best(Y0 + int(0.35 * h), Y0 + int(0.75 * h))
            under = best(Y0 + int(0.75 * h), Y1 + int(0.25 * h))
            side = "left" if (x0 + x1) / 2 < pw / 2 else "right"
            print("%s side=%s strike=%.2f under=%.2f colour=%02x%02x%02x"
                  % (w, side, strike, under, *ink))


if __name__ == "__main__":
    main()
