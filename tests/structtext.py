#!/usr/bin/env python3
"""The text of a tagged PDF as a screen reader gets it, against the source.

  structtext.py PDF SOURCE.yaml [SATZ]   compare; prints one line per fault
  structtext.py --dump PDF               print the blocks in structure order

Reads the PDF on its own (qpdf --json for the objects, a content-stream
reader and ToUnicode maps here), never through satz: walks the structure
tree from /StructTreeRoot, gathers each element's marked content in
structure order (marked-content references with their /Pg, nested marked
content, /ActualText on marked content and on elements; artifacts are
skipped), and cuts it into blocks: the text of each P, H1-H6, Lbl, TD, TH,
Caption and Note, without the blocks nested in it.

The source's text comes from `satz render SOURCE --dump=tree` (the parsed
and generated document, before any layout): headings, paragraphs, list
items, table cells and footnotes.  Each of them must be the whole text of
one block, once, in source order (soft hyphens and spaces ignored: word
spaces at line ends are the reader's business); a footnote's block must
come right after the block that references it.  Cross-references and
footnote marks, whose text layout makes, match any text.  So an added
hyphen ("Mo-dellprojekt"), a paragraph cut in two at a page break, or a
footnote in the middle of the next list all fail.
"""
import base64
import json
import re
import subprocess
import sys

BLOCKS = {"/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Lbl", "/TD",
          "/TH", "/Caption", "/Note"}


# --- the PDF's objects ------------------------------------------------------

class Pdf:
    def __init__(self, path):
        out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline",
                              "--decode-level=generalized", path],
                             check=True, capture_output=True, text=True).stdout
        doc = json.loads(out)
        self.objs = {}
        self.data = {}
        for key, val in doc["qpdf"][1].items():
            if not key.startswith("obj:"):
                continue
            ref = key[4:]
            if "stream" in val:
                self.objs[ref] = val["stream"]["dict"]
                d = val["stream"].get("data")
                self.data[ref] = base64.b64decode(d) if d else b""
            else:
                self.objs[ref] = val.get("value")
        self.trailer = doc["qpdf"][1]["trailer"]["value"]
        self.pages = [p["object"] for p in doc["pages"]]

    def get(self, v):
        """Follows an indirect reference."""
        while isinstance(v, str) and v.endswith(" R"):
            v = self.objs.get(v)
        return v

    def root(self):
        return self.get(self.trailer["/Root"])


# --- content streams ----------------------------------------------------------

DELIM = b"()<>[]{}/%"
SPACE = b"\x00\t\n\x0c\r "


def tokens(s):
    """Operands and operators of a content stream: (kind, value)."""
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in SPACE:
            i += 1
        elif c == 0x25:  # %
            while i < n and s[i] not in b"\r\n":
                i += 1
        elif c == 0x28:  # ( literal string
            depth, out, i = 1, bytearray(), i + 1
            while i < n:
                c = s[i]
                if c == 0x5C:
                    i += 1
                    e = s[i]
                    if e in b"01234567":
                        j = i
                        while j < i + 3 and j < n and s[j] in b"01234567":
                            j += 1
                        out.append(int(s[i:j], 8) & 0xFF)
                        i = j
                        continue
                    out += {0x6E: b"\n", 0x72: b"\r", 0x74: b"\t", 0x62: b"\b",
                            0x66: b"\f", 0x0A: b"", 0x0D: b""}.get(e, bytes([e]))
                elif c == 0x28:
                    depth += 1
                    out.append(c)
                elif c == 0x29:
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                    out.append(c)
                else:
                    out.append(c)
                i += 1
            yield ("str", bytes(out))
        elif c == 0x3C and s[i + 1:i + 2] == b"<":
            yield ("<<", None)
            i += 2
        elif c == 0x3E and s[i + 1:i + 2] == b">":
            yield (">>", None)
            i += 2
        elif c == 0x3C:
            j = s.index(b">", i)
            h = re.sub(rb"\s", b"", s[i + 1:j])
            if len(h) % 2:
                h += b"0"
            yield ("str", bytes.fromhex(h.decode()))
            i = j + 1
        elif c in b"[]":
            yield (chr(c), None)
            i += 1
        elif c == 0x2F:
            j = i + 1
            while j < n and s[j] not in SPACE and s[j] not in DELIM:
                j += 1
            yield ("name", s[i:j].decode("latin-1"))
            i = j
        else:
            j = i
            while j < n and s[j] not in SPACE and s[j] not in DELIM:
                j += 1
            word = s[i:j].decode("latin-1")
            i = j
            if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", word):
                yield ("num", float(word))
            elif word in ("true", "false", "null"):
                yield ("num", 0)
            else:
                if word == "BI":   # inline image: skip to EI
                    k = s.find(b"EI", i)
                    while k > 0 and not (s[k - 1] in SPACE and
                                         (k + 2 == n or s[k + 2] in SPACE)):
                        k = s.find(b"EI", k + 1)
                    i = k + 2 if k > 0 else n
                    continue
                yield ("op", word)


