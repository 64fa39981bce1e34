#!/usr/bin/env python3
"""Makes a deliberately broken copy of a finished PDF, for the tests of
`satz verify` (tests/suite/pdfua.sh): each damage breaks one rule.

  breakpdf.py DAMAGE IN.pdf OUT.pdf

The objects are edited through qpdf (qpdf --json, then
--update-from-json), so the result is a well-formed PDF with exactly the
one fault; the "raw-" damages edit the file's bytes.  `breakpdf.py list`
prints the damages."""
import base64
import json
import re
import subprocess
import sys


def load(path):
    out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline",
                          "--decode-level=generalized", path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


class Doc:
    def __init__(self, path):
        self.doc = load(path)
        self.objs = self.doc["qpdf"][1]
        self.changed = {}

    def refs(self):
        return [k[4:] for k in self.objs if k.startswith("obj:")]

    def obj(self, ref):
        return self.objs["obj:" + ref]

    def value(self, ref):
        o = self.obj(ref)
        return o["stream"]["dict"] if "stream" in o else o.get("value")

    def touch(self, ref):
        self.changed["obj:" + ref] = self.obj(ref)

    def find(self, pred):
        for ref in self.refs():
            v = self.value(ref)
            if isinstance(v, dict) and pred(v):
                yield ref

    def first(self, pred):
        return next(self.find(pred))

    def data(self, ref):
        return base64.b64decode(self.obj(ref)["stream"].get("data", ""))

    def set_data(self, ref, data):
        st = self.obj(ref)["stream"]
        st["data"] = base64.b64encode(data).decode()
        for k in ("/Filter", "/DecodeParms"):
            st["dict"].pop(k, None)
        self.touch(ref)

    def root(self):
        return self.doc["qpdf"][1]["trailer"]["value"]["/Root"]

    def page_contents(self):
        for p in self.doc["pages"]:
            for c in p["contents"]:
                yield c

    def write(self, qdf, out):
        """Writes the changed objects into the QDF text and lets fix-qdf
        correct the stream lengths and the cross-reference table."""
        with open(qdf, "rb") as f:
            text = f.read()
        for key, o in self.changed.items():
            num = key[4:].split()[0]
            m = re.search(rb"\n%s 0 obj\n" % num.encode(), text)
            start = m.end()
            end = text.index(b"\nendobj", start)
            if "stream" in o:
                length = re.search(rb"/Length (\d+ \d+ R)", text[start:end])
                if length:   # qpdf's JSON leaves /Length out; fix-qdf sets it
                    o["stream"]["dict"]["/Length"] = length.group(1).decode()
                body = (serialize(o["stream"]["dict"]) + b"\nstream\n" +
                        base64.b64decode(o["stream"].get("data", "")) + b"\nendstream")
            else:
                body = serialize(o["value"])
            text = text[:start] + body + text[end:]
        with open(out + ".qdf", "wb") as f:
            f.write(text)
        with open(out, "wb") as f:
            subprocess.run(["fix-qdf", out + ".qdf"], check=True, stdout=f)


def serialize(v):
    """A value of qpdf's JSON v2 as PDF syntax."""
    if v is True or v is False:
        return b"true" if v else b"false"
    if v is None:
        return b"null"
    if isinstance(v, (int, float)):
        return str(v).encode()
    if isinstance(v, list):
        return b"[ " + b" ".join(serialize(x) for x in v) + b" ]"
    if isinstance(v, dict):
        return b"<< " + b" ".join(k.encode() + b" " + serialize(x) for k, x in v.items()) + b" >>"
    if re.fullmatch(r"\d+ \d+ R", v) or v.startswith("/"):
        return v.encode()
    if v.startswith("u:"):
        return b"<feff" + v[2:].encode("utf-16-be").hex().encode() + b">"
    if v.startswith("b:"):
        return b"<" + v[2:].encode() + b">"
    return v.encode()


def elem(d, s):
    return d.first(lambda v: v.get("/S") == s and "/Type" not in v or v.get("/S") == s and v.get("/Type") == "/StructElem")


def struct_type(old, new):
    def f(d):
        ref = elem(d, old)
        d.value(ref)["/S"] = new
        d.touch(ref)
    return f


