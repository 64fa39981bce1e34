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
import re
import struct
import subprocess
import sys
import tempfile
import zlib

DPI = 200


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and not interlace, "unsupported PNG"
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return rows


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