def operations(s):
    """(operator, operands) with arrays and dictionaries as Python values."""
    stack = []   # open arrays / dicts
    operands = []
    for kind, val in tokens(s):
        if kind == "op":
            yield val, operands
            operands = []
            continue
        if kind in ("[", "<<"):
            stack.append((kind, []))
            continue
        if kind in ("]", ">>"):
            k, items = stack.pop()
            v = items if k == "[" else dict(zip(items[0::2], items[1::2]))
        else:
            v = val
        if stack:
            stack[-1][1].append(v)
        else:
            operands.append(v)


def utf16(b):
    if b[:2] == b"\xfe\xff":
        return b[2:].decode("utf-16-be", "replace")
    return b.decode("latin-1")


def parse_cmap(data):
    """A ToUnicode CMap: (code byte length, {code: text})."""
    text = data.decode("latin-1")
    m = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
    width = len(m.group(1)) // 2 if m else 1
    table = {}

    def uni(h):
        return bytes.fromhex(h).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for a, b in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            table[int(a, 16)] = uni(b)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for a, b, rest in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            lo, hi = int(a, 16), int(b, 16)
            if rest.startswith("["):
                for k, h in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    table[lo + k] = uni(h)
            else:
                start = bytes.fromhex(rest[1:-1])
                for k in range(hi - lo + 1):
                    v = bytearray(start)
                    v[-1] = (v[-1] + k) & 0xFF
                    table[lo + k] = bytes(v).decode("utf-16-be", "replace")
    return width, table


