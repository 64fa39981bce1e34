#!/usr/bin/env python3
"""Whether two PDFs hold the same document, whatever their bytes.

  pdfsame.py A.pdf B.pdf      prints the differences; exit 0 when none
  pdfsame.py --dump A.pdf     prints the canonical form of one file

Reads both files with qpdf --json (every stream decoded) and writes each as
a canonical form: the objects reachable from the trailer's /Root and
/Info, numbered in the order a walk from the trailer meets them (dictionary
keys sorted, arrays in order), every reference written as that number and
every stream as its dictionary (without /Length, /Filter, /DecodeParms)
and the SHA-1 of its decoded bytes, text strings as their text.  Two files
whose canonical forms agree have the same pages, content streams, fonts,
images, structure tree (element for element, marked content for marked
content), annotations, outline, metadata and document information; they
differ only in how the file is written: object numbers and order, object
and cross-reference streams, compression, linearisation, string syntax
and the /ID.  The text of every page (pdftotext) is compared as well.

Used to show that a change to finishing (src/finish.c, src/pdfwrite.c)
changes the file's bytes but not the document (docs/bench.md).
"""
import base64
import hashlib
import json
import subprocess
import sys

SKIP_STREAM_KEYS = {"/Length", "/Filter", "/DecodeParms"}


def load(path):
    out = subprocess.run(["qpdf", "--json", "--json-stream-data=inline",
                          "--decode-level=all", path],
                         capture_output=True, check=True).stdout
    j = json.loads(out)
    objs = j["qpdf"][1]
    trailer = objs["trailer"]["value"]
    return objs, trailer


def canonical(path):
    objs, trailer = load(path)
    order = {}
    lines = []
    queue = []

    def ref_id(r):
        if r not in order:
            order[r] = len(order) + 1
            queue.append(r)
        return "#%d" % order[r]

    def canon(v):
        if isinstance(v, str):
            if v.endswith(" 0 R") and ("obj:" + v) in objs:
                return ref_id(v)
            return v
        if isinstance(v, list):
            return [canon(x) for x in v]
        if isinstance(v, dict):
            return {k: canon(v[k]) for k in sorted(v)}
        return v

    top = {k: canon(trailer[k]) for k in ("/Root", "/Info") if k in trailer}
    lines.append("trailer " + json.dumps(top, sort_keys=True, ensure_ascii=False))
    while queue:
        r = queue.pop(0)
        o = objs["obj:" + r]
        if "stream" in o:
            d = {k: v for k, v in o["stream"]["dict"].items() if k not in SKIP_STREAM_KEYS}
            data = o["stream"].get("data")
            h = hashlib.sha1(base64.b64decode(data)).hexdigest() if data is not None else "?"
            lines.append("%s stream %s sha1=%s" % (order[r], json.dumps(canon(d), sort_keys=True,
                                                                        ensure_ascii=False), h))
        else:
            lines.append("%s %s" % (order[r], json.dumps(canon(o["value"]), sort_keys=True,
                                                         ensure_ascii=False)))
    return lines


def text(path):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")


def main(argv):
    if len(argv) == 3 and argv[1] == "--dump":
        print("\n".join(canonical(argv[2])))
        return 0
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    a, b = argv[1], argv[2]
    ca, cb = canonical(a), canonical(b)
    bad = 0
    if len(ca) != len(cb):
        print("objects: %d in %s, %d in %s" % (len(ca), a, len(cb), b))
        bad += 1
    for x, y in zip(ca, cb):
        if x != y:
            print("- " + x[:300])
            print("+ " + y[:300])
            bad += 1
            if bad > 20:
                print("...")
                break
    if text(a) != text(b):
        print("pdftotext: the text differs")
        bad += 1
    if not bad:
        print("same document: %d objects, same text (%s, %s)" % (len(ca), a, b))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
