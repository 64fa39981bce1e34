#!/usr/bin/env python3
"""Counts the pixels of a colour in a PNG file (8-bit RGB or RGBA, not
interlaced, as browsers and pdftoppm write them); stdlib only.  Its
read_png is the PNG reader of the tests' other pixel checks too
(tests/changelines.py).

Usage: pngpixels.py FILE.png RRGGBB [TOLERANCE]   (default tolerance 12)"""
import struct
import sys
import zlib


def read_png(path):
    """The pixels of the PNG at path: a list of rows, each a list of
    (r, g, b) tuples."""
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
        for i in range(stride):   # undo the row filter
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
    path, hexcolor = sys.argv[1], sys.argv[2]
    tol = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    want = tuple(int(hexcolor[i:i + 2], 16) for i in (0, 2, 4))
    print(sum(1 for row in read_png(path) for px in row
              if all(abs(px[k] - want[k]) <= tol for k in range(3))))


if __name__ == "__main__":
    main()