class Reader:
    """Marked content of each page: {(page index, MCID): text}."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.cmaps = {}
        self.mc = {}
        for i, ref in enumerate(pdf.pages):
            page = pdf.get(ref)
            contents = page.get("/Contents")
            refs = contents if isinstance(contents, list) else [contents]
            data = b"\n".join(pdf.data.get(r, b"") for r in refs if r)
            self.run(data, pdf.get(page.get("/Resources")) or {}, i, [])

    def font(self, res, name):
        fonts = self.pdf.get(res.get("/Font")) or {}
        ref = fonts.get(name)
        if ref not in self.cmaps:
            f = self.pdf.get(ref) or {}
            tu = f.get("/ToUnicode")
            self.cmaps[ref] = parse_cmap(self.pdf.data.get(tu, b"")) if tu else (1, {})
        return self.cmaps[ref]

    def run(self, data, res, page, stack):
        """stack: open marked content, each [mcid or None, artifact, actual, text]."""
        font = (1, {})

        def emit(s):
            for frame in reversed(stack):
                if frame[1]:
                    return          # an artifact
                if frame[2] is not None:
                    return          # replaced by its ActualText
            for frame in reversed(stack):
                if frame[0] is not None:
                    key = (page, frame[0])
                    self.mc[key] = self.mc.get(key, "") + s
                    return

        def show(b):
            w, table = font
            out = []
            for k in range(0, len(b) - w + 1, w):
                code = int.from_bytes(b[k:k + w], "big")
                out.append(table.get(code, "\ufffd"))
            emit("".join(out))

        for op, args in operations(data):
            if op in ("BDC", "BMC"):
                tag = args[0] if args else ""
                props = args[1] if len(args) > 1 else {}
                if isinstance(props, str):   # a named property list
                    props = self.pdf.get((self.pdf.get(res.get("/Properties")) or {}).get(props)) or {}
                mcid = props.get("/MCID") if isinstance(props, dict) else None
                actual = props.get("/ActualText") if isinstance(props, dict) else None
                stack.append([int(mcid) if mcid is not None else None, tag == "/Artifact",
                              None, ""])
                if actual is not None:
                    emit(utf16(actual))
                    stack[-1][2] = actual
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "Tf" and args:
                font = self.font(res, args[0])
            elif op in ("Tj", "'") and args:
                show(args[-1])
            elif op == '"' and args:
                show(args[-1])
            elif op == "TJ" and args:
                for item in args[0]:
                    if isinstance(item, bytes):
                        show(item)
            elif op == "Do" and args:
                xo = (self.pdf.get(res.get("/XObject")) or {}).get(args[0])
                d = self.pdf.get(xo)
                if isinstance(d, dict) and d.get("/Subtype") == "/Form":
                    r = self.pdf.get(d.get("/Resources")) or res
                    self.run(self.pdf.data.get(xo, b""), r, page, stack)


# --- the structure tree -------------------------------------------------------

def structure_blocks(path, tables=None):
    """[(type, text)] of the block elements in structure order; appends
    the number of rows (TR) of each Table to tables."""
    pdf = Pdf(path)
    mc = Reader(pdf).mc
    page_index = {ref: i for i, ref in enumerate(pdf.pages)}
    root = pdf.root()
    tree = pdf.get(root.get("/StructTreeRoot")) or {}
    blocks = []
    seen = set()

    def kids(k):
        return k if isinstance(k, list) else [k]

    def walk(ref, pg, out):
        """Appends the text of ref to out (the innermost open block)."""
        if isinstance(ref, (int, float)):
            out.append(mc.get((page_index.get(pg), int(ref)), ""))
            return
        if isinstance(ref, str) and ref.endswith(" R"):
            if ref in seen:
                return
            seen.add(ref)
        e = pdf.get(ref)
        if not isinstance(e, dict):
            return
        if e.get("/Type") == "/OBJR":
            return
        if e.get("/Type") == "/MCR" or ("/MCID" in e and "/S" not in e):
            out.append(mc.get((page_index.get(e.get("/Pg", pg)), int(e["/MCID"])), ""))
            return
        pg = e.get("/Pg", pg)
        s = e.get("/S")
        if s == "/Figure":
            return
        if "/ActualText" in e:
            out.append(utf16(json_bytes(e["/ActualText"])))
            return
        if s == "/Table" and tables is not None:
            tables.append(sum(1 for k in kids(e.get("/K", []))
                              if isinstance(pdf.get(k), dict) and pdf.get(k).get("/S") == "/TR"))
        if s in BLOCKS:
            own = []
            at = len(blocks)
            blocks.append([s[1:], None])
            for k in kids(e.get("/K", [])):
                walk(k, pg, own)
            blocks[at][1] = "".join(own)
        else:
            for k in kids(e.get("/K", [])):
                walk(k, pg, out)

    for k in kids(tree.get("/K", [])):
        walk(k, None, [])
    return [(t, x) for t, x in blocks]


def json_bytes(v):
    """A string object of qpdf's JSON v2: "u:text" or "b:hex"."""
    if isinstance(v, str) and v.startswith("u:"):
        return b"\xfe\xff" + v[2:].encode("utf-16-be")
    if isinstance(v, str) and v.startswith("b:"):
        return bytes.fromhex(v[2:])
    return str(v).encode("latin-1", "replace")


# --- the source ------------------------------------------------------------------

PIECE = re.compile(r'^((?:em |strong |link=\S+ |ref=#\S+ |lang=\S+ )*)"(.*)" @\d+$')


def squeeze(s):
    return re.sub(r"[\s\u00ad]", "", s.replace("{nbsp}", "").replace("{shy}", ""))