def edit_content(pattern, repl):
    def f(d):
        for c in d.page_contents():
            data = d.data(c)
            new, n = re.subn(pattern, repl, data, count=1)
            if n:
                d.set_data(c, new)
                return
        raise SystemExit("breakpdf: nothing to edit")
    return f


def dup_header_row(d):
    for ref in d.find(lambda v: v.get("/S") == "/Table"):
        k = d.value(ref)["/K"]
        if isinstance(k, list) and len(k) > 1:
            rows = [r for r in k if isinstance(r, str) and d.value(r).get("/S") == "/TR"]
            k.append(rows[0])
            d.touch(ref)
            return


def note_id_dup(d):
    notes = list(d.find(lambda v: v.get("/S") == "/Note"))
    d.value(notes[1])["/ID"] = d.value(notes[0])["/ID"]
    d.touch(notes[1])


def drop_key(pred, key):
    def f(d):
        ref = d.first(lambda v: pred(v) and key in v)
        del d.value(ref)[key]
        d.touch(ref)
    return f


def set_key(pred, key, val):
    def f(d):
        ref = d.first(pred)
        d.value(ref)[key] = val
        d.touch(ref)
    return f


def parent_tree(d):
    """Two MCIDs of a page swap their elements in the ParentTree."""
    st = d.value(d.value(d.root())["/StructTreeRoot"])
    pt = d.value(st["/ParentTree"])
    nums = pt["/Nums"]
    for i in range(1, len(nums), 2):
        arr = nums[i]
        ref = arr if isinstance(arr, str) else None
        if ref:
            arr = d.value(ref)
        if isinstance(arr, list) and len(arr) > 2 and arr[0] != arr[1]:
            arr[0], arr[1] = arr[1], arr[0]
            if ref:
                d.touch(ref)
            else:
                d.touch(st["/ParentTree"])
            return


def tounicode_zero(d):
    ref = next(v["/ToUnicode"] for v in (d.value(r) for r in d.refs())
               if isinstance(v, dict) and v.get("/Subtype") == "/Type0")
    data = d.data(ref)
    m = re.search(rb"beginbfchar\s*<([0-9a-fA-F]+)>\s*<[0-9a-fA-F]+>", data)
    if m:
        data = data[:m.start()] + b"beginbfchar\n<" + m.group(1) + b"> <0000>" + data[m.end():]
    else:
        data = re.sub(rb"(beginbfrange\s*<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\s*)<[0-9a-fA-F]+>",
                      rb"\1<0000>", data, count=1)
    d.set_data(ref, data)


def width_off(d):
    ref = d.first(lambda v: v.get("/Subtype") == "/CIDFontType2" and "/W" in v)
    w = d.value(ref)["/W"]
    for i, x in enumerate(w):
        if isinstance(x, list):
            w[i] = [y + 50 for y in x]
            break
    d.touch(ref)


def xmp_control(d):
    ref = d.value(d.root())["/Metadata"]
    d.set_data(ref, d.data(ref).replace(b"<dc:format>", b"<dc:format>\x07", 1))


def xmp_edit(old, new):
    def f(d):
        ref = d.value(d.root())["/Metadata"]
        d.set_data(ref, d.data(ref).replace(old, new, 1))
    return f


def icc_class(d):
    oi = d.value(d.root())["/OutputIntents"]
    oi = d.value(oi) if isinstance(oi, str) else oi
    first = oi[0]
    first = d.value(first) if isinstance(first, str) else first
    ref = first["/DestOutputProfile"]
    data = bytearray(d.data(ref))
    data[12:16] = b"scnr"
    d.set_data(ref, bytes(data))


def long_alt(d):
    ref = d.first(lambda v: v.get("/S") == "/Figure")
    d.value(ref)["/Alt"] = "u:" + "x" * 40000
    d.touch(ref)


def annot(key, val):
    return set_key(lambda v: v.get("/Subtype") == "/Link", key, val)


def raw(fn):
    def f(src, out):
        with open(src, "rb") as fh:
            data = fh.read()
        with open(out, "wb") as fh:
            fh.write(fn(data))
    return f


DAMAGES = {
    # structure (PDF/UA, Matterhorn, satz)
    "repeated-header": dup_header_row,
    "note-id-dup": note_id_dup,
    "no-scope": drop_key(lambda v: v.get("/S") == "/TH", "/A"),
    "no-list-numbering": drop_key(lambda v: v.get("/S") == "/L", "/A"),
    "bad-list-numbering": set_key(lambda v: v.get("/S") == "/L", "/A",
                                  {"/O": "/List", "/ListNumbering": "/Arabic"}),
    "parent-tree": parent_tree,
    "bad-type": struct_type("/P", "/Paragraph"),
    "li-outside-l": struct_type("/L", "/Div"),
    "tr-outside-table": struct_type("/Table", "/Div"),
    "toci-outside-toc": struct_type("/TOC", "/Div"),
    "no-parent": drop_key(lambda v: v.get("/S") == "/P", "/P"),
    "bad-lang": set_key(lambda v: v.get("/S") == "/P", "/Lang", "u:english_GB"),
    "first-h2": struct_type("/H1", "/H2"),
    "suspects": lambda d: (d.value(d.root())["/MarkInfo"].__setitem__("/Suspects", True),
                           d.touch(d.root())),
    "link-outside": set_key(lambda v: v.get("/Subtype") == "/Link", "/StructParent", 99999),
    # content
    "artifact-in-mcid": edit_content(rb"(/MCID \d+ >> BDC\n)", rb"\1/Artifact BMC EMC\n"),
    "mcid-in-artifact": edit_content(rb"(/Artifact BMC\n)", rb"\1/P << /MCID 9999 >> BDC EMC\n"),
    "notdef": edit_content(rb"(/f-\d+-\d+ [0-9.]+ Tf\s+[^\n]*?)\[?<([0-9a-f]{4})", rb"\1[<0000"),
    "missing-glyph": edit_content(rb"(/f-\d+-\d+ [0-9.]+ Tf\s+[^\n]*?)\[?<([0-9a-f]{4})", rb"\1[<fff0"),
    "deep-q": edit_content(rb"\nq\n", b"\n" + b"q\n" * 30 + b"Q\n" * 30 + b"q\n"),
    # fonts
    "tounicode-zero": tounicode_zero,
    "width-off": width_off,
    "no-tounicode": drop_key(lambda v: v.get("/Subtype") == "/Type0", "/ToUnicode"),
    # metadata, intent, objects, annotations
    "xmp-control": xmp_control,
    "icc-class": icc_class,
    "xmp-category": xmp_edit(b"<pdfaProperty:category>internal</pdfaProperty:category>", b""),
    "xmp-title-seq": xmp_edit(b"<dc:title><rdf:Alt>", b"<dc:title><rdf:Seq>"),
    "interpolate": set_key(lambda v: v.get("/Subtype") == "/Image", "/Interpolate", True),
    "long-string": long_alt,
    "page-box": set_key(lambda v: v.get("/Type") == "/Page", "/MediaBox", [0, 0, 2, 2]),
    "annot-flags": annot("/F", 6),
    "annot-movie": annot("/Subtype", "/Movie"),
    "javascript": annot("/A", {"/S": "/JavaScript", "/JS": "u:app.alert(1)"}),
    "ddt-false": lambda d: (d.value(d.root())["/ViewerPreferences"].__setitem__("/DisplayDocTitle", False),
                            d.touch(d.root())),
    # the file's bytes
    "raw-header": raw(lambda b: b[:10] + b"abcd" + b[14:]),
    "raw-after-eof": raw(lambda b: b + b"junk\n"),
    "raw-endobj": raw(lambda b: b.replace(b"\nendobj", b" endobj", 1)),
}


def main(argv):
    if len(argv) == 2 and argv[1] == "list":
        print("\n".join(DAMAGES))
        return 0
    if len(argv) != 4 or argv[1] not in DAMAGES:
        print(__doc__, file=sys.stderr)
        return 2
    damage, src, out = argv[1:]
    if damage.startswith("raw-"):
        DAMAGES[damage](src, out)
        return 0
    qdf = out + ".in.qdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", src, qdf], check=True)
    d = Doc(qdf)
    DAMAGES[damage](d)
    d.write(qdf, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