def source_units(source, satz, tables=None):
    """[(kind, pattern, note_of)] in reading order; note_of is the index of
    the unit that references a footnote.  Appends the number of rows of
    each table to tables."""
    dump = subprocess.run([satz, "render", source, "--dump=tree"], check=True,
                          capture_output=True, text=True).stdout.splitlines()
    for line in dump:
        m = re.match(r"^ *table \S+ (\d+)x\d+( header)?", line)
        if m and tables is not None:   # body rows, and the header row
            tables.append(int(m.group(1)) + (1 if m.group(2) else 0))
    units = []
    stack = []    # (indent, kind, unit index or None)
    cells = {}    # indent of an open cell -> unit index

    def add(kind, parts, notes):
        pattern = "".join(parts)
        units.append([kind, pattern, None])
        at = len(units) - 1
        for n in notes:
            units.append(["note", r"\d+" + "".join(n), at])
        return at

    i = 0
    lines = dump
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^( *)(\w+)", line)
        if not m or line.lstrip().startswith("|"):
            i += 1
            continue
        indent, kind = len(m.group(1)), m.group(2)
        # the inline text of this block: its "|" lines
        parts, notes, texts = [], [], []
        j = i + 1
        cur = parts
        while j < len(lines) and lines[j].lstrip().startswith("|"):
            piece = lines[j].lstrip()[2:]
            j += 1
            if piece.startswith("note @"):
                parts.append(r"\d*")   # the note's mark
                cur = []
                notes.append(cur)
                continue
            if piece == "]":
                cur = parts
                continue
            if piece.startswith("xref="):
                cur.append(".*?")
                continue
            pm = PIECE.match(piece)
            if pm:
                cur.append(re.escape(squeeze(pm.group(2))))
                if cur is parts:
                    texts.append(pm.group(2))
        while stack and stack[-1] >= indent:
            stack.pop()
        for ci in list(cells):
            if ci >= indent:
                del cells[ci]
        in_cell = [ci for ci in cells if ci < indent]
        if kind == "cell":
            cells[indent] = add("cell", [], [])
        elif parts or notes:
            if in_cell:
                u = units[cells[max(in_cell)]]
                u[1] += "".join(parts)
                for n in notes:
                    units.append(["note", r"\d+" + "".join(n), cells[max(in_cell)]])
            elif kind == "section":
                add("heading", [r"(\d+(\.\d+)*)?"] + parts, notes)
            else:
                add(kind, parts, notes)
        stack.append(indent)
        i = j
    return units


def compare(pdf, source, satz):
    pdf_rows, source_rows = [], []
    blocks = structure_blocks(pdf, pdf_rows)
    flat = [(t, squeeze(x)) for t, x in blocks]
    units = source_units(source, satz, source_rows)
    faults = []
    if pdf_rows != source_rows:
        faults.append("tables have %s rows, the source %s (a header repeated on a "
                      "continuation page is a row of its own?)" % (pdf_rows, source_rows))
    where = {}
    at = -1
    for k, (kind, pattern, note_of) in enumerate(units):
        rx = re.compile(pattern + r"\Z", re.S)
        # a footnote is looked for after its paragraph and moves nothing on
        start = where.get(note_of, at) if kind == "note" else at
        found = None
        for b in range(start + 1, len(flat)):
            if rx.match(flat[b][1]):
                found = b
                break
        if found is None:
            show = re.sub(r"\\(.)", r"\1", pattern)[:70]
            elsewhere = [b for b, (_, x) in enumerate(flat) if rx.match(x)]
            loose = re.compile(pattern.replace(r"\-", "") + r"\Z", re.S)
            hyphened = [x for _, x in flat if loose.match(x.replace("-", ""))]
            if elsewhere:
                faults.append("%s out of order: %s" % (kind, show))
            elif hyphened:
                faults.append("%s with an added hyphen: %s" % (kind, hyphened[0][:70]))
            else:
                part = [x for _, x in flat if len(x) > 8 and x in re.sub(r"\\(.)", r"\1", pattern)]
                faults.append("%s not whole in one element%s: %s" %
                              (kind, " (cut into %d)" % len(part) if part else "", show))
            continue
        where[k] = found
        if kind != "note":
            at = found
        if kind == "note" and note_of in where:
            ref = where[note_of]
            between = [t for t, _ in blocks[ref + 1:found] if t != "Note"]
            if between:
                faults.append("footnote %s comes %d elements after its paragraph" %
                              (flat[found][1][:30], len(between)))
    # exactly once: a literal text is in no more blocks than the source has it
    literal = {}
    for kind, pattern, _ in units:
        if ".*?" not in pattern and not pattern.startswith(r"\d+") and "(" not in pattern:
            text = re.sub(r"\\(.)", r"\1", pattern)
            literal[text] = literal.get(text, 0) + 1
    counts = {}
    for t, x in flat:
        # labels, captions and header cells hold text that generate and
        # layout make (list marks, numbers, the headers of generated tables)
        if x in literal and t not in ("Lbl", "Caption", "TH"):
            counts[x] = counts.get(x, 0) + 1
    for text, n in literal.items():
        if counts.get(text, 0) > n:
            faults.append("text in %d elements, %d in the source: %s" %
                          (counts[text], n, text[:70]))
    return faults


def main(argv):
    if len(argv) == 3 and argv[1] == "--dump":
        for t, x in structure_blocks(argv[2]):
            print("%s\t%s" % (t, x))
        return 0
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    faults = compare(argv[1], argv[2], argv[3] if len(argv) == 4 else "build/satz")
    for f in faults:
        print("%s: %s" % (argv[1], f))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
